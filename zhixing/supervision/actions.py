"""Every write of supervision data goes through a function here (ARCHITECTURE §2)."""

from __future__ import annotations

import datetime as dt
import json

from django.db import transaction

from zhixing.core import audit
from zhixing.courts.models import Court

from . import bulletin as bulletin_json
from . import definitions as defs
from . import engine, permissions, queries, rules, snapshot
from .models import Bulletin, IndicatorDefinition, Snapshot


@transaction.atomic
def make_snapshot(as_of: dt.date, *, actor) -> Snapshot:
    """Freeze the case facts (one row per case, Parquet) for a bulletin ending on `as_of`."""
    permissions.check_make_snapshot(actor)
    return _snapshot(as_of, actor)


def _snapshot(as_of: dt.date, actor) -> Snapshot:
    """make_snapshot without its check: part of make_bulletin, which checked its own."""
    made = snapshot.extract(as_of)
    snap = Snapshot.objects.create(
        made_at=made.made_at, as_of=as_of, path=made.relpath, rows=made.rows, sha256=made.sha256
    )
    audit.append(
        "supervision.snapshot", snap, {"as_of": as_of, "rows": made.rows, "sha256": made.sha256}, actor
    )
    return snap


@transaction.atomic
def make_bulletin(week: str, court: Court | None = None, *, actor, backend: str = "duckdb") -> Bulletin:
    """Make and store the bulletin of an ISO week (`2026-W47`) from a fresh snapshot, for every court
    or for `court` and the courts below it. Raises rules.InvalidWeek for a bad week."""
    year, number = rules.parse_week(week)
    label = rules.week_label(year, number)
    permissions.check_make_bulletin(actor, court)
    _start, end = rules.bulletin_period(year, number)
    snap = _snapshot(end, actor)
    prev = queries.stored_bulletin(rules.week_label(*rules.previous_week(year, number)), court)
    earlier = queries.earlier_bulletin(court, _start, end)  # its trend is extended by this week
    previous = json.loads(prev.content) if prev else None
    # Usually last week's bulletin is also the newest earlier one: read a province's JSON once.
    trend_from = previous if earlier and prev and earlier.pk == prev.pk else None
    if earlier and trend_from is None:
        trend_from = json.loads(earlier.content)
    courts = queries.courts()
    top = next((c for c in courts if court is not None and c.id == court.pk), None)
    t = engine.table(snapshot.resolve(snap.path), backend)  # DuckDB here, or Spark (engine.BACKENDS)
    extra = {
        "snapshot": {"id": snap.pk, "as_of": snap.as_of.isoformat(), "rows": snap.rows, "sha256": snap.sha256}
    }
    content = bulletin_json.build(
        t,
        queries.definitions(),
        courts,
        year,
        number,
        top=top,
        previous=previous,
        trend_from=trend_from,
        extra=extra,
    )
    made = Bulletin.objects.create(
        week=label,
        court=court,
        start=_start,
        end=end,
        snapshot=snap,
        made_at=snap.made_at,
        made_by=actor if getattr(actor, "pk", None) else None,
        content=bulletin_json.dumps(content),
    )
    audit.append("supervision.bulletin", made, {"week": label, "court": court.code if court else ""}, actor)
    return made


@transaction.atomic
def save_definition(
    *,
    key: str,
    name: str,
    kind: str,
    scope: list[str],
    numerator: dict,
    denominator: dict | None,
    effective_from: dt.date,
    court: Court | None = None,
    date_field: str = "closed_on",
    higher_is_better: bool = True,
    position: int = 100,
    actor,
) -> IndicatorDefinition:
    """A new version of an indicator definition: nationwide (court None, administrators of the top
    court) or a high court's own for the courts below it. Checked by building it before it is saved."""
    permissions.check_save_definition(actor, court)
    defs.check(kind, scope, numerator, denominator, date_field)
    fields = "name kind scope numerator denominator date_field higher_is_better position".split()
    before = (
        IndicatorDefinition.objects.filter(key=key, court=court, effective_from=effective_from)
        .values(*fields)
        .first()
    ) or {}
    row, _created = IndicatorDefinition.objects.update_or_create(
        key=key,
        court=court,
        effective_from=effective_from,
        defaults=dict(
            name=name, kind=kind, scope=scope, numerator=numerator, denominator=denominator,
            date_field=date_field, higher_is_better=higher_is_better, position=position,
        ),
    )  # fmt: skip
    audit.append(
        "supervision.definition",
        row,
        {
            "key": key,
            "court": court.code if court else "",
            "effective_from": effective_from,
            **audit.changes(before, {f: getattr(row, f) for f in fields}),
        },
        actor,
    )
    return row
