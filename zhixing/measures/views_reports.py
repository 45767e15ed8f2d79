"""The monthly report of measures as a download: /measures/reports/monthly/?court=CODE&month=YYYY-MM
&format=xlsx|pdf (without a format, the page with both download links). For the roles of the command
centre's board (permissions.check_use_board) on the court or above it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from zhixing.cases.actions.common import today
from zhixing.cases.views.base import render_page, staff_view
from zhixing.core.pdf import FontNotFound

from . import permissions, reports
from .api import board_courts
from .queries import monthly_measures


@staff_view
def monthly_report(request):
    courts = list(board_courts(request.user))
    if not courts:
        raise PermissionDenied(_("查看强制措施统计需要执行人员、法官、院领导、指挥中心或财务角色"))
    code = request.GET.get("court") or courts[0].code
    court = next((c for c in courts if c.code == code), None)
    if court is None:
        raise Http404(_("没有代字为 %(code)s 的法院") % {"code": code})
    permissions.check_use_board(request.user, court)
    month_text = request.GET.get("month") or today().strftime("%Y-%m")
    month = reports.parse_month(month_text)
    if month is None:
        raise Http404(_("月份“%(text)s”无效，应为 YYYY-MM") % {"text": month_text})
    report = monthly_measures(court, month)
    # The court's code is Chinese (冀96): the header carries it as RFC 6266's filename*.
    name = f"measures-{court.code}-{month:%Y-%m}"
    fmt = request.GET.get("format", "html")
    if fmt == "xlsx":
        response = HttpResponse(reports.to_xlsx(report), content_type=reports.XLSX)
        response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx")
        return response
    if fmt == "pdf":
        try:
            data = reports.to_pdf(report)
        except FontNotFound as err:
            return HttpResponse(str(err), status=503, content_type="text/plain; charset=utf-8")
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, f"{name}.pdf")
        return response
    ctx = reports.context(report)
    ctx.update(courts=[(c.code, c.name) for c in courts], court_code=court.code)
    return render_page(request, "measures/reports/monthly.html", ctx, active="measures")
