"""The calendar agrees with the State Council's 2025 and 2026 schedules (rules §14.5, §14.6): every
day of both years, holidays off, make-up working days worked, ordinary weekends off."""

from __future__ import annotations

import datetime as dt

import pytest

from zhixing.core.calendar import CalendarNotCovered, is_working_day, next_working_day

D = dt.date


def span(a: dt.date, b: dt.date) -> set[dt.date]:
    return {a + dt.timedelta(days=i) for i in range((b - a).days + 1)}


# rules §14.5
OFF_2025 = (
    {D(2025, 1, 1)}
    | span(D(2025, 1, 28), D(2025, 2, 4))
    | span(D(2025, 4, 4), D(2025, 4, 6))
    | span(D(2025, 5, 1), D(2025, 5, 5))
    | span(D(2025, 5, 31), D(2025, 6, 2))
    | span(D(2025, 10, 1), D(2025, 10, 8))
)
WORK_2025 = {D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)}

# rules §14.6
OFF_2026 = (
    span(D(2026, 1, 1), D(2026, 1, 3))
    | span(D(2026, 2, 15), D(2026, 2, 23))
    | span(D(2026, 4, 4), D(2026, 4, 6))
    | span(D(2026, 5, 1), D(2026, 5, 5))
    | span(D(2026, 6, 19), D(2026, 6, 21))
    | span(D(2026, 9, 25), D(2026, 9, 27))
    | span(D(2026, 10, 1), D(2026, 10, 7))
)
WORK_2026 = {D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)}

SCHEDULES = {2025: (OFF_2025, WORK_2025), 2026: (OFF_2026, WORK_2026)}


def test_the_make_up_days_of_the_schedules_are_weekend_days():
    # Guards the lists above: a make-up working day on a weekday would be a typo in this test.
    assert all(d.weekday() >= 5 for d in WORK_2025 | WORK_2026)
    assert len(OFF_2026 & span(D(2026, 2, 15), D(2026, 2, 23))) == 9


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_day_of_the_year_matches_the_official_schedule(db, year):
    off, work = SCHEDULES[year]
    wrong = []
    for d in span(D(year, 1, 1), D(year, 12, 31)):
        expected = d in work or (d.weekday() < 5 and d not in off)
        if is_working_day(d) != expected:
            wrong.append((d.isoformat(), "上班" if expected else "休息"))
    assert wrong == []


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 1, 26), True),  # Sunday worked before the Spring Festival
        (D(2025, 2, 8), True),  # Saturday worked after it
        (D(2025, 2, 3), False),  # Monday off inside the break
        (D(2025, 10, 8), False),  # Wednesday off: National Day + Mid-Autumn
        (D(2025, 10, 11), True),
        (D(2025, 10, 12), False),  # the Sunday after is an ordinary weekend day
        (D(2026, 2, 28), True),
        (D(2026, 2, 23), False),
        (D(2026, 3, 1), False),
        (D(2026, 9, 20), True),
        (D(2026, 10, 10), True),
    ],
)
def test_named_days(db, day, working):
    assert is_working_day(day) is working


def test_the_first_working_day_after_a_break(db):
    assert next_working_day(D(2026, 2, 15)) == D(2026, 2, 24)
    assert next_working_day(D(2025, 10, 1)) == D(2025, 10, 9)


def test_a_year_the_table_does_not_cover_is_refused_not_guessed(db):
    with pytest.raises(CalendarNotCovered) as err:
        is_working_day(D(2027, 3, 3))  # a Wednesday, but the 2027 notice is not entered
    assert err.value.year == 2027
    assert "2027" in str(err.value) and "日历未收录" in str(err.value)
