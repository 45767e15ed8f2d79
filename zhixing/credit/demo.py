"""Credit measures in the demo province (`zhixing demo`, issue 11 item 7): the dishonest list, consumption
restriction and the performance certificate at work, so that a new user finds the public search and
the party portal filled.

Connected to cases.demo.demo_built from CreditConfig.ready() (cases may not import credit), after funds
and inquiry (INSTALLED_APPS order), whose payments and measures the rules read. Everything goes
through the credit actions, with the court's officers and leaders as actors and the dates the cases'
stories gave (`on=`); only the documents are dated today, as the documents app issues them. Where its
cases call for it:

- the open cases whose story recorded a 纳入失信 node list their debtor on that day (the handler
  proposes, the president signs; the decision issues the consumption restriction it makes mandatory),
  then, up to the demo's number, open cases whose story restricted consumption, then old open cases
  whose debtor never answered the property-report order (decided in the last weeks: the documents,
  dated today, record the missing nodes today): mostly ground (1), some (4) violating the property
  report and (5) violating a restriction order (that debtor was restricted first), both with 2-year
  terms; units with their legal representative; the most recent few with a grace period still running
  (in a demo without recent ones, the grace ends and the daily job's action publishes them);
- cases whose story restricted consumption without listing get a restriction-only order, one of a
  unit binding its legal representative and actual controller;
- a debtor pays in full and the listing is removed as performed (the restriction is lifted with it);
  one listing is removed on the applicant's written request (the 6-month bar on asking again), one is
  revoked as wrongly made, one has a correction request under review, one restricted person is
  granted a permit for necessary consumption;
- debtors of cases closed as 执行完毕 who paid in full before any measure get a voluntary-performance
  certificate once the applicant confirmed (checked with certificates.problems first); the stories
  close few cases fully paid, so debtors of young open cases with nothing taken pay in full (a direct
  payment) and their cases are closed as 执行完毕 (handler asks, a judge approves) until there are enough;
- the debtors of these cases get a mobile number from the portal's demo (zhixing/portal/demo.py).

A listing removed after two empty re-inquiries following 终本 is not shown: the cases' stories close
their 终本 cases before this runs, and a closed case cannot be listed.

Each document is a PDF of about half a second, so the numbers scale with the demo's cases and are
capped (at 300 cases: 14 listings, up to 4 restriction-only orders, 3 certificates). Every draw comes from
the rng the demo hands over, over rows in id order, so the same seed gives the same measures.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zhixing.cases import rules as case_rules
from zhixing.cases.demo import codes, names
from zhixing.cases.models import Case, Node, Party
from zhixing.courts import rules as court_rules

from .actions import certificates, corrections, listings, removals, restrictions
from .actions.common import ActionError
from .actors import CREDIT_SCAN
from .models import Listing, Restriction

MAX_LISTINGS = 14
MIN_LISTINGS = 8  # enough for every state to show (published, grace, removed, revoked, corrected …)
MAX_RESTRICTIONS = 4
MAX_CERTIFICATES = 3
DAY = dt.timedelta(days=1)
GRACE_RUNNING_DAYS = 80  # decided this recently, a 3-month grace period still runs today

REFUSAL_FACTS = (
    "被执行人有固定收入及可供执行财产，经执行通知、报告财产令后仍拒不履行",
    "被执行人名下有车辆及银行流水，具备履行能力而拒不履行生效法律文书确定的义务",
    "被执行人经营正常、收入稳定，拒不履行给付义务",
)
REPORT_FACTS = (
    "被执行人收到报告财产令后逾期未报告财产",
    "被执行人虚假报告财产情况，隐瞒名下银行存款",
)
RESTRICTION_FACTS = (
    "被执行人在被限制消费期间乘坐G字头动车组列车一等座",
    "被执行人在被限制消费期间购买非经营必需车辆",
)
RESTRICTION_REASONS = (
    "被执行人未按执行通知履行给付义务",
    "被执行人未按执行通知履行给付义务，申请执行人申请限制消费",
)
CONFIRMATIONS = (
    "申请执行人于{d}电话确认已收到全部款项",
    "申请执行人于{d}到庭书面确认被执行人已全部履行",
)
PERMIT_ITEMS = (
    ("illness", "乘坐G字头动车组列车二等座赴北京就医", "其母在北京某医院住院治疗，提供了诊断证明"),
    ("funeral", "乘坐飞机经济舱返乡奔丧", "其父病故，提供了死亡证明"),
)


def on_demo_built(sender: Any, result: Any, rng: random.Random, **kwargs: Any) -> None:
    build(result.org, result.end, rng, result.stats, result.cases)


def scaled(cases: int) -> tuple[int, int, int]:
    """How many listings, restriction-only orders and certificates a demo of `cases` cases gets."""
    return (
        min(MAX_LISTINGS, max(MIN_LISTINGS, cases // 20)),
        min(MAX_RESTRICTIONS, max(2, cases // 75)),
        min(MAX_CERTIFICATES, max(1, cases // 100)),
    )


def build(org: Any, end: dt.date, rng: random.Random, stats: Counter, cases: int) -> None:
    n_listings, n_restrictions, n_certificates = scaled(cases)
    story = _Story(org, end, rng, stats)
    story.listings(n_listings)
    story.restrictions(n_restrictions)
    story.aftermath()
    story.certificates(n_certificates)
    story.awaiting_signature()


@dataclass
class _Pick:
    case: Case
    debtor: Party
    on: dt.date  # the story's day for this measure


class _Story:
    def __init__(self, org: Any, end: dt.date, rng: random.Random, stats: Counter) -> None:
        self.org, self.end, self.rng, self.stats = org, end, rng, stats
        self.touched: list[Case] = []
        self.made: list[Listing] = []
        self.used: set[int] = set()  # cases already given a measure

    # --- people -------------------------------------------------------------------------------

    def person(self, case: Case, role: str, *, besides: Any = None) -> Any:
        for user in self.org.first(case.court.code, role):
            if besides is None or user.pk != getattr(besides, "pk", None):
                return user
        raise LookupError(f"{case.court.code}: no {role}")

    def leader(self, case: Case) -> Any:
        return self.person(case, court_rules.LEADER, besides=case.handler)

    def judge(self, case: Case) -> Any:
        return self.person(case, court_rules.JUDGE, besides=case.handler)

    def bound_person(self, on: dt.date) -> tuple[str, str]:
        """A legal representative or controller: a name and a resident ID of an adult."""
        sex = "M" if self.rng.random() < 0.75 else "F"
        birth = dt.date(
            on.year - self.rng.randrange(30, 62), self.rng.randrange(1, 13), self.rng.randrange(1, 29)
        )
        division = self.rng.choice(sorted(codes.HEBEI_DIVISIONS))
        return names.person_name(self.rng, sex, birth.year), codes.resident_id(division, birth, sex, self.rng)

    # --- which cases call for it --------------------------------------------------------------

    def _picks(self, node: str, *, without: str = "") -> list[_Pick]:
        """Open, assigned cases still owed money whose story recorded `node` (and not `without`), with
        their first debtor not yet touched and the node's day; in id order."""
        done = Node.objects.filter(kind__code=node, done_on__isnull=False, case__status=Case.PENDING)
        days = dict(done.order_by("case_id", "done_on").values_list("case_id", "done_on"))
        if without:
            skip = set(
                Node.objects.filter(kind__code=without, done_on__isnull=False).values_list(
                    "case_id", flat=True
                )
            )
            days = {k: v for k, v in days.items() if k not in skip}
        rows = (
            Case.objects.filter(pk__in=days, handler__isnull=False)
            .select_related("court", "handler")
            .order_by("pk")
        )
        picks = []
        for case in rows:
            if case.pk in self.used or case.realized_amount >= case.applied_amount:
                continue
            if case.excluded_periods.filter(end_on__isnull=True).exists():
                continue  # suspended, deferred …: not now
            debtor = case.parties.filter(role=Party.DEBTOR).order_by("position", "pk").first()
            if debtor is None or not debtor.id_number:
                continue
            if Listing.objects.filter(party__id_number=debtor.id_number).exists():
                continue  # a debtor who owes in several cases is listed once in the demo
            picks.append(_Pick(case, debtor, min(days[case.pk], self.end)))
        return picks

    # --- the dishonest list -------------------------------------------------------------------

    def listings(self, n: int) -> None:
        """The story's 纳入失信 cases on their day; then, up to `n`, its restricted cases (the order
        came with the listing), then old open cases whose debtor ignored the property-report order
        (ground (4), or (1)), decided over the last weeks: their documents record the nodes today."""
        called = self._picks("dishonest_listing")
        restricted = [
            p
            for p in self._picks("consumption_restriction", without="dishonest_not_applicable")
            if p.case.pk not in {q.case.pk for q in called}
        ]
        chosen = called[:n] + self.rng.sample(restricted, min(len(restricted), max(0, n - len(called))))
        plan = [(p, None) for p in chosen]
        if len(plan) < n:
            taken = {p.case.pk for p in chosen}
            old = [
                p
                for p in self._picks("property_report_order")
                if p.case.pk not in taken and (self.end - p.on).days > 60
            ]
            for p in self.rng.sample(old, min(len(old), n - len(plan))):
                day = self.end - DAY * self.rng.randrange(3, 40)
                plan.append((_Pick(p.case, p.debtor, day), self.rng.choice((1, 4, 4))))
        plan.sort(key=lambda pg: (pg[0].on, pg[0].case.pk))
        # Grounds: mostly (1); about one in six (4), one in eight (5). The last few decided get a
        # grace period still running today (or, in a demo without recent ones, ended since).
        few = max(1, n // 4)
        recent = [pg for pg in plan if (self.end - pg[0].on).days < GRACE_RUNNING_DAYS][-few:] or plan[-few:]
        graced = {pg[0].case.pk for pg in recent}
        for pick, ground in plan:
            if ground is None:
                roll = self.rng.random()
                ground = 4 if roll < 0.17 else 5 if roll < 0.3 else 1
            grace = 3 if pick.case.pk in graced else 0
            listing = self.list_debtor(pick, ground, grace)
            if listing is not None:
                self.made.append(listing)
        self.stats["credit:published_after_grace"] += self.publish_ended_graces()

    def list_debtor(self, pick: _Pick, ground: int, grace: int) -> Listing | None:
        case, debtor, on = pick.case, pick.debtor, pick.on
        if Listing.objects.filter(party__id_number=debtor.id_number).exists():
            return None  # a debtor who owes in several cases is listed once in the demo
        handler, president = case.handler, self.leader(case)
        proposed = max(on - DAY * self.rng.randrange(1, 6), case.handler_assigned_on or case.filed_on)
        rep = self.bound_person(on) if debtor.kind == Party.UNIT else None
        if ground == 5:
            # (5) violating a restriction order: the debtor was restricted first.
            restricted_on = max(
                proposed - DAY * self.rng.randrange(20, 60), case.handler_assigned_on or case.filed_on
            )
            if restricted_on >= proposed or not self.restrict(
                case, debtor, restricted_on, persons=[("legal_representative", *rep)] if rep else []
            ):
                ground = 1
        facts = self.rng.choice(
            REFUSAL_FACTS if ground == 1 else REPORT_FACTS if ground == 4 else RESTRICTION_FACTS
        )
        try:
            listing = listings.propose_listing(
                case,
                debtor,
                ground,
                actor=handler,
                facts=facts,
                grace_months=grace,
                legal_representative=rep,
                on=proposed,
            )
            listing = listings.decide_listing(listing, actor=president, on=on)
        except ActionError:  # the rules refuse (frozen property suffices …): the story moves on
            self.stats["credit:listing_refused_by_rules"] += 1
            return None
        self.used.add(case.pk)
        self.touched.append(case)
        self.stats[f"credit:listed_ground_{ground}"] += 1
        return listing

    def publish_ended_graces(self) -> int:
        """The daily job publishes a listing on the day its grace period ends (rules §7.2.6)."""
        done = 0
        due = Listing.objects.filter(status=Listing.DECIDED, publish_on__lte=self.end).order_by("publish_on")
        for day in sorted(set(due.values_list("publish_on", flat=True))):
            done += listings.publish_due(day, actor=CREDIT_SCAN)
        return done

    # --- consumption restriction --------------------------------------------------------------

    def restrict(
        self, case: Case, debtor: Party, on: dt.date, *, persons: list[tuple[str, str, str]]
    ) -> bool:
        proposed = max(on - DAY * self.rng.randrange(1, 4), case.handler_assigned_on or case.filed_on)
        try:
            restriction = restrictions.propose_restriction(
                case,
                debtor,
                actor=case.handler,
                reason=self.rng.choice(RESTRICTION_REASONS),
                persons=persons,
                applicant_requested=self.rng.random() < 0.4,
                on=proposed,
            )
            restrictions.issue_restriction(restriction, actor=self.leader(case), on=on)
        except ActionError:
            self.stats["credit:restriction_refused_by_rules"] += 1
            return False
        self.used.add(case.pk)
        self.touched.append(case)
        return True

    def restrictions(self, n: int) -> None:
        """Restriction-only orders where the story restricted consumption but did not list; the first
        unit among them binds its legal representative and actual controller."""
        picks = self._picks("consumption_restriction", without="dishonest_listing")
        units = [p for p in picks if p.debtor.kind == Party.UNIT]
        if not units:  # any open unit debtor's case restricted recently
            units = [p for p in self._picks("property_report_order") if p.debtor.kind == Party.UNIT]
        chosen = self.rng.sample(units, 1) if units else []
        people = [p for p in picks if p.debtor.kind == Party.PERSON and p not in chosen]
        chosen += self.rng.sample(people, min(n - len(chosen), len(people)))
        for pick in chosen:
            persons: list[tuple[str, str, str]] = []
            on = pick.on
            if pick.debtor.kind == Party.UNIT:
                on = max(pick.on, self.end - DAY * self.rng.randrange(20, 60))
                rep, controller = self.bound_person(on), self.bound_person(on)
                persons = [("legal_representative", *rep), ("controller", *controller)]
            if self.restrict(pick.case, pick.debtor, on, persons=persons):
                self.stats["credit:restriction_only"] += 1

    # --- what happened afterwards -------------------------------------------------------------

    def _take(
        self, *, ground1: bool = False, published: bool = True, before: dt.date | None = None
    ) -> Listing | None:
        for listing in self.made:
            listing.refresh_from_db()
            if listing.status != (Listing.PUBLISHED if published else Listing.DECIDED):
                continue
            if ground1 and listing.ground != 1:
                continue
            if before is not None and listing.decided_on >= before:
                continue
            self.made.remove(listing)
            return listing
        return None

    def _after(self, listing: Listing, lo: int, hi: int) -> dt.date:
        """A day `lo`..`hi` days after the listing, not after the story's end."""
        assert listing.decided_on is not None
        return min(self.end, listing.decided_on + DAY * self.rng.randrange(lo, hi))

    def aftermath(self) -> None:
        self.rng.shuffle(self.made)
        # Paid in full: the platform notes the trigger from the payment, the handler removes the
        # listing, which lifts the restriction (addendum §4.6).
        listing = self._take(ground1=True)
        if listing is not None:
            self.pay_in_full(listing)
        # The applicant asks in writing: removed, and no new request for 6 months.
        listing = self._take(ground1=True, before=self.end - DAY * 20)
        if listing is not None:
            when = self._after(listing, 15, 90)
            removals.note_trigger(listing, "applicant_request", actor=listing.case.handler, on=when)
            removals.remove_listing(listing, actor=listing.case.handler, on=min(self.end, when + DAY))
            self.stats["credit:removed_applicant_request"] += 1
        # Wrongly listed: the president revokes.
        listing = self._take(before=self.end - DAY * 10)
        if listing is not None:
            removals.revoke_listing(
                listing,
                actor=self.leader(listing.case),
                reason="被执行人在纳入前已提供充分有效担保，属错误纳入",
                on=self._after(listing, 5, 30),
            )
            self.stats["credit:revoked"] += 1
        # A correction request filed a few days ago, still under review (15 days).
        listing = self._take(before=self.end - DAY * 8)
        if listing is not None:
            corrections.record_correction(
                listing,
                "inaccurate",
                "申请人称其已部分履行，公布的履行情况记载为全部未履行，与事实不符",
                actor=listing.case.handler,
                filed_on=max(listing.decided_on + DAY, self.end - DAY * self.rng.randrange(2, 8)),
            )
            self.stats["credit:correction_under_review"] += 1
        # Awaiting removal, for the command centre's board: the applicant's written request noted a
        # week ago and not acted on (overdue), and one noted yesterday (due within 3 working days).
        for days, label in ((7, "overdue"), (1, "due")):
            listing = self._take(ground1=True, before=self.end - DAY * (days + 1))
            if listing is None:
                continue
            removals.note_trigger(
                listing, "applicant_request", actor=listing.case.handler, on=self.end - DAY * days
            )
            self.stats[f"credit:removal_{label}"] += 1
        self.permit()

    def awaiting_signature(self) -> None:
        """One proposal in each court that has open cases, left for its leader's signing queue."""
        seen: set[int] = set()
        for pick in self._picks("property_report_order"):
            if pick.case.court_id in seen or (self.end - pick.on).days < 30:
                continue
            rep = self.bound_person(pick.on) if pick.debtor.kind == Party.UNIT else None
            try:
                listings.propose_listing(
                    pick.case,
                    pick.debtor,
                    4,
                    actor=pick.case.handler,
                    facts=self.rng.choice(REPORT_FACTS),
                    legal_representative=rep,
                    on=self.end,
                )
            except ActionError:
                continue
            seen.add(pick.case.court_id)
            self.used.add(pick.case.pk)
            self.touched.append(pick.case)
            self.stats["credit:awaiting_signature"] += 1

    def pay_in_full(self, listing: Listing) -> None:
        from zhixing.funds import actions as funds

        case = Case.objects.select_related("court", "handler").get(pk=listing.case_id)
        applicant = case.parties.filter(role=Party.APPLICANT).order_by("position", "pk").first()
        funds.record_direct_payment(
            case,
            Decimal(case.applied_amount) - Decimal(case.realized_amount),
            self._after(listing, 10, 60),
            listing.party.name,
            applicant.name if applicant else "",
            "申请执行人出具的收条，确认收到全部款项",
            actor=case.handler,
        )
        listing.refresh_from_db()  # the payment's event noted the trigger (actions/triggers.py)
        if listing.removal_due_on is None:
            removals.note_trigger(listing, "performed", actor=case.handler, on=self.end)
        removals.remove_listing(listing, actor=case.handler, trigger="performed", on=self.end)
        self.stats["credit:removed_performed"] += 1

    def permit(self) -> None:
        """A restricted person may travel to a parent's hospital bed (addendum §4.5)."""
        restriction = (
            Restriction.objects.filter(status=Restriction.ISSUED, party__kind=Party.PERSON)
            .select_related("case__court", "case__handler")
            .order_by("pk")
            .first()
        )
        if restriction is None:
            return
        reason, item, detail = self.rng.choice(PERMIT_ITEMS)
        asked = max(restriction.decided_on or self.end, self.end - DAY * self.rng.randrange(5, 20))
        permit = restrictions.request_permit(
            restriction,
            actor=restriction.case.handler,
            reason=reason,
            item=item,
            detail=detail,
            valid_from=asked + DAY * 2,
            valid_to=asked + DAY * 9,
            on=asked,
        )
        restrictions.decide_permit(
            permit, actor=self.judge(restriction.case), grant=True, on=min(self.end, asked + DAY)
        )
        self.stats["credit:permits_granted"] += 1

    # --- the voluntary-performance certificate ------------------------------------------------

    def certificates(self, n: int) -> None:
        """Debtors of cases closed as 执行完毕 who paid in full and were never coerced (rules §10.4);
        when the stories closed too few that way, debtors of young open cases pay within the execution
        notice's term and their cases are closed as 执行完毕 first (funds and cases actions)."""
        eligible = [(c, d) for c, d in self._performed() if not certificates.problems(c, d)]
        if len(eligible) < n:
            for case, debtor in self._volunteers(n - len(eligible)):
                if self.perform_voluntarily(case, debtor):
                    case = Case.objects.select_related("court", "handler").get(pk=case.pk)
                    if not certificates.problems(case, debtor):
                        eligible.append((case, debtor))
        for case, debtor in self.rng.sample(eligible, min(n, len(eligible))):
            assert case.closed_on is not None
            confirmed = min(self.end, case.closed_on + DAY * self.rng.randrange(1, 4))
            certificates.issue_certificate(
                case,
                debtor,
                actor=case.handler,
                confirmed_on=confirmed,
                confirmation=self.rng.choice(CONFIRMATIONS).format(
                    d=f"{confirmed.year}年{confirmed.month}月{confirmed.day}日"
                ),
                on=self.end,
            )
            self.touched.append(case)
            self.stats["credit:certificates"] += 1

    def _performed(self) -> list[tuple[Case, Party]]:
        closed = Case.objects.filter(
            status=Case.CLOSED, closure_method=case_rules.COMPLETED, handler__isnull=False
        ).select_related("court", "handler")
        out = []
        for case in closed.order_by("pk"):
            if case.realized_amount >= case.applied_amount:
                debtor = case.parties.filter(role=Party.DEBTOR).order_by("position", "pk").first()
                if debtor is not None:
                    out.append((case, debtor))
        return out

    def _volunteers(self, n: int) -> list[tuple[Case, Party]]:
        """Open cases filed 3 to 10 weeks ago, one debtor, nothing taken, nothing realised yet."""
        young = Case.objects.filter(
            status=Case.PENDING,
            handler__isnull=False,
            realized_amount=0,
            filed_on__lte=self.end - DAY * 21,
            filed_on__gte=self.end - DAY * 70,
            type_code="执",
        ).select_related("court", "handler")
        out = []
        for case in young.order_by("pk"):
            debtors = list(case.parties.filter(role=Party.DEBTOR))
            if case.pk in self.used or len(debtors) != 1 or certificates.coercive_measures(case, debtors[0]):
                continue
            if case.excluded_periods.filter(end_on__isnull=True).exists():
                continue
            out.append((case, debtors[0]))
        return self.rng.sample(out, min(n, len(out)))

    def perform_voluntarily(self, case: Case, debtor: Party) -> bool:
        from zhixing.cases import actions as case_actions
        from zhixing.funds import actions as funds

        paid_on = min(self.end - DAY * 5, case.filed_on + DAY * self.rng.randrange(8, 15))
        applicant = case.parties.filter(role=Party.APPLICANT).order_by("position", "pk").first()
        try:
            funds.record_direct_payment(
                case,
                Decimal(case.applied_amount),
                paid_on,
                debtor.name,
                applicant.name if applicant else "",
                "被执行人收到执行通知后主动履行，申请执行人出具收条",
                actor=case.handler,
            )
            case_actions.request_closure(
                case,
                case_rules.COMPLETED,
                closed_on=paid_on + DAY * self.rng.randrange(1, 4),
                reason="被执行人已全部履行生效法律文书确定的义务",
                actor=case.handler,
            )
            case_actions.approve_closure(case, actor=self.judge(case), note="符合结案条件，同意")
        except (ActionError, LookupError):  # the rules refuse (a closing blocker …): the next case
            self.stats["credit:voluntary_refused"] += 1
            return False
        self.used.add(case.pk)
        self.stats["credit:performed_voluntarily"] += 1
        return True


__all__ = ["build", "on_demo_built", "scaled"]
