"""The indicators per officer (承办人) for the bureau chief (issue 3 item 5).

The same definitions as the bulletin, grouped by (court, handler) instead of by court: the engine's
one aggregation (engine.figures_by) with another grouping, formatted with engine.figure; the
definition that governs a row is its court's (definitions.for_court), as in the bulletin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ibis.expr.types import Table

from . import definitions as defs
from . import engine
from .definitions import Definition
from .engine import CourtInfo

# The columns of the handler page, in order (indicators.md keys).
COLUMNS = (
    "received", "closed", "closure_rate", "statutory_period_rate", "average_days", "overdue_nodes",
    "long_pending",
)  # fmt: skip


@dataclass
class HandlerResult:
    court: CourtInfo
    handler_id: int | None  # None: cases with no handler assigned
    handler_name: str
    indicators: dict[str, Any] = field(default_factory=dict)


def year_to_date(on: dt.date) -> tuple[dt.date, dt.date]:
    return dt.date(on.year, 1, 1), on


def compute(
    t: Table,
    all_definitions: list[Definition],
    courts: list[CourtInfo],
    start: dt.date,
    end: dt.date,
    keys: tuple[str, ...] = COLUMNS,
) -> list[HandlerResult]:
    """Per court of `courts` and handler of its cases, the indicators `keys` over [start, end]: one
    Ibis aggregation over the snapshot `t`. Rows with no case of any set still appear (zeros)."""
    by_id = {c.id: c for c in courts}
    variants = defs.in_force(all_definitions, end)
    scoped = t.filter(t.court_id.isin(list(by_id)))
    grouped = engine.figures_by(
        scoped, variants, start, end, ["court_id", "handler_id"], most=("handler_name",)
    )
    out: list[HandlerResult] = []
    for row in grouped.to_pyarrow().to_pylist():
        court = by_id[row["court_id"]]
        chosen = defs.for_court(variants, court.lineage)
        indicators = engine.row_figures(chosen, row, keys)
        out.append(HandlerResult(court, row["handler_id"], row["handler_name"] or "", indicators))
    out.sort(key=lambda r: (r.court.path, r.handler_id is None, r.handler_name, r.handler_id or 0))
    return out


def sort_rows(rows: list[HandlerResult], key: str, descending: bool) -> list[HandlerResult]:
    """Rows by a column (`handler` for the name): counts and amounts by number, rates by value;
    a rate with no value (no denominator) goes last whichever way."""
    if key == "handler":
        return sorted(rows, key=lambda r: (r.handler_name, r.handler_id or 0), reverse=descending)

    def value(r: HandlerResult) -> float | None:
        v = r.indicators.get(key)
        if isinstance(v, dict):
            v = v.get("value")
        return None if v is None else float(v)

    known = [r for r in rows if value(r) is not None]
    known.sort(key=lambda r: value(r), reverse=descending)
    return known + [r for r in rows if value(r) is None]
