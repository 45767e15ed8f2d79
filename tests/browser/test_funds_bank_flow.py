"""Issue 9 end to end in Debian's Chromium, over real HTTP with the reference bank (simulators/bank, its
own process): the clerk files a case, the officer reads the case's own account off its page and the
debtor pays it there once by transfer and once in e-CNY; the bank's signed notifications book both to
the case; the officer asks for the payout, the judge approves it, finance sends it, the bank confirms it
and the case balance is zero. A payout to a closed account bounces and the money returns to the case;
money left unpaid past its deadline shows as overdue funds once the clock has moved on.

Screenshots of every step go to test-results/browser/ (funds-bank-*.png); no page scrolls sideways.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from decimal import Decimal

import pytest

from tests.conftest import APPLICANT_ID, DEBTOR_UNIT_ID
from tests.funds.test_bank_e2e import bank, pooled  # noqa: F401 - pytest fixtures
from tests.simulators.bank_fixture import POOLED

from .pages import login, logout, no_sideways_scroll
from .test_funds_pages import shot
from .test_officer_flow import filing_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DEBTOR = "雄安某建设有限公司"


def snap(page, name: str) -> None:  # noqa: F811
    no_sideways_scroll(page)
    shot(page, f"bank-{name}")


def read_account(page, case_pk: int) -> str:  # noqa: F811
    """The case's own account as its pages show it (case panel and the payer's page agree)."""
    from playwright.sync_api import expect

    page.goto(f"/cases/{case_pk}/#funds")
    shown = page.locator("#funds-account").inner_text().strip()
    assert re.fullmatch(r"\d{20,}", shown), shown
    page.click("#payer-link")
    expect(page.locator("#payer-page")).to_contain_text("执行案款缴款码（一案一码）")
    expect(page.locator("#pay-account")).to_have_text(shown)
    expect(page.locator("#pay-bank")).to_have_text("工行雄安分行")
    expect(page.locator("#pay-name")).to_have_text("河北雄安新区中级人民法院执行款专户")
    expect(page.locator("#pay-notice")).to_contain_text("拒绝向其他任何账户缴款")
    expect(page.locator("#payer-page svg")).to_be_visible()
    return shown


def request_payout(page, case_pk: int, amount: str, account: str) -> None:  # noqa: F811
    from playwright.sync_api import expect

    page.goto(f"/cases/{case_pk}/#funds")
    expect(page.locator("#request-payout")).to_contain_text("申请发放案款")
    expect(page.locator("#id_payout-payee_name")).to_have_value("王申请")
    page.fill("#id_payout-amount", amount)
    page.fill("#id_payout-payee_account", account)
    page.fill("#id_payout-payee_bank", "建行雄安分行")
    page.check("#id_payout-account_confirmed")
    page.click("#request-payout-form button[type=submit]")
    expect(page.locator("#messages")).to_contain_text("已提交发放申请，等待审批")
    expect(page.locator("#funds-payouts .payout-status").first).to_have_text("审批中")


def approve_on_workbench(page, case_number: str) -> None:  # noqa: F811
    from playwright.sync_api import expect

    page.get_by_role("link", name="案款", exact=True).click()
    page.click('#funds-tabs [data-tab="approve"]')
    item = page.locator("#funds-list .payout-row", has_text=case_number)
    expect(item).to_have_count(1)
    item.locator("input[name=note]").fill("同意发放")
    item.locator(".approve-payout").click()
    expect(page.locator("#messages")).to_contain_text("已同意该发放申请")


def send_on_case_page(page, case_pk: int, amount: str) -> None:  # noqa: F811
    from playwright.sync_api import expect

    page.goto(f"/cases/{case_pk}/#funds")
    row = page.locator("#funds-payouts .payout-row").first
    expect(row.locator(".payout-status")).to_have_text("已批准")
    expect(row).to_contain_text("李法官")
    row.locator(".send-payout").click()
    expect(page.locator("#messages")).to_contain_text("发放指令已提交银行")
    expect(page.locator("#funds-payouts .payout-status").first).to_have_text("已发送银行")
    expect(page.locator("#funds-pending")).to_have_text(amount)


def deliver_and_wait(bank, case) -> None:  # noqa: F811
    """Send the approved payout to the bank and wait on the bank's side until the platform has answered
    its outcome notification: the shared in-memory SQLite test database refuses reads while the live
    server's thread writes."""
    from zhixing.funds.actions.outbox import deliver_outbox
    from zhixing.funds.models import Payout

    key = Payout.objects.get(case=case).idempotency_key
    assert deliver_outbox() == 1
    for _ in range(150):
        if bank.get_payout(key)[1].get("delivered"):
            return
        time.sleep(0.1)
    raise AssertionError(f"the bank never reported payout {key}; log: {bank.log()}")


def test_filed_paid_by_its_code_approved_and_confirmed_by_the_bank(page, bank, pooled, cast, courts):  # noqa: F811
    from playwright.sync_api import expect

    from zhixing.cases.models import Case
    from zhixing.funds import queries
    from zhixing.funds.models import Payout, Receipt

    # The clerk files the case through the filing form, with the officer as handler.
    login(page, "sun", "pw-sun")
    page.get_by_role("link", name="立案", exact=True).click()
    expect(page.locator("#filing-form")).to_be_visible()
    page.select_option("#id_court", str(courts.xiongan.pk))
    page.select_option("#id_type_code", "执")
    page.fill("#id_filed_on", filing_date().isoformat())
    page.fill("#id_applied_amount", "50000")
    page.fill("#id_basis_number", "（2026）冀96民初321号")
    page.fill("#id_cause", "追索劳动报酬纠纷")
    page.fill("#id_applicant_name", "王申请")
    page.fill("#id_applicant_id", APPLICANT_ID)
    page.fill("#id_debtor_name", DEBTOR)
    page.fill("#id_debtor_id", DEBTOR_UNIT_ID)
    page.select_option("#id_handler", str(cast.officer.pk))
    snap(page, "01-filing")
    page.click("#submit-filing")
    expect(page.locator("#messages")).to_contain_text("立案成功，案号：（")
    number = page.locator("#case-number").inner_text()
    case = Case.objects.get(case_number=number)
    logout(page)

    # The officer opens the case and the payer's page and reads the case's own account off it.
    login(page, "zhang", "pw-zhang")
    page.goto(f"/cases/{case.pk}/#funds")
    expect(page.locator("#funds")).to_contain_text("本案账号")
    expect(page.locator("#funds-balance")).to_have_text("0.00")
    expect(page.locator("#funds-receipts")).to_contain_text("暂无到账款")
    snap(page, "02-case-unpaid")
    account = read_account(page, case.pk)
    snap(page, "03-payer-page")

    # The debtor pays by that code: 30,000 by transfer, 20,000 in e-CNY; the bank notifies each.
    first = bank.pay(POOLED, account, "30000.00", channel="transfer", payer_name=DEBTOR)
    second = bank.pay(POOLED, account, "20000.00", channel="ecny", payer_name=DEBTOR)
    assert first["delivered"] == 200 and second["delivered"] == 200

    page.goto(f"/cases/{case.pk}/#funds")
    rows = page.locator("#funds-receipts .receipt-row")
    expect(rows).to_have_count(2)
    transfer = page.locator(f'#funds-receipts .receipt-row[data-txn="{first["transaction_id"]}"]')
    ecny = page.locator(f'#funds-receipts .receipt-row[data-txn="{second["transaction_id"]}"]')
    expect(transfer).to_contain_text("银行转账")
    expect(transfer).to_contain_text("30,000.00")
    expect(ecny).to_contain_text("数字人民币")
    expect(ecny).to_contain_text("20,000.00")
    expect(transfer).to_contain_text(DEBTOR)
    expect(page.locator("#funds-balance")).to_have_text("50,000.00")
    snap(page, "04-paid")
    assert sorted(Receipt.objects.filter(case=case).values_list("matched_by", flat=True)) == [
        "sub_account",
        "sub_account",
    ]

    # The officer asks for the payout; the judge approves it; finance sends it to the bank.
    request_payout(page, case.pk, "50000", "6217000010002000300")
    snap(page, "05-requested")
    logout(page)
    login(page, "li", "pw-li")
    approve_on_workbench(page, number)
    snap(page, "06-approved")
    logout(page)
    login(page, "zhao", "pw-zhao")
    send_on_case_page(page, case.pk, "50,000.00")
    snap(page, "07-sent")

    # The bank pays and confirms by its notification: the case account is empty.
    deliver_and_wait(bank, case)
    page.reload()
    expect(page.locator("#funds-payouts .payout-status").first).to_have_text("已到账")
    expect(page.locator("#funds-balance")).to_have_text("0.00")
    expect(page.locator("#funds-pending")).to_have_text("0.00")
    snap(page, "08-confirmed")
    assert Payout.objects.get(case=case).status == Payout.CONFIRMED
    assert queries.case_balance(case) == (Decimal("0.00"), Decimal("0.00"))
    assert bank.state()["accounts"][POOLED]["balance"] == "0.00"


def test_a_bounced_payout_shows_returned_and_the_money_is_back(page, bank, pooled, cast, file_case):  # noqa: F811
    from playwright.sync_api import expect

    from zhixing.funds.models import Payout

    case = file_case(applied_amount=Decimal("8000.00"))
    login(page, "zhang", "pw-zhang")
    account = read_account(page, case.pk)
    assert bank.pay(POOLED, account, "8000.00", payer_name=DEBTOR)["delivered"] == 200
    page.goto(f"/cases/{case.pk}/#funds")
    expect(page.locator("#funds-balance")).to_have_text("8,000.00")
    request_payout(page, case.pk, "8000", "0000111122223333")  # a closed account: the bank bounces
    logout(page)
    login(page, "li", "pw-li")
    approve_on_workbench(page, case.case_number)
    logout(page)
    login(page, "zhao", "pw-zhao")
    send_on_case_page(page, case.pk, "8,000.00")

    deliver_and_wait(bank, case)
    page.reload()
    row = page.locator("#funds-payouts .payout-row").first
    expect(row.locator(".payout-status")).to_have_text("已退回")
    expect(row).to_contain_text("销户")
    expect(page.locator("#funds-balance")).to_have_text("8,000.00")
    expect(page.locator("#funds-pending")).to_have_text("0.00")
    snap(page, "09-bounced")
    page.get_by_role("link", name="案款", exact=True).click()
    page.click('#funds-tabs [data-tab="bounced"]')
    expect(page.locator("#funds-list .payout-row", has_text=case.case_number)).to_have_count(1)
    snap(page, "10-bounced-workbench")
    assert Payout.objects.get(case=case).status == Payout.BOUNCED


def test_money_unpaid_past_its_deadline_is_overdue(page, bank, pooled, cast, file_case, clock):  # noqa: F811
    from playwright.sync_api import expect

    from zhixing.funds.models import Receipt

    case = file_case()
    login(page, "zhang", "pw-zhang")
    account = read_account(page, case.pk)
    paid = bank.pay(POOLED, account, "1200.00", payer_name=DEBTOR)
    assert paid["delivered"] == 200
    receipt = Receipt.objects.get(case=case)
    page.goto(f"/cases/{case.pk}/#funds")
    row = page.locator(f'#funds-receipts .receipt-row[data-txn="{paid["transaction_id"]}"]')
    expect(row).to_contain_text(receipt.payout_due_on.isoformat())
    expect(row).not_to_contain_text("超期")
    logout(page)

    # The clock moves past the payout deadline (the session ends with the day: sign in again).
    clock.move_to(receipt.payout_due_on + dt.timedelta(days=1))
    bank.sync_clock()
    login(page, "zhao", "pw-zhao")
    page.get_by_role("link", name="案款", exact=True).click()
    page.click('#funds-tabs [data-tab="overdue"]')
    expect(page.locator("#funds-tabs .nav-link.active")).to_have_text("超期款")
    item = page.locator("#funds-list .list-row", has_text=case.case_number)
    expect(item).to_have_count(1)
    expect(item).to_contain_text("1,200.00")
    expect(item).to_contain_text("超期")
    snap(page, "11-overdue-workbench")
    item.get_by_role("link", name=case.case_number).click()
    row = page.locator(f'#funds-receipts .receipt-row[data-txn="{paid["transaction_id"]}"]')
    expect(row.locator(".due-badge")).to_have_text("超期")
    expect(page.locator("#funds-balance")).to_have_text("1,200.00")
    snap(page, "12-overdue-case")
