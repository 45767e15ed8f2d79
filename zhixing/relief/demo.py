"""`zhixing demo`: a campaign over the demo province, settlements in every state, relief applications
and the province's wage table, once the cases are built (issue 14).

- The 冀 2025 average monthly wage (an ILLUSTRATIVE figure, demo_setup.WAGE_MONTHLY), set by the admin.
- A running 百日攻坚 campaign of the high court over every court of the province (its window began 40
  days ago and runs 100 days), for wage and livelihood cases, with targets in proportion to what it
  takes in; its cases enrolled by the rules; the measures demo's field operations (run today, inside
  the window) carry its code, and their cases join it by hand.
- Settlements in every state: performing (one instalment paid), performed and closed as 执行完毕 on a
  judge's approval, performed and waiting for the 结案 click, breached, resumed in the same case (the
  suspension ends), resumed after the withdrawal as a linked 执恢 case whose claim deducts what was
  paid, and sued on the agreement. The money is the debtors' bank transfers through funds, booked on
  the days the story says. The stories take open cases with no money received since the agreement
  day; when a small demo runs out of them, a 终本 case is resumed (执恢, new property found) and the
  parties settle in that.
- Relief applications in every state, on 终本 cases whose applicant is a person: applied, refused,
  approved, and paid through funds (the treasury's allotment into the court's relief fund, the relief
  granted into the case account and paid out to the applicant through the payout chain).
- The campaign is set up last, so the cases the stories resumed are in it as well.

Connected to cases.demo.demo_built from wiring.py, after the measures demo (INSTALLED_APPS order), so
its operations exist when the campaign is set up. Everything goes through the actions, as the people
whose work it is; the only rows written past them are the measures operations' campaign code (relief
may not edit measures' actions) and a settlement's `outstanding` when it is recorded after the fact
(_Story.settle says why).
Every draw comes from the rng the demo hands over.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db import transaction

from zhixing.cases.actions import closing, filing
from zhixing.cases.actions.common import ActionError, today
from zhixing.cases.actions.nodes import scan_overdue
from zhixing.cases.models import Case, Party
from zhixing.courts import rules as court_rules
from zhixing.funds.actions import relief as relief_money

from .actions import campaigns as campaign_actions
from .actions import relief as relief_actions
from .actions import settlements as settlement_actions
from .demo_setup import (
    CAMPAIGN_DAYS,
    CAMPAIGN_KINDS,
    CAMPAIGN_NAME,
    CAMPAIGN_STARTED,
    EVIDENCE,
    PROVINCE,
    WAGE_MONTHLY,
    WAGE_SOURCE,
    WAGE_YEAR,
    Money,
    busy_case_ids,
    candidates,
    code_of,
    ground_of,
    hundred,
    in_window_q,
    party,
    person,
    relief_cases,
    resumable,
    span,
)
from .models import Campaign, ReliefApplication, Settlement

DAY = dt.timedelta(days=1)


class _Story:
    def __init__(self, org: Any, rng: random.Random, stats: Counter) -> None:
        self.org, self.rng, self.stats = org, rng, stats
        self.today = today()
        self.high = org.courts[PROVINCE].court
        self.money = Money(org, rng)
        self.busy = busy_case_ids()
        self.pool: list[Case] = []

    # --- cases ----------------------------------------------------------------------------------

    def take(self, preferred: int, least: int) -> tuple[Case, int] | None:
        """The next case for a settlement and how many days ago it was agreed: `preferred` days when a
        case allows it (filed by then, no money received since), else as long ago as the roomiest case
        allows, at least `least` days (a small demo has few open cases, most with money just in).
        Cases the measures demo tells a story about come last."""
        if not self.pool:
            rows = candidates(self.high.path)
            spans = {c.pk: span(c, self.today) for c in rows}
            self.pool = [(c, spans[c.pk]) for c in rows if c.pk not in self.busy]
            self.pool += [(c, spans[c.pk]) for c in rows if c.pk in self.busy]
        fits = [i for i, (_c, room) in enumerate(self.pool) if room >= preferred]
        if not fits:
            fits = sorted(
                (i for i, (_c, room) in enumerate(self.pool) if room >= least), key=lambda i: -self.pool[i][1]
            )
        if not fits:
            return self.resumed(preferred)
        case, room = self.pool.pop(fits[0])
        return case, min(preferred, room)

    def resumed(self, ago: int) -> tuple[Case, int] | None:
        """When the open cases run out (a small demo): a 终本 case the applicant resumed a week before
        the agreement (new property found), as a 执恢 case its former handler takes the same day; the
        parties then settle in it."""
        filed_on = self.today - dt.timedelta(days=ago + 7)
        old = resumable(self.high.path, self.busy, filed_on)
        if old is None:
            return None
        self.busy.add(old.pk)
        code = old.court.code
        clerk = person(self.org, code, court_rules.CLERK)
        new = closing.resume_case(
            old, filed_on=filed_on, reason="申请执行人提供被执行人新的财产线索，申请恢复执行", actor=clerk
        )
        handler = old.handler or person(self.org, code, court_rules.OFFICER)
        new = filing.assign_handler(new, handler, on=filed_on, actor=clerk)
        self.stats["relief:resumed_for_settlement"] += 1
        self.stats["later:cases"] += 1  # filed after the cases demo: its summary says so
        return Case.objects.select_related("court", "handler").get(pk=new.pk), ago

    # --- the wage table -------------------------------------------------------------------------

    def wage(self) -> None:
        admin = person(self.org, PROVINCE, court_rules.ADMIN)
        relief_actions.set_wage(PROVINCE, WAGE_YEAR, WAGE_MONTHLY, actor=admin, source=WAGE_SOURCE)
        self.stats["relief:wage_years"] += 1

    # --- the campaign ---------------------------------------------------------------------------

    def campaign(self) -> Campaign:
        command = person(self.org, PROVINCE, court_rules.COMMAND)
        starts_on = self.today - dt.timedelta(days=CAMPAIGN_STARTED)
        ends_on = starts_on + dt.timedelta(days=CAMPAIGN_DAYS - 1)
        courts = [cs.court for cs in self.org.courts.values() if cs.court.path.startswith(self.high.path)]
        # Targets in proportion to what the campaign takes in: half its cases closed, a third of the
        # money they still owe recovered (round figures, as a plan would state them).
        flagged = Case.objects.filter(in_window_q(starts_on, ends_on), court__in=courts).filter(
            is_migrant_wage=True
        ) | Case.objects.filter(in_window_q(starts_on, ends_on), court__in=courts, is_livelihood=True)
        rows = list(flagged.distinct().values_list("applied_amount", "realized_amount"))
        owed = sum((max(a - r, Decimal(0)) for a, r in rows), Decimal(0))
        target_closed = max(1, (len(rows) + 1) // 2)
        target_amount = max(Decimal(10_000), (owed / 3 / 10_000).to_integral_value() * 10_000)
        campaign = campaign_actions.create_campaign(
            self.high,
            code_of(self.today),
            CAMPAIGN_NAME,
            starts_on,
            ends_on,
            [c.pk for c in courts],
            CAMPAIGN_KINDS,
            target_closed=target_closed,
            target_amount=target_amount,
            note="全省法院集中百日时间，对涉农民工工资、涉民生案件集中攻坚，节前兑付到位。",
            actor=command,
        )
        self.stats["relief:campaign_cases"] += campaign_actions.enrol_by_rules(campaign, actor=command)
        self.operations(campaign, command)
        return campaign

    def operations(self, campaign: Campaign, command: Any) -> None:
        """The measures demo's field operations in the campaign's courts and window carry its code, and
        the cases the campaign worked on join it by hand when its rules did not take them in: the
        operations' cases and the cases settled (or resumed on a broken settlement) in its window."""
        from zhixing.measures.models import Operation, OperationCase

        ops = Operation.objects.filter(
            court__in=campaign.courts.all(),
            starts_at__date__gte=campaign.starts_on,
            starts_at__date__lte=campaign.ends_on,
        )
        self.stats["relief:campaign_operations"] += ops.update(campaign=campaign.code)
        worked = list(
            OperationCase.objects.filter(operation__in=ops).order_by("id").values_list("case_id", flat=True)
        )
        settled = Settlement.objects.filter(agreed_on__range=(campaign.starts_on, campaign.ends_on)).order_by(
            "id"
        )
        for s in settled:
            worked += [s.case_id] + ([s.resumed_case_id] if s.resumed_case_id else [])
        entered = set(campaign.entries.values_list("case_id", flat=True))
        for case in Case.objects.filter(pk__in=set(worked) - entered).select_related("court").order_by("id"):
            try:
                campaign_actions.enrol_case(campaign, case, actor=command)
            except ActionError:
                continue
            self.stats["relief:campaign_by_hand"] += 1

    # --- settlements ------------------------------------------------------------------------------

    def settle(
        self,
        case: Case,
        ago: int,
        dues: list[float],
        mode: str = Settlement.SUSPEND,
        share: int = 80,
        later: tuple[int, ...] = (),
        paid: tuple[int, ...] = (),
    ) -> Settlement:
        """An agreement made `ago` days ago for `share`% of what was owed, in instalments due at the
        fractions `dues` of the way from then to today, then `later` days after today (as equal as
        round hundreds allow); the instalments `paid` were paid on their due days.

        The officer records it today, after the fact: the debtor's transfers are booked first (on
        their days), so the recording's own refresh sees them and an instalment paid on time is not
        taken for missed. What was owed on the agreement day (before those transfers) is then written
        back as the agreement's `outstanding`: the one field set past the action, as the measures demo
        dates a referral back."""
        agreed_on = self.today - dt.timedelta(days=ago)
        days: list[dt.date] = []
        for f in dues:
            day = agreed_on + dt.timedelta(days=max(1, round(ago * f)))
            days.append(max(day, days[-1] + DAY) if days else day)
        days += [self.today + dt.timedelta(days=d) for d in later]
        owed = max(case.applied_amount - case.realized_amount, Decimal(0))
        agreed = max(hundred(owed * share / 100), Decimal(100) * len(days))
        each = hundred(agreed / len(days))
        amounts = [each] * (len(days) - 1) + [agreed - each * (len(days) - 1)]
        for seq in paid:
            self.money.pay_in(case, amounts[seq - 1], min(days[seq - 1], self.today))
        parties = [p.pk for p in case.parties.all() if p.role in (Party.APPLICANT, Party.DEBTOR)]
        debtor = party(case, Party.DEBTOR)
        s = settlement_actions.record_settlement(
            case,
            agreed_on=agreed_on,
            party_ids=parties,
            agreed_amount=agreed,
            instalments=list(zip(days, amounts, strict=True)),
            guarantee=self.rng.choice(
                ["", f"{debtor.name}以名下车辆提供担保", "案外人李某某提供连带责任保证"]
            ),
            terms="被执行人按期足额履行后，申请执行人放弃其余请求；任何一期逾期，申请执行人可申请恢复执行。",
            mode=mode,
            actor=case.handler,
        )
        if paid:
            Settlement.objects.filter(pk=s.pk).update(outstanding=owed.quantize(Decimal("0.01")))
            s.refresh_from_db()
        self.stats["relief:settlements"] += 1
        return s

    def approve_closure(self, case: Case) -> None:
        case.refresh_from_db()
        request = case.closure_requests.filter(status="pending").first()
        judge = person(
            self.org, case.court.code, court_rules.JUDGE, (case.handler_id, request.requested_by_id)
        )
        closing.approve_closure(case, actor=judge, note="同意")

    def settlements(self) -> None:
        # (story, days since the agreement when a case allows, the fewest it can tell): the ones a
        # small demo must show come first.
        stories = [
            (self.performing, 20, 2),
            (self.resumed_linked, 70, 8),
            (self.breached, 60, 6),
            (self.performed_closed, 50, 4),
            (self.sued, 80, 8),
            (self.performed_open, 30, 4),
            (self.resumed_same_case, 45, 6),
        ]
        for story, preferred, least in stories:
            took = self.take(preferred, least)
            if took is None:
                continue
            with transaction.atomic():
                story(*took)

    def performing(self, case: Case, ago: int) -> None:
        self.settle(case, ago, [0.5], later=(20, 50), paid=(1,))

    def performed_closed(self, case: Case, ago: int) -> None:
        """Performed in full: the handler asks to close (执行完毕, the shortfall settled by agreement), a
        judge approves."""
        s = self.settle(case, ago, [0.4, 0.8], paid=(1, 2))
        settlement_actions.close_on_performance(s, actor=case.handler)
        self.approve_closure(case)

    def performed_open(self, case: Case, ago: int) -> None:
        """Performed in full; the handler has not clicked 结案 yet."""
        self.settle(case, ago, [0.3, 0.9], share=90, paid=(1, 2))

    def breached(self, case: Case, ago: int) -> None:
        self.settle(case, ago, [0.3, 0.8], later=(20,), paid=(1,))

    def resumed_same_case(self, case: Case, ago: int) -> None:
        """Nothing paid: the applicant resumes; the suspension ends (the same case, CPL art 263)."""
        s = self.settle(case, ago, [0.3, 0.8], share=70)
        settlement_actions.resume_after_breach(s, actor=case.handler)

    def resumed_linked(self, case: Case, ago: int) -> None:
        """The applicant withdrew on the agreement (终结执行, a judge approved it); one instalment paid,
        the next missed: resumed as a linked 执恢 case for what is still owed."""
        s = self.settle(case, ago, [0.3, 0.7], mode=Settlement.WITHDRAW, later=(10,), paid=(1,))
        self.approve_closure(case)
        s = settlement_actions.resume_after_breach(s, actor=case.handler)
        self.stats["relief:resumed_cases"] += 1 if s.resumed_case_id else 0
        self.stats["later:cases"] += 1 if s.resumed_case_id else 0

    def sued(self, case: Case, ago: int) -> None:
        s = self.settle(case, ago, [0.25, 0.6], paid=(1,))
        settlement_actions.record_suit(
            s,
            self.today - dt.timedelta(days=max(1, ago // 8)),
            "申请执行人以被执行人不履行和解协议为由，向执行法院提起诉讼，请求履行和解协议",
            actor=case.handler,
        )

    # --- relief -------------------------------------------------------------------------------------

    def relief(self) -> None:
        """Applications in every state, on cases closed as 终本 (nothing more could be executed) whose
        applicant is a person: two paid (the fund granted into the case account, paid out to the
        applicant through the payout chain), one approved and waiting for finance, one refused, one
        waiting for the president."""
        cases = relief_cases(self.high.path)
        stories = [
            self.relief_paid,
            self.relief_paid,
            self.relief_approved,
            self.relief_refused,
            self.relief_applied,
        ]
        funded: set[int] = set()
        for story, case in zip(stories, cases, strict=False):
            with transaction.atomic():
                if story in (self.relief_paid,) and case.court_id not in funded:
                    self.fund(case.court)
                    funded.add(case.court_id)
                story(case)

    def fund(self, court: Any) -> None:
        """The year's relief allotment from the treasury into the court's pooled account."""
        finance = person(self.org, court.code, court_rules.FINANCE)
        relief_money.fund_relief(
            court,
            Decimal("300000.00"),
            self.today - dt.timedelta(days=60),
            f"冀财预〔{self.today.year}〕{20 + court.pk}号",
            "国家司法救助资金",
            actor=finance,
        )
        self.stats["relief:funded_courts"] += 1

    def apply(self, case: Case, ago: int) -> ReliefApplication:
        grounds, hardship = ground_of(case)
        owed = max(case.applied_amount - case.realized_amount, Decimal(0))
        requested = min(hundred(owed), Decimal(self.rng.randrange(2, 7) * 10_000))
        clerk = person(self.org, case.court.code, court_rules.CLERK)
        a = relief_actions.register_application(
            case,
            party(case, Party.APPLICANT),
            grounds,
            hardship,
            EVIDENCE,
            requested,
            actor=clerk,
            applied_on=self.today - dt.timedelta(days=ago),
        )
        self.stats["relief:applications"] += 1
        return a

    def president(self, case: Case) -> Any:
        return person(self.org, case.court.code, court_rules.LEADER)

    def approve(self, case: Case, ago: int) -> ReliefApplication:
        a = self.apply(case, ago)
        cap = relief_actions.cap_for(a).cap or Decimal(0)
        amount = min(a.requested, cap)
        return relief_actions.decide(
            a, True, amount, "申请人确因案件无法执行陷入生活困难，符合救助条件", actor=self.president(case)
        )

    def relief_paid(self, case: Case) -> None:
        a = self.approve(case, 30)
        finance = person(self.org, case.court.code, court_rules.FINANCE)
        a = relief_actions.pay(a, actor=finance)
        officer = case.handler or person(self.org, case.court.code, court_rules.OFFICER)
        self.money.pay_out(case, a.amount, officer)
        self.stats["relief:paid"] += 1

    def relief_approved(self, case: Case) -> None:
        self.approve(case, 12)

    def relief_refused(self, case: Case) -> None:
        a = self.apply(case, 20)
        relief_actions.decide(
            a,
            False,
            note="经调查，申请人家庭有稳定收入来源，不属于生活困难，不予救助",
            actor=self.president(case),
        )

    def relief_applied(self, case: Case) -> None:
        self.apply(case, 3)


def on_demo_built(sender: Any, result: Any, rng: random.Random, **kwargs: Any) -> None:
    build(result.org, rng, result.stats)


def build(org: Any, rng: random.Random, stats: Counter) -> None:
    if PROVINCE not in org.courts or Campaign.objects.exists():  # built once, on an empty database
        return
    story = _Story(org, rng, stats)
    story.wage()
    story.settlements()
    story.relief()
    # Last, so the cases the settlements resumed are in it too (they were pending in its window).
    with transaction.atomic():
        story.campaign()
    # The 执恢 cases filed here have nodes already past their deadline: marked as the cases demo's are.
    if stats["later:cases"]:
        stats["overdue_marked_later"] += scan_overdue()


def connect() -> None:
    """Called from wiring.connect(): build the demo's campaign, settlements and relief once its cases
    (and the measures demo, connected before) are built."""
    from zhixing.cases.demo import demo_built

    demo_built.connect(on_demo_built, dispatch_uid="relief.demo")


__all__ = ["build", "connect", "on_demo_built"]
