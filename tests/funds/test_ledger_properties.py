"""Issue 9 "Must show": any sequence of receipts (matched and not), claims, payouts (confirmed,
bounced or left on their way), and reversals of receipts keeps every entry balanced, no case balance
negative, the pooled balance equal to Σ case + suspense + fees, and the funds checks of `zhixing check`
free of problems. Over-drawing is refused with a Chinese message and writes nothing.

Each generated sequence runs inside its own savepoint of the test's transaction, rolled back at the end,
so the examples do not see each other's money."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.funds.conftest import PAYEE, receive
from zhixing.core import checks
from zhixing.funds import actions
from zhixing.funds.actions.payouts import available
from zhixing.funds.actors import BANK
from zhixing.funds.models import Entry, LedgerAccount, Leg, Payout, Receipt
from zhixing.funds.queries import account_number, case_balance, unidentified

CHINESE = re.compile(r"[\u4e00-\u9fff]")
FUNDS_CHECKS = {"案款分录借贷平衡", "案款余额与分录一致"}
CASES = 3

cents = st.integers(min_value=1, max_value=500_000).map(lambda c: Decimal(c) / 100)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("receive"), st.none() | st.integers(0, CASES - 1), cents),
        st.tuples(st.just("claim"), st.integers(0, 50), st.integers(0, CASES - 1)),
        st.tuples(
            st.just("payout"),
            st.integers(0, CASES - 1),
            st.integers(min_value=1, max_value=900_000).map(lambda c: Decimal(c) / 100),
            st.sampled_from(["confirm", "bounce", "pending", "bounce-confirm"]),
        ),
        st.tuples(st.just("reverse"), st.integers(0, 50)),
    ),
    min_size=1,
    max_size=14,
)


def written() -> tuple[int, int, int, int]:
    return Entry.objects.count(), Leg.objects.count(), Receipt.objects.count(), Payout.objects.count()


def kept_balances() -> list:
    return sorted(LedgerAccount.objects.values_list("id", "balance", "pending_out"))


def assert_invariants(pooled) -> None:
    # Summed in Python: SQLite's SUM over a decimal column is a float.
    per_entry: dict[int, Decimal] = {}
    per_account: dict[int, Decimal] = {}
    for entry_id, account_id, amount in Leg.objects.values_list("entry", "account", "amount"):
        per_entry[entry_id] = per_entry.get(entry_id, Decimal(0)) + amount
        per_account[account_id] = per_account.get(account_id, Decimal(0)) + amount
    assert all(total == 0 for total in per_entry.values()), per_entry
    accounts = list(LedgerAccount.objects.filter(pooled=pooled))
    for acc in accounts:
        if acc.kind != LedgerAccount.POOLED:
            assert acc.balance >= 0 and acc.balance >= acc.pending_out, acc
        assert per_account.get(acc.pk, Decimal(0)) * LedgerAccount.NORMAL[acc.kind] == acc.balance
    pool = sum((a.balance for a in accounts if a.kind == LedgerAccount.POOLED), Decimal(0))
    owed = sum((a.balance for a in accounts if a.kind != LedgerAccount.POOLED), Decimal(0))
    assert pool == owed


class Run:
    def __init__(self, pooled, cases, cast, clock):
        self.pooled, self.cases, self.cast, self.clock = pooled, cases, cast, clock
        self.receipts: list[Receipt] = []
        self.n = 0

    def receive(self, case_idx, amount) -> None:
        self.n += 1
        sub = account_number(self.cases[case_idx]) if case_idx is not None else ""
        receipt, new = actions.receive(
            actions.Incoming(
                self.pooled.account_number, f"H{self.n}", Receipt.TRANSFER, amount, self.clock.today, sub
            ),
            actor=BANK,
        )
        assert new
        self.receipts.append(receipt)

    def claim(self, i, case_idx) -> None:
        # Only live unmatched receipts are claimable money (a reversed one is refused: tested below).
        open_ = [r for r in self.receipts if unidentified().filter(pk=r.pk).exists()]
        if not open_:
            return
        receipt = open_[i % len(open_)]
        actions.request_claim(receipt, self.cases[case_idx], actor=self.cast.officer)
        receipt = actions.approve_claim(receipt, actor=self.cast.finance)
        assert receipt.case_id == self.cases[case_idx].pk

    def payout(self, case_idx, amount, outcome) -> None:
        case = self.cases[case_idx]
        if amount > available(case):
            before, balances = written(), kept_balances()
            try:
                actions.request_payout(case, amount, **PAYEE, account_confirmed=True, actor=self.cast.officer)
            except ValidationError as exc:
                assert CHINESE.search(exc.messages[0]), exc.messages
            else:
                raise AssertionError(f"over-drawing {amount} > {available(case)} was accepted")
            assert (written(), kept_balances()) == (before, balances)
            return
        payout = actions.request_payout(
            case, amount, **PAYEE, account_confirmed=True, actor=self.cast.officer
        )
        payout = actions.approve_payout(payout, actor=self.cast.judge)
        payout = actions.send_payout(payout, actor=self.cast.finance)
        if outcome == "pending":
            return
        confirmed = outcome == "confirm"
        actions.record_payout_result(payout.idempotency_key, confirmed, "B", "退回", actor=BANK)
        # The bank's answer again, or the other answer late: nothing changes.
        before, balances = written(), kept_balances()
        actions.record_payout_result(payout.idempotency_key, outcome != "bounce", "B", actor=BANK)
        assert (written(), kept_balances()) == (before, balances)

    def reverse(self, i) -> None:
        """Undo a receipt booked in error (actions.reverse_receipt): from suspense while unidentified,
        from the case account once matched or claimed, refused once any of it was paid out or it was
        already reversed."""
        if not self.receipts:
            return
        receipt = Receipt.objects.get(pk=self.receipts[i % len(self.receipts)].pk)
        allowed = receipt.reversed_on is None and (
            receipt.case_id is None or receipt.outstanding == receipt.amount
        )
        if receipt.case_id is not None and allowed:
            acc = LedgerAccount.objects.get(case_id=receipt.case_id)
            allowed = acc.balance - receipt.amount >= acc.pending_out
        before, balances = written(), kept_balances()
        try:
            actions.reverse_receipt(receipt, "冲正", actor=BANK, booked_on=self.clock.today)
        except ValidationError as exc:
            assert not allowed, f"reversal refused though it is allowed: {exc.messages}"
            assert CHINESE.search(exc.messages[0])
            assert (written(), kept_balances()) == (before, balances)
        else:
            assert allowed, "a reversal that overdraws, repeats or takes paid-out money was accepted"
            assert not unidentified().filter(pk=receipt.pk).exists()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_any_sequence_keeps_the_ledger_sound(pooled, file_case, cast, clock, ops):
    with transaction.atomic():
        cases = [file_case() for _ in range(CASES)]
        run = Run(pooled, cases, cast, clock)
        for op, *args in ops:
            getattr(run, op)(*args)
            assert_invariants(pooled)
        problems = [p for name, found in checks.run_all() if name in FUNDS_CHECKS for p in found]
        assert problems == []
        transaction.set_rollback(True)


def test_a_reversed_unmatched_receipt_is_no_longer_unidentified_nor_claimable(pooled, file_case, cast, clock):
    case = file_case()
    made = [receive(pooled, f"V{i}", "100.00", clock.today) for i in range(2)]
    actions.reverse_receipt(made[0], "误入账", actor=BANK, booked_on=clock.today)
    with pytest.raises(ValidationError, match="已冲正"):
        actions.request_claim(made[0], case, actor=cast.officer)
    assert case_balance(case)[0] == 0
    assert list(unidentified()) == [made[1]]


def test_funds_checks_after_a_claim_of_one_of_two_unmatched_receipts(pooled, file_case, cast, clock):
    case = file_case()
    made = [receive(pooled, f"W{i}", a, clock.today) for i, a in enumerate(["1.91", "0.10"])]
    actions.request_claim(made[0], case, actor=cast.officer)
    actions.approve_claim(made[0], actor=cast.finance)
    assert [p for name, found in checks.run_all() if name in FUNDS_CHECKS for p in found] == []


def test_reversing_a_claimed_receipt_never_takes_other_unidentified_money(pooled, file_case, cast, clock):
    case = file_case()
    made = [receive(pooled, f"Z{i}", "100.00", clock.today) for i in range(2)]
    actions.request_claim(made[0], case, actor=cast.officer)
    actions.approve_claim(made[0], actor=cast.finance)
    with pytest.raises(ValidationError):  # a claimed receipt's entry is not mirrored blindly
        actions.reverse(made[0].entry, actor=BANK, booked_on=clock.today, memo="冲正")
    actions.reverse_receipt(made[0], "误认领", actor=BANK, booked_on=clock.today)
    suspense = LedgerAccount.objects.get(pooled=pooled, kind=LedgerAccount.SUSPENSE)
    assert suspense.balance == Decimal("100.00")  # Z1 is still there to be claimed
    assert case_balance(case)[0] == 0  # the claimed money left the case account it was in
