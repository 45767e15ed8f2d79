"""Properties of the credit rules (zhixing/credit/rules.py): term ends (rules §7.1.2, §14.1, month-end
convention of rules §14), the minor refusal around the 18th birthday incl. 29 February births (rules
§7.1.4), removal and correction deadlines on the seeded calendar (rules §7.1.10, §7.1.11, §14.3), and
the 6-month re-listing lock (rules §7.1.10)."""

from __future__ import annotations

import calendar as stdcal
import datetime as dt

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from zhixing.core.calendar import add_months, is_working_day
from zhixing.credit.rules import (
    GROUNDS,
    REMOVAL_TRIGGERS,
    correct_due_on,
    higher_court_due_on,
    listing_check,
    reconsideration_deadline,
    relisting_locked_until,
    removal_due_on,
    review_due_on,
    revocation_due_on,
    term_end,
)

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
DB_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Seeded from chinesecalendar (core migration 0003); a deadline from mid-December may reach 2027.
covered_triggers = st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2026, 12, 15))
any_dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2200, 12, 31))
births = st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2026, 12, 1))


def rid(birth: dt.date, serial: str = "123") -> str:
    body = f"130629{birth:%Y%m%d}{serial}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]


def eighteenth_birthday(birth: dt.date) -> dt.date:
    """Computed independently of the code under test: a 29 February birth comes of age on 1 March in a
    common year (the day after 28 February, when the birthday has not yet come)."""
    year = birth.year + 18
    if birth.month == 2 and birth.day == 29 and not stdcal.isleap(year):
        return dt.date(year, 3, 1)
    return birth.replace(year=year)


# --- Terms ---------------------------------------------------------------------------------------


@given(any_dates, st.sampled_from([2, 3, 4, 5, 6]), st.integers(0, 3))
def test_a_term_ends_on_the_same_day_number_whole_years_later(start, ground, years):
    end = term_end(ground, start, years)
    assert end is not None and end > start
    assert end.year == start.year + 2 + years and end.month == start.month
    assert end.day == min(start.day, stdcal.monthrange(end.year, end.month)[1])


@given(any_dates, st.sampled_from([2, 3, 4, 5, 6]), st.integers(0, 2))
def test_a_longer_extension_ends_later(start, ground, years):
    assert term_end(ground, start, years) < term_end(ground, start, years + 1)


@given(any_dates)
def test_ground_1_never_has_a_term(start):
    assert term_end(1, start) is None
    check = listing_check("91330109699830509X", 1, start)
    assert check.allowed and check.term_end is None


@given(any_dates, st.sampled_from([2, 3, 4, 5, 6]))
def test_an_allowed_listing_carries_its_term_end(start, ground):
    check = listing_check("91330109699830509X", ground, start)
    assert check.allowed and check.term_end == term_end(ground, start)
    assert check.as_json()["term_end"] == check.term_end.isoformat()


# --- Minors -----------------------------------------------------------------------------------------


@given(births, st.integers(-400, 400), st.sampled_from(list(GROUNDS)))
def test_refused_exactly_before_the_18th_birthday(birth, offset, ground):
    on = eighteenth_birthday(birth) + dt.timedelta(days=offset)
    check = listing_check(rid(birth), ground, on)
    assert check.allowed == (offset >= 0)
    if offset < 0:
        assert any("未满十八周岁" in r for r in check.reasons)


@given(st.sampled_from([y for y in range(1904, 2024, 4) if stdcal.isleap(y)]), st.sampled_from(list(GROUNDS)))
def test_a_29_february_birth_comes_of_age_on_1_march_in_a_common_year(year, ground):
    code = rid(dt.date(year, 2, 29))
    coming = year + 18
    if stdcal.isleap(coming):
        assert not listing_check(code, ground, dt.date(coming, 2, 28)).allowed
        assert listing_check(code, ground, dt.date(coming, 2, 29)).allowed
    else:
        assert not listing_check(code, ground, dt.date(coming, 2, 28)).allowed
        assert listing_check(code, ground, dt.date(coming, 3, 1)).allowed


# --- Removal and correction deadlines -------------------------------------------------------------


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end], counted with the calendar's own day test."""
    days = (end - start).days
    return sum(is_working_day(start + dt.timedelta(days=i)) for i in range(1, days + 1))


@DB_SETTINGS
@given(trigger_on=covered_triggers)
def test_a_removal_deadline_is_the_third_working_day_after(db, trigger_on):
    due = removal_due_on(trigger_on)
    assume(due.on.year <= 2026)
    assert not due.provisional
    assert due.on > trigger_on
    assert is_working_day(due.on)
    assert working_days_between(trigger_on, due.on) == 3
    assert (due.on - trigger_on).days >= 3


@DB_SETTINGS
@given(found_on=covered_triggers)
def test_the_working_day_correction_clocks_equal_the_removal_clock(db, found_on):
    assert correct_due_on(found_on) == revocation_due_on(found_on) == removal_due_on(found_on)


@DB_SETTINGS
@given(
    start=covered_triggers,
    clock=st.sampled_from([(review_due_on, 15), (reconsideration_deadline, 10), (higher_court_due_on, 15)]),
)
def test_a_calendar_day_clock_ends_on_the_first_working_day_from_its_last_day(db, start, clock):
    fn, days = clock
    due = fn(start)
    last = start + dt.timedelta(days=days)
    assume(due.on.year <= 2026)
    assert due.on >= last and is_working_day(due.on)
    assert not any(is_working_day(last + dt.timedelta(days=i)) for i in range((due.on - last).days))


@DB_SETTINGS
@given(trigger_on=st.dates(min_value=dt.date(2040, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_a_removal_deadline_in_an_undeclared_year_counts_weekdays(db, trigger_on):
    due = removal_due_on(trigger_on)
    assert due.provisional and due.on.weekday() < 5
    weekdays = sum(
        (trigger_on + dt.timedelta(days=i)).weekday() < 5 for i in range(1, (due.on - trigger_on).days + 1)
    )
    assert weekdays == 3


# --- Re-listing lock -----------------------------------------------------------------------------


@given(any_dates, st.integers(0, 200))
def test_the_applicants_request_is_barred_for_six_months(removed_on, offset):
    until = relisting_locked_until(removed_on, "applicant_request")
    assert until == add_months(removed_on, 6) and until > removed_on
    on = removed_on + dt.timedelta(days=offset)
    requested = listing_check(
        "91330109699830509X", 1, on, relisting_locked_until=until, applicant_requested=True
    )
    assert requested.allowed == (on >= until)
    ex_officio = listing_check("91330109699830509X", 1, on, relisting_locked_until=until)
    assert ex_officio.allowed


@given(any_dates, st.sampled_from([t for t in REMOVAL_TRIGGERS if t != "applicant_request"]))
def test_no_lock_after_other_removals(removed_on, trigger):
    assert relisting_locked_until(removed_on, trigger) is None
