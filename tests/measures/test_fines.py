"""A fine paid into the court (rules §6.15): finance books it through funds as one balanced entry into
the pool's fines account, never a case account; in part it stays in force, in full it ends (PAID);
the ledger's identity and the monthly report still add up with the fines beside the cases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhixing.cases.actions.common import ActionError
from zhixing.funds.checks import balances_match_legs, every_entry_balances
from zhixing.funds.models import Entry, LedgerAccount
from zhixing.funds.reports.monthly import monthly_report
from zhixing.measures import actions, rules
from zhixing.measures.models import CoerciveMeasure


@pytest.fixture
def fine(person_case, debtor, cast, pooled):
    m = actions.propose_measure(
        person_case, rules.FINE, debtor, actor=cast.officer, reason="拒不报告财产", amount=Decimal("30000")
    )
    m = actions.decide_measure(m, True, actor=cast.president)
    return actions.carry_out(m, actor=cast.officer)


def balance(pooled, kind):
    return LedgerAccount.objects.get(pooled=pooled, kind=kind, case=None).balance


def test_paid_in_two_parts_into_the_fines_account_then_ended(fine, pooled, person_case, cast, clock):
    m = actions.book_fine(fine, Decimal("10000"), clock.today, "BANK-001", actor=cast.finance)
    assert m.status == CoerciveMeasure.IN_FORCE and m.paid_amount == Decimal("10000")
    m = actions.book_fine(m, Decimal("20000.00"), clock.today, "BANK-002", actor=cast.finance)
    assert m.status == CoerciveMeasure.ENDED and m.end_reason == rules.PAID
    assert balance(pooled, LedgerAccount.POOLED) == Decimal("30000")
    assert balance(pooled, LedgerAccount.FINES) == Decimal("30000")
    # Never the case's money: no case account was opened or moved by a fine.
    assert not LedgerAccount.objects.filter(case=person_case).exists()
    entries = Entry.objects.filter(kind=Entry.FINE)
    assert entries.count() == 2
    for entry in entries:
        kinds = sorted(leg.account.kind for leg in entry.legs.select_related("account"))
        assert kinds == [LedgerAccount.FINES, LedgerAccount.POOLED]
    assert list(every_entry_balances()) == [] and list(balances_match_legs()) == []
    assert person_case.events.filter(kind="fine_paid").count() == 2
    assert person_case.events.filter(kind="coercive_ended").exists()


def test_more_than_the_fine_and_the_same_reference_twice_are_refused(fine, cast, clock):
    with pytest.raises(ActionError, match="超过尚欠罚款"):
        actions.book_fine(fine, Decimal("30000.01"), clock.today, "BANK-001", actor=cast.finance)
    actions.book_fine(fine, Decimal("100"), clock.today, "BANK-001", actor=cast.finance)
    with pytest.raises(ValidationError, match="已入账"):
        actions.book_fine(fine, Decimal("100"), clock.today, "BANK-001", actor=cast.finance)
    with pytest.raises(ActionError, match="精确到分"):
        actions.book_fine(fine, Decimal("0.001"), clock.today, "BANK-003", actor=cast.finance)


def test_only_finance_books_and_only_a_fine_in_force(person_case, debtor, fine, cast, clock):
    with pytest.raises(PermissionDenied):
        actions.book_fine(fine, Decimal("100"), clock.today, "B1", actor=cast.officer)
    proposed = actions.propose_measure(
        person_case, rules.FINE, debtor, actor=cast.officer, reason="x", amount=Decimal("1000")
    )
    with pytest.raises(ActionError, match="尚未送达"):
        actions.book_fine(proposed, Decimal("100"), clock.today, "B2", actor=cast.finance)


def test_ending_a_fine_by_hand_is_refused(fine, cast):
    with pytest.raises(ActionError, match="财务登记"):
        actions.end_measure(fine, rules.PAID, actor=cast.officer)


def test_monthly_report_shows_the_fines_and_still_adds_up(fine, pooled, cast, clock):
    actions.book_fine(fine, Decimal("12345.67"), clock.today, "BANK-9", actor=cast.finance)
    report = monthly_report(pooled, clock.today.replace(day=1))
    assert report.fines_balance == Decimal("12345.67")
    assert report.fines.count == 1 and report.fines.amount == Decimal("12345.67")
    assert report.fines_text == "12,345.67"
    assert report.adds_up
    assert ("其中：罚款", Decimal("12345.67")) in report.summary()
