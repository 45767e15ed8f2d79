"""The bulletin as a PDF (A4 landscape): the HTML rendering's tables through WeasyPrint, set in the
Noto CJK fonts the documents app finds, with the charts drawn to SVG by ECharts in Node when Node is
there (without it the PDF has the tables only: the figures are all in the tables)."""

from __future__ import annotations

import base64
import json
import logging

from django.template.loader import render_to_string

from zhixing.documents.rendering import FAMILIES, find_fonts, font_face_css

from . import charts
from .labels import cell, indicator_names

log = logging.getLogger(__name__)


def _svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def render(made, *, with_charts: bool = True) -> bytes:
    from weasyprint import HTML

    data = json.loads(made.content)
    names = indicator_names()
    keys = list(data["courts"][0]["indicators"]) if data["courts"] else []
    svgs: list[str] = []
    if with_charts:
        try:
            svgs = [_svg_uri(s) for s in charts.render_svgs(charts.chart_options(data, names))]
        except (RuntimeError, OSError, ValueError) as e:  # charts are extra: the tables carry every figure
            log.warning("bulletin PDF without charts: %s", e)
    html = render_to_string(
        "supervision/bulletin.html",
        {
            "pdf": True,
            "font_css": font_face_css(find_fonts()),
            "sans": FAMILIES["sans"],
            "serif": FAMILIES["serif"],
            "data": data,
            "columns": [names.get(k, k) for k in keys],
            "rows": [
                {
                    "code": c["court_code"],
                    "name": c["court_name"],
                    "area": c["area"],
                    "cells": [cell(c["indicators"][k]) for k in keys],
                }
                for c in data["courts"]
            ],
            "rankings": [
                dict(r, name=names.get(r["indicator"], r["indicator"])) for r in data.get("rankings", [])
            ],
            "chart_svgs": svgs,
        },
    )
    return HTML(string=html).write_pdf()
