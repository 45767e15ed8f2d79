"""The relief desk (司法救助, rules §9) at /relief/desk/: the applications of the courts the user sees with
their status, cap, amount and what is recoverable; registering an application (the case looked up by
its number), the president's decision, finance's payment and recovery, each offered only when the
permission predicate allows; the court's relief fund; and the yearly figures per court, with an Excel
export (`?format=xlsx`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhixing.cases.actions.common import today
from zhixing.cases.models import Case, Party
from zhixing.cases.queries import visible_cases
from zhixing.cases.rules import InvalidCaseNumber, parse_case_number
from zhixing.cases.views.base import (
    form_errors_to_messages,
    paginate,
    render_page,
    run_action,
    staff_post,
    staff_view,
)
from zhixing.cases.views.export import xlsx_response
from zhixing.courts.models import Court
from zhixing.courts.queries import courts_for
from zhixing.funds import permissions as funds_permissions
from zhixing.funds.actions import relief as relief_money
from zhixing.funds.models import LedgerAccount, Payout, Receipt

from .. import permissions, rules
from ..actions import relief as actions
from ..models import ProvinceWage, ReliefApplication

# --- forms ----------------------------------------------------------------------------------------


class RegisterForm(forms.Form):
    case = forms.IntegerField(widget=forms.HiddenInput)
    applicant = forms.IntegerField(label=gettext_lazy("申请人"))
    grounds = forms.ChoiceField(
        label=gettext_lazy("救助事由"),
        choices=[("", gettext_lazy("请选择")), *rules.GROUNDS.items()],  # no silent first ground
        widget=forms.Select(attrs={"id": "rg-grounds", "class": "form-select form-select-sm"}),
    )
    hardship = forms.CharField(label=gettext_lazy("困难情况"), max_length=1000, widget=forms.Textarea)
    evidence = forms.CharField(
        label=gettext_lazy("证明材料（每行一项）"), max_length=2000, widget=forms.Textarea
    )
    requested = forms.DecimalField(label=gettext_lazy("申请金额（元）"), max_digits=18, decimal_places=2)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("决定"),
        choices=[("approve", gettext_lazy("批准救助")), ("refuse", gettext_lazy("不予救助"))],
    )
    amount = forms.DecimalField(
        label=gettext_lazy("救助金额（元）"), max_digits=18, decimal_places=2, required=False
    )
    note = forms.CharField(label=gettext_lazy("决定意见"), max_length=500, required=False)


class RecoverForm(forms.Form):
    amount = forms.DecimalField(label=gettext_lazy("追回金额（元）"), max_digits=18, decimal_places=2)


class FundForm(forms.Form):
    court = forms.IntegerField(widget=forms.HiddenInput)
    amount = forms.DecimalField(label=gettext_lazy("拨入金额（元）"), max_digits=18, decimal_places=2)
    reference = forms.CharField(label=gettext_lazy("拨款凭证号"), max_length=60)
    memo = forms.CharField(label=gettext_lazy("摘要"), max_length=100, required=False)


# --- what the desk shows --------------------------------------------------------------------------


def desk_courts(user: Any):
    """The courts whose applications the user sees: the desk's roles there, the courts below included."""
    if getattr(user, "is_superuser", False):
        return Court.objects.all()
    return courts_for(user, permissions.DESK_ROLES)


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or today().year)
    except ValueError:
        return today().year
    return year if 1990 <= year <= 2100 else today().year


class Permits:
    """The may_* predicates asked once per what decides them (the court, the status, who registered),
    so a page of fifty applications asks no more than a page of one."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.memo: dict[tuple, bool] = {}

    def _ask(self, key: tuple, fn, *args) -> bool:
        if key not in self.memo:
            self.memo[key] = fn(self.user, *args)
        return self.memo[key]

    def decide(self, a: ReliefApplication) -> bool:
        mine = a.registered_by_id == getattr(self.user, "pk", None)
        return self._ask(("decide", a.court_id, a.status, mine), permissions.may_decide_relief, a)

    def pay(self, a: ReliefApplication) -> bool:
        return self._ask(("pay", a.court_id), permissions.may_pay_relief, a)

    def register(self, case: Case) -> bool:
        return self._ask(("register", case.court_id), permissions.may_register_relief, case)


def _recoverable(apps: list[ReliefApplication]) -> dict[int, Decimal]:
    """What each paid application may recover now (actions.recoverable_for), in three queries for the
    whole page: the case receipts since payment, the case accounts, the payouts asked for."""
    paid = [a for a in apps if a.status == ReliefApplication.PAID and a.amount]
    if not paid:
        return {}
    case_ids = {a.case_id for a in paid}
    receipts: dict[int, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    for cid, on, amount in Receipt.objects.filter(case_id__in=case_ids, reversed_on__isnull=True).values_list(
        "case_id", "booked_on", "amount"
    ):
        receipts[cid].append((on, amount))
    accounts = {
        cid: bal - pend
        for cid, bal, pend in LedgerAccount.objects.filter(case_id__in=case_ids).values_list(
            "case_id", "balance", "pending_out"
        )
    }
    asked = dict(
        Payout.objects.filter(case_id__in=case_ids, status__in=[Payout.REQUESTED, Payout.APPROVED])
        .values("case_id")
        .annotate(s=Sum("amount"))
        .values_list("case_id", "s")
    )
    out = {}
    for a in paid:
        since = sum((amt for on, amt in receipts[a.case_id] if on >= a.paid_on), Decimal(0))
        due = rules.recoverable(a.amount, a.recovered, max(since - a.recovered, Decimal(0)))
        room = max(Decimal(accounts.get(a.case_id, 0)) - Decimal(asked.get(a.case_id) or 0), Decimal(0))
        out[a.pk] = min(due, room.quantize(Decimal("0.01")))
    return out


def _wages() -> dict[str, list[ProvinceWage]]:
    table: dict[str, list[ProvinceWage]] = defaultdict(list)
    for w in ProvinceWage.objects.order_by("province", "-year"):
        table[w.province].append(w)
    return table


def _wage(table: dict[str, list[ProvinceWage]], a: ReliefApplication) -> ProvinceWage | None:
    year = rules.wage_year(a.applied_on)
    return next((w for w in table.get(actions.province_of(a.court), []) if w.year <= year), None)


def _rows(user: Any, page: list[ReliefApplication]) -> list[dict[str, Any]]:
    permits = Permits(user)
    wages = _wages()
    recoverable = _recoverable(page)
    rows = []
    for a in page:
        figures = actions.cap_for(a, _wage(wages, a) if a.cap is None else None)
        may_decide = permits.decide(a)
        may_pay = permits.pay(a)
        rows.append(
            {
                "app": a,
                "cap": figures.cap,
                "unexecuted": figures.unexecuted,
                "wage": figures.wage,
                "may_decide": may_decide,
                "suggested": min(a.requested, figures.cap) if figures.cap is not None else a.requested,
                "may_pay": may_pay and a.status == ReliefApplication.APPROVED,
                "may_recover": may_pay and recoverable.get(a.pk, Decimal(0)) > 0,
                "recoverable": recoverable.get(a.pk),
                "evidence": "、".join(a.evidence or []),
            }
        )
    return rows


def _lookup(request, courts) -> dict[str, Any]:
    """The register form's case, looked up by its number among the cases the user sees (?case=...)."""
    text = (request.GET.get("case") or "").strip()
    if not text:
        return {}
    try:
        number = parse_case_number(text).text
    except InvalidCaseNumber as exc:
        return {"lookup": text, "lookup_error": str(exc)}
    case = visible_cases(request.user).select_related("court").filter(case_number=number).first()
    if case is None:
        return {"lookup": text, "lookup_error": _("没有找到您可以查看的案件 %(number)s") % {"number": number}}
    if not permissions.may_register_relief(request.user, case):
        return {
            "lookup": text,
            "lookup_error": _("您不能在%(court)s登记司法救助申请") % {"court": case.court.name},
        }
    applicants = list(case.parties.filter(role=Party.APPLICANT).order_by("position", "id"))
    return {
        "lookup": text,
        "found": case,
        "applicants": applicants,
        "register_form": RegisterForm(initial={"case": case.pk}),
        "unexecuted": actions.unexecuted_of(case),
    }


def _funds(user: Any, courts) -> list[dict[str, Any]]:
    """The relief fund of each court shown that has a pooled account, with the allotment form for
    finance."""
    balances = dict(
        LedgerAccount.objects.filter(
            kind=LedgerAccount.RELIEF, case__isnull=True, pooled__court__in=courts
        ).values_list("pooled__court_id", "balance")
    )
    out = []
    for court in Court.objects.filter(pk__in=courts, pooled_account__isnull=False).order_by("path"):
        out.append(
            {
                "court": court,
                "balance": balances.get(court.pk, Decimal("0.00")),
                "may_fund": funds_permissions.may_receive(user, court),
            }
        )
    return out


def report_rows(rows: list[actions.YearRow]) -> list[list[Any]]:
    return [[r.court_code, r.court_name, r.count, r.people, r.amount, r.recovered] for r in rows]


REPORT_HEADER = [
    gettext_lazy("法院代字"),
    gettext_lazy("法院"),
    gettext_lazy("救助件数"),
    gettext_lazy("救助人数"),
    gettext_lazy("发放金额（元）"),
    gettext_lazy("已追回（元）"),
]


def _report_response(rows: list[actions.YearRow], year: int) -> HttpResponse:
    total = actions.totals(rows)
    body = [
        *report_rows(rows),
        ["", _("合计"), total["count"], total["people"], total["amount"], total["recovered"]],
    ]
    return xlsx_response(
        _("%(year)s年度司法救助") % {"year": year},
        [str(h) for h in REPORT_HEADER],
        body,
        f"relief-{year}.xlsx",
    )


def report_xlsx(rows: list[actions.YearRow], year: int) -> bytes:
    """The yearly figures as an Excel workbook (text cells written as text)."""
    return _report_response(rows, year).content


@staff_view
def desk(request):
    courts = desk_courts(request.user)
    year = _year(request)
    if request.GET.get("format") == "xlsx":
        return _report_response(actions.yearly_report(courts, year), year)
    if not courts.exists():
        raise Http404
    apps = actions.visible_applications(courts)
    status = request.GET.get("status", "")
    if status in dict(ReliefApplication.STATUSES):
        apps = apps.filter(status=status)
    page = paginate(request, apps.order_by("-applied_on", "-id"))
    report = actions.yearly_report(courts, year)
    total = actions.totals(report)
    context = {
        "page": page,
        "rows": _rows(request.user, list(page.object_list)),
        "statuses": ReliefApplication.STATUSES,
        "status": status,
        "year": year,
        "report": report,
        "total": total,
        "funds": _funds(request.user, courts),
        "decide_form": DecideForm(),
        "can_register": bool(
            getattr(request.user, "is_superuser", False)
            or courts_for(request.user, permissions.FILING_ROLES).exists()
        ),
        "on": today(),
        **_lookup(request, courts),
    }
    return render_page(request, "relief/desk.html", context, active="relief")


def _application(request, pk: int) -> ReliefApplication:
    return get_object_or_404(actions.visible_applications(desk_courts(request.user)), pk=pk)


def _back(request):
    return redirect(
        reverse("relief:desk") + ("?" + request.POST["query"] if request.POST.get("query") else "")
    )


@staff_post
def register(request):
    form = RegisterForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(request)
    d = form.cleaned_data
    case = get_object_or_404(visible_cases(request.user).select_related("court"), pk=d["case"])
    applicant = case.parties.filter(pk=d["applicant"]).first()
    if applicant is None:
        messages.error(request, _("救助申请人应为本案的申请执行人"))
        return _back(request)
    evidence = [line.strip() for line in d["evidence"].splitlines() if line.strip()]
    run_action(
        request,
        actions.register_application,
        case,
        applicant,
        d["grounds"],
        d["hardship"],
        evidence,
        d["requested"],
        actor=request.user,
        success=lambda a: _("已登记司法救助申请 %(number)s") % {"number": a.case_number},
    )
    return redirect("relief:desk")


@staff_post
def decide(request, pk: int):
    application = _application(request, pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(request)
    d = form.cleaned_data
    approve = d["decision"] == "approve"
    run_action(
        request,
        actions.decide,
        application,
        approve,
        d["amount"],
        d["note"],
        actor=request.user,
        success=_("已批准救助") if approve else _("已决定不予救助"),
    )
    return _back(request)


@staff_post
def pay(request, pk: int):
    application = _application(request, pk)
    run_action(
        request,
        actions.pay,
        application,
        actor=request.user,
        success=_("救助金已划入案件账户，请按案款发放程序支付给申请人"),
    )
    return _back(request)


@staff_post
def recover(request, pk: int):
    application = _application(request, pk)
    form = RecoverForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(request)
    run_action(
        request,
        actions.recover,
        application,
        form.cleaned_data["amount"],
        actor=request.user,
        success=_("已追回司法救助金"),
    )
    return _back(request)


@staff_post
def fund(request):
    form = FundForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(request)
    d = form.cleaned_data
    court = get_object_or_404(desk_courts(request.user), pk=d["court"])
    run_action(
        request,
        relief_money.fund_relief,
        court,
        d["amount"],
        today(),
        d["reference"],
        d["memo"] or _("司法救助资金拨款"),
        actor=request.user,
        success=_("已登记拨入的司法救助资金"),
    )
    return _back(request)


urls: list = [
    path("desk/", desk, name="desk"),
    path("desk/register/", register, name="relief_register"),
    path("desk/fund/", fund, name="relief_fund"),
    path("desk/<int:pk>/decide/", decide, name="relief_decide"),
    path("desk/<int:pk>/pay/", pay, name="relief_pay"),
    path("desk/<int:pk>/recover/", recover, name="relief_recover"),
]

__all__ = ["report_xlsx", "urls"]
