"""The public voting page tells nothing of a round that is not open, and its form passes Django's CSRF
check as a browser posts it (same-origin referrer policy, so the Origin is the page's own)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from zhixing.core.actors import CLI
from zhixing.courts import actions as court_actions
from zhixing.supervision.assessment import actions
from zhixing.supervision.models import AssessmentVote

from .test_assessment_ballot import CONFIG, REASON, VALUES, ballot

TITLE = "2025年度全省中级法院执行局长述职评议"


@pytest.fixture
def rnd(courts, cast):
    court_actions.create_court("冀02", "唐山市中级人民法院", parent=courts.high, actor=CLI)
    rnd = actions.create_round(
        court=courts.high, year=2025, title=TITLE, held_on=dt.date(2026, 1, 20),
        indicator_config=CONFIG, actor=cast.admin,
    )  # fmt: skip
    actions.set_indicator_values(rnd, VALUES, reason=REASON, actor=cast.admin)
    return rnd


def shows_details(html: str) -> bool:
    return any(
        text in html
        for text in (TITLE, "唐山市中级人民法院", "河北雄安新区中级人民法院", "河北省高级人民法院")
    )


def test_a_round_in_preparation_looks_like_no_round(client, rnd):
    page = client.get(f"/assessment/vote/{rnd.pk}/")
    html = page.content.decode()
    assert page.status_code == 404 and "没有正在进行的投票" in html and not shows_details(html)
    nothing = client.get(f"/assessment/vote/{rnd.pk + 1000}/")
    assert nothing.status_code == 404 and "没有正在进行的投票" in nothing.content.decode()
    # A post to it tells no more, and stores nothing.
    posted = client.post(f"/assessment/vote/{rnd.pk}/", {"code": "AAAA-BBBB-CCCC"})
    assert posted.status_code == 404 and not shows_details(posted.content.decode())


def test_an_open_round_shows_its_title_and_courts(client, rnd, cast):
    actions.issue_codes(rnd, 2, actor=cast.admin)
    html = client.get(f"/assessment/vote/{rnd.pk}/").content.decode()
    assert TITLE in html and "唐山市中级人民法院" in html and 'id="ballot"' in html


def test_a_published_round_says_only_that_voting_has_ended(client, rnd, cast):
    for member, code in enumerate(actions.issue_codes(rnd, 1, actor=cast.admin)):
        actions.cast_ballot(rnd, code, ballot(rnd, member))
    actions.publish_round(rnd, actor=cast.admin)
    page = client.get(f"/assessment/vote/{rnd.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "投票已结束" in html and not shows_details(html)
    assert 'id="ballot"' not in html


def test_public_pages_keep_their_origin_for_their_own_forms(rnd, cast):
    codes = actions.issue_codes(rnd, 2, actor=cast.admin)
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(f"/assessment/vote/{rnd.pk}/")
    # Other sites get no Referer; the page's own form posts carry the page's origin, not "null".
    assert page["Referrer-Policy"] == "same-origin"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    data = {"csrfmiddlewaretoken": token, "code": codes[0]}
    data.update({f"s-{cid}": s for cid, s in ballot(rnd, 0).items()})
    ok = browser.post(f"/assessment/vote/{rnd.pk}/", data, HTTP_ORIGIN="http://testserver")
    assert ok.status_code == 200 and "投票成功" in ok.content.decode()
    # What Chromium sent under `no-referrer`: refused by the CSRF check, nothing stored.
    data["code"] = codes[1]
    null = browser.post(f"/assessment/vote/{rnd.pk}/", data, HTTP_ORIGIN="null")
    assert null.status_code == 403
    assert AssessmentVote.objects.filter(round=rnd).count() == len(ballot(rnd, 0))
