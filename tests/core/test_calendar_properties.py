"""Properties of the calendar arithmetic (rules §14.1, §14.3; month-end convention of rules §14)."""

from __future__ import annotations

import calendar as stdcal
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhixing.core.calendar import (
    CalendarNotCovered,
    add_days,
    add_months,
    add_working_days,
    covered_years,
    due_date,
    is_working_day,
    next_working_day,
)

FIRST, LAST = 2005, 2026  # years seeded from chinesecalendar (migration core 0003)
DB_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
covered_dates = st.dates(min_value=dt.date(FIRST, 1, 1), max_value=dt.date(LAST, 12, 31))


def test_the_seeded_years_are_covered(db):
    assert set(range(FIRST, LAST + 1)) <= covered_years()


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)), st.integers(0, 240))
def test_add_months_keeps_the_day_or_clamps_to_the_month_end(d, n):
    got = add_months(d, n)
    assert (got.year * 12 + got.month) - (d.year * 12 + d.month) == n
    last = stdcal.monthrange(got.year, got.month)[1]
    assert got.day == min(d.day, last)
    if d.day <= 28:
        assert got.day == d.day


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (dt.date(2025, 8, 31), 6, dt.date(2026, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),  # leap year
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2025, 3, 31), 1, dt.date(2025, 4, 30)),
        (dt.date(2025, 12, 15), 3, dt.date(2026, 3, 15)),
    ],
)
def test_month_end_examples(start, n, expected):
    assert add_months(start, n) == expected


@DB_SETTINGS
@given(d=covered_dates, n=st.integers(0, 120))
def test_month_deadlines_never_raise_within_covered_years(db, d, n):
    end = add_months(d, n)
    if end > dt.date(LAST, 12, 20):  # rolling from late December may need the next year's table
        return
    due = due_date(d, n, "months", roll=True)
    assert is_working_day(due)
    assert end <= due < end + dt.timedelta(days=15)
    assert due_date(d, n, "months", roll=False) == end


@DB_SETTINGS
@given(d=st.dates(min_value=dt.date(FIRST, 1, 1), max_value=dt.date(LAST, 9, 30)), n=st.integers(0, 60))
def test_the_nth_working_day_is_a_working_day_with_n_working_days_up_to_it(db, d, n):
    got = add_working_days(d, n)
    assert is_working_day(got)
    if n == 0:
        assert got == next_working_day(d)
        return
    between = [d + dt.timedelta(days=i) for i in range(1, (got - d).days + 1)]
    assert sum(is_working_day(x) for x in between) == n


@DB_SETTINGS
@given(d=st.dates(min_value=dt.date(FIRST, 1, 1), max_value=dt.date(LAST, 10, 31)), n=st.integers(0, 45))
def test_a_day_deadline_rolls_only_over_days_off(db, d, n):
    plain = add_days(d, n, roll=False)
    assert plain == d + dt.timedelta(days=n)  # the start day is not counted (rules §14.1)
    rolled = add_days(d, n, roll=True)
    assert is_working_day(rolled)
    skipped = [plain + dt.timedelta(days=i) for i in range((rolled - plain).days)]
    assert not any(is_working_day(x) for x in skipped)


def test_a_deadline_running_into_an_unknown_year_is_refused(db):
    with pytest.raises(CalendarNotCovered):
        due_date(dt.date(2026, 12, 20), 30, "days")
    with pytest.raises(CalendarNotCovered):
        add_working_days(dt.date(2026, 12, 1), 40)


def test_negative_working_days_are_refused(db):
    with pytest.raises(ValueError):
        add_working_days(dt.date(2026, 3, 2), -1)
