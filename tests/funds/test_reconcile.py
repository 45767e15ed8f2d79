"""The daily reconciliation (issue 9 item 7): one day's bank statement against the ledger, every
difference listed with its Chinese explanation, nothing written."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from zhixing.funds import actions, reconcile
from zhixing.funds.actors import BANK
from zhixing.funds.models import Entry, Leg, Payout, Receipt
from zhixing.funds.statement import Statement, StatementEntry

CJK = re.compile(r"[\u4e00-\u9fff]")


def entry(pooled, n, txn, direction, amount, on, e2e=""):
    return StatementEntry(
        line=n, where=f"第{n}笔", account=pooled.account_number, transaction_id=txn, direction=direction,
        amount=Decimal(amount), currency="CNY", booked_on=on, sub_account="", payer_name="",
        payer_account="", remittance="", end_to_end_id=e2e,
    )  # fmt: skip


@pytest.fixture
def day(file_case, pay, approved_payout, pooled, clock):
    """A day with every kind of line: matched credit and debit, a credit the ledger lacks, a receipt
    the bank lacks, an amount difference, a payout bounced and returned, a debit without a payout and a
    payout confirmed without a debit."""
    on = clock.today
    case = file_case(applied_amount=Decimal("900000.00"))
    pay(case, "1000.00", "T1")
    pay(case, "500.00", "T2")
    pay(case, "300.00", "T3")
    p1 = approved_payout(case, "400.00")
    actions.record_payout_result(p1.idempotency_key, True, "BD1", actor=BANK)
    p2 = approved_payout(case, "100.00")
    actions.record_payout_result(p2.idempotency_key, False, reason="收款账户已销户", actor=BANK)
    p3 = approved_payout(case, "200.00")
    actions.record_payout_result(p3.idempotency_key, True, "BX", actor=BANK)
    statement = Statement(
        account=pooled.account_number,
        statement_id="S1",
        entries=[
            entry(pooled, 1, "T1", "credit", "1000.00", on),
            entry(pooled, 2, "T2", "credit", "600.00", on),
            entry(pooled, 3, "T4", "credit", "200.00", on),
            entry(pooled, 4, "BD1", "debit", "400.00", on, p1.idempotency_key),
            entry(pooled, 5, "BD2", "debit", "100.00", on, p2.idempotency_key),
            entry(pooled, 6, "BR2", "credit", "100.00", on, p2.idempotency_key),
            entry(pooled, 7, "BD3", "debit", "50.00", on),
        ],
    )
    return statement, case, (p1, p2, p3)


def by_txn(rec):
    return {(x.direction, x.transaction_id): x for x in rec.lines}


def test_every_line_is_listed_with_its_explanation(day, pooled, clock):
    statement, case, (p1, p2, p3) = day
    rec = reconcile.reconcile_day(statement, pooled, clock.today)
    lines = by_txn(rec)
    assert lines["credit", "T1"].kind == reconcile.MATCHED
    assert lines["credit", "T1"].case_number == case.case_number
    assert lines["debit", "BD1"].kind == reconcile.MATCHED
    t2 = lines["credit", "T2"]
    assert t2.kind == reconcile.AMOUNT_DIFFERS
    assert (t2.bank_amount, t2.ledger_amount) == (Decimal("600.00"), Decimal("500.00"))
    assert "金额不符" in t2.explanation
    assert lines["credit", "T4"].kind == reconcile.MISSING_IN_LEDGER
    assert lines["credit", "T4"].explanation == "银行已入账、平台未记账：可导入对账单补记"
    assert lines["credit", "T3"].kind == reconcile.MISSING_IN_BANK
    assert lines["credit", "T3"].explanation.startswith("平台已记账、银行流水中没有")
    assert lines["debit", "BD2"].kind == reconcile.RETURNED
    assert lines["credit", "BR2"].kind == reconcile.RETURNED
    assert "退汇" in lines["credit", "BR2"].explanation
    assert lines["debit", "BD3"].kind == reconcile.NO_PAYOUT
    assert "没有对应的平台发放指令" in lines["debit", "BD3"].explanation
    confirmed_only = lines["debit", "BX"]
    assert confirmed_only.kind == reconcile.MISSING_IN_BANK
    assert confirmed_only.end_to_end_id == p3.idempotency_key
    assert "平台已确认发放" in confirmed_only.explanation
    # The day's movement: bank 1000+600+200+100 − 400−100−50; ledger 1000+500+300 − 400−200.
    assert rec.bank_net == Decimal("1350.00")
    assert rec.ledger_net == Decimal("1200.00")
    assert rec.movement_difference == Decimal("150.00")
    assert rec.lines[-1].kind == reconcile.MOVEMENT_DIFFERS
    for line in rec.differences:
        assert CJK.search(line.explanation), line
    assert {x.transaction_id for x in rec.matched} == {"T1", "BD1", "BD2", "BR2"}
    assert not rec.balanced


def test_nothing_is_written(day, pooled, clock, django_assert_max_num_queries):
    statement, _case, _payouts = day
    counts = (Entry.objects.count(), Leg.objects.count(), Receipt.objects.count())
    statuses = list(Payout.objects.order_by("pk").values_list("status", flat=True))
    with django_assert_max_num_queries(8):
        reconcile.reconcile_day(statement, pooled, clock.today)
    assert counts == (Entry.objects.count(), Leg.objects.count(), Receipt.objects.count())
    assert statuses == list(Payout.objects.order_by("pk").values_list("status", flat=True))


def test_a_matching_day_balances(file_case, pay, pooled, clock):
    case = file_case()
    pay(case, "800.00", "A1")
    statement = Statement(
        pooled.account_number, "S", [entry(pooled, 1, "A1", "credit", "800.00", clock.today)]
    )
    rec = reconcile.reconcile_day(statement, pooled, clock.today)
    assert rec.balanced and rec.movement_difference == 0
    assert [x.kind for x in rec.lines] == [reconcile.MATCHED]


def test_another_account_is_named(pooled, clock):
    rec = reconcile.reconcile_day(Statement("999", "S", []), pooled, clock.today)
    assert rec.lines[0].kind == reconcile.ACCOUNT_DIFFERS
    assert "不是本专户" in rec.lines[0].explanation


def test_a_cash_receipt_missing_at_the_bank_says_to_check_the_deposit(file_case, pay, pooled, clock):
    case = file_case()
    pay(case, "300.00", "CASH-1", channel=Receipt.CASH)
    rec = reconcile.reconcile_day(Statement(pooled.account_number, "S", []), pooled, clock.today)
    assert "现金" in rec.lines[0].explanation
