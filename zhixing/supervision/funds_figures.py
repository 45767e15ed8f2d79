"""The bulletin's two funds figures (indicators.md: `unidentified_funds` and `overdue_funds`, count and
amount at E, per court and per area), read from the case-funds ledger as it stood at the period end E.

The ledger keeps today's state of each receipt, not its history, so "as it stood at E" is read back:

- 不明款 at E: receipts booked on or before E that were in no case account at E, that is still
  unclaimed today, or claimed into a case after E (an approved claim makes the money payable on the
  day it was approved: `payable_on` > E). A receipt matched on arrival was never unidentified.
- 超期款 at E: receipts in a case account at E (booked on or before E and not claimed after E) whose
  payout deadline is before E, with money still unpaid at E. What was unpaid at E is today's
  outstanding plus what payouts confirmed after E took from it: payouts take the oldest receipt first
  (funds.actions.payouts._consume_receipts), so undoing the later payouts gives their amount back to
  the newest receipts they consumed. The deadline is today's: a hold approved after E (which clears
  the deadline) or ended after E (which moves it) is read as if it applied at E too; the bulletin of a
  recent week, the one read, is hardly touched by that.

Unlike the other figures these are not read from the bulletin's snapshot (it holds cases, not money):
they are the ledger's at the time the bulletin is made, read back to E.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from zhixing.funds.models import Payout, Receipt

from .engine import CourtInfo, CourtResult, money

KEYS = ("unidentified_funds", "overdue_funds")
ZERO = Decimal("0.00")

Figures = dict[int, dict[str, tuple[int, Decimal]]]


def unidentified_at(end: dt.date) -> Any:
    """The receipts that were unidentified at `end` (a queryset)."""
    return Receipt.objects.filter(booked_on__lte=end).filter(
        Q(case__isnull=True) | Q(matched_by=Receipt.BY_CLAIM, payable_on__gt=end)
    )


def in_case_at(end: dt.date) -> Any:
    return Receipt.objects.filter(booked_on__lte=end, case__isnull=False).exclude(
        matched_by=Receipt.BY_CLAIM, payable_on__gt=end
    )


def overdue_at(end: dt.date) -> list[tuple[int, int, Decimal]]:
    """(receipt id, court id, amount unpaid at `end`) of every receipt overdue at `end`."""
    late = in_case_at(end).filter(payout_due_on__lt=end)
    # What payouts confirmed after `end` took, per case: given back to the receipts newest first.
    taken = dict(
        Payout.objects.filter(status=Payout.CONFIRMED, settled_at__date__gt=end)
        .values("case")
        .annotate(s=Sum("amount"))
        .values_list("case", "s")
    )
    unpaid: dict[int, Decimal] = {}
    if taken:
        rows = (
            Receipt.objects.filter(case__in=list(taken))
            .order_by("case", "-payable_on", "-id")
            .values_list("id", "case", "amount", "outstanding")
        )
        for rid, case_id, amount, outstanding in rows:
            back = min(taken[case_id], amount - outstanding)
            taken[case_id] -= back
            unpaid[rid] = outstanding + back
    out = []
    for rid, court_id, case_id, outstanding in late.values_list("id", "case__court", "case", "outstanding"):
        left = unpaid.get(rid, outstanding) if case_id in taken else outstanding
        if left > 0:
            out.append((rid, court_id, left))
    return out


def per_court(end: dt.date) -> Figures:
    """Court id → {key: (count, amount)} at `end`, for the courts with any."""
    out: Figures = defaultdict(dict)
    by_court = (
        unidentified_at(end).values("pooled__court").annotate(n=Count("id"), s=Sum("amount")).order_by()
    )
    for row in by_court:
        out[row["pooled__court"]]["unidentified_funds"] = (row["n"], row["s"] or ZERO)
    late: dict[int, list[Any]] = defaultdict(lambda: [0, ZERO])
    for _rid, court_id, left in overdue_at(end):
        late[court_id][0] += 1
        late[court_id][1] += left
    for court_id, (n, s) in late.items():
        out[court_id]["overdue_funds"] = (n, s)
    return dict(out)


def rolled_up(own: Figures, courts: Iterable[CourtInfo]) -> Figures:
    """Each court's area: its own figures and those of every court below it."""
    area: Figures = defaultdict(dict)
    for court in courts:
        for key, (n, s) in own.get(court.id, {}).items():
            for above in court.lineage:
                n0, s0 = area[above].get(key, (0, ZERO))
                area[above][key] = (n0 + n, s0 + s)
    return dict(area)


def fill(results: list[CourtResult], courts: list[CourtInfo], end: dt.date) -> None:
    """Put the funds figures at `end` into the engine's results (which hold them at zero)."""
    own = per_court(end)
    area = rolled_up(own, courts)
    for r in results:
        figures = (area if r.area else own).get(r.court.id, {})
        for key in KEYS:
            n, s = figures.get(key, (0, ZERO))
            r.indicators[key] = {"count": n, "amount": money(s)}
