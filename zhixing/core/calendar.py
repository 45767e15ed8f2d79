"""The one calendar (ARCHITECTURE §4, rules §14): working days and "N days / working days / months after".

The holiday table (core.models.Holiday) is seeded from `chinesecalendar` and editable by an
administrator. Only years listed in CalendarYear are known: a question about any other year raises
CalendarNotCovered with a message for the user, never a guess.
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as dt
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from . import stamps
from .models import CalendarYear, Holiday

UNITS = ("days", "working-days", "months")


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


def is_working_day(d: dt.date) -> bool:
    """rules §14 implementation note: a weekday that is not a holiday, or a make-up working day."""
    if d.year not in covered_years():
        raise CalendarNotCovered(d.year)
    kind = _Table.days.get(d)
    if kind == Holiday.WORKDAY:
        return True
    if kind == Holiday.HOLIDAY:
        return False
    return d.weekday() < 5


def next_working_day(d: dt.date) -> dt.date:
    """`d` itself when it is a working day, else the first working day after it."""
    while not is_working_day(d):
        d += dt.timedelta(days=1)
    return d


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
    end = d + dt.timedelta(days=n)
    return next_working_day(end) if roll else end


def add_working_days(d: dt.date, n: int) -> dt.date:
    """The n-th working day after d (rules §14.3)."""
    if n < 0:
        raise ValueError(_("工作日数不能为负数"))
    if n == 0:
        return next_working_day(d)
    while n:
        d += dt.timedelta(days=1)
        if is_working_day(d):
            n -= 1
    return d


def due_date(start: dt.date, amount: int, unit: str, roll: bool = True) -> dt.date:
    """The deadline `amount` `unit` after `start`; unit is one of UNITS."""
    if unit == "days":
        return add_days(start, amount, roll)
    if unit == "working-days":
        return add_working_days(start, amount)
    if unit == "months":
        end = add_months(start, amount)
        return next_working_day(end) if roll else end
    raise ValueError(_("未知的期限单位：%(unit)s（应为 days、working-days 或 months）") % {"unit": unit})
