"""Properties of the inquiry rules (rules §6.8, ARCHITECTURE §8), checked with hypothesis."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from zhixing.inquiry import rules, settings_keys

TERMS = settings_keys.DEFAULTS[settings_keys.MAX_TERM_DAYS]
types = st.sampled_from([t for t, _ in rules.ASSET_TYPES])
dates = st.dates(dt.date(2020, 1, 1), dt.date(2040, 12, 31))


@given(types, st.integers(-10, 5000))
def test_a_term_is_allowed_exactly_up_to_the_maximum(asset_type, days):
    limit = rules.max_term_days(asset_type, TERMS)
    assert limit in (365, 730, 1095)
    assert (rules.term_problem(asset_type, days, TERMS) is None) == (1 <= days <= limit)


def test_the_maximum_terms_of_rules_6_8():
    assert rules.max_term_days(rules.DEPOSIT, TERMS) == 365
    assert rules.max_term_days(rules.VEHICLE, TERMS) == 730
    assert rules.max_term_days(rules.REAL_ESTATE, TERMS) == 1095
    assert rules.max_term_days(rules.SECURITIES, TERMS) == 1095
    assert [rules.measure_kind(t) for t in ("deposit", "real_estate", "vehicle")] == [
        "freeze",
        "seal",
        "seize",
    ]


@given(dates, st.integers(1, 1095))
def test_expiry_counts_the_start_day(start, days):
    end = rules.expiry(start, days)
    assert (end - start).days + 1 == days
    assert not rules.lapsed(end, end) and rules.lapsed(end, end + dt.timedelta(days=1))


@given(dates, st.integers(0, 90), st.integers(-200, 200))
def test_renewal_is_due_only_within_the_lead_before_expiry(expires, lead, offset):
    on = expires + dt.timedelta(days=offset)
    assert rules.renewal_due(expires, lead, on) == (-lead <= offset <= 0)


@given(st.integers(1, 60), st.floats(0.01, 30), st.floats(0.01, 3600))
def test_backoff_doubles_and_is_capped(attempt, base, cap):
    wait = rules.backoff_seconds(attempt, base, cap)
    assert 0 < wait <= cap
    assert rules.backoff_seconds(attempt + 1, base, cap) >= wait
    if base * 2 ** (attempt - 1) < cap:
        assert wait == base * 2 ** (attempt - 1)


@given(st.lists(st.integers(), max_size=3000), st.integers(1, 5000))
def test_chunks_keep_order_and_hold_at_most_1000(items, size):
    parts = list(rules.chunked(items, size))
    assert [x for p in parts for x in p] == items
    assert all(1 <= len(p) <= min(size, 1000) for p in parts)


@given(st.sampled_from(sorted(rules.PROVINCE_LETTERS)), st.text("0123456789", max_size=4))
def test_signer_codes_are_ascii_and_distinct(province, digits):
    code = rules.signer_code(province + digits)
    assert code.isascii() and code.endswith(digits)
    assert len(set(rules.PROVINCE_LETTERS.values())) == len(rules.PROVINCE_LETTERS)
