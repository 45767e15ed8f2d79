"""The party portal in Debian's Chromium (issue 11 "Must show"): the debtor signs in with the case number,
the identity code and the one-time code read from the reference SMS gateway's inbox (simulators/sms, its
own process), sees the disclosed progress, the handler's office phone, the documents and the payment
code, and signs out. axe-core (tests/browser/axe.py) finds no serious or critical violation on any
portal page. Screenshots go to test-results/browser/ (portal-*.png)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.axe import check
from tests.portal.conftest import DEBTOR_ID, DEBTOR_PHONE, OFFICE_PHONE, code_in, gateway, people  # noqa: F401
from zhixing.cases import actions as case_actions

from .pages import no_sideways_scroll, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def portal_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.ZHIXING_PORTAL_RATE_PER_MINUTE = 0


def accessible(page, name: str) -> None:
    no_sideways_scroll(page)
    shot(page, f"portal-{name}")
    serious = [v for v in check(page) if v.get("impact") in ("serious", "critical")]
    assert serious == [], f"{name}: {[v.get('id') for v in serious]}"


def test_the_debtor_signs_in_with_the_code_from_the_gateway(page, people, gateway, cast):  # noqa: F811
    from playwright.sync_api import expect

    case = people.case
    case_actions.record_node(case, "ask_applicant_leads", dt.date(2026, 3, 5), actor=cast.officer)
    case_actions.record_node(case, "debtor_conduct_handled", dt.date(2026, 3, 6), actor=cast.officer)

    page.goto("/portal/")
    expect(page.locator("h1")).to_have_text("当事人登录")
    accessible(page, "sign-in")
    page.fill("#case_number", case.case_number.replace("（", "(").replace("）", ")"))
    page.fill("#identity", "110105194912310021")
    page.click("#send-code")
    expect(page.locator("#sign-in-error")).to_contain_text("不匹配")
    accessible(page, "no-match")

    page.fill("#identity", DEBTOR_ID)
    page.click("#send-code")
    expect(page.locator("#code-sent")).to_contain_text("验证码已发送至 138****5678")
    accessible(page, "code")
    page.fill("#code", "000000" if code_in(gateway, DEBTOR_PHONE) != "000000" else "111111")
    page.click("#verify-code")
    expect(page.locator("#code-error")).to_contain_text("还可以再试 4 次")
    accessible(page, "wrong-code")

    page.fill("#code", code_in(gateway, DEBTOR_PHONE))
    page.click("#verify-code")
    expect(page.locator("#case-number")).to_have_text(case.case_number)
    expect(page.locator("#handler-name")).to_have_text("张执行")
    expect(page.locator("#handler-phone")).to_have_text(OFFICE_PHONE)
    expect(page.locator("#progress")).to_contain_text("告知申请执行人提供财产线索")
    expect(page.locator("#progress")).not_to_contain_text("查找被执行人及处理妨害执行行为")
    expect(page.locator("#payment svg")).to_be_visible()
    expect(page.locator("#pay-due")).to_have_text("50,000.00")
    expect(page.locator("#viewer")).to_contain_text("138****5678")
    assert DEBTOR_ID not in page.content()
    accessible(page, "case")

    page.click("#sign-out")
    expect(page.locator("h1")).to_have_text("当事人登录")
    page.goto("/portal/case/")
    expect(page.locator("h1")).to_have_text("当事人登录")
