"""The court's judicial-relief fund in the ledger (funds.actions.relief): the treasury's allotment into
the pool's relief account, relief granted from it into a case account (not the debtor's money, so the
realised amount stays), recovered back; every posting balanced and the pooled account equal to what
the court owes, relief fund included (`zhixing check`)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhixing.core.models import AuditEntry
from zhixing.funds import queries
from zhixing.funds.actions import relief
from zhixing.funds.checks import balances_match_legs, every_entry_balances
from zhixing.funds.models import Entry, LedgerAccount
from zhixing.funds.reports import monthly


def _legs(entry):
    return {leg.account.kind: leg.amount for leg in entry.legs.select_related("account")}


def _clean():
    return list(every_entry_balances()) == [] and list(balances_match_legs()) == []


@pytest.fixture
def funded(pooled, cast, clock):
    relief.fund_relief(
        pooled.court, Decimal("100000.00"), clock.today, "BK-1", "财政拨款", actor=cast.finance
    )
    return pooled


def test_the_treasury_allotment_lands_in_the_relief_fund(pooled, cast, clock):
    entry = relief.fund_relief(
        pooled.court, Decimal("100000.00"), clock.today, "BK-1", "财政拨款", actor=cast.finance
    )
    assert entry.kind == Entry.RELIEF_FUNDING
    assert _legs(entry) == {
        LedgerAccount.POOLED: Decimal("100000.00"),
        LedgerAccount.RELIEF: Decimal("-100000.00"),
    }
    assert relief.relief_balance(pooled.court) == Decimal("100000.00")
    assert _clean()
    assert AuditEntry.objects.get(action="funds.relief_fund").detail["reference"] == "BK-1"


def test_the_same_allotment_is_booked_once_and_only_by_finance(pooled, cast, clock):
    with pytest.raises(PermissionDenied):
        relief.fund_relief(pooled.court, Decimal("1"), clock.today, "BK-1", actor=cast.officer)
    relief.fund_relief(pooled.court, Decimal("1"), clock.today, "BK-1", actor=cast.finance)
    with pytest.raises(ValidationError, match="已入账"):
        relief.fund_relief(pooled.court, Decimal("1"), clock.today, "BK-1", actor=cast.finance)


def test_a_grant_moves_fund_money_into_the_case_without_realising_it(funded, cast, file_case):
    case = file_case()
    entry = relief.grant_relief(case, Decimal("30000.00"), "（2026）冀96司救执1号", actor=cast.finance)
    assert entry.kind == Entry.RELIEF_GRANT
    assert _legs(entry) == {
        LedgerAccount.RELIEF: Decimal("30000.00"),
        LedgerAccount.CASE: Decimal("-30000.00"),
    }
    case.refresh_from_db()
    assert case.realized_amount == 0
    assert queries.available(case) == Decimal("30000.00")  # the ordinary payout can carry it out
    assert relief.relief_balance(funded.court) == Decimal("70000.00")
    assert _clean()


def test_a_grant_beyond_the_fund_is_refused(funded, cast, file_case):
    case = file_case()
    with pytest.raises(ValidationError, match="余额"):
        relief.grant_relief(case, Decimal("100000.01"), "R-1", actor=cast.finance)
    assert not Entry.objects.filter(kind=Entry.RELIEF_GRANT).exists()


def test_recovery_moves_money_back_into_the_fund(funded, cast, file_case, pay):
    case = file_case()
    relief.grant_relief(case, Decimal("30000.00"), "R-1", actor=cast.finance)
    pay(case, "20000.00", "T-1")
    entry = relief.recover_relief(case, Decimal("20000.00"), "R-1", actor=cast.finance)
    assert _legs(entry) == {
        LedgerAccount.CASE: Decimal("20000.00"),
        LedgerAccount.RELIEF: Decimal("-20000.00"),
    }
    assert relief.relief_balance(funded.court) == Decimal("90000.00")
    assert queries.available(case) == Decimal("30000.00")
    assert _clean()


def test_recovery_beyond_the_case_balance_is_refused(funded, cast, file_case):
    case = file_case()
    relief.grant_relief(case, Decimal("100.00"), "R-1", actor=cast.finance)
    with pytest.raises(ValidationError, match="不足"):
        relief.recover_relief(case, Decimal("100.01"), "R-1", actor=cast.finance)


def test_the_monthly_report_adds_up_with_the_relief_fund(funded, cast, clock, file_case):
    case = file_case()
    relief.grant_relief(case, Decimal("30000.00"), "R-1", actor=cast.finance)
    report = monthly.monthly_report(funded, clock.today.replace(day=1))
    assert report.relief_balance == Decimal("70000.00") and report.case_total == Decimal("30000.00")
    assert report.closing == Decimal("100000.00") and report.adds_up
    assert ("其中：司法救助资金", Decimal("70000.00")) in [(str(a), b) for a, b in report.summary()]


def test_a_wrong_relief_balance_is_caught_by_the_check(funded):
    LedgerAccount.objects.filter(kind=LedgerAccount.RELIEF).update(balance=Decimal("1.00"))
    assert list(balances_match_legs())
