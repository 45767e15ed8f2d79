"""The settlement figures (rules §10.2; issue 14 "settlement rate"): per court and per officer (the
case's handler), in a period: settlements recorded, performed, broken, resumed, the cases closed, the
settlement rate (settlements recorded / cases closed) and the performance rate (performed / recorded).
One query for the settlements and one for the closings per grouping, however many rows; the page and
the API read the same function."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from zhixing.cases.models import Case
from zhixing.courts.models import Court

from ..models import Settlement

FIGURES = ("recorded", "performed", "breached", "resumed", "sued")


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Row:
    key: Any
    label: str
    recorded: int = 0
    performed: int = 0
    breached: int = 0
    resumed: int = 0
    sued: int = 0
    closed: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def rate(self) -> Decimal | None:
        """和解率: settlements recorded per case closed, in per cent."""
        return percent(self.recorded, self.closed)

    @property
    def performance_rate(self) -> Decimal | None:
        """和解履行率: settlements performed per settlement recorded, in per cent."""
        return percent(self.performed, self.recorded)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            **{f: getattr(self, f) for f in (*FIGURES, "closed")},
            "rate": self.rate,
            "performance_rate": self.performance_rate,
            **({"court": self.extra["court_name"]} if "court_name" in self.extra else {}),  # an officer's
        }


def _counts(start: dt.date, end: dt.date) -> dict[str, Count]:
    return {
        "recorded": Count("id", filter=Q(agreed_on__range=(start, end))),
        "performed": Count("id", filter=Q(performed_on__range=(start, end))),
        "breached": Count("id", filter=Q(breached_on__range=(start, end))),
        "resumed": Count("id", filter=Q(resumed_on__range=(start, end))),
        "sued": Count("id", filter=Q(sued_on__range=(start, end))),
    }


def _fill(rows: dict[Any, Row], settled, closed, key: Any) -> list[Row]:
    """Copy the grouped counts onto `rows`; `key(values, prefix)` is a grouped row's key in `rows`
    (the settlements' values are read through `case__`, the closings' directly)."""
    for s in settled:
        row = rows.get(key(s, "case__"))
        if row is not None:
            for f in FIGURES:
                setattr(row, f, s[f])
    for c in closed:
        row = rows.get(key(c, ""))
        if row is not None:
            row.closed = c["n"]
    return list(rows.values())


def by_court(courts: QuerySet[Court], start: dt.date, end: dt.date) -> list[Row]:
    """One row per court of `courts` (in court order), even a court with nothing in the period."""
    rows = {c.pk: Row(c.pk, c.name, extra={"code": c.code}) for c in courts.order_by("path")}
    settled = (
        Settlement.objects.filter(case__court__in=list(rows))
        .values("case__court")
        .annotate(**_counts(start, end))
        .order_by()
    )
    closed = (
        Case.objects.filter(court__in=list(rows), closed_on__range=(start, end))
        .values("court")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _fill(rows, settled, closed, lambda v, p: v[p + "court"])


COURT_OF_CASE = ("court", "court__code", "court__name", "court__path")


def by_officer(courts: QuerySet[Court], start: dt.date, end: dt.date) -> list[Row]:
    """One row per handler and court of the cases counted, for each handler with a settlement or a
    closing in the period in `courts` (an officer handles the cases of one court, so in practice one row
    per officer), in court order and then by name. The row's court is in `extra` (court, court_code,
    court_name): grouped with the counts, so no query more."""
    ids = list(courts.values_list("pk", flat=True))
    settled = list(
        Settlement.objects.filter(case__court__in=ids, case__handler__isnull=False)
        .values("case__handler", *(f"case__{f}" for f in COURT_OF_CASE))
        .annotate(**_counts(start, end))
        .order_by()
    )
    closed = list(
        Case.objects.filter(court__in=ids, closed_on__range=(start, end), handler__isnull=False)
        .values("handler", *COURT_OF_CASE)
        .annotate(n=Count("id"))
        .order_by()
    )

    def key(v: dict[str, Any], p: str) -> tuple[int, int]:
        return v[p + "handler"], v[p + "court"]

    courts_of: dict[tuple[int, int], dict[str, Any]] = {}
    for v, p in [*((s, "case__") for s in settled if any(s[f] for f in FIGURES)), *((c, "") for c in closed)]:
        courts_of[key(v, p)] = {f: v[p + f] for f in COURT_OF_CASE}
    users = get_user_model().objects.in_bulk({h for h, _c in courts_of})

    def order(k: tuple[int, int]) -> tuple[str, str, int]:
        return courts_of[k]["court__path"], str(users[k[0]]), k[0]

    rows = {}
    for k in sorted(courts_of, key=order):
        court = courts_of[k]
        extra = {
            "court": court["court"],
            "court_code": court["court__code"],
            "court_name": court["court__name"],
        }
        rows[k] = Row(k[0], str(users[k[0]]), extra=extra)
    return _fill(rows, settled, closed, key)


def total(rows: list[Row]) -> Row:
    out = Row(None, _("合计"))
    for r in rows:
        for f in (*FIGURES, "closed"):
            setattr(out, f, getattr(out, f) + getattr(r, f))
    return out
