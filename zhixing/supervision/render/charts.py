"""ECharts options for the bulletin's charts, built from its stored JSON: one ranking bar chart per
rate (the courts' own figures) and, when the bulletin carries last week's changes, one bar chart of the
change per rate. The same options feed the staff page (drawn in the browser) and the PDF (drawn to SVG
by ECharts' server-side rendering in Node, see ssr.js).

Every chart has ARIA on with decal patterns, so a reader does not depend on colour alone."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

ECHARTS_JS = Path(settings.BASE_DIR) / "static" / "vendor" / "echarts.min.js"
SSR_SCRIPT = Path(__file__).with_name("ssr.js")
ARIA = {"enabled": True, "decal": {"show": True}}


def _percent(value) -> float | None:
    return None if value is None else round(value * 100, 2)


def _bar(title: str, categories: list[str], values: list, series_name: str) -> dict:
    return {
        "aria": ARIA,
        "animation": False,
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 60, "right": 20, "top": 40, "bottom": 60},
        "xAxis": {"type": "category", "data": categories, "axisLabel": {"interval": 0, "rotate": 30}},
        "yAxis": {"type": "value", "name": "%"},
        "series": [
            {"type": "bar", "name": series_name, "data": values, "label": {"show": True, "position": "top"}}
        ],
    }


def chart_options(data: dict, names: dict[str, str]) -> list[dict]:
    """The options of every chart of one bulletin, in the order the page shows them: each carries an
    `id` (a DOM id suffix) besides the ECharts option keys."""
    charts: list[dict] = []
    rate_keys: list[str] = []
    for i, g in enumerate(data.get("rankings", [])):
        if g.get("area"):
            continue  # the own figures only, as the brief asks: the area figures double every chart
        name = names.get(g["indicator"], g["indicator"])
        if g["indicator"] not in rate_keys:
            rate_keys.append(g["indicator"])
        scope = f"，{g['parent_code']}{_('所辖')}" if g.get("parent_code") else ""
        title = _("%(name)s排名（本院%(scope)s）") % {"name": name, "scope": scope}
        ranks = g.get("ranks", [])
        option = _bar(
            title,
            [f"{e['rank'] if e['rank'] is not None else '—'}. {e['court_code']}" for e in ranks],
            [_percent(e["value"]) for e in ranks],
            name,
        )
        charts.append({"id": f"rank-{i}", **option})
    changes = data.get("changes") or {}
    rows = [r for r in changes.get("courts", []) if not r.get("area")]
    if changes.get("against") and rows:
        for j, key in enumerate(rate_keys):
            name = names.get(key, key)
            title = _("%(name)s较 %(week)s 变化（本院，百分点）") % {"name": name, "week": changes["against"]}
            diffs = [r["indicators"].get(key) for r in rows]
            values = [_percent(d) if isinstance(d, (int, float)) else None for d in diffs]
            option = _bar(title, [r["court_code"] for r in rows], values, name)
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
