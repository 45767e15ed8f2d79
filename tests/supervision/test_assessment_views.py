"""The assessment pages: the public voting page (no login, rate-limited) and the staff pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

from zhixing.core.actors import CLI
from zhixing.supervision.assessment import actions
from zhixing.supervision.models import AssessmentRound, AssessmentVote
from zhixing.urls import urlpatterns as project_urls

from .test_assessment_ballot import CONFIG, REASON, VALUES, ballot

# Until the coordinator adds the include to zhixing/urls.py, these tests mount it themselves.
urlpatterns = [*project_urls, path("assessment/", include("zhixing.supervision.assessment.urls"))]
pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def rnd(courts, cast):
    from zhixing.courts import actions as court_actions

    court_actions.create_court("冀02", "唐山市中级人民法院", parent=courts.high, actor=CLI)
    rnd = actions.create_round(
        court=courts.high, year=2025, title="述职评议", held_on=dt.date(2026, 1, 20),
        indicator_config=CONFIG, actor=cast.admin,
    )  # fmt: skip
    actions.set_indicator_values(rnd, VALUES, reason=REASON, actor=cast.admin)
    return rnd


def post_ballot(client, rnd, code, member=0):
    data = {"code": code, **{f"s-{cid}": s for cid, s in ballot(rnd, member).items()}}
    return client.post(f"/assessment/vote/{rnd.pk}/", data)


def test_public_vote_page_takes_a_code_once_without_login(client, rnd, cast):
    codes = actions.issue_codes(rnd, 2, actor=cast.admin)
    page = client.get(f"/assessment/vote/{rnd.pk}/")
    assert page.status_code == 200 and "唐山市中级人民法院" in page.content.decode()
    ok = post_ballot(client, rnd, codes[0])
    assert ok.status_code == 200 and "投票成功" in ok.content.decode()
    again = post_ballot(client, rnd, codes[0])
    assert again.status_code == 400 and "只能使用一次" in again.content.decode()
    unknown = post_ballot(client, rnd, "AAAA-BBBB-CCCC")
    assert unknown.status_code == 400 and "投票码无效" in unknown.content.decode()
    assert AssessmentVote.objects.filter(round=rnd).count() == 3
    assert ok["X-Robots-Tag"] == "noindex, nofollow"


def test_vote_page_is_rate_limited(client, rnd, cast, settings):
    settings.ZHIXING_BALLOT_RATE_PER_MINUTE = 3
    actions.issue_codes(rnd, 1, actor=cast.admin)
    statuses = [post_ballot(client, rnd, "AAAA-BBBB-CCCC").status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]


def test_staff_flow_issue_codes_publish_and_download(client, rnd, cast):
    client.force_login(cast.admin)
    assert "述职评议" in client.get("/assessment/").content.decode()
    detail = client.get(f"/assessment/{rnd.pk}/")
    assert detail.status_code == 200 and "发放投票码" in detail.content.decode()
    shown = client.post(f"/assessment/{rnd.pk}/codes/", {"panel_size": 3})
    html = shown.content.decode()
    assert shown.status_code == 200 and html.count('class="fs-4 font-monospace my-2 ballot-code"') == 3
    assert "no-cache" in shown["Cache-Control"]
    codes = re.findall(r"ballot-code\">([A-Z0-9-]{14})<", html)
    assert len(codes) == 3
    # The page cannot be shown again: the codes are gone from the platform.
    assert not any(c in client.get(f"/assessment/{rnd.pk}/").content.decode() for c in codes)
    anon = client.__class__()
    for i, code in enumerate(codes):
        assert post_ballot(anon, rnd, code, i).status_code == 200
    client.post(f"/assessment/{rnd.pk}/publish/")
    rnd.refresh_from_db()
    assert rnd.status == AssessmentRound.PUBLISHED
    pdf = client.get(f"/assessment/{rnd.pk}/result.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_staff_enter_indicator_values_on_the_page_in_per_cent(client, rnd, cast):
    client.force_login(cast.admin)
    page = client.get(f"/assessment/{rnd.pk}/").content.decode()
    assert 'name="v-冀96-closure_rate" value="95"' in page  # stored 0.95, shown as 95 %
    client.post(
        f"/assessment/{rnd.pk}/values/", {"v-冀96-closure_rate": "97", "reason": "核对统计报表后更正"}
    )
    rnd.refresh_from_db()
    assert rnd.indicator_values["冀96"]["closure_rate"] == "0.97"


def test_create_round_page(client, courts, cast):
    client.force_login(cast.admin)
    form = client.get("/assessment/new/").content.decode()
    # One row per indicator with its Chinese name and unit; no JSON, no English keys.
    for text in ("结案率", "平均结案用时", "越高越好", "越低越好", "天"):
        assert text in form
    visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", form, flags=re.S)
    assert not re.findall(r"[A-Za-z_]{3,}", visible)
    resp = client.post(
        "/assessment/new/",
        {
            "court": courts.high.pk, "year": 2025, "title": "", "held_on": "2026-01-20",
            "assessment_share": "60", "review_share": "40",
            "w-closure_rate": "50", "t-closure_rate": "90", "d-closure_rate": "higher",
            "w-realization_rate": "30", "t-realization_rate": "60", "d-realization_rate": "higher",
            "w-average_days": "20", "t-average_days": "120", "d-average_days": "lower",
            "grading_mode": "thresholds", "fallback": "不合格",
            "g0-name": "优秀", "g0-min": "90", "g1-name": "良好", "g1-min": "80", "g2-name": "合格", "g2-min": "60",
        },
    )  # fmt: skip
    made = AssessmentRound.objects.get()
    assert resp.status_code == 302 and made.title == "2025年度执行工作述职评议"
    assert str(made.review_weight) == "0.400"
    assert made.indicator_config["closure_rate"] == {
        "weight": "0.5", "target": "0.9", "direction": "higher", "unit": "rate", "name": "结案率",
    }  # fmt: skip
    assert made.indicator_config["average_days"]["target"] == "120"
    assert [g["name"] for g in made.grading["grades"]] == ["优秀", "良好", "合格"]


def test_other_courts_staff_see_nothing_and_cannot_act(client, rnd, cast):
    client.force_login(cast.outsider)
    assert client.get(f"/assessment/{rnd.pk}/").status_code == 404
    assert client.post(f"/assessment/{rnd.pk}/codes/", {"panel_size": 3}).status_code == 404
    assert not rnd.codes.exists()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_round_list_queries_do_not_grow_with_rounds(client, rnd, cast, courts):
    client.force_login(cast.admin)
    client.get("/assessment/")  # warm the per-process caches
    one = _queries(client, "/assessment/")
    for year in (2021, 2022, 2023, 2024):
        actions.create_round(
            court=courts.high, year=year, title=f"述职评议{year}", held_on=dt.date(2026, 1, 20),
            indicator_config=CONFIG, actor=cast.admin,
        )  # fmt: skip
    assert _queries(client, "/assessment/") == one
    assert "述职评议2021" in client.get("/assessment/").content.decode()


def test_round_detail_queries_do_not_grow_with_courts(client, rnd, cast, courts):
    from zhixing.courts import actions as court_actions

    client.force_login(cast.admin)
    actions.issue_codes(rnd, 2, actor=cast.admin)
    client.get(f"/assessment/{rnd.pk}/")  # warm the per-process caches
    few = _queries(client, f"/assessment/{rnd.pk}/")
    for code, name in (("冀03", "秦皇岛市"), ("冀04", "邯郸市"), ("冀05", "邢台市")):
        court_actions.create_court(code, f"{name}中级人民法院", parent=courts.high, actor=CLI)
    more = actions.create_round(
        court=courts.high, year=2024, title="述职评议", held_on=dt.date(2026, 1, 20),
        indicator_config=CONFIG, actor=cast.admin,
    )  # fmt: skip
    assert more.courts.count() == rnd.courts.count() + 3
    actions.issue_codes(more, 2, actor=cast.admin)
    assert _queries(client, f"/assessment/{more.pk}/") == few
