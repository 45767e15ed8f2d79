"""Properties of the pure rules (hypothesis): fine ranges, overlaps, booking conflicts, rewarded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from zhixing.measures import rules

cents = st.integers(min_value=1, max_value=200_000_000).map(lambda n: Decimal(n) / 100)
T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
moments = st.integers(min_value=0, max_value=10_000).map(lambda m: T0 + dt.timedelta(minutes=m))
spans = st.tuples(moments, st.integers(min_value=1, max_value=600)).map(
    lambda p: (p[0], p[0] + dt.timedelta(minutes=p[1]))
)


@given(cents)
def test_person_fine_lawful_exactly_up_to_100000(amount):
    assert (rules.fine_problems(amount, False) == []) == (amount <= rules.FINE_PERSON_MAX)


@given(cents)
def test_unit_fine_lawful_exactly_between_50000_and_1000000(amount):
    lawful = rules.FINE_UNIT_MIN <= amount <= rules.FINE_UNIT_MAX
    assert (rules.fine_problems(amount, True) == []) == lawful


@given(st.integers(min_value=-5, max_value=40))
def test_detention_lawful_exactly_1_to_15(days):
    assert (rules.detention_problems(days) == []) == (1 <= days <= 15)


@given(spans, spans)
def test_overlaps_is_symmetric(a, b):
    assert rules.overlaps(*a, *b) == rules.overlaps(*b, *a)


@given(spans)
def test_a_span_overlaps_itself_and_not_the_next_one(a):
    start, end = a
    assert rules.overlaps(start, end, start, end)
    assert not rules.overlaps(start, end, end, end + (end - start))


@given(spans, st.lists(spans, max_size=8))
def test_booking_conflicts_are_exactly_the_overlapping_ones(new, existing):
    found = rules.booking_conflicts(*new, existing)
    assert found == [e for e in existing if rules.overlaps(*new, *e)]
    # Booking the free time left between the conflicts never conflicts with itself.
    for e in existing:
        if e not in found:
            assert not rules.overlaps(*new, *e)


@given(
    st.lists(
        st.tuples(st.integers(min_value=1, max_value=50), st.booleans()),
        max_size=20,
        unique_by=lambda t: t[0],
    )
)
def test_rewarded_is_the_lowest_confirmed_seq(pairs):
    leads = [rules.Lead(seq, ok) for seq, ok in pairs]
    confirmed = [seq for seq, ok in pairs if ok]
    assert rules.rewarded(leads) == (min(confirmed) if confirmed else None)
    if confirmed:
        assert all(not ok for seq, ok in pairs if seq < rules.rewarded(leads))
