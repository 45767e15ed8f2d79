"""The bulletin's charts on the staff page (ECharts, vendored, with aria/decal) and the PDF rendering."""

from __future__ import annotations

import html as htmllib
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.documents.pdfinspect import embedded_font_programs, embedded_fonts, pdf_objects
from tests.supervision import test_indicators_data as fixtures
from tests.supervision.test_indicators_data import WEEK
from zhixing.supervision import actions
from zhixing.supervision.render import charts
from zhixing.supervision.render import html as render_html
from zhixing.supervision.render import pdf as render_pdf

data_dir, dataset = fixtures.data_dir, fixtures.dataset


@pytest.fixture
def made(dataset, cast):
    actions.make_bulletin("2026-W08", actor=cast.command)  # last week's, so this week has changes
    return actions.make_bulletin(WEEK, actor=cast.command)


def _options(page: str) -> list[dict]:
    m = re.search(r'<script id="bulletin-chart-options" type="application/json">(.*?)</script>', page, re.S)
    assert m, "chart data not embedded with json_script"
    return json.loads(htmllib.unescape(m.group(1)))


@pytest.mark.django_db
def test_staff_page_draws_rankings_and_changes_with_vendored_echarts_and_decals(made, cast, client):
    client.force_login(cast.command)
    page = client.get(reverse("supervision:detail", args=[made.pk])).content.decode()
    assert '<script src="/static/vendor/echarts.min.js">' in page and "cdn" not in page.lower()
    options = _options(page)
    data = json.loads(made.content)
    own_rankings = [g for g in data["rankings"] if not g["area"]]
    ranks = [o for o in options if o["id"].startswith("rank-")]
    changes = [o for o in options if o["id"].startswith("change-")]
    assert len(ranks) == len(own_rankings) > 0
    assert changes and all("2026-W08" in o["title"]["text"] for o in changes)
    for o in options:
        assert o["aria"] == {"enabled": True, "decal": {"show": True}}
        assert f'id="chart-{o["id"]}"' in page
    # The first ranking chart shows the courts in rank order, the values as percentages.
    g = own_rankings[0]
    assert ranks[0]["xAxis"]["data"] == [
        f"{e['rank'] if e['rank'] is not None else '—'}. {e['court_code']}" for e in g["ranks"]
    ]
    assert ranks[0]["series"][0]["data"] == [
        None if e["value"] is None else round(e["value"] * 100, 2) for e in g["ranks"]
    ]
    assert f'href="{reverse("supervision:pdf", args=[made.pk])}"' in page


@pytest.mark.django_db
def test_no_change_charts_without_last_weeks_bulletin(dataset, cast):
    made = actions.make_bulletin(WEEK, actor=cast.command)
    opts = charts.chart_options(json.loads(made.content), {})
    assert opts and not [o for o in opts if o["id"].startswith("change-")]


def _is_cjk_embedded(pdf: bytes) -> bool:
    return any("CJK" in n for n in embedded_fonts(pdf) + embedded_font_programs(pdf))


@pytest.mark.django_db
def test_pdf_command_writes_a_landscape_pdf_with_a_cjk_font(made, tmp_path):
    out = tmp_path / "b.pdf"
    call_command("bulletin", "--week", WEEK, "--format", "pdf", "-o", str(out))
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF") and _is_cjk_embedded(pdf)
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf_objects(pdf))
    assert box and float(box.group(1)) > float(box.group(2))  # A4 landscape: wider than tall


@pytest.mark.django_db
def test_pdf_download_and_charts_when_node_is_there(made, cast, client):
    client.force_login(cast.command)
    r = client.get(reverse("supervision:pdf", args=[made.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF") and _is_cjk_embedded(r.content)
    if charts.node_available():
        svgs = charts.render_svgs(charts.chart_options(json.loads(made.content), {}))
        assert svgs and all(s.startswith("<svg") for s in svgs)
        assert len(r.content) > len(render_pdf.render(made, with_charts=False))


@pytest.mark.django_db
def test_outsiders_get_no_pdf(made, cast, client):
    client.force_login(cast.outsider)
    assert client.get(reverse("supervision:pdf", args=[made.pk])).status_code == 404


@pytest.mark.django_db
def test_the_trend_charts_reach_the_pdf_and_the_html_file(made, monkeypatch):
    if not charts.node_available():
        pytest.skip("Node.js is not installed: the PDF has the tables only")
    pages: list[str] = []
    real = render_pdf.render_to_string
    monkeypatch.setattr(
        render_pdf, "render_to_string", lambda *a, **k: pages.append(real(*a, **k)) or pages[-1]
    )
    assert render_pdf.render(made).startswith(b"%PDF")
    # Drawn to SVG like the other charts: the page WeasyPrint lays out carries them as images.
    (page,) = pages
    assert 'alt="结案率趋势（年初至今）"' in page and 'alt="平均结案用时（天）趋势（年初至今）"' in page
    images = re.findall(r'<img alt="([^"]*)" src="data:image/svg\+xml;base64,', page)
    assert images[0] == "结案率趋势（年初至今）" and any("排名" in a for a in images)
    html_file = render_html.render(made)
    assert 'alt="结案率趋势（年初至今）" src="data:image/svg+xml;base64,' in html_file
