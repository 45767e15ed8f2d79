"""Properties of the case-funds rules (zhixing/funds/rules.py): the fee is monotone and continuous at
its band edges (rules §2.1.12); allocation is exact and bounded (rules §5.15); every sub-account number
validates and a single mistyped digit never does (rules §5.4); late interest is zero until the last day
passes and grows linearly (rules §5.16)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from zhixing.funds.rules import (
    FEE_BANDS,
    FEE_BASE_LIMIT,
    IN_ORDER,
    PRO_RATA,
    allocate,
    execution_fee,
    fee_withheld,
    late_days,
    late_interest,
    sub_account_number,
    sub_account_problem,
)

FEN = Decimal("0.01")


def yuan(max_value: str = "100000000000.00", min_value: str = "0.00") -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=Decimal(min_value), max_value=Decimal(max_value), places=2)


EDGES = [FEE_BASE_LIMIT] + [upper for upper, _rate in FEE_BANDS if upper is not None]


# --- Fee -------------------------------------------------------------------------------------


@given(yuan(), yuan())
def test_fee_is_monotone(a, b):
    lo, hi = sorted((a, b))
    assert execution_fee(lo) <= execution_fee(hi)


@given(yuan(min_value="0.01"))
def test_fee_moves_at_most_a_fen_per_fen(b):
    step = execution_fee(b + FEN) - execution_fee(b)
    assert Decimal("0") <= step <= FEN


@given(st.sampled_from(EDGES), st.integers(-100, 100))
def test_fee_is_continuous_around_each_band_edge(edge, offset):
    b = edge + offset * FEN
    assert Decimal("0") <= execution_fee(b + FEN) - execution_fee(b) <= FEN


@given(yuan(min_value="0.01"))
def test_fee_has_two_places_and_at_least_the_base(amount):
    fee = execution_fee(amount)
    assert fee == fee.quantize(FEN)
    assert fee >= Decimal("50.00")


@given(yuan("10000000"), st.lists(yuan("1000000"), max_size=6))
def test_fee_withheld_over_payouts_never_takes_the_applicants_money(applied, steps):
    """Each payout pays out all that has arrived: the fees withheld stay within the money beyond the
    applied amount, never exceed the fee, and settle it whenever enough came beyond."""
    received = withheld = Decimal("0.00")
    for step in steps:
        received += step
        fee = fee_withheld(applied or None, received, withheld, step)
        assert Decimal("0") <= fee <= step
        withheld += fee
    beyond = max(Decimal("0.00"), received - applied)
    assert withheld == min(execution_fee(applied or None), beyond)


# --- Allocation ------------------------------------------------------------------------------

claims_strategy = st.lists(yuan("1000000.00"), max_size=8).map(lambda cs: [(i, c) for i, c in enumerate(cs)])


@given(yuan("5000000.00"), claims_strategy, st.sampled_from([PRO_RATA, IN_ORDER]))
def test_allocation_is_exact_bounded_and_non_negative(amount, claims, method):
    got = allocate(amount, claims, method)
    assert sum(got.values(), Decimal("0")) == amount
    total = sum((c for _k, c in claims), Decimal("0"))
    for key, claim in claims:
        assert Decimal("0") <= got[key] <= claim
        assert got[key] == got[key].quantize(FEN)
    if amount > total:
        assert got[None] == amount - total
    else:
        assert None not in got


@given(yuan("5000000.00"), claims_strategy)
def test_pro_rata_parts_are_within_a_fen_of_the_exact_share(amount, claims):
    total = sum((c for _k, c in claims), Decimal("0"))
    got = allocate(amount, claims, PRO_RATA)
    if amount >= total or total == 0:
        return
    for key, claim in claims:
        exact = amount * claim / total
        assert abs(got[key] - exact) < FEN


@given(yuan("5000000.00"), claims_strategy)
def test_in_order_pays_a_claim_only_once_the_earlier_ones_are_full(amount, claims):
    got = allocate(amount, claims, IN_ORDER)
    for i, (key, _claim) in enumerate(claims):
        if got[key] > 0:
            assert all(got[k] == c for k, c in claims[:i])


# --- Sub-account numbers ---------------------------------------------------------------------

prefixes = st.text(alphabet="0123456789", max_size=12)


@given(prefixes, st.integers(0, 99_999_999))
def test_every_sub_account_number_validates(prefix, sequence):
    number = sub_account_number(prefix, sequence)
    assert sub_account_problem(number) is None
    assert sub_account_problem(number, prefix=prefix, width=8) is None
    assert number.startswith(prefix)
    assert int(number[len(prefix) : -1]) == sequence


@given(prefixes, st.integers(0, 99_999_999), st.data())
def test_any_single_digit_change_is_detected(prefix, sequence, data):
    number = sub_account_number(prefix, sequence)
    at = data.draw(st.integers(0, len(number) - 1))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != number[at]]))
    wrong = number[:at] + digit + number[at + 1 :]
    assert sub_account_problem(wrong) is not None


# --- Late interest ---------------------------------------------------------------------------

days_strategy = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


@given(yuan("100000000.00"), days_strategy, st.integers(0, 3650))
def test_no_interest_on_or_before_the_last_day(principal, last_day, early):
    paid_on = last_day - dt.timedelta(days=early)
    assert late_days(last_day, paid_on) == 0
    assert late_interest(principal, last_day, paid_on) == Decimal("0.00")


@given(st.integers(0, 1_000_000), days_strategy, st.integers(0, 3650))
def test_interest_is_exactly_linear_in_days_when_a_day_is_whole_fen(units, last_day, days):
    principal = Decimal(400 * units)  # 400 yuan × 0.0175% = 0.07 yuan a day, no rounding
    one_day = late_interest(principal, last_day, last_day + dt.timedelta(days=1))
    assert late_interest(principal, last_day, last_day + dt.timedelta(days=days)) == one_day * days


@given(yuan("100000000.00"), days_strategy, st.integers(0, 3650), st.integers(0, 3650))
def test_interest_is_linear_in_days_up_to_rounding(principal, last_day, d1, d2):
    def at(n: int) -> Decimal:
        return late_interest(principal, last_day, last_day + dt.timedelta(days=n))

    assert at(d1) == (principal * Decimal("0.000175") * d1).quantize(FEN, rounding="ROUND_HALF_UP")
    assert abs(at(d1 + d2) - at(d1) - at(d2)) <= FEN
    if d1 <= d2:
        assert at(d1) <= at(d2)


@given(st.text(alphabet="0123456789", min_size=1, max_size=40))
def test_the_table_luhn_agrees_with_python_stdnum(digits):
    from stdnum import luhn

    from zhixing.funds.rules import luhn_check_digit

    assert luhn_check_digit(digits) == luhn.calc_check_digit(digits)
