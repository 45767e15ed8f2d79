"""The relief demo's fixed data and small helpers (zhixing.relief.demo tells the stories): the province's
wage figure, the campaign's name, the cases the stories take, and money in and out of a case through
funds (a debtor's bank transfer; a payout to the applicant through its approval chain)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q

from zhixing.cases.models import Case, ClosureRequest, ExcludedPeriod, Party
from zhixing.courts import rules as court_rules
from zhixing.funds import actions as funds
from zhixing.funds.actors import BANK
from zhixing.funds.models import PooledAccount, Receipt
from zhixing.funds.queries import account_number

CENT = Decimal("0.01")
PROVINCE = "冀"  # the demo province: Hebei's high court and the courts below it
# The 冀 average monthly wage of urban employees for 2025. ILLUSTRATIVE: a believable figure for the
# demo, not the statistics bureau's published number (set the real one with `zhixing relief set-wage`).
WAGE_YEAR = 2025
WAGE_MONTHLY = Decimal("8624.00")
WAGE_SOURCE = "演示数据：示意数字，非统计部门公布数"
CAMPAIGN_NAME = "“冀执利剑·百日攻坚”涉民生及农民工工资案件专项执行行动"
CAMPAIGN_KINDS = ["migrant_wage", "livelihood"]
CAMPAIGN_DAYS = 100  # 百日: the window's length
CAMPAIGN_STARTED = 40  # days before the demo's today that it began
BANKS = ("中国工商银行", "中国农业银行", "中国建设银行", "河北银行", "邮储银行")


def code_of(on: dt.date) -> str:
    return f"BRGJ-{on.year}"


def hundred(x: Decimal) -> Decimal:
    """Down to whole hundreds of yuan (agreed sums are round)."""
    return (Decimal(x) / 100).to_integral_value(rounding=ROUND_DOWN) * 100


def candidates(path: str) -> list[Case]:
    """Open enforcement cases (执, 执恢) of the province (court path under `path`) with a handler, an
    applicant and a debtor, at least 5,000 yuan still owed, no closure pending, no suspension running
    and no settlement yet; wage and livelihood cases first, then by id."""
    applicant = Party.objects.filter(case=OuterRef("pk"), role=Party.APPLICANT)
    debtor = Party.objects.filter(case=OuterRef("pk"), role=Party.DEBTOR)
    pending = ClosureRequest.objects.filter(case=OuterRef("pk"), status=ClosureRequest.PENDING)
    suspended = ExcludedPeriod.objects.filter(case=OuterRef("pk"), end_on__isnull=True)
    rows = (
        Case.objects.filter(court__path__startswith=path, handler__isnull=False, type_code__in=("执", "执恢"))
        .exclude(status=Case.CLOSED)
        .annotate(a=Exists(applicant), d=Exists(debtor), p=Exists(pending), s=Exists(suspended))
        .filter(a=True, d=True, p=False, s=False, settlements__isnull=True)
        .select_related("court", "handler")
        .order_by("id")
    )
    cases = [c for c in rows if c.applied_amount - c.realized_amount >= 5_000]
    flagged = [c for c in cases if c.is_migrant_wage or c.is_livelihood]
    return flagged + [c for c in cases if not (c.is_migrant_wage or c.is_livelihood)]


def span(case: Case, on: dt.date) -> int:
    """How many days back from `on` a settlement of the case may be dated: not before it was filed, and
    after the last money it received (an agreement counts every receipt from its day on)."""
    last = (
        Receipt.objects.filter(case=case).order_by("-booked_on").values_list("booked_on", flat=True).first()
    )
    earliest = max(case.filed_on, last + dt.timedelta(days=1)) if last else case.filed_on
    return (on - earliest).days


def busy_case_ids() -> set[int]:
    """Cases the measures demo already tells a story about (left alone here)."""
    ids: set[int] = set()
    try:
        from zhixing.measures.models import CoerciveMeasure, OperationCase, Referral
    except ImportError:  # pragma: no cover - measures is installed with relief
        return ids
    for model in (CoerciveMeasure, OperationCase, Referral):
        ids.update(model.objects.values_list("case_id", flat=True))
    return ids


def party(case: Case, role: str) -> Party:
    return case.parties.filter(role=role).order_by("id").first()


def person(org: Any, code: str, role: str, avoid: tuple[int | None, ...] = ()) -> Any:
    """The first holder of `role` at or above court `code` who is none of `avoid`."""
    for cs in org.above(code):
        for user in cs.people(role):
            if user.pk not in avoid:
                return user
    raise LookupError(f"{code}: no {role}")


class Money:
    """Money in and out of cases through funds, numbered for the demo."""

    def __init__(self, org: Any, rng: Any) -> None:
        self.org, self.rng, self.serial = org, rng, 0

    def pooled(self, court: Any) -> PooledAccount:
        pooled = PooledAccount.objects.filter(court=court).first()
        if pooled is None:
            finance = person(self.org, court.code, court_rules.FINANCE)
            pooled = funds.open_pooled_account(court, actor=finance)
        return pooled

    def pay_in(self, case: Case, amount: Decimal, on: dt.date) -> Receipt:
        """The debtor's bank transfer of `amount` to the case's sub-account, booked on `on`."""
        self.serial += 1
        pooled = self.pooled(case.court)
        debtor = party(case, Party.DEBTOR)
        receipt, _new = funds.receive(
            funds.Incoming(
                pooled_account=pooled.account_number,
                transaction_id=f"HJ{pooled.pk:03d}{on:%Y%m%d}{self.serial:05d}",
                channel=Receipt.TRANSFER,
                amount=Decimal(amount).quantize(CENT),
                booked_on=on,
                sub_account=account_number(case),
                payer_name=debtor.name if debtor else "",
                payer_account=f"6217{self.rng.randrange(10**15):015d}",
                remittance="按和解协议履行",
            ),
            actor=BANK,
        )
        return receipt

    def pay_out(self, case: Case, amount: Decimal, officer: Any) -> Any:
        """A payout of `amount` to the applicant: requested by the officer, approved through its chain
        by people other than the requester, sent by finance and confirmed by the bank."""
        applicant = party(case, Party.APPLICANT)
        code = case.court.code
        payout = funds.request_payout(
            case,
            Decimal(amount).quantize(CENT),
            payee_name=applicant.name,
            payee_account=f"6222{self.rng.randrange(10**15):015d}",
            payee_bank=self.rng.choice(BANKS),
            party=applicant,
            account_confirmed=True,
            actor=officer,
        )
        used = {officer.pk}
        for role in payout.steps:
            approver = person(self.org, code, role, tuple(used))
            used.add(approver.pk)
            payout = funds.approve_payout(payout, actor=approver)
        payout = funds.send_payout(payout, actor=person(self.org, code, court_rules.FINANCE))
        return funds.record_payout_result(
            payout.idempotency_key, True, bank_reference=f"B{self.rng.randrange(10**10):010d}", actor=BANK
        )


def in_window_q(starts_on: dt.date, ends_on: dt.date) -> Q:
    return Q(filed_on__lte=ends_on) & (Q(closed_on__isnull=True) | Q(closed_on__gte=starts_on))


EVIDENCE = ["申请人身份证明", "村（居）民委员会出具的家庭经济困难证明", "终结本次执行程序裁定书"]


def relief_cases(path: str) -> list[Case]:
    """Cases of the province closed as 终本 (nothing more could be executed) with money still owed and a
    person as the applicant (relief is for people in hardship, rules §9.3): wage cases first, then
    livelihood cases, then the rest, by id."""
    person = Party.objects.filter(case=OuterRef("pk"), role=Party.APPLICANT, kind=Party.PERSON)
    rows = (
        Case.objects.filter(
            court__path__startswith=path, status=Case.CLOSED, closure_method="terminated_this_round"
        )
        .annotate(p=Exists(person), r=Exists(Case.objects.filter(resumed_from=OuterRef("pk"))))
        .filter(p=True, r=False, relief_applications__isnull=True)
        .select_related("court", "handler")
        .order_by("id")
    )
    cases = [c for c in rows if c.applied_amount - c.realized_amount >= 10_000]
    return sorted(cases, key=lambda c: (not c.is_migrant_wage, not c.is_livelihood, c.pk))


def ground_of(case: Case) -> tuple[str, str]:
    """The relief ground (rules.GROUNDS) a case's cause suggests, and the hardship the applicant states."""
    cause = case.cause or ""
    if case.is_migrant_wage or "劳动报酬" in cause or "工资" in cause:
        return "wage", "申请人系农民工，工资长期被拖欠，家中有老人需赡养，无其他收入来源，生活困难。"
    if any(w in cause for w in ("赡养", "抚养", "扶养", "抚育")):
        return "maintenance", "申请人年老体弱，无劳动能力，依靠赡养费生活，案件无法执行导致生活困难。"
    if any(w in cause for w in ("人身损害", "交通事故", "健康权", "生命权")):
        return "injury", "申请人因伤致残，丧失部分劳动能力，医疗费用负担沉重，案件无法执行导致生活困难。"
    return "other", "申请人家庭无稳定收入，案件无法执行，生活陷入困难。"


def resumable(path: str, taken: set[int], by: dt.date) -> Case | None:
    """A 终本 case of the province closed by `by` with money owed, not resumed yet, whose applicant is a
    unit (people are left for relief), else any; by id."""
    resumed = Case.objects.filter(resumed_from=OuterRef("pk"))
    unit = Party.objects.filter(case=OuterRef("pk"), role=Party.APPLICANT).exclude(kind=Party.PERSON)
    rows = (
        Case.objects.filter(
            court__path__startswith=path, status=Case.CLOSED, closure_method="terminated_this_round"
        )
        .annotate(
            r=Exists(resumed),
            u=Exists(unit),
            d=Exists(Party.objects.filter(case=OuterRef("pk"), role=Party.DEBTOR)),
        )
        .filter(r=False, d=True, relief_applications__isnull=True)
        .exclude(pk__in=taken)
        .select_related("court", "handler")
        .order_by("-u", "id")
    )
    return next((c for c in rows if c.applied_amount - c.realized_amount >= 10_000), None)
