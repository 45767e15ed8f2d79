"""The plan of the demo docket: which court files each case when, and how its story ends.

Fates depend on a case's age, as in a real bureau: a case filed last week is pending, most cases filed
a year ago are closed, 终本 comes only after three months. After drawing, the plan makes sure that
even a small docket (`--cases 60`) shows everything a reviewer looks for: each of the six closure
methods, 执恢 cases resumed from 终本, 执保 cases, excluded periods and approved extensions.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from zhixing.cases import rules
from zhixing.core import calendar

PENDING = "pending"
SPAN_DAYS = 730  # two years of filings

# Closure methods of a first-enforcement case, their share among closed cases (roughly the national
# pattern: about four in ten end as 执行完毕, a third as 终本), and the days from filing to closing
# (low, typical, high).
METHOD_WEIGHTS = {
    rules.COMPLETED: 42,
    rules.TERMINATED_THIS_ROUND: 36,
    rules.TERMINATED: 9,
    rules.WITHDRAWN: 5,
    rules.REFUSED: 3,
    rules.REJECTED: 5,
}
CLOSING_DAYS = {
    rules.COMPLETED: (7, 60, 330),
    rules.TERMINATED_THIS_ROUND: (95, 130, 300),
    rules.TERMINATED: (20, 70, 240),
    rules.WITHDRAWN: (3, 20, 60),
    rules.REFUSED: (15, 40, 90),
    rules.REJECTED: (7, 25, 60),
}
EXCLUDED_KINDS = {"auction": 35, "valuation": 30, "suspension": 15, "deferral": 15, "notice": 5}


@dataclass
class Plan:
    court_code: str
    type_code: str
    filed_on: dt.date
    fate: str = PENDING
    closed_on: dt.date | None = None
    resume_on: dt.date | None = None  # a 终本 case the applicant has resumed (执恢)
    excluded: str = ""  # kind of an excluded period the case goes through, if any
    extend: bool = False  # whether the president approves an extension when the period runs out
    neglect: bool = False  # the handler leaves a node undone (it will show as overdue)


def working(d: dt.date, lo: dt.date, hi: dt.date) -> dt.date:
    """The first working day on or after `d`, else the last one before it, within [lo, hi]: courts
    file, serve and decide on working days."""
    d = max(lo, min(d, hi))
    try:
        x = d
        while x <= hi:
            if calendar.is_working_day(x):
                return x
            x += dt.timedelta(days=1)
        x = d
        while x >= lo:
            if calendar.is_working_day(x):
                return x
            x -= dt.timedelta(days=1)
    except calendar.CalendarNotCovered:
        pass
    return d


def skewed_days(rng: random.Random, low: int, typical: int, high: int) -> int:
    """Days drawn log-normally around `typical`, kept within [low, high]."""
    value = math.exp(rng.gauss(math.log(typical), 0.5))
    return int(min(high, max(low, value)))


def _closing(rng: random.Random, method: str, filed: dt.date, end: dt.date) -> dt.date | None:
    low, typical, high = CLOSING_DAYS[method]
    age = (end - filed).days
    if age < low:
        return None
    days = skewed_days(rng, low, typical, high)
    if days > age:
        days = rng.randrange(low, age + 1)
    closed = working(filed + dt.timedelta(days=days), filed + dt.timedelta(days=low), end)
    if method == rules.TERMINATED_THIS_ROUND and closed <= calendar.add_months(filed, 3):
        return None  # rules §2.3 art 1(4): more than three months after filing
    return closed


def _p_closed(age: int) -> float:
    if age < 20:
        return 0.03
    if age < 60:
        return 0.2
    if age < 120:
        return 0.5
    if age < 240:
        return 0.8
    return 0.92


def _draw_fate(rng: random.Random, p: Plan, end: dt.date) -> None:
    age = (end - p.filed_on).days
    if rng.random() < _p_closed(age):
        if p.type_code == "执保":
            method = rules.COMPLETED  # a preservation case ends when the measures are in place
        else:
            method = rng.choices(list(METHOD_WEIGHTS), list(METHOD_WEIGHTS.values()))[0]
        closed = _closing(rng, method, p.filed_on, end)
        if closed is None and method == rules.TERMINATED_THIS_ROUND:
            method, closed = rules.COMPLETED, _closing(rng, rules.COMPLETED, p.filed_on, end)
        if closed is not None:
            p.fate, p.closed_on = method, closed
    if age > 60 and p.type_code == "执" and p.fate not in (rules.WITHDRAWN, rules.REFUSED, rules.REJECTED):
        if rng.random() < 0.22:
            p.excluded = rng.choices(list(EXCLUDED_KINDS), list(EXCLUDED_KINDS.values()))[0]
        p.extend = rng.random() < 0.75
    p.neglect = p.fate == PENDING and rng.random() < 0.2


def _force(rng: random.Random, plans: list[Plan], method: str, end: dt.date, min_age: int) -> Plan | None:
    """Turn one suitable case into a `method` closing when the draw produced none."""
    if any(p.fate == method for p in plans):
        return None
    donors = [
        p
        for p in plans
        if p.type_code == "执"
        and (end - p.filed_on).days >= min_age
        and p.fate in (PENDING, rules.COMPLETED)
        and p.resume_on is None
    ]
    rng.shuffle(donors)
    for p in donors:
        closed = _closing(rng, method, p.filed_on, end)
        if closed is not None:
            p.fate, p.closed_on = method, closed
            return p
    return None


def plan_docket(rng: random.Random, n: int, end: dt.date, shares: dict[str, int]) -> list[Plan]:
    """Plans for `n` cases filed over the two years up to `end`. About 4% of them are 执恢 cases,
    filed later by resuming a 终本 case (they are counted in `n`)."""
    resumed = max(1, round(n * 0.04)) if n >= 10 else 0
    start = end - dt.timedelta(days=SPAN_DAYS)
    codes, weights = list(shares), list(shares.values())
    plans = []
    # A few cases are filed on the story's last day, as a court files every day: in December their
    # deadlines reach a year whose holidays may not be declared yet, and the demo shows them 暂定.
    today_filed = max(1, n // 100) if n >= 10 else 0
    for i in range(n - resumed):
        back = 0 if i < today_filed else rng.randrange(0, SPAN_DAYS + 1)
        filed = working(end - dt.timedelta(days=back), start, end)
        type_code = "执保" if rng.random() < 0.07 else "执"
        plans.append(Plan(rng.choices(codes, weights)[0], type_code, filed))
    for p in plans:
        _draw_fate(rng, p, end)
    if n >= 10:
        scheduled = _ensure_variety(rng, plans, end, resumed)
        for _ in range(resumed - scheduled):  # too few 终本 cases to resume: file others instead
            filed = working(end - dt.timedelta(days=rng.randrange(0, 60)), start, end)
            plans.append(Plan(rng.choices(codes, weights)[0], "执", filed))
    plans.sort(key=lambda p: p.filed_on)  # serials follow filing order within a court and year
    return plans


def _ensure_variety(rng: random.Random, plans: list[Plan], end: dt.date, resumed: int) -> int:
    """Make sure every state a reviewer looks for is there; returns how many resumptions it scheduled."""
    for method in METHOD_WEIGHTS:
        _force(rng, plans, method, end, CLOSING_DAYS[method][0] + 10)
    common = [p for p in plans if p.fate in (PENDING, rules.COMPLETED)]
    if common and not any(p.type_code == "执保" for p in plans):
        p = rng.choice(common)
        p.type_code, p.excluded, p.extend = "执保", "", False
    pending = [p for p in plans if p.fate == PENDING and p.type_code == "执"]
    if pending and not any(p.neglect for p in pending):
        max(pending, key=lambda p: (end - p.filed_on).days).neglect = True
    old = [p for p in common if p.type_code == "执" and (end - p.filed_on).days > 200]
    if old and not any(p.extend and p.fate == PENDING for p in old):
        p = rng.choice(old)
        p.fate, p.closed_on, p.extend = PENDING, None, True
    if old and not any(p.excluded for p in plans):
        rng.choice(old).excluded = "valuation"
    # 执恢: resume some 终本 cases a while after they closed.
    ttr = [
        p
        for p in plans
        if p.fate == rules.TERMINATED_THIS_ROUND and p.closed_on and (end - p.closed_on).days >= 30
    ]
    while len(ttr) < resumed:
        forced = _force_ttr(rng, plans, end)
        if forced is None:
            break
        ttr.append(forced)
    chosen = rng.sample(ttr, min(resumed, len(ttr)))
    for p in chosen:
        assert p.closed_on is not None
        gap = min((end - p.closed_on).days, skewed_days(rng, 30, 150, 400))
        p.resume_on = working(p.closed_on + dt.timedelta(days=gap), p.closed_on + dt.timedelta(days=1), end)
    return len(chosen)


def _force_ttr(rng: random.Random, plans: list[Plan], end: dt.date) -> Plan | None:
    donors = [
        p
        for p in plans
        if p.type_code == "执" and p.fate in (PENDING, rules.COMPLETED) and (end - p.filed_on).days > 140
    ]
    rng.shuffle(donors)
    for p in donors:
        for _ in range(5):
            closed = _closing(rng, rules.TERMINATED_THIS_ROUND, p.filed_on, end - dt.timedelta(days=30))
            if closed is not None:
                p.fate, p.closed_on = rules.TERMINATED_THIS_ROUND, closed
                return p
    return None
