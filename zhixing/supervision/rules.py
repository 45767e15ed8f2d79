"""Rules of supervision: pure functions, no database access (shared/domain/indicators.md)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from django.utils.translation import gettext as _

_WEEK = re.compile(r"^(?P<year>\d{4})-?[Ww](?P<week>\d{1,2})$")


class InvalidWeek(ValueError):
    pass


def parse_week(text: str) -> tuple[int, int]:
    """`2026-W47` (also `2026W47`, `2026-w5`) as (ISO year, ISO week); InvalidWeek (in Chinese) if the
    text is not a week or the year has no such week (most years have 52, some 53)."""
    m = _WEEK.match((text or "").strip())
    if not m:
        raise InvalidWeek(_("周次“%(t)s”格式不正确，应如“2026-W47”") % {"t": text})
    year, week = int(m["year"]), int(m["week"])
    try:
        dt.date.fromisocalendar(year, week, 7)
    except ValueError:
        raise InvalidWeek(_("%(y)d 年没有第 %(w)d 周") % {"y": year, "w": week}) from None
    return year, week


def week_label(year: int, week: int) -> str:
    return f"{year:04d}-W{week:02d}"


def bulletin_period(year: int, week: int) -> tuple[dt.date, dt.date]:
    """indicators.md "The bulletin": E is the Sunday ending the ISO week, S is 1 January of E's year
    (not of the ISO year: week 1 of 2026 ends on Sunday 4 January 2026, but 2020-W53 ends on
    3 January 2021, whose year to date starts on 1 January 2021)."""
    end = dt.date.fromisocalendar(year, week, 7)
    return dt.date(end.year, 1, 1), end


def previous_week(year: int, week: int) -> tuple[int, int]:
    y, w, _d = (dt.date.fromisocalendar(year, week, 7) - dt.timedelta(days=7)).isocalendar()
    return y, w


def competition_ranks(values: Sequence[float | None], higher_is_better: bool = True) -> list[int | None]:
    """Rank of each value among its peers ("1224" ranking: equal values share a rank, the next rank
    skips); a value that cannot be computed (no denominator) gets no rank."""
    present = [v for v in values if v is not None]
    ordered = sorted(present, reverse=higher_is_better)
    first: dict[float, int] = {}
    for i, v in enumerate(ordered, start=1):
        first.setdefault(v, i)
    return [None if v is None else first[v] for v in values]


# --- Quarterly review (约谈) -----------------------------------------------------------------------

REVIEW_THRESHOLDS = "supervision.review_thresholds"  # rule setting key (seeded by migration 0005)


def below_thresholds(courts: Sequence[dict], thresholds: dict, area: bool = False) -> list[dict]:
    """The courts a quarterly review (约谈) calls in: those whose figure on some indicator is below its
    "min" or above its "max" in `thresholds` ({"closure_rate": {"min": 0.6}, "average_days":
    {"max": 180}}), each with the indicators that put it there, in the bulletin's court order.

    `courts` are the bulletin JSON's court entries; only the court's own figures count unless `area`.
    A rate without a denominator (no cases) has no value and breaches nothing: a court is not called
    in for having nothing to do."""
    out: list[dict] = []
    for c in courts:
        if bool(c.get("area")) != area:
            continue
        reasons = []
        for key, limits in thresholds.items():
            value = _figure_value(c.get("indicators", {}).get(key))
            if value is None:
                continue
            low, high = limits.get("min"), limits.get("max")
            if low is not None and value < low:
                reasons.append({"indicator": key, "value": value, "op": "<", "threshold": low})
            elif high is not None and value > high:
                reasons.append({"indicator": key, "value": value, "op": ">", "threshold": high})
        if reasons:
            out.append({"court_code": c["court_code"], "court_name": c["court_name"], "reasons": reasons})
    return out


def _figure_value(figure) -> float | None:
    """A bulletin figure as one number: a ratio's value, a count, an amount string."""
    if isinstance(figure, dict):
        v = figure.get("value")
        return None if v is None else float(v)
    if isinstance(figure, bool) or figure is None:
        return None
    try:
        return float(figure)
    except (TypeError, ValueError):
        return None
