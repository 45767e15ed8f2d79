"""The cases behind one figure of a stored bulletin (下钻).

Read from the bulletin's own snapshot with the very Ibis expressions the engine counted with
(definitions.membership), so the list is what the bulletin counted, not today's data."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import bulletin, engine, queries, snapshot
from . import definitions as defs
from .definitions import Definition
from .engine import CourtInfo
from .models import Bulletin

PARTS = ("numerator", "denominator")
SHOWN = ("case_id", "case_number", "court_code", "court_name", "filed_on", "closed_on", "closure_method",
         "handler_name")  # fmt: skip


class NotDrillable(LookupError):
    """The bulletin has no such court or indicator, or the figure counts no cases (funds)."""


@dataclass
class Drill:
    court: CourtInfo
    area: bool
    definition: Definition
    part: str
    measure: Any  # "count" or {"sum": column}
    rows: list[dict]

    @property
    def total(self) -> Any:
        """What the rows add up to: their number, or the sum of the measured column."""
        if self.measure == "count":
            return len(self.rows)
        return sum((r["measured"] or 0 for r in self.rows), Decimal(0) if self._money else 0)

    @property
    def _money(self) -> bool:
        return any(isinstance(r["measured"], Decimal) for r in self.rows)


def governing(variants: list[Definition], court: CourtInfo, key: str, on: dt.date) -> Definition:
    """The definition version the engine used for this court and key on the bulletin's end date."""
    chosen = defs.for_court(defs.in_force(variants, on), court.lineage)
    if key not in chosen:
        raise NotDrillable(key)
    return chosen[key]


def cases_behind(made: Bulletin, court_code: str, area: bool, key: str, part: str = "numerator") -> Drill:
    if part not in PARTS:
        raise NotDrillable(part)
    data = json.loads(made.content)
    courts = queries.courts()
    court = next((c for c in courts if c.code == court_code), None)
    if court is None or not any(c["court_code"] == court_code for c in data["courts"]):
        raise NotDrillable(court_code)  # only the courts the bulletin shows
    # The versions frozen in the bulletin; older bulletins, made before they were, fall back to the
    # stored definitions (the same unless one was edited back-dated since).
    variants = bulletin.frozen_definitions(data) or queries.definitions()
    d = governing(variants, court, key, made.end)
    members = [c for c in courts if c.path.startswith(court.path)] if area else [court]
    # An area adds up each member court's own figure, each counted by the variant that governs that
    # court (a high court's override): group the members by variant, as the engine does.
    groups: dict[int, tuple[Definition, list[int]]] = {}
    for c in members:
        v = governing(variants, c, key, made.end)
        groups.setdefault(v.id, (v, []))[1].append(c.id)
    t = engine.duckdb_table(snapshot.resolve(made.snapshot.path))
    rows: list[dict] = []
    measure: Any = "count"
    for v, ids in groups.values():
        spec = v.numerator if part == "numerator" else v.denominator
        if not spec:
            raise NotDrillable(part)
        measure = spec.get("measure", "count")
        where = defs.membership(t, spec, made.start, made.end, v.date_field, v.scope)
        cols = [t[c] for c in SHOWN]
        if isinstance(measure, dict):
            cols.append(defs._column(t, measure["sum"]).name("measured"))
        else:
            cols.append(t.case_id.isnull().ifelse(0, 1).name("measured"))
        rows.extend(t.filter(where & t.court_id.isin(ids)).select(*cols).to_pyarrow().to_pylist())
    rows.sort(key=lambda r: r["case_number"])
    return Drill(court, area, d, part, measure, rows)
