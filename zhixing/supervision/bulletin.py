"""The weekly bulletin (周通报) as JSON (shared/domain/indicators.md "The bulletin").

`build` turns a snapshot into the bulletin's JSON object: the period, every court's own and area
figures, rankings among sibling courts on each rate, changes against last week's stored bulletin and
the case numbers behind the overdue-nodes and long-pending figures. `dumps` gives the exact text that
is stored, so showing a bulletin again gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

from ibis.expr.types import Table

from . import definitions as defs
from . import engine, funds_figures, rules, trend
from .definitions import Definition
from .engine import CourtInfo, CourtResult

LISTED = ("overdue_nodes", "long_pending")
RANKED_KINDS = ("rate", "average")


def dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def subtree(courts: list[CourtInfo], top: CourtInfo | None) -> list[CourtInfo]:
    if top is None:
        return courts
    return [c for c in courts if c.path.startswith(top.path)]


def build(
    t: Table,
    definitions: list[Definition],
    courts: list[CourtInfo],
    year: int,
    week: int,
    top: CourtInfo | None = None,
    previous: dict | None = None,
    extra: dict | None = None,
    trend_from: dict | None = None,
) -> dict[str, Any]:
    """The bulletin of ISO week (year, week), for every court or for `top` and the courts below it.
    `previous` is last week's stored bulletin (its JSON object), for the changes; `trend_from` the
    newest earlier stored bulletin of this year and scope, whose trend this one extends."""
    start, end = rules.bulletin_period(year, week)
    results = engine.compute(t, definitions, courts, start, end)
    funds_figures.fill(results, courts, end)  # from the ledger at E (the snapshot holds no money)
    included = {c.id for c in subtree(courts, top)}
    shown = [r for r in results if r.court.id in included]
    out: dict[str, Any] = {
        "period": {"start": start.isoformat(), "end": end.isoformat(), "week": rules.week_label(year, week)},
        "courts": [
            {
                "court_code": r.court.code,
                "court_name": r.court.name,
                "area": r.area,
                "indicators": r.indicators,
            }
            for r in shown
        ],
    }
    out.update(extra or {})
    out["rankings"] = rankings(results, courts, included)
    out["changes"] = changes(shown, previous)
    out["lists"] = lists(t, results, included, start, end)
    out["trend"] = trend.extend(trend_from, out, courts, top)
    out["definitions"] = used_definitions(shown)
    return out


def rankings(results: list[CourtResult], courts: list[CourtInfo], included: set[int]) -> list[dict]:
    """Per level and parent (courts of one level under one parent compete), per rate and per own/area
    figures: each court's rank. Ranks are among all siblings even when the bulletin shows some."""
    groups: dict[tuple[int | None, str], list[CourtInfo]] = defaultdict(list)
    for c in courts:
        groups[(c.parent_id, c.level)].append(c)
    by_id = {c.id: c for c in courts}
    index = {(r.court.id, r.area): r for r in results}
    out: list[dict] = []
    for (parent_id, level), members in sorted(groups.items(), key=lambda g: _group_order(g[0], by_id)):
        if not any(m.id in included for m in members):
            continue
        members = sorted(members, key=lambda c: c.path)
        first = index[(members[0].id, False)]
        for key, d in first.definitions.items():
            if d.kind not in RANKED_KINDS:
                continue
            for area in (False, True):
                values = [_value(index[(m.id, area)].indicators.get(key)) for m in members]
                ranks = rules.competition_ranks(values, d.higher_is_better)
                entries = [
                    {"court_code": m.code, "rank": rank, "value": v}
                    for m, v, rank in zip(members, values, ranks, strict=True)
                    if m.id in included
                ]
                entries.sort(key=lambda e: (e["rank"] is None, e["rank"] or 0, e["court_code"]))
                out.append(
                    {
                        "level": level,
                        "parent_code": by_id[parent_id].code if parent_id in by_id else None,
                        "indicator": key,
                        "area": area,
                        "higher_is_better": d.higher_is_better,
                        "ranks": entries,
                    }
                )
    return out


def _group_order(key: tuple[int | None, str], by_id: dict[int, CourtInfo]) -> tuple[str, str]:
    parent_id, level = key
    return (by_id[parent_id].path if parent_id in by_id else "", level)


def _value(figure: Any) -> float | None:
    return figure.get("value") if isinstance(figure, dict) else None


def changes(shown: list[CourtResult], previous: dict | None) -> dict[str, Any]:
    """Change of each figure against last week's stored bulletin: the value's difference for a ratio,
    the difference for a count or an amount (as a string). Null where last week had no figure."""
    if not previous:
        return {"against": None, "courts": []}
    before = {(c["court_code"], c["area"]): c["indicators"] for c in previous.get("courts", [])}
    rows = []
    for r in shown:
        old = before.get((r.court.code, r.area))
        if old is None:
            continue
        diff = {k: _diff(v, old.get(k)) for k, v in r.indicators.items()}
        rows.append({"court_code": r.court.code, "area": r.area, "indicators": diff})
    return {"against": previous.get("period", {}).get("week"), "courts": rows}


def _diff(new: Any, old: Any) -> Any:
    if old is None:
        return None
    if isinstance(new, dict) and "value" in new:
        a, b = new.get("value"), old.get("value") if isinstance(old, dict) else None
        return None if a is None or b is None else a - b
    if isinstance(new, dict) and "amount" in new:
        return {
            "count": new["count"] - old["count"],
            "amount": engine.money(Decimal(new["amount"]) - Decimal(old["amount"])),
        }
    if isinstance(new, str):
        return engine.money(Decimal(new) - Decimal(old))
    return new - old


def used_definitions(shown: list[CourtResult]) -> list[dict[str, Any]]:
    """Every definition version that governed a court shown, frozen into the bulletin: drill-downs and
    labels read these, not today's definitions (a back-dated edit must not change a stored bulletin)."""
    used: dict[int, Definition] = {}
    for r in shown:
        for d in r.definitions.values():
            used.setdefault(d.id, d)
    return [d.frozen() for d in sorted(used.values(), key=lambda d: (d.position, d.key, d.id))]


def frozen_definitions(data: dict[str, Any]) -> list[Definition] | None:
    """The definitions a stored bulletin was made with; None for a bulletin made before they were
    stored with it."""
    if "definitions" not in data:
        return None
    return [Definition.thawed(d) for d in data["definitions"]]


def lists(
    t: Table, results: list[CourtResult], included: set[int], start: dt.date, end: dt.date
) -> dict[str, list[str]]:
    """The case numbers behind the overdue-nodes and long-pending figures of the courts shown, each
    court's cases counted by the definition that governs that court."""
    out: dict[str, list[str]] = {}
    for key in LISTED:
        by_variant: dict[int, tuple[defs.Definition, list[int]]] = {}
        for r in results:
            d = r.definitions.get(key)
            if r.area or r.court.id not in included or d is None:
                continue
            by_variant.setdefault(d.id, (d, []))[1].append(r.court.id)
        numbers: list[str] = []
        for d, ids in by_variant.values():
            numbers.extend(engine.case_numbers(t, d, start, end, ids))
        # Each variant's list comes sorted from the query; only several variants need a merge.
        out[key] = numbers if len(by_variant) <= 1 else sorted(numbers)
    return out
