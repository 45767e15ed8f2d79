"""Reads of the command centre's live page and the handler page (issue 3 items 5 and 6).

Every count is an aggregate query (GROUP BY court), never one query per row: the live page makes the
same number of queries whatever the number of courts, cases or nodes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse

from zhixing.cases import permissions as case_permissions
from zhixing.cases import queries as case_queries
from zhixing.cases.models import Case
from zhixing.core.money import format_yuan
from zhixing.courts.models import Court, User
from zhixing.courts.queries import courts_for
from zhixing.funds import queries as funds_queries

from . import engine, handlers, queries, snapshot
from .definitions import WITHDRAWN
from .engine import CourtInfo
from .models import Bulletin, Snapshot
from .permissions import CHIEF_ROLES, WATCH_ROLES

HANDLING_ROLES = case_permissions.HANDLING_ROLES

HEADLINE = ("closure_rate", "statutory_period_rate")
# How many of the newest bulletins are read to find each watched court's latest figures.
BULLETINS_READ = 20


def watched_courts(user) -> QuerySet[Court]:
    if getattr(user, "is_superuser", False):
        return Court.objects.all()
    return courts_for(user, WATCH_ROLES)


def chief_courts(user) -> QuerySet[Court]:
    """Courts whose officers the user may see figures of: leader grants (and the courts below)."""
    if getattr(user, "is_superuser", False):
        return Court.objects.all()
    return courts_for(user, CHIEF_ROLES)


def week_start(on: dt.date) -> dt.date:
    return on - dt.timedelta(days=on.weekday())  # Monday (the bulletin week, rules ISO weeks)


def live_counts(courts: QuerySet[Court], on: dt.date) -> dict[int, dict[str, int]]:
    """Per court id: cases received (filed) and closed today and this week (Monday to `on`). 销案
    cases are left out, as from every indicator set (indicators.md). One GROUP BY query."""
    monday = week_start(on)
    rows = (
        Case.objects.filter(court__in=courts)
        .filter(Q(filed_on__range=(monday, on)) | Q(closed_on__range=(monday, on)))
        .exclude(closure_method=WITHDRAWN)
        .order_by()
        .values("court_id")
        .annotate(
            received_today=Count("id", filter=Q(filed_on=on)),
            received_week=Count("id", filter=Q(filed_on__range=(monday, on))),
            closed_today=Count("id", filter=Q(closed_on=on)),
            closed_week=Count("id", filter=Q(closed_on__range=(monday, on))),
        )
    )
    return {r.pop("court_id"): r for r in rows}


def totals(counts: dict[int, dict[str, int]]) -> dict[str, int]:
    keys = ("received_today", "received_week", "closed_today", "closed_week")
    return {k: sum(c.get(k, 0) for c in counts.values()) for k in keys}


def headline_rates(codes: set[str]) -> dict[str, dict[str, Any]]:
    """Per court code: its own headline rates and the week of the newest stored bulletin that has the
    court (a bulletin made for a court holds only that court's subtree, so older ones may fill in)."""
    found: dict[str, dict[str, Any]] = {}
    for b in Bulletin.objects.order_by("-end", "-made_at", "-id").only("week", "content")[:BULLETINS_READ]:
        if codes <= set(found):
            break
        for c in json.loads(b.content).get("courts", []):
            code = c.get("court_code")
            if code in codes and code not in found and not c.get("area"):
                found[code] = {"week": b.week, **{k: rate(c["indicators"].get(k)) for k in HEADLINE}}
    return found


def rate(v: Any) -> float | None:
    return v.get("value") if isinstance(v, dict) else None


@dataclass
class TreeRow:
    court: Court
    depth: int
    counts: dict[str, int] = field(default_factory=dict)
    rates: dict[str, Any] | None = None


def court_tree(courts: QuerySet[Court], counts: dict[int, dict[str, int]]) -> list[TreeRow]:
    """The watched courts in tree order, indented below the highest one watched."""
    rows = list(courts.order_by("path"))
    rates = headline_rates({c.code for c in rows})
    top = min((c.path.count("/") for c in rows), default=0)
    return [TreeRow(c, c.path.count("/") - top, counts.get(c.pk, {}), rates.get(c.code)) for c in rows]


def funds_workbench_url() -> str:
    """The funds workbench (its lists of unidentified and overdue receipts, `?tab=`)."""
    try:
        return reverse("funds:workbench")
    except NoReverseMatch:  # the funds pages not mounted (yet): their address
        return "/funds/"


@dataclass
class FundsRow:
    court: Court | None  # None: the total
    unidentified: tuple[int, str]  # count, amount (yuan, two decimals)
    overdue: tuple[int, str]


def funds_panel(courts: QuerySet[Court], on: dt.date) -> tuple[list[FundsRow], FundsRow | None]:
    """The funds panel: per watched court with any, its unidentified (不明款) and overdue (超期款)
    receipts today, count and amount (funds.queries.per_court: two GROUP BY queries), and the total."""
    figures = funds_queries.per_court(on)
    rows, n_un, s_un, n_late, s_late = [], 0, Decimal(0), 0, Decimal(0)
    for court in courts.order_by("path"):
        f = figures.get(court.pk)
        if not f:
            continue
        un, late = f.get("unidentified", (0, 0)), f.get("overdue", (0, 0))
        rows.append(FundsRow(court, (un[0], format_yuan(un[1] or 0)), (late[0], format_yuan(late[1] or 0))))
        n_un, s_un, n_late, s_late = (
            n_un + un[0],
            s_un + (un[1] or 0),
            n_late + late[0],
            s_late + (late[1] or 0),
        )
    total = FundsRow(None, (n_un, format_yuan(s_un)), (n_late, format_yuan(s_late))) if rows else None
    return rows, total


def overdue(user):
    """Overdue nodes by court and by officer (the cases app's command-centre counts)."""
    return case_queries.overdue_counts(case_queries.overdue_nodes(user))


# --- The handler page ----------------------------------------------------------------------------


@dataclass
class HandlerPage:
    snapshot: Snapshot | None
    start: dt.date | None = None
    end: dt.date | None = None
    rows: list[handlers.HandlerResult] = field(default_factory=list)


def handler_page(courts: QuerySet[Court], sort: str = "", descending: bool = True) -> HandlerPage:
    """Per officer of `courts`, the handler columns for the year to date of the latest stored
    snapshot (its `as_of` is the end date, so overdue nodes are counted at that date). Officers granted
    on these courts who handle no case yet are listed with zeros."""
    snap = Snapshot.objects.first()
    if snap is None:
        return HandlerPage(None)
    start, end = handlers.year_to_date(snap.as_of)
    infos = [CourtInfo(c.pk, c.code, c.name, c.level, c.parent_id, c.path) for c in courts.order_by("path")]
    t = engine.duckdb_table(snapshot.resolve(snap.path))
    rows = handlers.compute(t, queries.definitions(), infos, start, end)
    seen = {(r.court.id, r.handler_id) for r in rows}
    by_id = {c.id: c for c in infos}
    idle = (
        User.objects.filter(is_active=True, grants__role__in=HANDLING_ROLES, grants__court__in=courts)
        .values_list("grants__court_id", "pk", "full_name", "username")
        .distinct()
    )
    for court_id, pk, full_name, username in idle:
        if (court_id, pk) not in seen:
            seen.add((court_id, pk))
            rows.append(handlers.HandlerResult(by_id[court_id], pk, full_name or username, zeros()))
    rows.sort(key=lambda r: (r.court.path, r.handler_id is None, r.handler_name, r.handler_id or 0))
    if sort in handlers.COLUMNS or sort == "handler":
        rows = handlers.sort_rows(rows, sort, descending)
    return HandlerPage(snap, start, end, rows)


def zeros() -> dict[str, Any]:
    """Figures of an officer with no case: counts 0, rates without a value."""
    return {k: 0 for k in handlers.COLUMNS} | {
        k: {"numerator": 0, "denominator": 0, "value": None}
        for k in ("closure_rate", "statutory_period_rate", "average_days")
    }
