"""Case funds under concurrent writers on PostgreSQL (issue 9 "Must show"): 50 payouts sent at once
against one case pay out exactly its balance, never more; the same notification delivered 5 times at
once is booked once. Each thread has its own connection and starts at a shared barrier."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.funds.conftest import PAYEE
from tests.postgres.test_concurrency import run_at_once
from zhixing.funds import actions
from zhixing.funds.actors import BANK
from zhixing.funds.models import Entry, LedgerAccount, Payout, Receipt
from zhixing.funds.queries import account_number, case_balance

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

N = 50
FITS = 17  # the case holds exactly this many payouts


def _deposit(pooled, case, amount, txn):
    return actions.receive(
        actions.Incoming(
            pooled.account_number,
            txn,
            Receipt.TRANSFER,
            Decimal(amount),
            dt.date(2026, 12, 1),
            account_number(case),
        ),
        actor=BANK,
    )


def test_fifty_sends_at_once_pay_out_exactly_the_balance(file_case, cast, courts):
    pooled = actions.open_pooled_account(courts.xiongan, actor=cast.finance)
    case = file_case(applied_amount=Decimal("1000000.00"))
    # Enough to request all fifty, one after another, each then approved.
    _deposit(pooled, case, "5000.00", "BIG")
    payouts = []
    for _i in range(N):
        p = actions.request_payout(
            case, Decimal("100.00"), **PAYEE, account_confirmed=True, actor=cast.officer
        )
        payouts.append(actions.approve_payout(p, actor=cast.judge))
    # Now take the balance down to exactly FITS payouts: a reversal of the deposit and a smaller one.
    big = Receipt.objects.get(transaction_id="BIG")
    actions.reverse_receipt(big, "冲正", actor=BANK, booked_on=dt.date(2026, 12, 1))
    _deposit(pooled, case, f"{FITS * 100}.00", "EXACT")
    assert case_balance(case) == (Decimal(f"{FITS * 100}.00"), Decimal("0.00"))

    def send(i):
        try:
            actions.send_payout(payouts[i], actor=cast.finance)
            return "sent"
        except ValidationError:
            return "refused"

    results = run_at_once(N, send)
    assert results.count("sent") == FITS and results.count("refused") == N - FITS
    assert Payout.objects.filter(status=Payout.SENT).count() == FITS
    assert case_balance(case) == (Decimal(f"{FITS * 100}.00"), Decimal(f"{FITS * 100}.00"))

    for p in Payout.objects.filter(status=Payout.SENT):
        actions.record_payout_result(p.idempotency_key, True, "B", actor=BANK)
        bal, pending = case_balance(case)
        assert bal >= 0 and bal >= pending
    assert case_balance(case) == (Decimal("0.00"), Decimal("0.00"))
    pool = LedgerAccount.objects.get(pooled=pooled, kind=LedgerAccount.POOLED)
    assert pool.balance == 0


def test_one_notification_delivered_five_times_at_once_is_booked_once(file_case, cast, courts):
    pooled = actions.open_pooled_account(courts.xiongan, actor=cast.finance)
    case = file_case()
    entries = Entry.objects.count()

    results = run_at_once(5, lambda i: _deposit(pooled, case, "4321.09", "SAME-TXN"))

    assert sum(1 for _r, new in results if new) == 1
    assert len({r.pk for r, _new in results}) == 1
    assert Receipt.objects.filter(transaction_id="SAME-TXN").count() == 1
    assert Entry.objects.count() == entries + 1
    assert case_balance(case)[0] == Decimal("4321.09")
    assert LedgerAccount.objects.get(pooled=pooled, kind=LedgerAccount.POOLED).balance == Decimal("4321.09")
