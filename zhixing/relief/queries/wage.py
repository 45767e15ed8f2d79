"""Reads of the migrant-worker wage cases' priority list (rules §10.1.1 festival push, §10.1.2 priority
payout): the open wage cases of the courts a user may read, each with the money received and not yet
paid out (funds' receipts still outstanding) and the earliest payout deadline of that money, over-clock
first; the figures at the top; the days left to pay it all before the Spring Festival. The page, its
Excel and the API read these functions, in a fixed number of queries whatever the rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case as When_
from django.db.models import Count, F, IntegerField, Min, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from zhixing.cases.models import Case
from zhixing.courts.models import Court
from zhixing.courts.queries import courts_for
from zhixing.funds.models import Receipt

from .. import permissions, rules

ZERO = Decimal("0.00")
CENT = Decimal("0.01")

# A row's payout state: money past its deadline, money with a deadline still running, money held
# (暂缓发放: an approved hold stops the clock), no money awaiting payout.
OVERDUE, DUE, HELD, NONE = "overdue", "due", "held", "none"


def wage_courts(user: Any) -> QuerySet[Court]:
    """The courts whose wage cases `user` may read (relief.permissions.WAGE_LIST_ROLES), the courts below
    included."""
    if getattr(user, "is_superuser", False):
        return Court.objects.order_by("path")
    return courts_for(user, permissions.WAGE_LIST_ROLES).order_by("path")


def _awaiting() -> Q:
    return Q(receipts__outstanding__gt=0)


def wage_cases(
    courts: QuerySet[Court] | list[Court], on: dt.date, awaiting_only: bool = False
) -> QuerySet[Case]:
    """Open (pending) wage cases of `courts`, each annotated with `awaiting` (money received, not yet
    paid out), `held` (the part of it without a deadline), `due_on` (the earliest deadline of the
    money awaiting payout) and `overdue_amount`; ordered over-clock first, then by deadline, then the
    most money first, then the oldest case."""
    qs = (
        Case.objects.filter(is_migrant_wage=True, status=Case.PENDING, court__in=courts)
        .select_related("court")
        .annotate(
            awaiting=Coalesce(Sum("receipts__outstanding", filter=_awaiting()), Value(ZERO)),
            held=Coalesce(
                Sum("receipts__outstanding", filter=_awaiting() & Q(receipts__payout_due_on__isnull=True)),
                Value(ZERO),
            ),
            overdue_amount=Coalesce(
                Sum("receipts__outstanding", filter=_awaiting() & Q(receipts__payout_due_on__lt=on)),
                Value(ZERO),
            ),
            due_on=Min("receipts__payout_due_on", filter=_awaiting()),
        )
        .annotate(
            late=When_(When(due_on__lt=on, then=Value(0)), default=Value(1), output_field=IntegerField()),
        )
        .order_by("late", F("due_on").asc(nulls_last=True), "-awaiting", "filed_on", "id")
    )
    if awaiting_only:
        qs = qs.filter(awaiting__gt=0)
    return qs


@dataclass(frozen=True)
class Festival:
    """The Spring Festival ahead (正月初一), the eve by which wage money is paid out (除夕), and the days
    left to it (0 on the eve); all None past the table of festival days (rules.SPRING_FESTIVAL)."""

    day: dt.date | None
    deadline: dt.date | None
    days_left: int | None


def festival(on: dt.date) -> Festival:
    day = rules.next_spring_festival(on)
    if day is None:
        return Festival(None, None, None)
    deadline = rules.festival_deadline(day)
    return Festival(day, deadline, (deadline - on).days)


@dataclass(frozen=True)
class Row:
    case: Case
    awaiting: Decimal
    held: Decimal
    overdue_amount: Decimal
    due_on: dt.date | None
    state: str
    days: int | None  # days left to the payout deadline (negative: over the clock by that many)
    after_festival: bool  # the deadline falls after the festival deadline: pay it before the festival


def row(case: Case, on: dt.date, fest: Festival) -> Row:
    awaiting = Decimal(case.awaiting).quantize(CENT)  # SQLite sums come back unquantised
    held = Decimal(case.held).quantize(CENT)
    due_on = case.due_on
    if awaiting <= 0:
        state = NONE
    elif due_on is None:
        state = HELD
    elif due_on < on:
        state = OVERDUE
    else:
        state = DUE
    return Row(
        case=case,
        awaiting=awaiting,
        held=held,
        overdue_amount=Decimal(case.overdue_amount).quantize(CENT),
        due_on=due_on,
        state=state,
        days=(due_on - on).days if due_on is not None and awaiting > 0 else None,
        # Held money (暂缓) has no deadline to compare: its row says 暂缓, not 晚于节前期限.
        after_festival=bool(fest.deadline and awaiting > 0 and due_on is not None and due_on > fest.deadline),
    )


@dataclass(frozen=True)
class Totals:
    cases: int  # open wage cases
    awaiting_cases: int  # of them with money awaiting payout
    awaiting: Decimal  # money received and not yet paid out
    overdue_cases: int  # cases with money past its payout deadline
    overdue: Decimal  # that money


def totals(courts: QuerySet[Court] | list[Court], on: dt.date) -> Totals:
    """The figures at the top of the list, in two aggregate queries."""
    cases = Case.objects.filter(is_migrant_wage=True, status=Case.PENDING, court__in=courts)
    money = Receipt.objects.filter(case__in=cases, outstanding__gt=0).aggregate(
        awaiting=Sum("outstanding"),
        awaiting_cases=Count("case", distinct=True),
        overdue=Sum("outstanding", filter=Q(payout_due_on__lt=on)),
        overdue_cases=Count("case", distinct=True, filter=Q(payout_due_on__lt=on)),
    )
    return Totals(
        cases=cases.count(),
        awaiting_cases=money["awaiting_cases"] or 0,
        awaiting=Decimal(money["awaiting"] or ZERO).quantize(CENT),
        overdue_cases=money["overdue_cases"] or 0,
        overdue=Decimal(money["overdue"] or ZERO).quantize(CENT),
    )


def scope(user: Any, code: str = "") -> tuple[list[Court], Court | None, list[Court]]:
    """(the user's courts for the chooser, the court chosen by `?court=CODE` or None for all of them,
    the courts whose cases are listed: the chosen court and those below it, or all the user's)."""
    courts = list(wage_courts(user))
    chosen = next((c for c in courts if c.code == code), None) if code else None
    if chosen is None:
        return courts, None, courts
    return courts, chosen, [c for c in courts if c.path.startswith(chosen.path)]
