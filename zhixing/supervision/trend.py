"""The year-to-date trend of a weekly bulletin: how the headline rates moved week by week.

Pure functions, no database access. A trend is never recomputed from today's cases: each bulletin
carries the trend of the bulletins published before it (the newest earlier one of the same scope and
year, read by queries.earlier_bulletin) extended by its own week, so the chart shows what was published
each week, and a week no bulletin was made for has no column (no invented values).

Shape (stored under the bulletin JSON's "trend" key; indicators.md allows extra keys)::

    {"weeks": ["2026-W07", "2026-W08"],
     "series": [{"court_code": "冀96", "court_name": "…", "area": true,
                 "indicators": {"closure_rate": [0.5, 0.52], "average_days": [120.0, None]}}]}

Every list is aligned with "weeks"; None where the court was not in that week's bulletin or the
figure had no denominator.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class Court(Protocol):
    """What the trend needs of a court (engine.CourtInfo has it)."""

    id: int
    code: str
    parent_id: int | None
    path: str


def ratio_value(figure: Any) -> float | None:
    """A rate's or an average's value: the JSON of both kinds is the ratio object (engine.figure),
    counts are integers and amounts strings or count/amount objects."""
    if not _is_ratio(figure):
        return None
    v = figure["value"]
    return None if v is None else float(v)


def _is_ratio(figure: Any) -> bool:
    return isinstance(figure, dict) and {"numerator", "denominator", "value"} <= set(figure)


def series_courts(courts: Sequence[Court], top: Court | None) -> list[Court]:
    """The courts a president compares: the scope court (every top court for a bulletin of all
    courts) and the courts directly below it, each top court followed by its children in tree order."""
    ids = {c.id for c in courts}
    tops = [top] if top is not None else [c for c in courts if c.parent_id not in ids]
    out: list[Court] = []
    for t in sorted(tops, key=lambda c: c.path):
        out.append(t)
        out.extend(sorted((c for c in courts if c.parent_id == t.id), key=lambda c: c.path))
    return out


def _week_key(label: str) -> tuple[int, int]:
    """A week label ("2026-W07") as (2026, 7): orders labels even if one was ever written unpadded."""
    year, _sep, week = label.partition("-W")
    return int(year), int(week)


def _column(data: dict) -> dict[str, dict]:
    """One bulletin's own area figures, as a trend column: court code → (name, {key: value})."""
    return {
        c["court_code"]: {
            "court_name": c["court_name"],
            "values": {k: ratio_value(v) for k, v in c["indicators"].items() if _is_ratio(v)},
        }
        for c in data.get("courts", [])
        if c.get("area")
    }


def _earlier_trend(earlier: dict | None, out: dict) -> dict:
    """The trend to extend: the earlier bulletin's own, or for a bulletin stored before trends
    were, a trend of its single (published) week. Empty when there is no earlier bulletin of the same
    year to date (a new year starts fresh) or it is not earlier."""
    empty: dict = {"weeks": [], "series": []}
    if not earlier or earlier.get("period", {}).get("start") != out["period"]["start"]:
        return empty
    if "trend" in earlier:
        return earlier["trend"]
    week = earlier.get("period", {}).get("week")
    if not week:
        return empty
    column = _column(earlier)
    return {
        "weeks": [week],
        "series": [
            {"court_code": code, "court_name": c["court_name"], "area": True,
             "indicators": {k: [v] for k, v in c["values"].items()}}
            for code, c in column.items()
        ],
    }  # fmt: skip


def extend(earlier: dict | None, out: dict, courts: Sequence[Court], top: Court | None) -> dict[str, Any]:
    """This bulletin's trend: the trend stored with `earlier` (the newest earlier bulletin of the same
    scope, its JSON; None if none was made this year) with this week's column added.

    `out` is this bulletin's JSON as being built (its "period" and "courts"). The series are this
    week's: the scope court's area and its direct children's areas; indicators are every rate and
    average. A court or an indicator missing in an earlier week has None there; earlier columns of a
    court no longer shown are dropped with it."""
    week = out["period"]["week"]
    before = _earlier_trend(earlier, out)
    # Only strictly earlier weeks: keeps the weeks increasing even if a later bulletin was passed.
    kept = [i for i, w in enumerate(before.get("weeks", [])) if _week_key(w) < _week_key(week)]
    old = {s["court_code"]: s for s in before.get("series", [])}
    now = _column(out)
    series = []
    for court in series_courts(courts, top):
        if court.code not in now:
            continue
        current = now[court.code]
        past = old.get(court.code, {}).get("indicators", {})
        indicators = {}
        for key, value in current["values"].items():
            history = past.get(key)
            earlier_values = [history[i] if history and i < len(history) else None for i in kept]
            indicators[key] = [*earlier_values, value]
        series.append(
            {
                "court_code": court.code,
                "court_name": current["court_name"],
                "area": True,
                "indicators": indicators,
            }
        )
    return {"weeks": [before["weeks"][i] for i in kept] + [week], "series": series}
