"""The campaign report (queries.campaigns.figures) as an Excel workbook (openpyxl; every text cell
through core.sheets, so nothing in it is a formula) and a PDF (WeasyPrint in the Noto CJK fonts
core.pdf finds) with two charts: progress against the targets per court and money recovered per court.

WeasyPrint runs no JavaScript, and the supervision bulletin's chart helper (supervision.render.charts)
draws through ECharts in Node, so a PDF made where Node is missing would have no charts: these charts
are drawn here in Python as inline SVG (`bar_chart`), set in the same CJK font as the text.

Both renderings read one list of tables (`tables`), so the workbook and the PDF can never disagree,
and the board reads the same figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef

from zhixing.cases.actions.common import today
from zhixing.core import pdf as core_pdf
from zhixing.core.sheets import amount_cell, tables_workbook

from . import rules
from .queries.campaigns import CampaignFigures, CourtFigures

PERCENT_FORMAT = "0.0%"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Percent:
    """A share of a target in per cent (rules.progress), shown as 85.0%; a percentage cell in Excel."""

    value: Decimal

    def __str__(self) -> str:
        return f"{self.value}%"


@dataclass
class Table:
    """One sheet of the workbook, one section of the PDF. Cells are text, int, Decimal (yuan) or
    Percent."""

    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def pct(value: Decimal | None) -> Percent | str:
    return "—" if value is None else Percent(value)


def maybe(value: Any) -> Any:
    return "—" if value is None else value


def title(f: CampaignFigures) -> str:
    return _("%(name)s成效统计") % {"name": f.campaign.name}


def period(f: CampaignFigures) -> str:
    return f"{f.campaign.starts_on.isoformat()} — {f.campaign.ends_on.isoformat()}"


def dated() -> list[tuple[str, str]]:
    """The dates a reader of the report needs: the figures count what the cases say as of today (a
    receipt reversed or a case enrolled later changes them), and the report was made today."""
    on = today().isoformat()
    return [(_("统计截至"), on), (_("制表日期"), on)]


def kinds_text(f: CampaignFigures) -> str:
    return "、".join(str(rules.KINDS.get(k, k)) for k in f.campaign.kinds)


def tables(f: CampaignFigures) -> list[Table]:
    t = f.total
    summary = Table(
        _("汇总"),
        [_("项目"), _("数值")],
        [
            [_("纳入案件（件）"), t.cases],
            [_("行动期间结案（件）"), t.closed],
            *([[_("其中：%(method)s") % {"method": label}, t.closed_by.get(m, 0)] for m, label in f.methods]),
            [_("目标结案数（件）"), maybe(t.target_closed)],
            [_("结案目标完成率"), pct(t.closed_progress)],
            [_("执行到位金额（元）"), t.recovered],
            [_("目标执行到位金额（元）"), maybe(t.target_amount)],
            [_("金额目标完成率"), pct(t.amount_progress)],
            [_("达成执行和解（件）"), t.settlements],
            [_("纳入失信名单（人次）"), t.listings],
            [_("拘传（人次）"), t.summons],
            [_("司法拘留（人次）"), t.detentions],
            [_("罚款（人次）"), t.fines],
            [_("外勤行动（次）"), len(f.operations)],
            [_("见证人（人次）"), f.witnesses],
        ],
    )
    courts = Table(
        _("分法院"),
        [
            _("法院"),
            _("纳入案件"),
            _("结案"),
            *(str(label) for _m, label in f.methods),
            _("目标结案数"),
            _("结案完成率"),
            _("执行到位金额（元）"),
            _("目标金额（元）"),
            _("金额完成率"),
            _("和解"),
            _("失信"),
            _("拘传"),
            _("拘留"),
            _("罚款"),
        ],
    )
    for r in [*f.rows, t]:
        courts.rows.append(
            [
                _("合计") if r is t else r.court_name,
                r.cases,
                r.closed,
                *(r.closed_by.get(m, 0) for m, _label in f.methods),
                maybe(r.target_closed),
                pct(r.closed_progress),
                r.recovered,
                maybe(r.target_amount),
                pct(r.amount_progress),
                r.settlements,
                r.listings,
                r.summons,
                r.detentions,
                r.fines,
            ]
        )
    operations = Table(
        _("外勤行动"),
        [_("行动名称"), _("法院"), _("日期"), _("状态"), _("行动案件"), _("见证人"), _("到场")],
        [
            [
                o.operation.name,
                o.operation.court.name,
                timezone.localtime(o.operation.starts_at).date().isoformat(),
                o.operation.get_status_display(),
                o.targets,
                "、".join(f"{w.name}（{w.get_kind_display()}）" for w in o.witnesses) or "—",
                o.witnesses_attended,
            ]
            for o in f.operations
        ],
    )
    return [summary, courts, operations]


# --- Excel ----------------------------------------------------------------------------------------------


def _typed(ws, value: Any) -> Any:
    if isinstance(value, Percent):
        cell = WriteOnlyCell(ws, value=value.value / 100)
        cell.number_format = PERCENT_FORMAT
        return cell
    return amount_cell(ws, value)


CHART_ROW_CM = 0.53  # a default row (15 points) in centimetres: where the next chart starts


def _bar_chart(title: str, courts: int, number_format: str) -> BarChart:
    chart = BarChart()
    chart.type = "bar"  # horizontal, court names down the side as in the PDF
    chart.grouping = "clustered"
    chart.title = title
    chart.width = 18
    chart.height = max(7.5, 3.5 + 1.2 * courts)
    chart.legend.position = "b"
    chart.x_axis.scaling.orientation = "maxMin"  # the first court on top, as in the table
    chart.y_axis.number_format = number_format
    chart.y_axis.majorGridlines = None
    chart.x_axis.delete = False  # openpyxl 3.1 leaves the axes unset, which Excel reads as hidden
    chart.y_axis.delete = False
    return chart


def chart_sheet(f: CampaignFigures, courts_table: Table) -> Any:
    """tables_workbook's `after` hook: native Excel bar charts under the per-court table, drawn from its
    cells (the court rows, not the total): progress against the targets (closed and amount, in per
    cent; only when the campaign has a target) and money recovered (with each court's share of the
    amount target when there is one). Editing a figure in the sheet moves its bar."""
    headers = list(courts_table.headers)
    n = len(f.rows)

    def column(header: str) -> int:
        return headers.index(header) + 1

    def add(wb: Any, sheets: list[Any]) -> None:
        if not n:
            return
        ws = sheets[1]
        courts = str(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
        at = n + 4  # under the total row, a blank line between

        def place(chart: BarChart, cols: list[int]) -> None:
            nonlocal at
            for c in cols:  # one series per column, titled by its header cell
                chart.add_data(Reference(ws, min_col=c, min_row=1, max_row=n + 1), titles_from_data=True)
            for (
                series
            ) in chart.series:  # court names are text: a string reference, not set_categories' numRef
                series.cat = AxDataSource(strRef=StrRef(f=courts))
            ws.add_chart(chart, f"A{at}")
            at += int(chart.height / CHART_ROW_CM) + 2

        progress = [
            column(h)
            for h, target in (
                (_("结案完成率"), f.campaign.target_closed),
                (_("金额完成率"), f.campaign.target_amount),
            )
            if target is not None
        ]
        if progress:
            place(_bar_chart(_("各法院目标完成情况"), n, "0%"), progress)
        money = [column(_("执行到位金额（元）"))]
        if f.campaign.target_amount is not None:
            money.append(column(_("目标金额（元）")))
        place(_bar_chart(_("各法院执行到位金额（元）"), n, "#,##0"), money)

    return add


def to_xlsx(f: CampaignFigures) -> bytes:
    """One sheet per table, the first headed by the title, the window, the courts, the kinds and the
    dates; the per-court sheet carries its charts (chart_sheet)."""
    heading = [
        [title(f)],
        [_("行动代号"), f.campaign.code],
        [_("组织法院"), f.campaign.court.name],
        [_("行动期间"), period(f)],
        [_("重点案件类型"), kinds_text(f)],
        *([label, on] for label, on in dated()),
    ]
    all_tables = tables(f)
    return tables_workbook(
        all_tables, heading, widths=(30, 16), cell=_typed, after=chart_sheet(f, all_tables[1])
    )


# --- charts (inline SVG, drawn in Python) ---------------------------------------------------------------

COLOURS = ("#2f6db5", "#e07b25", "#5a9e4b")


def _nice_max(value: float) -> float:
    """A round upper end for the axis at or above `value`."""
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * step >= value:
            return m * step
    return 10.0 * step


def bar_chart(
    title: str,
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    value_text: Any = str,
    marks: list[float | None] | None = None,
    mark_label: str = "",
    reference: float | None = None,
    reference_label: str = "",
    font: str = "sans-serif",
    width: int = 820,
) -> str:
    """A horizontal grouped bar chart as an SVG string: one group per label (court names on the left),
    one bar per series with its value written at its end, optional tick marks per group (each court's
    target) and an optional vertical reference line (100%). Patterns of colour AND position tell the
    series apart; a legend names them."""
    bar_h, gap = 14, 10
    label_w, right = 200, 80
    top = 56
    group_h = bar_h * len(series) + gap
    height = top + group_h * len(labels) + 34
    plot_w = width - label_w - right
    values = [v for _n, vs in series for v in vs if v is not None]
    top_value = max([*values, *(m for m in (marks or []) if m is not None), reference or 0, 0])
    scale_max = _nice_max(float(top_value))

    def x(v: float) -> float:
        return label_w + plot_w * float(v) / scale_max

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{escape(font)}" font-size="12" role="img" '
        f'aria-label="{escape(title)}">',
        f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    # legend
    lx = label_w
    for i, (name, _vs) in enumerate(series):
        out.append(f'<rect x="{lx}" y="30" width="14" height="10" fill="{COLOURS[i % len(COLOURS)]}"/>')
        out.append(f'<text x="{lx + 18}" y="39">{escape(name)}</text>')
        lx += 24 + 13 * len(name)
    if marks:
        out.append(f'<line x1="{lx}" y1="28" x2="{lx}" y2="42" stroke="#c0392b" stroke-width="2.5"/>')
        out.append(f'<text x="{lx + 6}" y="39">{escape(mark_label)}</text>')
    # grid and axis
    bottom = top + group_h * len(labels)
    for k in range(0, 5):
        v = scale_max * k / 4
        gx = x(v)
        out.append(f'<line x1="{gx:.1f}" y1="{top - 4}" x2="{gx:.1f}" y2="{bottom}" stroke="#ddd"/>')
        out.append(
            f'<text x="{gx:.1f}" y="{bottom + 16}" text-anchor="middle" fill="#555">{escape(value_text(v))}</text>'
        )
    for gi, label in enumerate(labels):
        gy = top + gi * group_h
        out.append(
            f'<text x="{label_w - 8}" y="{gy + bar_h * len(series) / 2 + 4:.1f}" text-anchor="end">'
            f"{escape(label)}</text>"
        )
        for si, (_name, vs) in enumerate(series):
            v = vs[gi]
            by = gy + si * bar_h
            if v is None:
                out.append(f'<text x="{label_w + 4}" y="{by + bar_h - 3}" fill="#777">—</text>')
                continue
            w = max(x(v) - label_w, 0.0)
            colour = COLOURS[si % len(COLOURS)]
            out.append(
                f'<rect x="{label_w}" y="{by + 1}" width="{w:.1f}" height="{bar_h - 2}" fill="{colour}"/>'
            )
            out.append(f'<text x="{label_w + w + 4:.1f}" y="{by + bar_h - 3}">{escape(value_text(v))}</text>')
        if marks and marks[gi] is not None:
            mx = x(marks[gi])
            out.append(
                f'<line x1="{mx:.1f}" y1="{gy - 2}" x2="{mx:.1f}" y2="{gy + bar_h * len(series) + 2}" '
                f'stroke="#c0392b" stroke-width="2.5"/>'
            )
    if reference is not None:
        rx = x(reference)
        out.append(
            f'<line x1="{rx:.1f}" y1="{top - 6}" x2="{rx:.1f}" y2="{bottom}" stroke="#c0392b" '
            f'stroke-width="1.5" stroke-dasharray="5,3"/>'
        )
        out.append(
            f'<text x="{rx + 4:.1f}" y="{top - 8}" fill="#c0392b" font-size="11">{escape(reference_label)}</text>'
        )
    out.append(f'<line x1="{label_w}" y1="{top - 4}" x2="{label_w}" y2="{bottom}" stroke="#333"/>')
    out.append("</svg>")
    return "".join(out)


def _wan(v: float) -> str:
    """Yuan in 万元 with two decimals (the charts' unit: court figures run to millions)."""
    return f"{v / 10000:,.2f}"


def charts(f: CampaignFigures, font: str = "sans-serif") -> list[dict[str, str]]:
    """The report's two charts as {"title", "svg"}: progress against the targets per court (closed
    cases and money, in per cent, with the 100% line) and money recovered per court (万元, each
    court's target marked)."""
    rows: list[CourtFigures] = f.rows
    labels = [r.court_name for r in rows]
    out = []
    if f.campaign.target_closed is not None or f.campaign.target_amount is not None:
        series = []
        if f.campaign.target_closed is not None:
            series.append((_("结案目标完成率"), [_f(r.closed_progress) for r in rows]))
        if f.campaign.target_amount is not None:
            series.append((_("金额目标完成率"), [_f(r.amount_progress) for r in rows]))
        t = _("各法院目标完成情况（%）")
        out.append(
            {
                "title": t,
                "svg": bar_chart(
                    t,
                    labels,
                    series,
                    value_text=lambda v: f"{v:.1f}%",
                    reference=100.0,
                    reference_label=_("目标 100%"),
                    font=font,
                ),
            }
        )
    t = _("各法院执行到位金额（万元）")
    has_targets = f.campaign.target_amount is not None
    out.append(
        {
            "title": t,
            "svg": bar_chart(
                t,
                labels,
                [(_("执行到位金额"), [float(r.recovered) for r in rows])],
                value_text=_wan,
                marks=[_f(r.target_amount) for r in rows] if has_targets else None,
                mark_label=_("分解目标"),
                font=font,
            ),
        }
    )
    return out


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# --- PDF ------------------------------------------------------------------------------------------------


def _cell(value: Any) -> tuple[Any, bool]:
    """(what is shown, whether it is a number: numbers are set right-aligned, text left)."""
    if isinstance(value, Decimal):
        return yuan(value), True
    if isinstance(value, Percent):
        return str(value), True
    return value, isinstance(value, int)


def context(f: CampaignFigures) -> dict[str, Any]:
    return {
        "title": title(f),
        "figures": f,
        "campaign": f.campaign,
        "period": period(f),
        "kinds": kinds_text(f),
        "dated": dated(),
        "tables": [
            {"title": t.title, "headers": t.headers, "rows": [[_cell(c) for c in row] for row in t.rows]}
            for t in tables(f)
        ],
    }


def to_pdf(f: CampaignFigures) -> bytes:
    """A4 landscape; raises core.pdf.FontNotFound when no CJK font is installed."""
    ctx = context(f)
    ctx.update(**core_pdf.font_context())
    ctx["charts"] = charts(f, font=f"{ctx['sans']}, {ctx['serif']}")
    return core_pdf.write_pdf(render_to_string("relief/campaign_print.html", ctx))
