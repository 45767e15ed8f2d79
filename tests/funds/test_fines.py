"""Fines paid into the court (rules §6.15) through funds.actions.receive_fine: one balanced entry from
the pool's fines account to the pooled account, booked by finance only; a case's money is never
touched, so a payout cannot draw on a fine, and the pooled account still equals what the court owes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhixing.core.models import AuditEntry
from zhixing.funds import actions, queries
from zhixing.funds.checks import balances_match_legs
from zhixing.funds.models import Entry, LedgerAccount
from zhixing.funds.reports import monthly


def test_one_balanced_entry_into_the_fines_account(pooled, cast, clock, file_case, pay):
    case = file_case()
    pay(case, "1000.00", "T-1")
    entry = actions.receive_fine(
        pooled.court, Decimal("5000.00"), clock.today, "FK-1", "罚款（赵某某）", actor=cast.finance
    )
    assert entry.kind == Entry.FINE and entry.booked_on == clock.today and entry.memo.startswith("[FK-1]")
    legs = {leg.account.kind: leg.amount for leg in entry.legs.select_related("account")}
    assert legs == {LedgerAccount.POOLED: Decimal("5000.00"), LedgerAccount.FINES: Decimal("-5000.00")}
    assert queries.available(case) == Decimal("1000.00")  # the case's money is what it was
    assert list(balances_match_legs()) == []
    report = monthly.monthly_report(pooled, clock.today.replace(day=1))
    assert report.closing == Decimal("6000.00") and report.fines_balance == Decimal("5000.00")
    assert report.adds_up
    audit = AuditEntry.objects.get(action="funds.fine")
    assert audit.detail["reference"] == "FK-1" and audit.detail["amount"] == "5000.00"


def test_last_months_fine_is_in_the_opening_not_this_months_figure(pooled, cast, clock):
    earlier = clock.today.replace(day=1) - dt.timedelta(days=3)
    actions.receive_fine(pooled.court, Decimal("800"), earlier, "FK-0", "罚款", actor=cast.finance)
    report = monthly.monthly_report(pooled, clock.today.replace(day=1))
    assert (
        report.opening == Decimal("800")
        and report.fines.count == 0
        and report.fines_balance == Decimal("800")
    )
    assert report.adds_up


def test_refused_without_finance_or_a_reference_or_twice(pooled, cast, clock):
    with pytest.raises(PermissionDenied):
        actions.receive_fine(pooled.court, Decimal("1"), clock.today, "FK-1", "x", actor=cast.officer)
    with pytest.raises(ValidationError, match="凭证号"):
        actions.receive_fine(pooled.court, Decimal("1"), clock.today, " ", "x", actor=cast.finance)
    with pytest.raises(ValidationError, match="精确到分"):
        actions.receive_fine(pooled.court, Decimal("1.005"), clock.today, "FK-1", "x", actor=cast.finance)
    actions.receive_fine(pooled.court, Decimal("1"), clock.today, "FK-1", "x", actor=cast.finance)
    with pytest.raises(ValidationError, match="已入账"):
        actions.receive_fine(pooled.court, Decimal("1"), clock.today, "FK-1", "x", actor=cast.finance)
    assert Entry.objects.filter(kind=Entry.FINE).count() == 1
