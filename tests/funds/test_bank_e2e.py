"""End to end over real HTTP with the reference bank (simulators/bank, its own process): a case is
paid by its own account once by transfer and once in e-CNY, the bank's signed notifications book the
money to the case, two people approve the payout, the bank confirms it and the case account is empty;
a bounced payout puts the money back; money left unpaid past its deadline shows as overdue funds."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pytest

from tests.simulators.bank_fixture import POOLED, SECRET, BankProcess
from zhixing.core import checks
from zhixing.funds import actions, queries
from zhixing.funds.actions.outbox import deliver_outbox
from zhixing.funds.models import Payout, Receipt

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def bank(live_server, settings, clock):
    # The bank answers a payout "accepted" and sends its outcome half a second later by notification,
    # as a real bank does; the test's own writes are done by then (SQLite's shared in-memory test
    # database refuses two writers at once).
    process = BankProcess().start(
        f"{live_server.url}/api/v1/funds/notifications/", SECRET, pooled=[POOLED], payout_delay=0.5
    )
    settings.ZHIXING_BANK_URL, settings.ZHIXING_BANK_SECRET = process.url, SECRET
    yield process
    process.stop()


@pytest.fixture
def pooled(courts, cast):
    return actions.open_pooled_account(
        courts.xiongan, POOLED, "河北雄安新区中级人民法院执行款专户", "工行雄安分行", actor=cast.finance
    )


def _pay_out(bank, case, amount, account, cast):
    payout = actions.request_payout(
        case,
        Decimal(amount),
        payee_name="王申请",
        payee_account=account,
        payee_bank="建行雄安分行",
        account_confirmed=True,
        actor=cast.officer,
    )
    actions.approve_payout(payout, actor=cast.judge)
    actions.send_payout(payout, actor=cast.finance)
    assert deliver_outbox() == 1
    # Wait on the bank's side until the platform has answered its notification: reading the shared
    # in-memory SQLite test database while the server thread writes it would be refused.
    for _ in range(100):
        if bank.get_payout(payout.idempotency_key)[1].get("delivered"):
            payout.refresh_from_db()
            return payout
        time.sleep(0.1)
    raise AssertionError("the bank never answered the payout")


def test_pay_by_code_match_approve_confirm(bank, pooled, cast, file_case, clock):
    case = file_case(applied_amount=Decimal("50000.00"))
    sub = queries.account_number(case)
    first = bank.pay(POOLED, sub, "30000.00", channel="transfer", payer_name="雄安某建设有限公司")
    second = bank.pay(POOLED, sub, "20000.00", channel="ecny", payer_name="雄安某建设有限公司")
    assert first["delivered"] == 200 and second["delivered"] == 200
    received = Receipt.objects.filter(case=case).order_by("id")
    assert [(r.channel, r.amount, r.matched_by) for r in received] == [
        ("transfer", Decimal("30000.00"), "sub_account"),
        ("ecny", Decimal("20000.00"), "sub_account"),
    ]
    assert received[1].wallet_id  # the e-CNY wallet the debtor paid from
    # The same notification again changes nothing.
    assert set(bank.notify(first["transaction_id"], times=3)) == {200}
    assert Receipt.objects.filter(case=case).count() == 2
    case.refresh_from_db()
    assert case.realized_amount == Decimal("50000.00")
    assert queries.case_balance(case) == (Decimal("50000.00"), Decimal("0.00"))

    payout = _pay_out(bank, case, "50000.00", "6217000010002000300", cast)
    # The bank confirmed by its notification: posted once, the bank booked the instruction once.
    assert payout.status == Payout.CONFIRMED
    assert queries.case_balance(case) == (Decimal("0.00"), Decimal("0.00"))
    state = bank.state()
    assert state["payouts"][payout.idempotency_key]["calls"] == 1
    assert state["accounts"][POOLED]["balance"] == "0.00"
    assert [(n, p) for n, p in checks.run_all() if p] == []


def test_a_bounced_payout_returns_the_money_to_the_case(bank, pooled, cast, file_case):
    case = file_case(applied_amount=Decimal("8000.00"))
    bank.pay(POOLED, queries.account_number(case), "8000.00")
    payout = _pay_out(bank, case, "8000.00", "0000111122223333", cast)  # a closed account: the bank bounces
    assert payout.status == Payout.BOUNCED and "销户" in payout.reason
    assert queries.case_balance(case) == (Decimal("8000.00"), Decimal("0.00"))
    assert actions.payouts.available(case) == Decimal("8000.00")


def test_unpaid_money_past_its_deadline_is_overdue(bank, pooled, file_case, clock):
    case = file_case()
    bank.pay(POOLED, queries.account_number(case), "1200.00")
    unknown = bank.pay(POOLED, "", "300.00", remittance="货款")
    assert Receipt.objects.get(transaction_id=unknown["transaction_id"]).case is None
    receipt = Receipt.objects.get(case=case)
    assert queries.overdue(clock.today).count() == 0
    clock.move_to(receipt.payout_due_on + dt.timedelta(days=1))
    bank.sync_clock()
    report = queries.report(clock.today).as_json()
    assert report["overdue"] == {"count": 1, "amount": "1200.00"}
    assert report["unidentified"] == {"count": 1, "amount": "300.00"}
    assert list(queries.overdue_claims(clock.today)) == [Receipt.objects.get(case__isnull=True)]


def test_a_notification_not_signed_by_the_bank_is_refused(live_server, settings, pooled, file_case):
    import json
    import urllib.request

    settings.ZHIXING_BANK_SECRET = SECRET
    body = json.dumps(
        {"transaction_id": "X1", "pooled_account": POOLED, "amount": "1.00", "booked_on": "2026-12-01"}
    )
    request = urllib.request.Request(
        f"{live_server.url}/api/v1/funds/notifications/receipt",
        data=body.encode(),
        method="POST",
        headers={"X-Bank-Timestamp": "1", "X-Bank-Signature": "sha256=00"},
    )
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request)
    assert err.value.code == 401 and "签名" in json.loads(err.value.read())["error"]
    assert not Receipt.objects.exists()
