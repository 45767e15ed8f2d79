"""Money moved between two case accounts of one pooled account (actions.transfer_between_cases): one
balanced entry, the realized amounts move with it, over-drawing and other refusals write nothing, the
funds checks of `zhixing check` still prove pooled = Σ case + suspense + fees, and any sequence of
transfers keeps the sum of the case balances and never takes one below zero."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.funds.conftest import PAYEE
from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import CaseEvent
from zhixing.core import checks
from zhixing.core.models import AuditEntry
from zhixing.funds import actions
from zhixing.funds.actions.transfers import TRANSFER
from zhixing.funds.models import Entry, LedgerAccount, Leg
from zhixing.funds.queries import available

CHINESE = re.compile(r"[\u4e00-\u9fff]")
FUNDS_CHECKS = {"案款分录借贷平衡", "案款余额与分录一致"}


def balance(case) -> Decimal:
    acc = LedgerAccount.objects.filter(case=case).first()
    return acc.balance if acc else Decimal("0.00")


def funds_problems() -> list[str]:
    return [p for name, found in checks.run_all() if name in FUNDS_CHECKS for p in found]


def written() -> tuple:
    return (
        Entry.objects.count(),
        Leg.objects.count(),
        sorted(LedgerAccount.objects.values_list("id", "balance")),
    )


@pytest.fixture
def two(file_case, pay, cast):
    source, target = file_case(), file_case()
    pay(source, "30000.00", "T-1")
    return source, target


def test_a_transfer_is_one_balanced_entry_and_moves_the_realized_amount(two, cast):
    source, target = two
    entry = actions.transfer_between_cases(source, target, Decimal("12000.50"), "分配", actor=cast.officer)
    assert entry.kind == TRANSFER
    legs = {leg.account.case_id: leg.amount for leg in entry.legs.select_related("account")}
    assert legs == {source.pk: Decimal("12000.50"), target.pk: Decimal("-12000.50")}
    assert balance(source) == Decimal("17999.50") and balance(target) == Decimal("12000.50")
    source.refresh_from_db()
    target.refresh_from_db()
    assert source.realized_amount == Decimal("17999.50")
    assert target.realized_amount == Decimal("12000.50")
    kinds = CaseEvent.objects.filter(kind="funds_transferred")
    assert {e.case_id: e.data["direction"] for e in kinds} == {source.pk: "转出", target.pk: "转入"}
    assert AuditEntry.objects.filter(action="funds.transfer").count() == 1
    assert funds_problems() == []
    # The target may now pay its applicant what it received.
    assert available(target) == Decimal("12000.50")
    payout = actions.request_payout(
        target, Decimal("12000.50"), **PAYEE, account_confirmed=True, actor=cast.officer
    )
    assert payout.amount == Decimal("12000.50")


@pytest.mark.parametrize("amount", ["30000.01", "0", "-5", "1.005"])
def test_refused_amounts_write_nothing(two, cast, amount):
    source, target = two
    before = written()
    with pytest.raises(ValidationError) as err:
        actions.transfer_between_cases(source, target, Decimal(amount), "分配", actor=cast.officer)
    assert CHINESE.search(err.value.messages[0])
    assert written() == before


def test_money_asked_for_by_a_payout_is_not_available_to_transfer(two, cast):
    source, target = two
    actions.request_payout(source, Decimal("20000.00"), **PAYEE, account_confirmed=True, actor=cast.officer)
    with pytest.raises(ValidationError, match="超过"):
        actions.transfer_between_cases(source, target, Decimal("10000.01"), "分配", actor=cast.officer)
    actions.transfer_between_cases(source, target, Decimal("10000.00"), "分配", actor=cast.officer)
    assert available(source) == 0


def test_other_pools_and_the_same_case_are_refused(two, file_case, courts, cast):
    source, target = two
    actions.open_pooled_account(courts.shijiazhuang, actor=cast.admin)
    elsewhere = file_case(court=courts.shijiazhuang, handler=cast.outsider, actor=cast.outsider)
    with pytest.raises(ValidationError, match="同一执行款专户"):
        actions.transfer_between_cases(source, elsewhere, Decimal("1.00"), "", actor=cast.officer)
    with pytest.raises(ValidationError, match="同一案件"):
        actions.transfer_between_cases(source, source, Decimal("1.00"), "", actor=cast.officer)
    assert funds_problems() == []


def test_only_the_source_handler_or_a_judge_may_transfer(two, cast):
    source, target = two
    with pytest.raises(ActionError, match="承办人"):
        actions.transfer_between_cases(source, target, Decimal("1.00"), "", actor=cast.officer2)
    for nobody in (cast.finance, cast.clerk, cast.outsider):
        with pytest.raises(PermissionDenied):
            actions.transfer_between_cases(source, target, Decimal("1.00"), "", actor=nobody)
    actions.transfer_between_cases(source, target, Decimal("1.00"), "", actor=cast.judge)
    actions.transfer_between_cases(source, target, Decimal("1.00"), "", actor=cast.president)
    assert balance(target) == Decimal("2.00")


def test_a_transferred_receipt_no_longer_counts_as_outstanding(two, cast):
    source, target = two
    actions.transfer_between_cases(source, target, Decimal("30000.00"), "分配", actor=cast.officer)
    assert [r.outstanding for r in source.receipts.all()] == [Decimal("0.00")]


CASES = 3
transfers = st.lists(
    st.tuples(
        st.integers(0, CASES - 1),
        st.integers(0, CASES - 1),
        st.integers(min_value=-100, max_value=400_000).map(lambda c: Decimal(c) / 100),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=transfers, start=st.lists(st.integers(0, 300_000), min_size=CASES, max_size=CASES))
def test_any_sequence_of_transfers_keeps_the_sum_and_no_balance_goes_negative(
    pooled, file_case, pay, cast, ops, start
):
    with transaction.atomic():
        cases = [file_case() for _ in range(CASES)]
        for i, (case, cents) in enumerate(zip(cases, start, strict=True)):
            if cents:
                pay(case, Decimal(cents) / 100, f"P{i}")
        for c in cases:
            c.refresh_from_db()
        total = sum((balance(c) for c in cases), Decimal(0))
        realized = sum((c.realized_amount for c in cases), Decimal(0))
        for src, dst, amount in ops:
            source, target = cases[src], cases[dst]
            allowed = src != dst and Decimal(0) < amount <= available(source)
            before = written()
            try:
                actions.transfer_between_cases(source, target, amount, "分配", actor=cast.judge)
            except ValidationError as err:
                assert not allowed, err.messages
                assert CHINESE.search(err.messages[0])
                assert written() == before
            else:
                assert allowed
            balances = [balance(c) for c in cases]
            assert all(b >= 0 for b in balances), balances
            assert sum(balances, Decimal(0)) == total
            for c in cases:
                c.refresh_from_db()
            assert sum((c.realized_amount for c in cases), Decimal(0)) == realized
        assert funds_problems() == []
        transaction.set_rollback(True)
