"""The one calendar (ARCHITECTURE §4, rules §14): working days and "N days / working days / months after".

The holiday table (core.models.Holiday) is seeded from `chinesecalendar` and editable by an
administrator. Only years listed in CalendarYear are known. The strict functions (`is_working_day`,
`due_date`) raise CalendarNotCovered for any other year, never a guess. A court cannot stop filing in
December because the State Council has not yet published next year's holidays, so deadlines are
computed with `provisional_due`: in an undeclared year weekends are the only days off, and the answer
says it is provisional (暂定) until an administrator declares the year and the deadlines are recomputed.
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as dt
from typing import Any, NamedTuple

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver
from django.utils.translation import gettext as _

from . import stamps
from .models import CalendarYear, Holiday

UNITS = ("days", "working-days", "months")

# Sent inside the transaction that declares a year complete (core.actions.add_calendar_year,
# declare_year) with `year` and `actor`: apps holding provisional deadlines recompute them there, so
# the declaration and its consequences commit together (core may not import the apps above it).
year_declared = Signal()


class CalendarNotCovered(LookupError):
    def __init__(self, year: int):
        self.year = year
        super().__init__(
            _(
                "日历未收录 %(year)s 年的节假日安排，无法计算该年的期限；"
                "请管理员在“节假日”中录入该年安排后再试。"
            )
            % {"year": year}
        )


class _Table:
    years: frozenset[int] | None = None
    days: dict[dt.date, str] = {}


_watch = stamps.Watch("calendar")


def _load() -> None:
    _watch.loading()
    _Table.years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    _Table.days = dict(Holiday.objects.values_list("date", "kind"))


def clear_cache() -> None:
    _Table.years = None


@receiver([post_save, post_delete], sender=Holiday)
@receiver([post_save, post_delete], sender=CalendarYear)
def _drop_cache(**_kwargs: Any) -> None:
    clear_cache()
    stamps.bump("calendar")  # and the other processes' copies


def covered_years() -> frozenset[int]:
    if _Table.years is None or _watch.stale():
        _load()
    assert _Table.years is not None
    return _Table.years


class _Walk:
    """Answers "is this a working day" for one computation. Strict, it refuses an undeclared year;
    lenient, it treats the year as weekends-only and remembers that it had to (`guessed`)."""

    def __init__(self, strict: bool):
        self.strict = strict
        self.guessed: set[int] = set()

    def working(self, d: dt.date) -> bool:
        if d.year not in covered_years():
            if self.strict:
                raise CalendarNotCovered(d.year)
            self.guessed.add(d.year)
            return d.weekday() < 5
        kind = _Table.days.get(d)
        if kind == Holiday.WORKDAY:
            return True
        if kind == Holiday.HOLIDAY:
            return False
        return d.weekday() < 5

    def next_working_day(self, d: dt.date) -> dt.date:
        while not self.working(d):
            d += dt.timedelta(days=1)
        return d

    def add_working_days(self, d: dt.date, n: int) -> dt.date:
        if n < 0:
            raise ValueError(_("工作日数不能为负数"))
        if n == 0:
            return self.next_working_day(d)
        while n:
            d += dt.timedelta(days=1)
            if self.working(d):
                n -= 1
        return d

    def due(self, start: dt.date, amount: int, unit: str, roll: bool) -> dt.date:
        if unit == "days":
            end = start + dt.timedelta(days=amount)
            return self.next_working_day(end) if roll else end
        if unit == "working-days":
            return self.add_working_days(start, amount)
        if unit == "months":
            end = add_months(start, amount)
            return self.next_working_day(end) if roll else end
        raise ValueError(_("未知的期限单位：%(unit)s（应为 days、working-days 或 months）") % {"unit": unit})


def is_working_day(d: dt.date) -> bool:
    """rules §14 implementation note: a weekday that is not a holiday, or a make-up working day."""
    return _Walk(strict=True).working(d)


def next_working_day(d: dt.date) -> dt.date:
    """`d` itself when it is a working day, else the first working day after it."""
    return _Walk(strict=True).next_working_day(d)


def add_months(d: dt.date, n: int) -> dt.date:
    """Same day-number n months later, or that month's last day when it has no such day
    (indicators.md "Statutory deadline"; rules §14 open point 11: a configurable convention)."""
    month0 = d.month - 1 + n
    year = d.year + month0 // 12
    month = month0 % 12 + 1
    return dt.date(year, month, min(d.day, _stdcal.monthrange(year, month)[1]))


def add_days(d: dt.date, n: int, roll: bool = True) -> dt.date:
    """n calendar days after d; the start day is not counted (rules §14.1). With `roll`, a last day
    that is not a working day moves to the next working day (CPL art 85, as courts read 节假日)."""
    return _Walk(strict=True).due(d, n, "days", roll)


def add_working_days(d: dt.date, n: int) -> dt.date:
    """The n-th working day after d (rules §14.3)."""
    return _Walk(strict=True).add_working_days(d, n)


def due_date(start: dt.date, amount: int, unit: str, roll: bool = True) -> dt.date:
    """The deadline `amount` `unit` after `start`; unit is one of UNITS. Refuses undeclared years."""
    return _Walk(strict=True).due(start, amount, unit, roll)


class Deadline(NamedTuple):
    """A deadline and whether it is provisional (暂定): it depended on a year the holiday table does
    not cover, so it counted only weekends as days off and may move when that year is declared."""

    on: dt.date
    provisional: bool
    undeclared_years: frozenset[int] = frozenset()


def provisional_due(start: dt.date, amount: int, unit: str, roll: bool = True) -> Deadline:
    """`due_date`, but never refused for an undeclared year: the answer is marked provisional instead
    (issue 7: filing goes on in December before the State Council publishes next year's holidays)."""
    walk = _Walk(strict=False)
    on = walk.due(start, amount, unit, roll)
    return Deadline(on, bool(walk.guessed), frozenset(walk.guessed))


# From this day of the year on, an undeclared next year is worth a warning: the State Council usually
# publishes the notice in November or December (issue 7), and deadlines into it are provisional.
WARN_FROM = (10, 1)


def next_year_warning(on: dt.date) -> str | None:
    """The administrator's reminder, from 1 October, that next year's holidays are not declared."""
    # One indexed query, not covered_years(): that would load the whole holiday table into a page.
    if (on.month, on.day) < WARN_FROM or CalendarYear.objects.filter(year=on.year + 1).exists():
        return None
    return _(
        "%(year)d 年的节假日安排尚未录入：落在该年的期限暂按周末休息计算并标为“暂定”。"
        "国务院通知发布后，请在“已发布年度日历”中按通知录入。"
    ) % {"year": on.year + 1}
