"""Coercive measures, field operations and referrals in the demo province (`zhixing demo`, issue 13):
the Xiong'an bureau's equipment register and duty roster, two field operations finished today with
their check-ins, cash handed to finance, a seizure, a summons and a detention, witnesses and photo
evidence (so a new user opens a real operation report), one operation planned for later today,
measures at every stage and referrals at every stage.

Connected to cases.demo.demo_built from wiring.py (cases may not import measures), after funds,
inquiry, credit and disposal (INSTALLED_APPS order): funds has opened every court's pooled account,
so field cash reaches the case account.

Everything is done through the actions (their permission checks, rules, events and audit entries),
as the people whose work it is: the command centre plans, officers record in the field, finance takes
the cash over and books fines, the president approves fines, detentions and searches, a judge the
other measures. The actions date what they do today (an officer records what happens now), so the
two finished operations are planned around the build's hour and run within it; a referral's later
steps are dated by the story, after its sending day is moved back (the only rows written past the
actions: `sent_on`, the day from which the private route opens, and the drafting and approval days
before it, as if the referral had been sent then). Evidence files are real JPEGs
stored through add_evidence under $ZHIXING_DATA_DIR/evidence/, so `zhixing check` proves them.

Every draw comes from the rng the demo hands over: the same seed, the same story.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhixing.cases.actions.common import today
from zhixing.courts import rules as court_rules
from zhixing.inquiry import rules as inquiry_rules

from . import actions, rules
from .demo_setup import EQUIPMENT, INFORMANTS, PLACES, WITNESSES, debtor_of, open_cases, photo, subject
from .models import CoerciveMeasure, Equipment, Referral

BUREAU = "冀96"  # the Xiong'an intermediate court: its command centre runs the operations


def _unique(users: list[Any]) -> list[Any]:
    return list({u.pk: u for u in users}.values())


class _Story:
    def __init__(self, org: Any, rng: random.Random, stats: Counter):
        self.org, self.rng, self.stats = org, rng, stats
        self.cases = open_cases(org.courts[BUREAU].court)
        # The field court: of the Xiong'an courts, the one with the most open cases (an operation's
        # team and equipment are its own); Xiong'an's command centre plans for it.
        counts = Counter(c.court.code for c in self.cases)
        code = max(counts, key=lambda k: (counts[k], k)) if counts else BUREAU
        self.court = org.courts[code].court
        self.command = org.first(code, court_rules.COMMAND)[0]
        self.finance = org.first(code, court_rules.FINANCE)[0]
        self.officers = org.first(code, court_rules.OFFICER)
        self.receipts = 0
        self.photos = 0

    def take(self, own: bool = False, filed_by: dt.date | None = None) -> Any | None:
        """The next case for a story; `own`: one of the field court's, handled by one of its officers
        (an operation's team is of its court, and the handler seizes and carries out on the spot);
        `filed_by`: filed on or before that day (a story dated back must not begin before the case)."""
        for i, case in enumerate(self.cases):
            if own and case.court_id != self.court.pk:
                continue
            if filed_by is not None and (case.filed_on is None or case.filed_on > filed_by):
                continue
            return self.cases.pop(i)
        return None

    def people(self, case: Any, role: str) -> Any:
        return self.org.first(case.court.code, role)[0]

    # --- the register and the roster ------------------------------------------------------------

    def register(self) -> dict[str, list[Equipment]]:
        by_kind: dict[str, list[Equipment]] = {}
        for kind, code, name, state in EQUIPMENT:
            item = actions.register_equipment(self.court, kind, code, name, actor=self.command, state=state)
            if state == Equipment.AVAILABLE:
                by_kind.setdefault(kind, []).append(item)
        self.stats["measures:equipment"] = len(EQUIPMENT)
        return by_kind

    def roster(self, on: dt.date) -> None:
        roles = ["officer", "officer", "police"]
        for n in range(3):  # today and the next two days
            day = on + dt.timedelta(days=n)
            actions.set_duty(self.court, self.command, day, "commander", actor=self.command)
            for i, officer in enumerate(self.officers):
                actions.set_duty(self.court, officer, day, roles[(i + n) % len(roles)], actor=self.command)
            self.stats["measures:duty_days"] += 1

    # --- field operations -------------------------------------------------------------------------

    def plan(self, name: str, kind: str, starts_at, ends_at, cases, items, witnesses=(), **kw) -> Any:
        leader, *others = self.officers
        targets = [
            {"case": c, "place": PLACES[i % len(PLACES)], "task": "查找被执行人及财产，督促履行"}
            for i, c in enumerate(cases)
        ]
        op = actions.plan_operation(
            self.court,
            actor=self.command,
            name=name,
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            leader=leader,
            # Each target case's handler is on the team (they seize and carry out on their own cases).
            members=[(o, rules.OFFICER_ROLE) for o in _unique([*others, *(c.handler for c in cases)])],
            targets=targets,
            equipment=items,
            witnesses=list(witnesses),
            briefing="分组行动，全程开启执法记录仪；现场收款须两名执行人员在场并当场出具收据。",
            **kw,
        )
        self.stats["measures:operations"] += 1
        return op

    def evidence(self, op: Any, case: Any, officer: Any, title: str, record: Any = None) -> None:
        self.photos += 1
        actions.add_evidence(
            case,
            photo(self.rng, f"XA {timezone.localdate():%Y-%m-%d} #{self.photos}"),
            actor=officer,
            kind=rules.PHOTO,
            title=title,
            original_name=f"IMG_{self.photos:04d}.jpg",
            content_type="image/jpeg",
            taken_at=timezone.now(),
            operation=op,
            record=record,
        )
        self.stats["measures:evidence"] += 1

    def cash(self, op: Any, case: Any, amount: Decimal) -> None:
        self.receipts += 1
        leader, second, *_rest = self.officers
        payer = debtor_of(case)
        taken = actions.take_cash(
            op, case, amount, f"XC{timezone.localdate():%Y%m%d}{self.receipts:03d}", payer.name,
            [leader, second], actor=leader,
        )  # fmt: skip
        actions.hand_over_cash(taken, actor=self.finance)
        self.stats["measures:field_cash"] += 1

    def work(self, op: Any, cases: list[Any], cash_case: Any, seize_case: Any | None) -> None:
        """Under way: each case's place checked in, what was found, photos; money and a seizure."""
        leader, second, *_rest = self.officers
        actions.start_operation(op, actor=leader)
        for case in cases:
            rec = actions.check_in(op, actor=leader, case=case)
            self.evidence(op, case, second, "到达现场全景", rec)
            actions.record_finding(op, case, "被执行人在场，已告知拒不履行的法律后果", actor=second)
        amount = Decimal(self.rng.randrange(3, 30) * 1000)
        self.cash(op, cash_case, amount)
        self.evidence(op, cash_case, leader, "现场收款及收据")
        if seize_case is not None:
            # inquiry lets the case's handler (or a judge) seize: here the member who handles it.
            rec = actions.seize_on_site(
                op, seize_case, debtor_of(seize_case), inquiry_rules.VEHICLE, "小型轿车一辆（现场扣押）",
                actor=seize_case.handler, value=Decimal("86000.00"),
            )  # fmt: skip
            self.evidence(op, seize_case, second, "扣押车辆外观及车架号", rec)
            self.stats["measures:seizures"] += 1

    def close(self, op: Any, cases: list[Any], summary: str) -> None:
        outcomes = {c.pk: "已现场执行" for c in cases}
        actions.close_operation(op, actor=op.leader, summary=summary, outcomes=outcomes)

    def operations(self, items: dict[str, list[Equipment]]) -> None:
        now = timezone.now()
        cars, cams = items.get(rules.VEHICLE, []), items.get(rules.BODY_CAMERA, [])
        # The finished operations were planned around the build's "now" (the actions stamp the real
        # time when an operation starts, a record is made and it closes), so they start and close
        # inside their planned hours. 1. Two cases, cash taken and handed over.
        cases = [c for c in (self.take(True), self.take(True)) if c]
        if len(cases) < 2:
            return
        op = self.plan(
            "上门查找被执行人及现场收款", "ordinary", now - dt.timedelta(hours=1), now + dt.timedelta(hours=2), cases,
            cars[:2] + cams[:2],
        )  # fmt: skip
        self.work(op, cases, cases[0], None)
        self.close(op, cases, "两案均找到被执行人，现场收取执行款一笔，当日交财务入账。")
        # 2. A concentrated operation with witnesses: three cases, a summons, a detention, a seizure.
        cases = [c for c in (self.take(True), self.take(True), self.take(True)) if c]
        if len(cases) < 3:
            return
        summoned = cases[2]
        summons = self.approved(summoned, rules.SUMMONS, reason="经两次传票传唤无正当理由拒不到场")
        detention = self.approved(summoned, rules.DETENTION, days=15, reason="拒不履行且阻碍执行人员执行职务")
        op = self.plan(
            "雄安新区“执行攻坚”集中行动", "concentrated", now - dt.timedelta(hours=3),
            now + dt.timedelta(hours=3), cases, cars[2:5] + cams[2:5] + items.get(rules.DRONE, [])[:1],
            witnesses=WITNESSES, campaign="ZXGJ-2026",
        )  # fmt: skip
        for w in op.witnesses.all():
            actions.mark_witness(w, True, actor=self.command)
        self.work(op, cases, cases[0], cases[1])
        handler = summoned.handler  # one of the bureau's officers, on the team
        actions.carry_out(summons, actor=handler, at=timezone.now() - dt.timedelta(minutes=4))
        actions.end_measure(summons, rules.QUESTIONED, actor=handler, note="询问完毕，拒不说明财产情况")
        actions.carry_out(detention, actor=handler)
        self.close(op, cases, "邀请人大代表、政协委员、检察官和媒体见证；拘传一人后依法拘留，扣押车辆一辆。")
        # 3. Planned for later today, its vehicles booked.
        cases = [c for c in (self.take(True), self.take(True)) if c]
        if cases:
            self.plan(
                "外勤：送达及现场调查", "ordinary", now + dt.timedelta(hours=4), now + dt.timedelta(hours=7),
                cases, cars[5:6] + cams[5:6], witnesses=WITNESSES[2:3],
            )  # fmt: skip

    # --- coercive measures ----------------------------------------------------------------------

    def obstruction(self, case: Any, kind: str, text: str, before: dt.date | None = None) -> Any:
        on = (before or today()) - dt.timedelta(days=self.rng.randrange(5, 30))
        on = max(on, case.filed_on or on)  # not before the case was filed
        return actions.record_obstruction(case, kind, on, text, debtor_of(case), actor=case.handler)

    def propose(self, case: Any, kind: str, **kw) -> CoerciveMeasure:
        party = debtor_of(case)
        if kind in (rules.SUMMONS, rules.DETENTION, rules.EXIT_BAN):
            kw = {**subject(party), **kw}
        kw.setdefault("reason", "被执行人拒不履行生效法律文书确定的义务")
        m = actions.propose_measure(case, kind, party, actor=case.handler, **kw)
        self.stats[f"measures:{kind}"] += 1
        return m

    def approver(self, case: Any, kind: str) -> Any:
        role = court_rules.LEADER if kind in rules.PRESIDENT_APPROVES else court_rules.JUDGE
        return self.people(case, role)

    def approved(self, case: Any, kind: str, **kw) -> CoerciveMeasure:
        m = self.propose(case, kind, **kw)
        return actions.decide_measure(m, True, actor=self.approver(case, kind), note="同意")

    def in_force(self, case: Any, kind: str, **kw) -> CoerciveMeasure:
        m = self.approved(case, kind, **kw)
        return actions.carry_out(m, actor=case.handler, place=kw.get("place", ""), record="依法执行")

    def measures(self) -> None:
        stories = [
            self.fine_proposed,
            self.fine_part_paid,
            self.fine_paid,
            self.search,
            self.reward,
            self.refused,
        ]
        for story in stories:
            case = self.take()
            if case is None:
                return
            story(case)

    def fine_proposed(self, case: Any) -> None:
        ob = self.obstruction(case, rules.REFUSED_REPORT, "收到报告财产令后逾期未报告财产")
        self.propose(case, rules.FINE, amount=self._fine(debtor_of(case)), obstructions=[ob])

    def _fine(self, party: Any) -> Decimal:
        if party.kind == party.UNIT:
            return Decimal(self.rng.randrange(5, 20) * 10000)
        return Decimal(self.rng.randrange(1, 10) * 5000)

    def fine_part_paid(self, case: Any) -> None:
        ob = self.obstruction(case, rules.FALSE_REPORT, "虚假报告财产情况，隐瞒名下车辆")
        fine = self.in_force(case, rules.FINE, amount=self._fine(debtor_of(case)), obstructions=[ob])
        part = (fine.amount / 2).quantize(Decimal("0.01"))
        actions.book_fine(fine, part, today(), f"FK{fine.pk}-1", actor=self.people(case, court_rules.FINANCE))

    def fine_paid(self, case: Any) -> None:
        ob = self.obstruction(case, rules.BREACHED_RESTRICTION, "违反限制消费令乘坐飞机")
        fine = self.in_force(case, rules.FINE, amount=self._fine(debtor_of(case)), obstructions=[ob])
        actions.book_fine(
            fine, fine.amount, today(), f"FK{fine.pk}", actor=self.people(case, court_rules.FINANCE)
        )
        if debtor_of(case).kind == "person":
            self.in_force(case, rules.EXIT_BAN, reason="被执行人未履行义务，有出境可能")

    def search(self, case: Any) -> None:
        ob = self.obstruction(case, rules.HID_PROPERTY, "将经营所得转移至亲属账户")
        self.approved(case, rules.SEARCH, place=PLACES[1], obstructions=[ob], reason="隐匿财产，依法搜查")

    def reward(self, case: Any) -> None:
        m = self.in_force(case, rules.REWARD, amount=Decimal("5000.00"), channel="法院官方网站及微信公众号")
        first, second = (
            actions.register_informant(m, name, phone, lead, actor=case.handler, account=account)
            for name, phone, lead, account in INFORMANTS
        )
        actions.verify_lead(first, False, actor=case.handler)

    def refused(self, case: Any) -> None:
        m = self.propose(case, rules.DETENTION, days=10, reason="拒不到庭接受询问")
        actions.decide_measure(m, False, actor=self.approver(case, rules.DETENTION), note="先行拘传")
        s = self.propose(case, rules.SUMMONS, reason="拒不到庭接受询问")
        actions.cancel_measure(s, "被执行人已主动到庭", actor=case.handler)

    # --- referrals --------------------------------------------------------------------------------

    def referrals(self) -> None:
        for days_ago, steps in ((0, ()), (0, ("approve",)), (0, ("approve", "send")), (6, ("approve", "send", "receive")),
                                (50, ("approve", "send", "receive", "file", "prosecute")),
                                (30, ("approve", "send", "receive", "not_file", "escalate"))):  # fmt: skip
            case = self.take(filed_by=today() - dt.timedelta(days=days_ago))
            if case is None:
                continue
            self.referral(case, days_ago, steps)

    def referral(self, case: Any, days_ago: int, steps: tuple[str, ...]) -> None:
        handler = case.handler
        ob = self.obstruction(
            case,
            rules.REFUSED_HANDOVER,
            "拒不交付法律文书指定交付的财物",
            before=today() - dt.timedelta(days=days_ago),
        )
        party = debtor_of(case)
        r = actions.draft_referral(
            case, party, actor=handler, crime=rules.REFUSAL, police_unit="雄安新区公安局",
            facts=f"{party.name}有能力执行而拒不执行，情节严重。", obstructions=[ob],
        )  # fmt: skip
        self.stats[f"measures:referral_{steps[-1] if steps else 'draft'}"] += 1
        if "approve" in steps:
            actions.approve_referral(r, actor=self.people(case, court_rules.LEADER))
        if "send" not in steps:
            return
        actions.send_referral(r, actor=handler)
        sent = today() - dt.timedelta(days=days_ago)
        # Drafted and approved in the days before it was sent (the demo's story moves them all back).
        Referral.objects.filter(pk=r.pk).update(
            sent_on=sent,
            private_route_on=rules.private_route_on(sent),
            drafted_on=sent - dt.timedelta(days=3),
            approved_on=sent - dt.timedelta(days=1),
        )
        r.refresh_from_db()
        if "receive" in steps:
            actions.record_receipt(
                r, sent + dt.timedelta(days=1), f"XA公受字〔{sent.year}〕{r.pk}号", actor=handler
            )
        decided = sent + dt.timedelta(days=6)
        if "file" in steps:
            actions.record_decision(r, True, decided, actor=handler)
        if "not_file" in steps:
            actions.record_decision(
                r, False, decided, actor=handler, reason="认为情节尚不严重", noticed_on=decided
            )
        if "prosecute" in steps:
            actions.record_outcome(
                r, Referral.PROSECUTED, decided + dt.timedelta(days=30), "已移送审查起诉", actor=handler
            )
        if "escalate" in steps:
            actions.escalate(r, decided + dt.timedelta(days=3), "雄安新区人民检察院", actor=handler)


def on_demo_built(sender: Any, result: Any, rng: random.Random, **kwargs: Any) -> None:
    build(result.org, rng, result.stats)


def build(org: Any, rng: random.Random, stats: Counter) -> None:
    if BUREAU not in org.courts or Equipment.objects.exists():  # built once, on an empty database
        return
    story = _Story(org, rng, stats)
    with transaction.atomic():
        items = story.register()
        story.roster(today())
    story.operations(items)
    story.measures()
    story.referrals()


def connect() -> None:
    """Called from wiring.connect(): build the demo's measures once its cases are built."""
    from zhixing.cases.demo import demo_built

    demo_built.connect(on_demo_built, dispatch_uid="measures.demo")


__all__ = ["build", "connect", "on_demo_built"]
