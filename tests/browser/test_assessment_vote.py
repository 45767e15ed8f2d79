"""A panel member votes in Debian's Chromium: the ballot passes the CSRF check (the public pages'
referrer policy keeps the form's Origin), the administrator sees it counted, and the same code is
refused the second time. Screenshots go to test-results/browser/."""

from __future__ import annotations

import datetime as dt

import pytest

from zhixing.core.actors import CLI
from zhixing.courts import actions as court_actions
from zhixing.supervision.assessment import actions

from .pages import login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "2025年度全省中级法院执行局长述职评议"
SCORES = {"冀01": "78", "冀02": "85", "冀96": "91"}


@pytest.fixture
def voting_round(courts, cast):
    court_actions.create_court("冀02", "唐山市中级人民法院", parent=courts.high, actor=CLI)
    rnd = actions.create_round(
        court=courts.high, year=2025, title=TITLE, held_on=dt.date(2026, 1, 20), actor=cast.admin
    )
    codes = actions.issue_codes(rnd, 3, actor=cast.admin)
    return rnd, codes


def fill_ballot(pg, rnd, code: str) -> None:
    pg.fill("#code", code)
    for court in rnd.courts.all():
        pg.fill(f"#s-{court.id}", SCORES[court.code])


def test_a_member_votes_in_chromium_and_a_reused_code_is_refused(page, voting_round):  # noqa: F811
    from playwright.sync_api import expect

    rnd, codes = voting_round
    response = page.goto(f"/assessment/vote/{rnd.pk}/")
    assert response is not None and response.headers["referrer-policy"] == "same-origin"
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("#ballot")).to_contain_text("唐山市中级人民法院")
    fill_ballot(page, rnd, codes[0].lower())  # typed as read off the sheet, in lower case
    shot(page, "assessment-01-ballot")
    page.click("#ballot button[type=submit]")
    expect(page.locator("#vote-done")).to_contain_text("投票成功")
    shot(page, "assessment-02-voted")

    # The same code again, from a fresh page: refused, and the form keeps the scores typed.
    page.goto(f"/assessment/vote/{rnd.pk}/")
    fill_ballot(page, rnd, codes[0])
    page.click("#ballot button[type=submit]")
    expect(page.locator(".vote-error")).to_contain_text("每个投票码只能使用一次")
    expect(page.locator("#vote-done")).to_have_count(0)
    shot(page, "assessment-03-reused-code")

    # The administrator of the high court sees the ballot counted: one of three, each court one vote.
    context = page.context.browser.new_context(
        base_url=page.url.split("/assessment/")[0], locale="zh-CN", viewport={"width": 1366, "height": 900}
    )
    staff = context.new_page()
    login(staff, "zhou", "pw-zhou")
    staff.goto(f"/assessment/{rnd.pk}/")
    expect(staff.locator("#ballot-counts")).to_contain_text("已投票 1 票")
    for court in rnd.courts.all():
        row = staff.locator("#results tr", has_text=court.name)
        expect(row.locator("td.votes")).to_have_text("1")
        expect(row.locator("td.scores")).to_have_text(SCORES[court.code])
    shot(staff, "assessment-04-counted")
    context.close()
