"""The bulletin as a PDF (A4 landscape): the HTML rendering's page through WeasyPrint, set in the
Noto CJK fonts core finds (zhixing.core.pdf), with the charts (trend, rankings, changes) drawn to SVG by
ECharts in Node when Node is there (without it the PDF has the tables only: the figures are all in the
tables)."""

from __future__ import annotations

from django.template.loader import render_to_string

from zhixing.core import pdf as core_pdf

from . import html as render_html


def render(made, *, with_charts: bool = True) -> bytes:
    ctx = render_html.context(made, with_charts=with_charts)
    ctx.update(pdf=True, **core_pdf.font_context())
    return core_pdf.write_pdf(render_to_string("supervision/bulletin.html", ctx))
