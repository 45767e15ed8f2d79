"""The whole staff flow in Debian's Chromium through Playwright: an officer files a case, takes it,
records the execution notice and sees the deadlines move, asks to close; a judge approves and sees the
case closed. Screenshots of every step go to test-results/browser/.

Never downloads a browser: Playwright drives /usr/bin/chromium.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import APPLICANT_ID, DEBTOR_UNIT_ID
from zhixing.cases.actions.common import today
from zhixing.core import calendar

from .pages import login, logout, shot

# The live server answers from another thread, so the test's writes must be committed
# (transaction=True); the flush after such a test would empty the tables the migrations seeded (node
# kinds, rule settings, holidays), so they are restored from the serialized copy (serialized_rollback).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def filing_date() -> dt.date:
    """The latest date up to today from which every deadline of a new case falls in a year the calendar
    knows (it refuses to guess), and whose execution-notice deadline (3 days) is a working day, so that
    deadline comes strictly before the first network inquiry's (5 days, maybe rolled forward)."""
    years = calendar.covered_years()
    on = today()
    for back in range(0, 800):
        d = on - dt.timedelta(days=back)
        if {d.year, (d + dt.timedelta(days=50)).year} <= years and calendar.is_working_day(
            d + dt.timedelta(days=3)
        ):
            return d
    raise AssertionError("the calendar knows no year to file in")


def test_officer_files_and_handles_then_a_judge_closes(page, cast, courts):
    from playwright.sync_api import expect

    filed_on = filing_date()

    # The officer logs in and lands on the inbox.
    login(page, "zhang", "pw-zhang")
    expect(page.locator("h1")).to_have_text("待办")
    expect(page.locator("#nav-user")).to_contain_text("张执行")
    expect(page.locator("#nav-user")).to_contain_text("执行员（河北雄安新区中级人民法院）")
    # The vendored Bootstrap is served (no CDN): the navbar has its primary colour.
    navbar_colour = page.locator("#navbar").evaluate("e => getComputedStyle(e).backgroundColor")
    assert navbar_colour == "rgb(13, 110, 253)"
    shot(page, "01-inbox")

    # Filing through the form.
    page.get_by_role("link", name="立案", exact=True).click()
    expect(page.locator("#filing-form")).to_be_visible()
    page.select_option("#id_court", str(courts.xiongan.pk))
    page.select_option("#id_type_code", "执")
    page.fill("#id_filed_on", filed_on.isoformat())
    page.fill("#id_applied_amount", "86000")
    page.fill("#id_basis_number", "（2026）冀96民初321号")
    page.fill("#id_cause", "追索劳动报酬纠纷")
    page.fill("#id_applicant_name", "王申请")
    page.fill("#id_applicant_id", APPLICANT_ID)
    page.fill("#id_debtor_name", "雄安某建设有限公司")
    page.fill("#id_debtor_id", DEBTOR_UNIT_ID)
    shot(page, "02-filing-form")
    page.click("#submit-filing")

    # The case page: its number in the message, the nodes planned, the ones counted from the
    # handler's assignment still waiting.
    expect(page.locator("#messages")).to_contain_text("立案成功，案号：（")
    number = page.locator("#case-number").inner_text()
    assert number.startswith(f"（{filed_on.year}）冀96执") and number.endswith("号")
    expect(page.locator("#messages")).to_contain_text(number)
    notice = page.locator('[data-node-kind="execution_notice"]')
    expect(notice).to_have_class("node node-waiting")
    expect(page.locator("#timeline .node")).to_have_count(6)
    expect(page.locator("#flag-migrant-wage")).to_be_visible()
    # The applicant's ID number is masked until asked for (htmx POST, audited).
    applicant = page.locator("tr.party", has_text="王申请")
    expect(applicant).to_contain_text(APPLICANT_ID[:6] + "********" + APPLICANT_ID[-4:])
    applicant.get_by_role("button", name="显示完整号码").click()
    expect(applicant.locator(".identity-number")).to_have_text(APPLICANT_ID)
    shot(page, "03-case-filed")

    # The officer takes the case: the deadlines counted from assignment start.
    before_assign = page.locator("#next-deadline").inner_text()
    page.fill("#id_take-on", filed_on.isoformat())
    page.click("#assign-self-form button[type=submit]")
    expect(page.locator("#messages")).to_contain_text("您已承办本案")
    expect(page.locator("#case-handler")).to_contain_text("张执行")
    expect(notice).not_to_have_class("node node-waiting")
    notice_due = calendar.due_date(filed_on, 3, "days")
    expect(notice.locator(".node-due")).to_have_text(notice_due.isoformat())
    expect(page.locator("#next-deadline")).not_to_have_text(before_assign)
    expect(page.locator("#next-deadline")).to_contain_text("发出执行通知书：" + notice_due.isoformat())
    shot(page, "04-assigned")

    # Recording the execution notice: the node turns done and the header's next deadline changes.
    before_notice = page.locator("#next-deadline").inner_text()
    page.select_option("#id_node-kind", "execution_notice")
    page.click("#record-node-form button[type=submit]")
    expect(page.locator("#messages")).to_contain_text("已记录“发出执行通知书”")
    expect(notice).to_have_class("node node-done")
    expect(page.locator("#next-deadline")).not_to_have_text(before_notice)
    expect(page.locator("#next-deadline")).to_contain_text("发出报告财产令")
    shot(page, "05-notice-recorded")

    # The other notices sent with it: the next deadline moves to a later date.
    for kind in ("property_report_order", "ask_applicant_leads"):
        page.select_option("#id_node-kind", kind)
        page.click("#record-node-form button[type=submit]")
        expect(page.locator(f'[data-node-kind="{kind}"]')).to_have_class("node node-done")
    next_due = dt.date.fromisoformat(page.locator("#next-deadline .next-due").inner_text())
    assert next_due > notice_due
    expect(page.locator("#next-deadline")).to_contain_text("首次网络查控")
    shot(page, "06-deadline-moved")

    # The handler asks to close; a handler may not approve it.
    page.select_option("#id_req-method", "completed")
    page.select_option("#id_req-shortfall", "settlement")  # nothing reached the account: say why
    page.fill("#id_req-reason", "被执行人已全部履行")
    page.click("#request-closure-form button[type=submit]")
    expect(page.locator("#messages")).to_contain_text("已提请结案（执行完毕），等待审批")
    expect(page.locator("#case-status")).to_contain_text("结案待审批")
    expect(page.locator("#decide-closure")).to_have_count(0)
    shot(page, "07-closure-requested")
    logout(page)

    # The judge approves it from the approvals list and sees the case closed.
    login(page, "li", "pw-li")
    page.get_by_role("link", name="审批", exact=True).click()
    row = page.locator(f'tr.approval-row[data-case="{number}"]')
    expect(row).to_contain_text("执行完毕")
    expect(row).to_contain_text("张执行")
    shot(page, "08-approvals")
    row.get_by_role("button", name="批准", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("案件已结案（执行完毕")
    expect(page.locator("#case-number")).to_have_text(number)
    expect(page.locator("#case-status")).to_contain_text("已结案·执行完毕")
    expect(page.locator("#closure")).to_contain_text(today().isoformat())
    expect(page.locator("#actions")).to_have_count(0)  # nothing left to do on a closed case
    shot(page, "09-closed")


def test_an_outsider_gets_404_on_the_case_page(page, cast, file_case):
    from playwright.sync_api import expect

    case = file_case()
    login(page, "qian", "pw-qian")  # officer and judge of 石家庄, not of 雄安
    response = page.goto(f"/cases/{case.pk}/")
    assert response is not None and response.status == 404
    expect(page.locator("#not-found")).to_contain_text("页面不存在")
    assert case.case_number not in page.content()
    shot(page, "10-outsider-404")
