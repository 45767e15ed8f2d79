"""Properties of the disposal rules (zhixing/disposal/rules.py) over generated prices, bids and claims:
the start-price floor is met by min_start_price and never 1 fen lower (rules §8.3, §8.12); the deposit
range is nonempty and within 5–20% (rules §8.7); the close of bidding is monotone and leaves every
counted bid at least 5 minutes (rules §8.8); distribution never pays more than the proceeds nor a
claim, and pays in the legal order (rules §5.15); a forfeited deposit is split without loss (§8.11)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from zhixing.disposal import rules
from zhixing.disposal.rules import Claim

CENT = Decimal("0.01")
FAST = settings(max_examples=300, deadline=None)

# Amounts in yuan with two places, from 1 fen to 10^12 yuan.
cents = st.integers(min_value=1, max_value=10**14).map(lambda n: Decimal(n) / 100)
cents_or_zero = st.integers(min_value=0, max_value=10**12).map(lambda n: Decimal(n) / 100)
T0 = dt.datetime(2026, 12, 20, 10, 0, tzinfo=dt.UTC)
offsets = st.integers(min_value=-3600, max_value=3600).map(lambda s: T0 + dt.timedelta(seconds=s))


@FAST
@given(reference=cents)
def test_first_floor_met_and_never_a_fen_lower(reference):
    floor = rules.min_start_price(reference, 1)
    assert floor == floor.quantize(CENT)
    assert floor >= reference * rules.START_RATIO
    assert floor - CENT < reference * rules.START_RATIO


@FAST
@given(reference=cents, previous=cents)
def test_second_floor_met_and_never_a_fen_lower(reference, previous):
    floor = rules.min_start_price(reference, 2, previous_start=previous)
    assert floor == floor.quantize(CENT)
    assert floor >= previous * rules.REDUCTION_RATIO
    assert floor - CENT < previous * rules.REDUCTION_RATIO


@FAST
@given(reference=cents)
def test_second_floor_without_the_previous_start_is_of_the_first_floor(reference):
    first = rules.min_start_price(reference, 1)
    assert rules.min_start_price(reference, 2) == rules.min_start_price(reference, 2, previous_start=first)


@FAST
@given(start=st.integers(min_value=100, max_value=10**14).map(lambda n: Decimal(n) / 100))
def test_deposit_range_nonempty_and_within_5_to_20_percent(start):
    low, high = rules.deposit_range(start)
    assert low == low.quantize(CENT) and high == high.quantize(CENT)
    assert low <= high
    assert low >= start * rules.DEPOSIT_MIN and low - CENT < start * rules.DEPOSIT_MIN
    assert high <= start * rules.DEPOSIT_MAX and high + CENT > start * rules.DEPOSIT_MAX


@FAST
@given(scheduled=offsets, bids=st.lists(offsets, max_size=12), extra=offsets)
def test_bidding_end_is_monotone(scheduled, bids, extra):
    end = rules.bidding_end(scheduled, bids)
    assert end >= scheduled
    # one more bid never closes earlier; a later scheduled end never closes earlier
    assert rules.bidding_end(scheduled, [*bids, extra]) >= end
    assert rules.bidding_end(scheduled + dt.timedelta(seconds=1), bids) >= end


@FAST
@given(scheduled=offsets, bids=st.lists(offsets, max_size=12))
def test_every_counted_bid_is_at_least_5_minutes_before_the_close(scheduled, bids):
    end = rules.bidding_end(scheduled, bids)
    counted = [at for at in bids if at <= end]
    for at in counted:
        assert end - at >= rules.EXTENSION
    # the close is the scheduled end or 5 minutes after a counted bid
    assert end == scheduled or end - rules.EXTENSION in counted


claims_st = st.lists(
    st.builds(
        Claim,
        key=st.just(""),
        category=st.sampled_from([rules.COSTS, rules.PRIORITY, rules.ORDINARY]),
        amount=cents_or_zero,
        seized_on=st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31))),
        position=st.integers(min_value=0, max_value=5),
    ),
    max_size=8,
).map(lambda cs: [Claim(f"c{i}", c.category, c.amount, c.seized_on, c.position) for i, c in enumerate(cs)])


def legal_key(c: Claim) -> tuple:
    """The order of rules §5.15 written out independently: costs, priority by rank, ordinary by
    seizure date (none last), then the queue position."""
    category = [rules.COSTS, rules.PRIORITY, rules.ORDINARY].index(c.category)
    seized = (c.seized_on or dt.date.max) if c.category == rules.ORDINARY else dt.date.min
    return (category, seized, c.position)


@FAST
@given(proceeds=cents_or_zero, claims=claims_st)
def test_distribute_never_overpays_and_pays_in_order(proceeds, claims):
    shares = rules.distribute(proceeds, claims)
    assert set(shares) == {c.key for c in claims}
    assert sum(shares.values(), Decimal(0)) <= proceeds
    for c in claims:
        assert Decimal(0) <= shares[c.key] <= c.amount
        assert shares[c.key] == shares[c.key].quantize(CENT)
    # a claim gets money only if every claim strictly before it in the legal order is paid in full
    for later in claims:
        if shares[later.key] > 0:
            for earlier in claims:
                if legal_key(earlier) < legal_key(later):
                    assert shares[earlier.key] == earlier.amount, (earlier, later)
    # nothing is kept back while a claim is short
    total = sum(c.amount for c in claims)
    assert sum(shares.values(), Decimal(0)) == min(proceeds, total)


@FAST
@given(deposit=cents_or_zero, costs=cents_or_zero, shortfall=cents_or_zero, debt=cents_or_zero)
def test_forfeited_deposit_parts_sum_to_the_deposit(deposit, costs, shortfall, debt):
    parts = rules.forfeited_deposit(deposit, costs, shortfall, debt)
    assert list(parts) == ["costs", "shortfall", "debt", "returned"]
    assert sum(parts.values(), Decimal(0)) == deposit
    assert all(v >= 0 for v in parts.values())
    assert parts["costs"] == min(deposit, costs)
    assert parts["shortfall"] == min(deposit - parts["costs"], shortfall)
    assert parts["debt"] == min(deposit - parts["costs"] - parts["shortfall"], debt)
