"""Case funds in Debian's Chromium through Playwright: an officer asks for a payout on the case page, a
judge approves it, finance sends it to the bank; the payer's page shows the QR code and the workbench
lists the payout on its way. Screenshots go to test-results/browser/; no page scrolls sideways."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhixing.funds import actions, actors, queries
from zhixing.funds.models import Payout

from . import pages
from .pages import login, logout, no_sideways_scroll

# The live server answers from another thread: the test's writes must be committed (see
# test_officer_flow for serialized_rollback).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def shot(page, name: str) -> None:
    pages.shot(page, f"funds-{name}")


def test_payout_asked_approved_and_sent_in_the_browser(page, cast, courts, file_case, clock):
    from playwright.sync_api import expect

    case = file_case()
    pooled = actions.open_pooled_account(courts.xiongan, actor=cast.admin)
    actions.receive(
        actions.Incoming(
            pooled.account_number, "TXN1", "transfer", Decimal("1000.00"), clock.today,
            sub_account=queries.account_number(case), payer_name="雄安某建设有限公司",
            payer_account="6222020200112233",
        ),
        actor=actors.BANK,
    )  # fmt: skip

    # The officer asks for a payout on the case page; the payee is prefilled with the applicant.
    login(page, "zhang", "pw-zhang")
    page.goto(f"/cases/{case.pk}/")
    funds = page.locator("#funds")
    expect(funds).to_contain_text("案款")
    expect(funds.locator("#funds-account")).to_have_text(queries.account_number(case))
    expect(funds.locator("#funds-balance")).to_have_text("1,000.00")
    expect(funds.locator("#funds-receipts")).to_contain_text("****2233")
    expect(page.locator("#id_payout-payee_name")).to_have_value("王申请")
    no_sideways_scroll(page)
    shot(page, "01-case-panel")
    page.fill("#id_payout-amount", "600")
    page.fill("#id_payout-payee_account", "6217000011112222333")
    page.fill("#id_payout-payee_bank", "中国银行雄安分行")
    page.check("#id_payout-account_confirmed")
    page.click("#request-payout-form button[type=submit]")
    expect(page.locator("#messages")).to_contain_text("已提交发放申请，等待审批")
    row = page.locator("#funds-payouts .payout-row").first
    expect(row.locator(".payout-status")).to_have_text("审批中")
    expect(row).to_contain_text("执行法官：")
    expect(row.locator(".decide-payout-form")).to_have_count(0)
    shot(page, "02-requested")

    # The payer's page: the QR code and the notice.
    page.click("#payer-link")
    expect(page.locator("#payer-page svg")).to_be_visible()
    expect(page.locator("#pay-account")).to_have_text(queries.account_number(case))
    expect(page.locator("#pay-notice")).to_contain_text("拒绝向其他任何账户缴款")
    no_sideways_scroll(page)
    shot(page, "03-payer-page")
    logout(page)

    # The judge approves it from the workbench.
    login(page, "li", "pw-li")
    page.get_by_role("link", name="案款", exact=True).click()
    page.click('#funds-tabs [data-tab="approve"]')
    item = page.locator("#funds-list .payout-row").first
    expect(item).to_contain_text(case.case_number)
    no_sideways_scroll(page)
    shot(page, "04-judge-workbench")
    item.locator("input[name=note]").fill("同意发放")
    item.locator(".approve-payout").click()
    expect(page.locator("#messages")).to_contain_text("已同意该发放申请")
    expect(page.locator("#funds-list .payout-row")).to_have_count(0)
    logout(page)

    # Finance sends it to the bank from the case page.
    login(page, "zhao", "pw-zhao")
    page.goto(f"/cases/{case.pk}/#funds")
    row = page.locator("#funds-payouts .payout-row").first
    expect(row.locator(".payout-status")).to_have_text("已批准")
    expect(row).to_contain_text("李法官")
    row.locator(".send-payout").click()
    expect(page.locator("#messages")).to_contain_text("发放指令已提交银行")
    expect(page.locator("#funds-payouts .payout-status").first).to_have_text("已发送银行")
    expect(page.locator("#funds-pending")).to_have_text("600.00")
    no_sideways_scroll(page)
    shot(page, "05-sent")
    page.get_by_role("link", name="案款", exact=True).click()
    page.click('#funds-tabs [data-tab="sent"]')
    expect(page.locator("#funds-list .payout-row")).to_have_count(1)
    no_sideways_scroll(page)
    shot(page, "06-finance-workbench")
    assert Payout.objects.get().status == Payout.SENT
