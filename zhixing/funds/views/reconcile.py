"""Finance's reconciliation pages (issue 9 item 7): the day's bank statement uploaded and compared
with the ledger (nothing is written: the file is read, compared and forgotten), and the monthly
reconciliation report of a court's pooled account as a page, an Excel workbook or a PDF."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhixing.cases.actions.common import today
from zhixing.cases.views.base import render_page, staff_view, yuan
from zhixing.core.pdf import FontNotFound
from zhixing.courts import queries as court_queries
from zhixing.courts.models import Court

from ..models import PooledAccount
from ..reconcile import reconcile_day
from ..reports import access, monthly, render
from ..statement import MAX_BYTES, StatementError, parse_statement

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReconcileForm(forms.Form):
    statement = forms.FileField(label=gettext_lazy("银行对账单（camt.053 XML 或 CSV）"))
    day = forms.DateField(
        label=gettext_lazy("对账日期"),
        required=False,
        help_text=gettext_lazy("不填则取对账单中最后一个记账日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def _reconciling_courts(user: Any):
    if getattr(user, "is_superuser", False):
        return Court.objects.all()
    return court_queries.courts_for(user, access.RECONCILING_ROLES)


def _rows(rec) -> list[dict[str, Any]]:
    return [
        {
            "line": x,
            "bank": yuan(x.bank_amount),
            "ledger": yuan(x.ledger_amount),
            "direction": {"credit": _("贷（收）"), "debit": _("借（付）")}.get(x.direction, ""),
        }
        for x in rec.lines
    ]


@staff_view
def reconcile_page(request):
    courts = _reconciling_courts(request.user)
    if not courts.exists():
        raise PermissionDenied(_("核对银行对账单需要财务角色"))
    ctx: dict[str, Any] = {"problems": [], "rec": None}
    form = ReconcileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["statement"]
        if upload.size > MAX_BYTES:
            ctx["problems"] = [_("文件过大，对账单不得超过 %(max)s MB") % {"max": MAX_BYTES // 2**20}]
        else:
            try:
                statement = parse_statement(upload.read(), upload.name)
            except StatementError as err:
                ctx["problems"] = err.problems
            else:
                pooled = (
                    PooledAccount.objects.filter(account_number=statement.account, court__in=courts)
                    .select_related("court")
                    .first()
                )
                days = sorted({e.booked_on for e in statement.entries})
                day: dt.date | None = form.cleaned_data["day"] or (days[-1] if days else None)
                if pooled is None:
                    ctx["problems"] = [
                        _("对账单账号 %(acc)s 不是您可以核对的执行款专户") % {"acc": statement.account}
                    ]
                elif day is None:
                    ctx["problems"] = [_("对账单中没有任何交易，请填写对账日期")]
                else:
                    rec = reconcile_day(statement, pooled, day)
                    ctx.update(
                        rec=rec,
                        pooled=pooled,
                        rows=_rows(rec),
                        days=days,
                        bank_credits=yuan(rec.bank_credits),
                        bank_debits=yuan(rec.bank_debits),
                        bank_net=yuan(rec.bank_net),
                        ledger_net=yuan(rec.ledger_net),
                        movement_difference=yuan(rec.movement_difference),
                    )
    ctx["form"] = form
    return render_page(request, "funds/reconcile.html", ctx, active="funds")


def _report_courts(user: Any):
    if getattr(user, "is_superuser", False):
        return Court.objects.all()
    return court_queries.courts_for(user, access.REPORT_ROLES)


@staff_view
def monthly_report(request):
    courts = _report_courts(request.user)
    choices = list(courts.filter(pooled_account__isnull=False).order_by("path").values_list("code", "name"))
    if not choices:
        raise PermissionDenied(_("查看案款对账报表需要财务、院领导或指挥中心角色"))
    code = request.GET.get("court") or choices[0][0]
    court = Court.objects.filter(code=code).first()
    if court is None:
        raise Http404(_("没有代字为 %(code)s 的法院") % {"code": code})
    access.check_read_report(request.user, court)
    pooled = PooledAccount.objects.filter(court=court).select_related("court").first()
    if pooled is None:
        raise Http404(_("%(court)s尚未开立执行款专户") % {"court": court.name})
    month_text = request.GET.get("month") or today().strftime("%Y-%m")
    month = monthly.parse_month(month_text)
    if month is None:
        raise Http404(_("月份“%(text)s”无效，应为 YYYY-MM") % {"text": month_text})
    report = monthly.monthly_report(pooled, month)
    name = f"monthly-{court.code}-{month:%Y-%m}"
    fmt = request.GET.get("format", "html")
    if fmt == "xlsx":
        response = HttpResponse(render.to_xlsx(report), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if fmt == "pdf":
        try:
            data = render.to_pdf(report)
        except FontNotFound as err:
            return HttpResponse(str(err), status=503, content_type="text/plain; charset=utf-8")
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    ctx = render.context(report)
    ctx.update(courts=choices, court_code=court.code, month_text=f"{month:%Y-%m}")
    return render_page(request, "funds/report_monthly.html", ctx, active="funds")
