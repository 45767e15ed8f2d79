"""The monthly report of coercive measures and referrals of a court and the courts below it
(queries.monthly_measures), as an Excel workbook (openpyxl; every text cell through core.sheets, so
nothing in it is a formula) and a PDF (WeasyPrint in the Noto CJK fonts core.pdf finds); and the
operation report (queries.operation_report) as a PDF for the campaign's file.

Both renderings read one list of tables (`tables`), so the workbook and the PDF can never disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from zhixing.core import pdf as core_pdf
from zhixing.core.sheets import tables_workbook

from .queries import MonthlyMeasures, OperationReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    """One sheet of the workbook, one section of the PDF. Cells are text, int or Decimal (yuan)."""

    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def parse_month(text: str) -> dt.date | None:
    """The first day of the month `YYYY-MM`, or None when the text is not one."""
    try:
        year, month = (int(p) for p in text.strip().split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError, AttributeError):
        return None


def yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def title(report: MonthlyMeasures) -> str:
    return _("%(court)s%(year)s年%(month)s月强制措施统计") % {
        "court": report.court.name,
        "year": report.month_start.year,
        "month": report.month_start.month,
    }


def tables(report: MonthlyMeasures) -> list[Table]:
    """The figures of a queries.MonthlyMeasures as tables: the summary, each court, the referrals'
    outcomes. A fine counts in the month it was decided; its paid amount is what was paid of it so far."""
    t = report.total
    summary = Table(
        _("汇总"),
        [_("项目"), _("件数（人次）"), _("金额（元）或天数")],
        [
            [_("罚款"), t.fines, t.fine_amount],
            [_("其中：已缴纳罚款"), "", t.fine_paid],
            [_("司法拘留"), t.detentions, t.detention_days],
            [_("拘传"), t.summons, ""],
            [_("搜查"), t.searches, ""],
            [_("限制出境"), t.exit_bans, ""],
            [_("悬赏"), t.rewards, ""],
            [_("移送拒执罪线索"), t.referrals_sent, ""],
        ],
    )
    courts = Table(
        _("分法院"),
        [
            _("法院"),
            _("罚款件数"),
            _("罚款金额（元）"),
            _("已缴罚款（元）"),
            _("拘留人次"),
            _("拘留天数"),
            _("拘传"),
            _("搜查"),
            _("限制出境"),
            _("悬赏"),
            _("移送"),
        ],
    )
    for r in [*report.rows, t]:
        name = _("合计") if r is t else r.court_name
        courts.rows.append(
            [
                name,
                r.fines,
                r.fine_amount,
                r.fine_paid,
                r.detentions,
                r.detention_days,
                r.summons,
                r.searches,
                r.exit_bans,
                r.rewards,
                r.referrals_sent,
            ]
        )
    outcomes = Table(
        _("移送案件处理情况"),
        [_("状态（截至月末）"), *(r.court_name for r in report.rows), _("合计")],
        [
            [
                label,
                *(r.referral_statuses.get(code, 0) for r in report.rows),
                t.referral_statuses.get(code, 0),
            ]
            for code, label in report.statuses
        ],
    )
    return [summary, courts, outcomes]


def as_json(report: MonthlyMeasures) -> dict:
    """The summary table as JSON (the `zhixing measures report` line): amounts as strings."""
    out: dict[str, Any] = {"court": report.court.code, "month": f"{report.month_start:%Y-%m}", "tables": []}
    for t in tables(report):
        rows = [[f"{c:.2f}" if isinstance(c, Decimal) else c for c in row] for row in t.rows]
        out["tables"].append({"title": t.title, "headers": t.headers, "rows": rows})
    return out


def to_xlsx(report: MonthlyMeasures) -> bytes:
    """One sheet per table, the first headed by the report's title and period."""
    return tables_workbook(tables(report), [[title(report)], [_("期间"), f"{report.month_start:%Y-%m}"]])


def _cell(value: Any) -> tuple[Any, bool]:
    """(what is shown, whether it is a number: numbers are set right-aligned, text left)."""
    if isinstance(value, Decimal):
        return yuan(value), True
    return value, isinstance(value, int)


def _shown(table: Table) -> dict:
    rows = [[_cell(c) for c in row] for row in table.rows]
    return {"title": table.title, "headers": table.headers, "rows": rows}


def context(report: MonthlyMeasures) -> dict[str, Any]:
    return {
        "title": title(report),
        "report": report,
        "month_text": f"{report.month_start:%Y-%m}",
        "tables": [_shown(t) for t in tables(report)],
    }


def to_pdf(report: MonthlyMeasures) -> bytes:
    """Raises core.pdf.FontNotFound when no CJK font is installed."""
    ctx = context(report)
    ctx.update(**core_pdf.font_context())
    return core_pdf.write_pdf(render_to_string("measures/reports/monthly_print.html", ctx))


def operation_tables(report: OperationReport) -> list[Table]:
    """The operation report's totals, its cases and its witnesses."""
    summary = Table(
        _("行动成效"),
        [_("项目"), _("数量")],
        [
            [_("行动案件"), report.cases],
            [_("行动以来结案"), report.cases_closed],
            [_("执行到位金额（元）"), report.money_recovered],
            [_("其中：现场收款（元）"), report.field_cash],
            [_("拘传人数"), report.summoned],
            [_("拘留人数"), report.detained],
            [_("纳入失信名单人数"), report.listed],
            [_("见证人到场"), report.witnesses_attended],
            [_("现场记录"), report.records],
            [_("证据文件"), report.evidence],
        ],
    )
    cases = Table(
        _("逐案情况"),
        [
            _("案号"),
            _("地点"),
            _("结果"),
            _("结案日期"),
            _("现场收款（元）"),
            _("其他到账（元）"),
            _("拘传"),
            _("拘留"),
            _("失信"),
            _("记录"),
            _("证据"),
        ],
        [
            [
                r.case_number,
                r.place,
                r.outcome,
                r.closed_on.isoformat() if r.closed_on else "",
                r.field_cash,
                r.receipts,
                r.summoned,
                r.detained,
                r.listed,
                r.records,
                r.evidence,
            ]
            for r in report.rows
        ],
    )
    witnesses = Table(
        _("见证人"),
        [_("姓名"), _("身份"), _("单位或职务"), _("到场")],
        [
            [w.name, w.get_kind_display(), w.unit, _("是") if w.attended else _("否")]
            for w in report.witnesses
        ],
    )
    return [summary, cases, witnesses]


def operation_context(report: OperationReport) -> dict[str, Any]:
    return {
        "report": report,
        "operation": report.operation,
        "tables": [_shown(t) for t in operation_tables(report)],
    }


def operation_pdf(report: OperationReport) -> bytes:
    """The operation report (queries.operation_report) as a PDF. Raises core.pdf.FontNotFound."""
    ctx = operation_context(report)
    ctx.update(**core_pdf.font_context())
    return core_pdf.write_pdf(render_to_string("measures/reports/operation_print.html", ctx))
