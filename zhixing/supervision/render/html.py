"""The bulletin as one HTML page (a Django template), rendered from its stored JSON. The HTML file and
the PDF share the page; both carry the charts as SVG drawn by ECharts in Node (charts.render_svgs), so
the file needs no script or network to show them. Without Node they have the tables only: the figures
are all in the tables."""

from __future__ import annotations

import base64
import json
import logging
from typing import Any

from django.template.loader import render_to_string

from . import charts
from .labels import cell, indicator_kinds, indicator_names, rankings, trend_tables

log = logging.getLogger(__name__)


def _svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def chart_images(data: dict, names: dict[str, str]) -> list[dict[str, str]]:
    """Each chart as {"title", "src"} (an SVG data URI); empty when Node cannot draw them."""
    options = charts.chart_options(data, names)
    try:
        svgs = charts.render_svgs(options)
    except (RuntimeError, OSError, ValueError) as e:  # charts are extra: the tables carry every figure
        log.warning("bulletin without charts: %s", e)
        return []
    return [{"title": o["title"]["text"], "src": _svg_uri(s)} for o, s in zip(options, svgs, strict=True)]


def context(made, *, with_charts: bool = True) -> dict[str, Any]:
    """What bulletin.html needs of a stored bulletin."""
    data = json.loads(made.content)
    names, kinds = indicator_names(data), indicator_kinds(data)
    keys = list(data["courts"][0]["indicators"]) if data["courts"] else []
    return {
        "data": data,
        "columns": [names.get(k, k) for k in keys],
        "rows": [
            {
                "code": c["court_code"],
                "name": c["court_name"],
                "area": c["area"],
                "cells": [cell(c["indicators"][k], kinds.get(k, "rate")) for k in keys],
            }
            for c in data["courts"]
        ],
        "rankings": rankings(data, names),
        "trend_tables": trend_tables(data, names),
        "chart_images": chart_images(data, names) if with_charts else [],
    }


def render(made, *, with_charts: bool = True) -> str:
    return render_to_string("supervision/bulletin.html", context(made, with_charts=with_charts))
