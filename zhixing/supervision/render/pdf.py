"""The bulletin as a PDF (A4 landscape): the HTML rendering's page through WeasyPrint, set in the
Noto CJK fonts the documents app finds, with the charts (trend, rankings, changes) drawn to SVG by
ECharts in Node when Node is there (without it the PDF has the tables only: the figures are all in the
tables)."""

from __future__ import annotations

from django.template.loader import render_to_string

from zhixing.documents.rendering import FAMILIES, find_fonts, font_face_css

from . import html as render_html


def render(made, *, with_charts: bool = True) -> bytes:
    from weasyprint import HTML

    ctx = render_html.context(made, with_charts=with_charts)
    ctx.update(pdf=True, font_css=font_face_css(find_fonts()), sans=FAMILIES["sans"], serif=FAMILIES["serif"])
    return HTML(string=render_to_string("supervision/bulletin.html", ctx)).write_pdf()
