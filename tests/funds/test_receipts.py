"""Money in (issue 9 §3): matching by sub-account, by the case number in the remittance, else suspense
with a claim deadline; a notification seen twice booked once; claims maker-checker; 已执行到位 from
receipts and direct payments; field cash needs two officers."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from zhixing.cases.models import Case
from zhixing.funds import actions
from zhixing.funds.actors import BANK
from zhixing.funds.models import Entry, LedgerAccount, Receipt
from zhixing.funds.queries import account_number, case_balance, unidentified

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def incoming(pooled, txn, amount, *, sub="", remittance="", on=dt.date(2026, 12, 1)):
    return actions.Incoming(
        pooled_account=pooled.account_number,
        transaction_id=txn,
        channel=Receipt.TRANSFER,
        amount=Decimal(amount),
        booked_on=on,
        sub_account=sub,
        remittance=remittance,
    )


def test_matched_by_sub_account(pooled, file_case):
    case = file_case()
    receipt, new = actions.receive(incoming(pooled, "T1", "1200.50", sub=account_number(case)), actor=BANK)
    assert new and receipt.case == case and receipt.matched_by == Receipt.BY_SUB_ACCOUNT
    assert receipt.claim_due_on is None and receipt.outstanding == Decimal("1200.50")
    assert case_balance(case) == (Decimal("1200.50"), Decimal("0.00"))


def test_matched_by_case_number_in_the_remittance(pooled, file_case):
    file_case()
    case = file_case()
    text = f"还款 {case.case_number} 执行款"
    receipt, _new = actions.receive(incoming(pooled, "T2", "300.00", remittance=text), actor=BANK)
    assert receipt.case == case and receipt.matched_by == Receipt.BY_CASE_NUMBER
    assert case_balance(case)[0] == Decimal("300.00")


def test_sub_account_wins_over_the_remittance(pooled, file_case):
    first, second = file_case(), file_case()
    receipt, _new = actions.receive(
        incoming(pooled, "T3", "10.00", sub=account_number(first), remittance=second.case_number),
        actor=BANK,
    )
    assert receipt.case == first and receipt.matched_by == Receipt.BY_SUB_ACCOUNT


def test_unmatched_goes_to_suspense_with_three_working_days_to_claim(pooled, file_case):
    file_case()
    friday = dt.date(2026, 12, 4)
    receipt, _new = actions.receive(
        incoming(pooled, "T4", "888.00", remittance="货款", on=friday), actor=BANK
    )
    assert receipt.case is None and receipt.matched_by == Receipt.UNMATCHED
    # Friday + 3 working days: Mon 7, Tue 8, Wed 9 December 2026.
    assert receipt.claim_due_on == dt.date(2026, 12, 9)
    suspense = LedgerAccount.objects.get(pooled=pooled, kind=LedgerAccount.SUSPENSE)
    assert suspense.balance == Decimal("888.00")
    assert list(unidentified()) == [receipt]


def test_a_wrong_check_digit_is_not_a_match(pooled, file_case):
    case = file_case()
    sub = account_number(case)
    wrong = sub[:-1] + str((int(sub[-1]) + 1) % 10)
    receipt, _new = actions.receive(incoming(pooled, "T5", "1.00", sub=wrong), actor=BANK)
    assert receipt.case is None


def test_the_same_notification_twice_is_booked_once(pooled, file_case):
    case = file_case()
    note = incoming(pooled, "DUP-1", "5000.00", sub=account_number(case))
    first, new1 = actions.receive(note, actor=BANK)
    entries = Entry.objects.count()
    second, new2 = actions.receive(note, actor=BANK)
    assert (new1, new2) == (True, False) and first.pk == second.pk
    assert Receipt.objects.count() == 1 and Entry.objects.count() == entries
    assert case_balance(case)[0] == Decimal("5000.00")
    assert Case.objects.get(pk=case.pk).realized_amount == Decimal("5000.00")


def test_unknown_pooled_account_is_refused_in_chinese(pooled):
    note = actions.Incoming("99999", "X", Receipt.TRANSFER, Decimal("1.00"), dt.date(2026, 12, 1))
    with pytest.raises(ValidationError) as info:
        actions.receive(note, actor=BANK)
    assert CHINESE.search(info.value.messages[0])
    assert not Receipt.objects.exists()


def test_a_claim_needs_a_second_person(pooled, file_case, cast):
    case = file_case()
    receipt, _new = actions.receive(incoming(pooled, "T6", "700.00", remittance="无案号"), actor=BANK)
    actions.request_claim(receipt, case, "付款人来电确认", actor=cast.finance)
    with pytest.raises(ValidationError, match="另一人"):
        actions.approve_claim(receipt, actor=cast.finance)
    assert case_balance(case)[0] == 0
    receipt = actions.approve_claim(receipt, actor=cast.president)
    assert receipt.case == case and receipt.matched_by == Receipt.BY_CLAIM
    assert case_balance(case)[0] == Decimal("700.00")
    assert LedgerAccount.objects.get(pooled=pooled, kind=LedgerAccount.SUSPENSE).balance == 0
    assert not unidentified().exists()
    assert Case.objects.get(pk=case.pk).realized_amount == Decimal("700.00")


def test_a_refused_claim_leaves_the_money_in_suspense(pooled, file_case, cast):
    case = file_case()
    receipt, _new = actions.receive(incoming(pooled, "T7", "50.00"), actor=BANK)
    actions.request_claim(receipt, case, actor=cast.officer)
    actions.refuse_claim(receipt, "无依据", actor=cast.finance)
    receipt.refresh_from_db()
    assert receipt.case is None and receipt.claim_requested_for is None
    assert case_balance(case)[0] == 0
    with pytest.raises(ValidationError):
        actions.approve_claim(receipt, actor=cast.president)


def test_realised_amount_grows_with_receipts_and_direct_payments(pooled, file_case, cast, pay, clock):
    case = file_case()
    start = Case.objects.get(pk=case.pk).realized_amount or Decimal(0)
    pay(case, "1000.00", "R1")
    pay(case, "234.56", "R2")
    actions.record_direct_payment(
        case,
        Decimal("500.00"),
        clock.today,
        "雄安某建设有限公司",
        "王申请",
        "申请人签字的收条",
        actor=cast.officer,
    )
    assert Case.objects.get(pk=case.pk).realized_amount == start + Decimal("1734.56")
    # The direct payment never passes the account.
    assert case_balance(case)[0] == Decimal("1234.56")
    with pytest.raises(ValidationError, match="证据"):
        actions.record_direct_payment(
            case, Decimal("1.00"), clock.today, "甲", "乙", "  ", actor=cast.officer
        )


def test_field_cash_needs_two_officers(pooled, file_case, cast, clock):
    case = file_case()

    def cash(officers):
        return actions.record_cash(
            case, Decimal("2000.00"), clock.today, "XJ001", officers, "被执行人", actor=cast.finance
        )

    with pytest.raises(ValidationError, match="两名"):
        cash([cast.officer, cast.officer])
    assert not Receipt.objects.exists()
    receipt = cash([cast.officer, cast.officer2])
    assert receipt.channel == Receipt.CASH and receipt.case == case
    assert case_balance(case)[0] == Decimal("2000.00")
