"""ECharts options for the bulletin's charts, built from its stored JSON: one line chart per rate of the
year-to-date trend (the areas of the scope court and the courts directly below it, week by week), one
ranking bar chart per rate (the courts' own figures) and, when the bulletin carries last week's changes,
one bar chart of the change per rate. The same options feed the staff page (drawn in the browser), the
HTML file and the PDF (drawn to SVG by ECharts' server-side rendering in Node, see ssr.js).

Every chart has ARIA on with decal patterns, and each trend line its own symbol shape and dash, so a
reader does not depend on colour alone. Rates are shown in per cent, averages (days) as they are."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .labels import indicator_kinds

ECHARTS_JS = Path(settings.BASE_DIR) / "static" / "vendor" / "echarts.min.js"
SSR_SCRIPT = Path(__file__).with_name("ssr.js")
ARIA = {"enabled": True, "decal": {"show": True}}
# Told apart without colour: shape of the point, then dash of the line (11 x 3 combinations).
SYMBOLS = (
    "circle", "rect", "triangle", "diamond", "pin", "arrow", "roundRect",
    "emptyCircle", "emptyRect", "emptyTriangle", "emptyDiamond",
)  # fmt: skip
DASHES = ("solid", "dashed", "dotted")


def _percent(value) -> float | None:
    return None if value is None else round(value * 100, 2)


def _shown(value, kind: str) -> float | None:
    """A rate in per cent, an average (days) rounded: how a figure is drawn."""
    if value is None:
        return None
    return round(value, 2) if kind == "average" else _percent(value)


def _unit(kind: str) -> str:
    return _("天") if kind == "average" else "%"


def _bar(title: str, categories: list[str], values: list, series_name: str, unit: str = "%") -> dict:
    return {
        "aria": ARIA,
        "animation": False,
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 60, "right": 20, "top": 40, "bottom": 60},
        "xAxis": {"type": "category", "data": categories, "axisLabel": {"interval": 0, "rotate": 30}},
        "yAxis": {"type": "value", "name": unit},
        "series": [
            {"type": "bar", "name": series_name, "data": values, "label": {"show": True, "position": "top"}}
        ],
    }


def _line(title: str, weeks: list[str], lines: list[tuple[str, list]], unit: str) -> dict:
    """One line per court; the legend on the right so that many courts do not cover the plot."""
    series = [
        {
            "type": "line",
            "name": name,
            "data": values,
            "symbol": SYMBOLS[i % len(SYMBOLS)],
            "symbolSize": 9,
            "showAllSymbol": True,
            "connectNulls": False,  # a week the court was not in the bulletin stays a gap
            "lineStyle": {"type": DASHES[(i // len(SYMBOLS)) % len(DASHES)], "width": 2},
        }
        for i, (name, values) in enumerate(lines)
    ]
    return {
        "aria": ARIA,
        "animation": False,
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "legend": {
            "type": "plain",
            "orient": "vertical",
            "right": 10,
            "top": 40,
            "textStyle": {"width": 200, "overflow": "truncate"},
        },  # fmt: skip
        "grid": {"left": 60, "right": 260, "top": 40, "bottom": 40},
        "xAxis": {"type": "category", "data": weeks, "boundaryGap": False},
        "yAxis": {"type": "value", "name": unit, "scale": True},
        "series": series,
    }


def trend_options(data: dict, names: dict[str, str]) -> list[dict]:
    """The year-to-date trend charts: one line chart per rate (and average) of the bulletin's "trend",
    x = the weeks published, one line per court's area; none for a bulletin stored without a trend."""
    trend = data.get("trend") or {}
    weeks, series = trend.get("weeks", []), trend.get("series", [])
    if not weeks or not series:
        return []
    kinds = indicator_kinds(data)
    keys: list[str] = []
    for s in series:
        keys.extend(k for k in s["indicators"] if k not in keys)
    charts = []
    for i, key in enumerate(keys):
        kind = kinds.get(key, "rate")
        title = _("%(name)s趋势（年初至今）") % {"name": names.get(key, key)}
        lines = [
            (
                _("%(name)s（辖区）") % {"name": s["court_name"]},
                [_shown(v, kind) for v in s["indicators"].get(key, [None] * len(weeks))],
            )
            for s in series
        ]
        charts.append({"id": f"trend-{i}", **_line(title, weeks, lines, _unit(kind))})
    return charts


def chart_options(data: dict, names: dict[str, str]) -> list[dict]:
    """The options of every chart of one bulletin, in the order the page shows them (trend, rankings,
    changes): each carries an `id` (a DOM id suffix) besides the ECharts option keys."""
    charts: list[dict] = trend_options(data, names)
    kinds = indicator_kinds(data)
    rate_keys: list[str] = []
    for i, g in enumerate(data.get("rankings", [])):
        if g.get("area"):
            continue  # the own figures only, as the brief asks: the area figures double every chart
        name = names.get(g["indicator"], g["indicator"])
        kind = kinds.get(g["indicator"], "rate")
        if g["indicator"] not in rate_keys:
            rate_keys.append(g["indicator"])
        scope = f"，{g['parent_code']}{_('所辖')}" if g.get("parent_code") else ""
        title = _("%(name)s排名（本院%(scope)s）") % {"name": name, "scope": scope}
        ranks = g.get("ranks", [])
        option = _bar(
            title,
            [f"{e['rank'] if e['rank'] is not None else '—'}. {e['court_code']}" for e in ranks],
            [_shown(e["value"], kind) for e in ranks],
            name,
            _unit(kind),
        )
        charts.append({"id": f"rank-{i}", **option})
    changes = data.get("changes") or {}
    rows = [r for r in changes.get("courts", []) if not r.get("area")]
    if changes.get("against") and rows:
        for j, key in enumerate(rate_keys):
            name, kind = names.get(key, key), kinds.get(key, "rate")
            unit = _("天") if kind == "average" else _("百分点")
            title = _("%(name)s较 %(week)s 变化（本院，%(unit)s）") % {
                "name": name, "week": changes["against"], "unit": unit,
            }  # fmt: skip
            diffs = [r["indicators"].get(key) for r in rows]
            values = [_shown(d, kind) if isinstance(d, (int, float)) else None for d in diffs]
            option = _bar(title, [r["court_code"] for r in rows], values, name, unit)
            charts.append({"id": f"change-{j}", **option})
    return charts


def node_available() -> bool:
    return shutil.which("node") is not None and ECHARTS_JS.is_file()


def render_svgs(charts: list[dict], width: int = 900, height: int = 360, timeout: int = 60) -> list[str]:
    """Each chart as an SVG string, drawn by ECharts in Node (server-side rendering). Raises
    RuntimeError when Node is missing or fails: the caller decides whether to go without charts."""
    if not charts:
        return []
    if not node_available():
        raise RuntimeError(_("未找到 Node.js 或 ECharts，无法绘制图表"))
    payload = json.dumps({"width": width, "height": height, "charts": charts}, ensure_ascii=False)
    done = subprocess.run(
        ["node", str(SSR_SCRIPT), str(ECHARTS_JS)],
        input=payload.encode("utf-8"),
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace")[-500:])
    return json.loads(done.stdout.decode("utf-8"))
