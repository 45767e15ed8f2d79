"""Play each planned case through the real actions, with dates in the past.

Every step is a call into zhixing.cases.actions as a person of the right role would make it: the
clerk files and assigns, the handler records nodes and periods and asks to close, the president
approves extensions, a judge who is not the handler approves the closing, the clerk files 执恢.
The actions refuse future dates, so each story stops at its closing day or at the demo's end date.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from zhixing.cases import actions, rules
from zhixing.cases.models import Case
from zhixing.core.calendar import add_months
from zhixing.courts import rules as r

from .org import Org
from .parties import PartyFactory
from .plan import PENDING, Plan, skewed_days, working

CITY_OF = {"冀96": "雄安", "冀01": "石家庄", "冀06": "保定", "冀": "石家庄"}

CLOSING_REASONS = {
    rules.COMPLETED: (
        "被执行人已全部履行生效法律文书确定的义务",
        "双方达成执行和解并已履行完毕",
        "扣划被执行人银行存款，执行款已全部发放申请执行人",
        "拍卖被执行人房产，所得价款已足额清偿",
    ),
    rules.TERMINATED_THIS_ROUND: (
        "经网络查控及传统调查，未发现被执行人有可供执行的财产，申请执行人签字确认",
        "被执行人名下车辆无法实际扣押，房产拍卖流拍且申请执行人不同意以物抵债",
        "穷尽财产调查措施未发现可供执行财产，经合议庭评议并报院长批准终结本次执行程序",
    ),
    rules.TERMINATED: (
        "申请执行人撤回执行申请",
        "被执行人死亡，无遗产可供执行，又无义务承担人",
        "申请执行人就执行和解协议另行提起诉讼",
    ),
    rules.WITHDRAWN: (
        "本案由上级法院指定其他法院执行",
        "上级法院提级执行",
        "发现其他有管辖权的法院已先行立案执行",
    ),
    rules.REFUSED: (
        "被执行人提出执行时效抗辩成立，裁定不予执行",
        "仲裁裁决经审查裁定不予执行",
    ),
    rules.REJECTED: (
        "申请执行人主体不适格，裁定驳回执行申请",
        "执行依据不具有给付内容，裁定驳回执行申请",
    ),
}
APPROVAL_NOTES = ("同意", "经合议庭评议，同意结案", "符合结案条件，同意")
EXTENSION_REASONS = (
    "被执行人财产正在评估拍卖，需延长执行期限",
    "案情复杂，涉及多个被执行人及异地财产",
    "被执行人正在分期履行和解协议",
)
EXCLUDED_DAYS = {
    "auction": (30, 60, 120),
    "valuation": (20, 40, 90),
    "suspension": (30, 90, 240),
    "deferral": (30, 60, 180),
    "notice": (60, 60, 65),
}


@dataclass
class Storyteller:
    rng: random.Random
    org: Org
    end: dt.date
    parties: PartyFactory = field(init=False)
    diligence: dict[int, float] = field(default_factory=dict)
    stats: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.parties = PartyFactory(self.rng)

    # --- the people --------------------------------------------------------------------------

    def _one(self, code: str, role: str):
        return self.rng.choice(self.org.first(code, role))

    def _neglect(self, officer) -> float:
        """Each officer has a habit: most leave one node in twenty-five undone, a few one in seven."""
        if officer.pk not in self.diligence:
            self.diligence[officer.pk] = self.rng.choice((0.02, 0.03, 0.04, 0.05, 0.08, 0.15))
        return self.diligence[officer.pk]

    # --- a first-enforcement or preservation case --------------------------------------------

    # No transaction around a whole story: each action is its own transaction already, and wrapping
    # them turns every one into savepoints, which costs about a tenth of the demo's time.
    def tell(self, p: Plan) -> Case:
        cs = self.org.courts[p.court_code]
        # By the court's place in the tree, not its code: 雄县 (冀0638) is a Xiong'an court.
        city = next(
            (CITY_OF[c.court.code] for c in self.org.above(p.court_code) if c.court.code in CITY_OF), "石家庄"
        )
        matter = self.parties.matter(
            p.court_code, cs.division, city, p.filed_on, preservation=p.type_code == "执保"
        )
        case = actions.file_case(
            court=cs.court,
            type_code=p.type_code,
            filed_on=p.filed_on,
            applied_amount=matter.amount,
            parties=matter.parties,
            basis_number=matter.basis_number,
            cause=matter.cause,
            non_litigation=matter.non_litigation,
            actor=self._one(p.court_code, r.CLERK),
        )
        self.stats[f"type:{p.type_code}"] += 1
        self.develop(case, p, self._one(p.court_code, r.OFFICER))
        return case

    def develop(self, case: Case, p: Plan, handler) -> None:
        """Assignment, nodes, periods, extensions and closing, each on its own past date."""
        rng, filed = self.rng, p.filed_on
        cutoff = p.closed_on or self.end
        delay = rng.choice((0, 0, 1, 1, 2, 3, 4, 5, 6)) if rng.random() > 0.08 else rng.randrange(8, 15)
        assigned = working(filed + dt.timedelta(days=delay), filed, cutoff)
        if assigned > self.end or (p.fate == PENDING and filed + dt.timedelta(days=delay) > self.end):
            self.stats["unassigned"] += 1
            return  # filed in the last few days: nobody has the file yet
        clerk = self._one(p.court_code, r.CLERK)
        actions.assign_handler(case, handler, on=assigned, actor=clerk)
        case.refresh_from_db()  # the actions work on their own locked copy; the checks below read ours
        self._nodes(case, p, handler, assigned, cutoff)
        if p.excluded:
            self._excluded(case, p, handler, assigned, cutoff)
        if p.extend:
            self._extensions(case, p, cutoff)
        if p.fate != PENDING:
            self._close(case, p, handler)

    def _nodes(self, case: Case, p: Plan, handler, assigned: dt.date, cutoff: dt.date) -> None:
        rng, filed = self.rng, p.filed_on
        ttr = p.fate == rules.TERMINATED_THIS_ROUND
        late = rng.randrange  # some nodes are done after their deadline, as in any bureau
        day = dt.timedelta(days=1)
        dates: dict[str, dt.date] = {}
        first = max(filed + day, assigned) + day * rng.choice((0, 0, 1, 2))
        dates["first_network_inquiry"] = first if rng.random() > 0.1 else first + day * late(3, 10)
        if p.type_code != "执保":
            notice = assigned + day * rng.choice((0, 0, 1, 1, 2, 3))
            if rng.random() < 0.08:
                notice += day * late(4, 9)
            dates["execution_notice"] = notice
            dates["property_report_order"] = notice if rng.random() < 0.95 else notice + day * 2
            dates["ask_applicant_leads"] = assigned + day * rng.choice((0, 1, 2, 3))
            span = rng.randrange(12, 31) if rng.random() > 0.12 else late(31, 60)
            dates["property_investigation"] = assigned + day * span
            age = (cutoff - filed).days
            if ttr or (age > 45 and rng.random() < 0.5):
                restrict = notice + day * rng.randrange(5, 40)
                dates["consumption_restriction"] = restrict
                listed = ttr or rng.random() < 0.6
                if listed:
                    kind = "dishonest_listing" if rng.random() < 0.7 else "dishonest_not_applicable"
                    dates[kind] = restrict + day * rng.randrange(0, 30)
            if ttr:
                dates["debtor_conduct_handled"] = dates["property_investigation"] + day * rng.randrange(5, 40)
        limit = cutoff - day if ttr else cutoff
        neglect = self._neglect(handler) if p.fate == PENDING else 0.02
        skipped = False
        for code, when in sorted(dates.items(), key=lambda kv: kv[1]):
            if ttr:
                when = min(when, limit)  # 终本 needs them all on file before the closing day
            if when > limit:
                continue  # not done by the closing day, or not yet today
            when = working(when, filed, limit)
            if not ttr and (
                rng.random() < neglect or (p.neglect and not skipped and code != "first_network_inquiry")
            ):
                skipped = True
                self.stats["nodes_left_undone"] += 1
                continue
            actions.record_node(case, code, when, actor=handler)
            self.stats["nodes_recorded"] += 1

    def _excluded(self, case: Case, p: Plan, handler, assigned: dt.date, cutoff: dt.date) -> None:
        rng = self.rng
        start = working(assigned + dt.timedelta(days=rng.randrange(20, 120)), assigned, cutoff)
        if start >= cutoff - dt.timedelta(days=3):
            return
        period = actions.start_excluded_period(
            case, p.excluded, start, note=rules.EXCLUDED_KIND_LABELS[p.excluded], actor=handler
        )
        end_on = start + dt.timedelta(days=skewed_days(rng, *EXCLUDED_DAYS[p.excluded]))
        if p.fate != PENDING:
            end_on = min(end_on, cutoff - dt.timedelta(days=1))  # a suspended case cannot be closed
        elif end_on > self.end:
            self.stats["excluded_open"] += 1
            return  # still running today
        actions.end_excluded_period(period, working(end_on, start, cutoff), actor=handler)
        self.stats["excluded_ended"] += 1

    def _extensions(self, case: Case, p: Plan, cutoff: dt.date) -> None:
        """rules §3.1.2: the president extends by 3 months shortly before the period runs out; a
        second extension is reported to the high court."""
        case.refresh_from_db(fields=["statutory_due_on"])
        due = case.statutory_due_on
        president = self._one(p.court_code, r.LEADER)
        for n, reason_tail in enumerate(("", "（再次延长，已报高级人民法院备案）")):
            approve_on = working(due - dt.timedelta(days=self.rng.randrange(5, 12)), p.filed_on, cutoff)
            if approve_on > cutoff or cutoff <= due - dt.timedelta(days=3):
                return
            if n and self.rng.random() < 0.5:
                return
            actions.approve_extension(
                case,
                3,
                self.rng.choice(EXTENSION_REASONS) + reason_tail,
                actor=president,
                approved_on=approve_on,
            )
            self.stats["extensions"] += 1
            due = add_months(due, 3)

    def _close(self, case: Case, p: Plan, handler) -> None:
        assert p.closed_on is not None
        reason = self.rng.choice(CLOSING_REASONS[p.fate])
        case.refresh_from_db(fields=["realized_amount"])
        # 执行完毕 with less realised than applied says why (issue 9): in the demo, a settlement.
        short = (
            "settlement" if p.fate == rules.COMPLETED and case.realized_amount < case.applied_amount else ""
        )
        actions.request_closure(
            case, p.fate, closed_on=p.closed_on, reason=reason, shortfall=short, actor=handler
        )
        judge = self._one(p.court_code, r.JUDGE)
        actions.approve_closure(case, actor=judge, note=self.rng.choice(APPROVAL_NOTES))
        self.stats[f"closed:{p.fate}"] += 1
        if p.fate == rules.TERMINATED_THIS_ROUND:
            self._reinquiries(case, p, handler)

    def _reinquiries(self, case: Case, p: Plan, handler) -> None:
        """Every six months after 终本 the handler queries again (rules §2.3); most do it on time, and
        whoever skips one stops there, which the overdue scan then shows."""
        stop = min(self.end, (p.resume_on or self.end) - dt.timedelta(days=1))
        for due in (
            case.nodes.filter(kind__code="reinquiry").order_by("sequence").values_list("due_on", flat=True)
        ):
            if due is None or due - dt.timedelta(days=12) > stop:
                return
            if self.rng.random() < 0.12:
                self.stats["reinquiry_skipped"] += 1
                return
            when = working(due - dt.timedelta(days=self.rng.randrange(0, 12)), p.closed_on, stop)
            if when > stop:
                return
            actions.record_node(case, "reinquiry", when, actor=handler)
            self.stats["reinquiries_recorded"] += 1

    # --- resumption ---------------------------------------------------------------------------

    def resume(self, case: Case, p: Plan) -> Case:
        """The applicant finds property after 终本 and the clerk files 执恢 (rules §2.1.10)."""
        assert p.resume_on is not None
        case = Case.objects.select_related("handler").get(pk=case.pk)
        new = actions.resume_case(
            case,
            filed_on=p.resume_on,
            reason="申请执行人提供被执行人新的财产线索，申请恢复执行",
            actor=self._one(p.court_code, r.CLERK),
        )
        follow = Plan(p.court_code, "执恢", p.resume_on)
        age = (self.end - p.resume_on).days
        if age > 40 and self.rng.random() < 0.45:
            follow.fate = rules.COMPLETED
            follow.closed_on = working(
                p.resume_on + dt.timedelta(days=self.rng.randrange(20, min(age, 150))), p.resume_on, self.end
            )
        handler = case.handler or self._one(p.court_code, r.OFFICER)
        self.develop(new, follow, handler)
        self.stats["type:执恢"] += 1
        return new
