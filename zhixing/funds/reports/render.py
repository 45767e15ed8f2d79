"""The monthly report as an Excel workbook (openpyxl; every text cell through core.sheets, so nothing
in it is a formula) and as a PDF (WeasyPrint, set in the Noto CJK fonts core.pdf finds)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from zhixing.core import pdf as core_pdf
from zhixing.core.sheets import xlsx_row

from .monthly import MonthlyReport

AMOUNT_FORMAT = "#,##0.00"


def yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def context(report: MonthlyReport) -> dict[str, Any]:
    """What the page and the PDF show: the report and its figures with amounts as text (two places)."""
    figures = [
        *report.channels,
        report.claims,
        report.payouts,
        report.bounced,
        report.unidentified,
        report.overdue,
    ]
    return {
        "report": report,
        "summary": [(label, yuan(amount)) for label, amount in report.summary()],
        "channels": [(f.label, f.count, yuan(f.amount)) for f in report.channels],
        "receipts_total": yuan(sum((f.amount for f in report.channels), Decimal(0))),
        "others": [(f.label, f.count, yuan(f.amount)) for f in figures[len(report.channels) :]],
        "paid_out": yuan(report.paid_out),
        "fees": yuan(report.fees),
        "ageing": [(f.label, f.count, yuan(f.amount)) for f in report.ageing],
        "cases": [
            (c.case_number, yuan(c.opening), yuan(c.inflow), yuan(c.outflow), yuan(c.closing))
            for c in report.cases
        ],
    }


def _money(ws, amount: Decimal) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=amount)
    cell.number_format = AMOUNT_FORMAT
    return cell


def to_xlsx(report: MonthlyReport) -> bytes:
    """Three sheets: 汇总 (the figures), 案件明细 (each case account's movement), 不明款账龄."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("汇总"))

    def row(*values: object) -> None:
        ws.append(xlsx_row(ws, [_money(ws, v) if isinstance(v, Decimal) else v for v in values]))

    row(report.title)
    row(_("专户"), f"{report.account_name} {report.account}")
    row(_("期间"), f"{report.month.isoformat()} 至 {report.end.isoformat()}")
    row()
    row(_("项目"), _("笔数"), _("金额（元）"))
    for label, amount in report.summary():
        row(label, "", amount)
    row()
    row(_("到账款（按渠道）"), _("笔数"), _("金额（元）"))
    for f in report.channels:
        row(f.label, f.count, f.amount)
    row()
    for f in (report.claims, report.payouts, report.bounced, report.unidentified, report.overdue):
        row(f.label, f.count, f.amount)
    row(_("其中：实际付出（扣除执行费）"), "", report.paid_out)
    row(_("本月结算执行费"), "", report.fees)
    row(report.fines.label, report.fines.count, report.fines.amount)

    cases = wb.create_sheet(_("案件明细"))
    cases.append(xlsx_row(cases, [_("案号"), _("期初余额"), _("本月收入"), _("本月支出"), _("期末余额")]))
    for c in report.cases:
        cases.append(
            xlsx_row(
                cases,
                [c.case_number, *(_money(cases, v) for v in (c.opening, c.inflow, c.outflow, c.closing))],
            )
        )

    ageing = wb.create_sheet(_("不明款账龄"))
    ageing.append(xlsx_row(ageing, [_("账龄"), _("笔数"), _("金额（元）")]))
    for f in report.ageing:
        ageing.append(xlsx_row(ageing, [f.label, f.count, _money(ageing, f.amount)]))

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_pdf(report: MonthlyReport) -> bytes:
    """Raises core.pdf.FontNotFound when no CJK font is installed."""
    ctx = context(report)
    ctx.update(pdf=True, **core_pdf.font_context())
    return core_pdf.write_pdf(render_to_string("funds/report_monthly_print.html", ctx))
