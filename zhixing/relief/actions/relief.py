"""Judicial relief (国家司法救助, rules §9): the province's wage table, the applications (each a 司救执
case), the president's decision within the cap, payment through funds and recovery when the debtor
pays later; and the reads the desk, the API and the command share (the cap, what is recoverable, the
yearly figures per court).

Every write asks its permissions.check_* first, runs in one transaction, locks the row it changes,
emits its case event and appends its audit entry. Money moves only through zhixing.funds.actions.relief.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.actions.common import ActionError, today
from zhixing.cases.actions.filing import next_serial
from zhixing.cases.models import Case, Party
from zhixing.cases.rules import format_case_number
from zhixing.core import audit
from zhixing.core.money import format_yuan
from zhixing.courts import rules as court_rules
from zhixing.funds.actions import relief as relief_money
from zhixing.funds.models import LedgerAccount, Payout, Receipt

from .. import events, permissions, rules
from ..models import ProvinceWage, ReliefApplication, Settlement

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def _yuan(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


def _text(amount: Decimal | None) -> str:
    return f"{Decimal(amount or 0):.2f}"


# --- the wage table and the cap -------------------------------------------------------------------


def province_name(province: str) -> str:
    return court_rules.PROVINCE_NAMES.get(province) or court_rules.SPECIAL_HIGH_COURT_NAMES.get(province, "")


def check_province(province: str) -> str:
    province = (province or "").strip()
    if province not in court_rules.PROVINCE_CODES:
        raise ActionError(
            _("省份代字“%(code)s”无效：应为高级人民法院的一字简称，如“冀”") % {"code": province}
        )
    return province


def check_year(year: Any) -> int:
    try:
        value = int(str(year).strip())
    except (TypeError, ValueError):
        raise ActionError(_("年度“%(year)s”无效：应为四位数的年份，如 2025") % {"year": year}) from None
    if not 1990 <= value <= 2100:
        raise ActionError(_("年度“%(year)s”无效：应为四位数的年份，如 2025") % {"year": year})
    return value


def province_of(court: Any) -> str:
    """The province whose wage is the base: the first character of the court's code (冀96 → 冀)."""
    return court.code[0]


@transaction.atomic
def set_wage(province: str, year: int, monthly: Decimal, *, actor: Any, source: str = "") -> ProvinceWage:
    """Set (create or update) a province's average monthly wage of employees for `year` (rules §9.4)."""
    permissions.check_set_wage(actor)
    province = check_province(province)
    year = check_year(year)
    monthly = Decimal(monthly)
    if not monthly.is_finite() or monthly <= 0:
        raise ActionError(_("月平均工资应为大于零的金额"))
    if monthly != monthly.quantize(CENT):
        raise ActionError(_("月平均工资最多两位小数"))
    row = ProvinceWage.objects.select_for_update().filter(province=province, year=year).first()
    if row is None:
        row = ProvinceWage(province=province, year=year)
    row.monthly = monthly
    row.source = (source or "")[:200]
    row.set_by = actor if getattr(actor, "is_authenticated", False) else None
    row.save()
    audit.append("relief.wage", row, {"province": province, "year": year, "monthly": _text(monthly)}, actor)
    return row


def _missing(province: str, year: int) -> ActionError:
    return ActionError(
        _(
            "尚未设置%(province)s%(year)s年度职工月平均工资，无法计算救助上限；"
            "请先设置（zhixing relief set-wage --province %(code)s --year %(year)s --monthly 金额）"
        )
        % {"province": province_name(province) or province, "year": year, "code": province}
    )


def cap(province: str, year: int, unexecuted: Decimal) -> Decimal:
    """The relief cap (rules §9.4) with the province's wage for exactly `year`: 36 × the monthly wage,
    never above `unexecuted`, never negative. A wage not set is refused (ActionError)."""
    province = check_province(province)
    year = check_year(year)
    row = ProvinceWage.objects.filter(province=province, year=year).first()
    if row is None:
        raise _missing(province, year)
    return rules.relief_cap(row.monthly, Decimal(unexecuted))


def wage_for(province: str, applied_on: dt.date) -> ProvinceWage | None:
    """The wage an application made on `applied_on` uses: the previous year's (rules.wage_year), or, when
    that is not published yet, the latest earlier one (rules §9.4, "use the latest")."""
    return (
        ProvinceWage.objects.filter(province=province, year__lte=rules.wage_year(applied_on))
        .order_by("-year")
        .first()
    )


def unexecuted_of(case: Case) -> Decimal:
    """What remains unexecuted of the case's claim: applied less realised, never negative."""
    return _yuan(max(Decimal(case.applied_amount) - Decimal(case.realized_amount), ZERO))


@dataclass(frozen=True)
class CapFigures:
    unexecuted: Decimal
    wage: ProvinceWage | None
    cap: Decimal | None  # None: no wage set for the application's year or any earlier one


def cap_for(application: ReliefApplication, wage: ProvinceWage | None = None) -> CapFigures:
    """The application's cap as it would be decided today (frozen once decided). `wage` may be passed
    by a page that has loaded the table already."""
    if application.cap is not None:
        return CapFigures(application.unexecuted or ZERO, None, application.cap)
    unexecuted = unexecuted_of(application.case)
    if wage is None:
        wage = wage_for(province_of(application.court), application.applied_on)
    return CapFigures(unexecuted, wage, rules.relief_cap(wage.monthly, unexecuted) if wage else None)


# --- registration, decision, payment, recovery ---------------------------------------------------


def _locked(application: ReliefApplication) -> ReliefApplication:
    return (
        ReliefApplication.objects.select_for_update(of=("self",))
        .select_related("case", "court", "applicant")
        .get(pk=application.pk)
    )


@transaction.atomic
def register_application(
    case: Case,
    applicant: Party,
    grounds: str,
    hardship: str,
    evidence: list[str],
    requested: Decimal,
    *,
    actor: Any,
    applied_on: dt.date | None = None,
) -> ReliefApplication:
    """Register an applicant's application for relief in `case` as a 司救执 case of the case's court
    (rules §9.5). Once per applicant per case (rules §9.2): a refused application does not count."""
    permissions.check_register_relief(actor, case)
    if not getattr(actor, "is_authenticated", False):
        raise ActionError(_("司法救助申请须由具名人员登记"))
    applied_on = applied_on or today()
    problems = []
    if applicant.case_id != case.pk or applicant.role != Party.APPLICANT:
        problems.append(_("救助申请人应为本案的申请执行人"))
    if grounds not in rules.GROUNDS:
        problems.append(_("请选择救助事由"))
    hardship = (hardship or "").strip()
    if not hardship:
        problems.append(_("请说明申请人的生活困难情况"))
    evidence = [str(e).strip()[:100] for e in (evidence or []) if str(e).strip()]
    if not evidence:
        problems.append(_("请列明申请人提交的证明材料"))
    requested = Decimal(requested or 0)
    if requested <= 0 or requested != requested.quantize(CENT):
        problems.append(_("申请金额应为大于零、最多两位小数的金额"))
    if applied_on > today():
        problems.append(_("申请日期不能晚于今天"))
    # Lock the case so two registrations for the same applicant cannot both pass the once rule.
    Case.objects.select_for_update(of=("self",)).filter(pk=case.pk).first()
    taken = ReliefApplication.objects.filter(case=case, applicant_id=applicant.pk).exclude(
        status=ReliefApplication.REFUSED
    )
    if taken.exists():
        problems.append(_("同一申请人在同一案件中只能获得一次司法救助"))
    # rules §9.3: relief stands in for a claim that cannot be executed. A debtor performing a
    # settlement is paying; and no more than what remains unexecuted can be asked for (rules §9.4).
    if Settlement.objects.filter(case=case, status=Settlement.PERFORMING).exists():
        problems.append(_("被执行人正在履行执行和解协议，本案不属于无法执行的情形，不能申请司法救助"))
    left = unexecuted_of(case)
    if requested > left:
        problems.append(
            _("申请金额 %(requested)s 元超过未执行到位金额 %(left)s 元")
            % {"requested": format_yuan(requested), "left": format_yuan(left)}
        )
    if problems:
        raise ActionError(problems)
    year = applied_on.year
    serial = next_serial(case.court, rules.RELIEF_TYPE_CODE, year)
    application = ReliefApplication.objects.create(
        case_number=format_case_number(year, case.court.code, rules.RELIEF_TYPE_CODE, serial),
        court=case.court,
        year=year,
        serial=serial,
        case=case,
        applicant=applicant,
        grounds=grounds,
        hardship=hardship[:1000],
        evidence=evidence,
        requested=requested,
        applied_on=applied_on,
        registered_by=actor,
    )
    case_events.emit(
        case, events.RELIEF_APPLIED, actor, number=application.case_number, amount=_text(requested)
    )
    audit.append(
        "relief.apply", application, {"case": case.case_number, "number": application.case_number}, actor
    )
    return application


@transaction.atomic
def decide(
    application: ReliefApplication,
    approve: bool,
    amount: Decimal | None = None,
    note: str = "",
    *,
    actor: Any,
) -> ReliefApplication:
    """The president's decision: approve relief of `amount` within the cap (the unexecuted amount, the
    wage year and figure and the cap are frozen on the application) or refuse it with a reason."""
    permissions.check_decide_relief(actor, application)
    application = _locked(application)
    permissions.check_decide_relief(actor, application)
    note = (note or "").strip()
    case = application.case
    if approve:
        wage = wage_for(province_of(application.court), application.applied_on)
        if wage is None:
            raise _missing(province_of(application.court), rules.wage_year(application.applied_on))
        amount = Decimal(amount or 0)
        if amount != amount.quantize(CENT):
            raise ActionError(_("救助金额最多两位小数"))
        unexecuted = unexecuted_of(case)
        the_cap = rules.relief_cap(wage.monthly, unexecuted)
        granted = (
            ReliefApplication.objects.filter(
                case=case, applicant_id=application.applicant_id, status__in=ReliefApplication.GRANTED
            )
            .exclude(pk=application.pk)
            .exists()
        )
        problems = rules.relief_problems(amount, the_cap, granted)
        if problems:
            raise ActionError(problems)
        application.unexecuted = unexecuted
        application.wage_year = wage.year
        application.monthly_wage = wage.monthly
        application.cap = the_cap
        application.amount = amount
        application.status = ReliefApplication.APPROVED
    else:
        if not note:
            raise ActionError(_("不予救助应写明理由"))
        application.status = ReliefApplication.REFUSED
    application.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    application.decided_on = today()
    application.decision_note = note[:500]
    application.save()
    shown = _text(application.amount) if approve else "0.00"
    verdict = _("批准救助") if approve else _("不予救助")
    case_events.emit(
        case, events.RELIEF_DECIDED, actor, number=application.case_number, amount=shown, approved=verdict
    )
    audit.append(
        "relief.decide",
        application,
        {"number": application.case_number, "amount": shown, "approved": bool(approve)},
        actor,
    )
    return application


@transaction.atomic
def pay(application: ReliefApplication, *, actor: Any) -> ReliefApplication:
    """Finance pays approved relief: the amount moves from the court's relief fund into the case
    account (funds.actions.relief.grant_relief), whence the ordinary payout carries it to the applicant."""
    permissions.check_pay_relief(actor, application)
    application = _locked(application)
    if application.status != ReliefApplication.APPROVED:
        raise ActionError(_("只有已批准的救助申请可以发放"))
    relief_money.grant_relief(
        application.case, Decimal(application.amount or 0), application.case_number, actor=actor
    )
    application.status = ReliefApplication.PAID
    application.paid_on = today()
    application.save(update_fields=["status", "paid_on"])
    amount = _text(application.amount)
    case_events.emit(
        application.case, events.RELIEF_PAID, actor, number=application.case_number, amount=amount
    )
    audit.append("relief.pay", application, {"number": application.case_number, "amount": amount}, actor)
    return application


def debtor_paid_since(application: ReliefApplication) -> Decimal:
    """Money the debtor paid into the case from the day relief was paid (receipts not reversed)."""
    if application.paid_on is None:
        return ZERO
    total = Receipt.objects.filter(
        case_id=application.case_id, booked_on__gte=application.paid_on, reversed_on__isnull=True
    ).aggregate(s=Sum("amount"))["s"]
    return _yuan(total)


def case_available(case_id: int) -> Decimal:
    """What the case account holds that no payout has claimed yet (funds.queries.available)."""
    acc = LedgerAccount.objects.filter(case_id=case_id).first()
    if acc is None:
        return ZERO
    asked = Payout.objects.filter(case_id=case_id, status__in=[Payout.REQUESTED, Payout.APPROVED]).aggregate(
        s=Sum("amount")
    )["s"]
    return _yuan(max(acc.balance - acc.pending_out - Decimal(asked or 0), ZERO))


def recoverable_for(application: ReliefApplication) -> Decimal:
    """What finance may book back into the relief fund now (rules.recoverable), no more than the case
    account holds unclaimed."""
    if application.status != ReliefApplication.PAID or not application.amount:
        return ZERO
    # The debtor's later payments already used for earlier recoveries are not counted twice.
    fresh = max(debtor_paid_since(application) - Decimal(application.recovered), ZERO)
    due = rules.recoverable(application.amount, application.recovered, fresh)
    return min(due, case_available(application.case_id)) if due > 0 else ZERO


@transaction.atomic
def recover(
    application: ReliefApplication, amount: Decimal | None = None, *, actor: Any
) -> ReliefApplication:
    """Book recovery of relief from money the debtor paid into the case after it (up to what is
    recoverable; by default all of it): the case account back to the court's relief fund."""
    permissions.check_pay_relief(actor, application)
    application = _locked(application)
    if application.status != ReliefApplication.PAID:
        raise ActionError(_("只有已发放的司法救助可以追回"))
    limit = recoverable_for(application)
    amount = limit if amount is None else Decimal(amount)
    if limit <= 0:
        raise ActionError(_("被执行人在救助发放后没有新的到账款，或案件账户已无可追回的余额"))
    if amount <= 0 or amount != amount.quantize(CENT):
        raise ActionError(_("追回金额应为大于零、最多两位小数的金额"))
    if amount > limit:
        raise ActionError(
            _("追回金额 %(amount)s 元超过可追回金额 %(limit)s 元")
            % {"amount": f"{amount:,.2f}", "limit": f"{limit:,.2f}"}
        )
    relief_money.recover_relief(application.case, amount, application.case_number, actor=actor)
    application.recovered = _yuan(Decimal(application.recovered) + amount)
    application.save(update_fields=["recovered"])
    case_events.emit(
        application.case, events.RELIEF_RECOVERED, actor, number=application.case_number, amount=_text(amount)
    )
    audit.append(
        "relief.recover", application, {"number": application.case_number, "amount": _text(amount)}, actor
    )
    return application


# --- the yearly figures (rules §9: relief paid per court and year) -------------------------------


@dataclass(frozen=True)
class YearRow:
    court_id: int
    court_code: str
    court_name: str
    count: int  # applications paid in the year
    people: int  # distinct applicants (by party) paid in the year
    amount: Decimal  # relief paid
    recovered: Decimal  # of it, recovered so far

    def as_json(self) -> dict[str, Any]:
        return {
            "court": self.court_code,
            "court_name": self.court_name,
            "count": self.count,
            "people": self.people,
            "amount": _text(self.amount),
            "recovered": _text(self.recovered),
        }


def yearly_report(courts: Any, year: int) -> list[YearRow]:
    """Relief paid in `year` (by the day it was paid) per court of `courts`, one query; courts with
    none are left out, and the rows come in the courts' order of their path."""
    rows = (
        ReliefApplication.objects.filter(court__in=courts, status=ReliefApplication.PAID, paid_on__year=year)
        .values("court_id", "court__code", "court__name", "court__path")
        .annotate(
            n=Count("id"),
            people=Count("applicant", distinct=True),
            amount=Sum("amount"),
            recovered=Sum("recovered"),
        )
        .order_by("court__path")
    )
    return [
        YearRow(
            r["court_id"],
            r["court__code"],
            r["court__name"],
            r["n"],
            r["people"],
            _yuan(r["amount"]),
            _yuan(r["recovered"]),
        )
        for r in rows
    ]


def totals(rows: list[YearRow]) -> dict[str, Any]:
    return {
        "count": sum(r.count for r in rows),
        "people": sum(r.people for r in rows),
        "amount": _yuan(sum((r.amount for r in rows), ZERO)),
        "recovered": _yuan(sum((r.recovered for r in rows), ZERO)),
    }


def visible_applications(courts: Any):
    """The applications of `courts`, with what a list shows, newest first."""
    return ReliefApplication.objects.filter(court__in=courts).select_related(
        "court", "case", "applicant", "registered_by", "decided_by"
    )


__all__ = [
    "CapFigures",
    "YearRow",
    "cap",
    "cap_for",
    "decide",
    "pay",
    "recover",
    "recoverable_for",
    "register_application",
    "set_wage",
    "unexecuted_of",
    "wage_for",
    "yearly_report",
]
