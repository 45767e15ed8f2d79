"""What the command centre, the pages, the API and the reports read of measures: an operation's report,
the day's dispatch board and the monthly figures of coercive measures per court. Each is a fixed
number of queries however many rows it holds (grouped counts, no query per row)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from zhixing.credit.models import Listing
from zhixing.funds.models import Receipt

from . import rules
from .models import (
    Booking,
    CoerciveMeasure,
    Duty,
    Equipment,
    Evidence,
    FieldCash,
    FieldRecord,
    Member,
    Operation,
    OperationCase,
    Referral,
    Witness,
)

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# A measure counts once carried out (in force or ended), not when merely proposed or approved.
CARRIED_OUT = (CoerciveMeasure.IN_FORCE, CoerciveMeasure.ENDED)
# A listing counts once decided (in its grace period, published, or since removed at its term).
LISTED = (Listing.DECIDED, Listing.PUBLISHED, Listing.REMOVED)


def _day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[00:00 of `first`, 00:00 of the day after `last`) in the court's time zone."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


# --- the operation report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    """One target case of an operation, with what the operation's days brought on it."""

    case_id: int
    case_number: str
    place: str
    task: str
    outcome: str
    closed_on: dt.date | None  # set when the case closed on or after the operation's first day
    field_cash: Decimal  # taken in the field by this operation (handed over or not)
    receipts: Decimal  # other money into the case account booked on the operation's days
    summoned: int
    detained: int
    listed: int
    records: int
    evidence: int

    @property
    def recovered(self) -> Decimal:
        return self.field_cash + self.receipts

    @property
    def closed(self) -> bool:
        return self.closed_on is not None


@dataclass(frozen=True)
class OperationReport:
    """The figures of an operation for the campaign and the command centre; every total is the sum of
    `rows` (records and evidence not tied to a case count in the totals only)."""

    operation: Operation
    first_day: dt.date
    last_day: dt.date
    rows: list[CaseRow]
    witnesses: list[Witness]
    records: int
    evidence: int

    @property
    def cases(self) -> int:
        return len(self.rows)

    @property
    def cases_closed(self) -> int:
        return sum(1 for r in self.rows if r.closed)

    @property
    def field_cash(self) -> Decimal:
        return sum((r.field_cash for r in self.rows), ZERO)

    @property
    def receipts(self) -> Decimal:
        return sum((r.receipts for r in self.rows), ZERO)

    @property
    def money_recovered(self) -> Decimal:
        return self.field_cash + self.receipts

    @property
    def summoned(self) -> int:
        return sum(r.summoned for r in self.rows)

    @property
    def detained(self) -> int:
        return sum(r.detained for r in self.rows)

    @property
    def listed(self) -> int:
        return sum(r.listed for r in self.rows)

    @property
    def witnesses_attended(self) -> int:
        return sum(1 for w in self.witnesses if w.attended)


def operation_days(operation: Operation) -> tuple[dt.date, dt.date]:
    """The days an operation covers: from the day it started (or was planned to) to the day it closed
    (or is planned to end)."""
    first = timezone.localdate(operation.started_at or operation.starts_at)
    last = timezone.localdate(operation.closed_at or operation.ends_at)
    return first, max(first, last)


def operation_report(operation: Operation) -> OperationReport:
    operation = Operation.objects.select_related("court", "leader").get(pk=operation.pk)
    first, last = operation_days(operation)
    start, end = _day_bounds(first, last)
    targets = list(OperationCase.objects.filter(operation=operation).select_related("case").order_by("id"))
    ids = [t.case_id for t in targets]
    cash = dict(
        FieldCash.objects.filter(operation=operation)
        .values_list("case_id")
        .annotate(s=Sum("amount"))
        .values_list("case_id", "s")
    )
    # Receipts of the target cases on those days, less this operation's own field cash handed over
    # (already counted as field cash), less receipts reversed as booked in error.
    receipts = dict(
        Receipt.objects.filter(case_id__in=ids, booked_on__range=(first, last), reversed_on__isnull=True)
        .exclude(field_cash__operation=operation)
        .values_list("case_id")
        .annotate(s=Sum("amount"))
        .values_list("case_id", "s")
    )
    people: dict[tuple[int, str], set[tuple[int, str]]] = defaultdict(set)
    for case_id, kind, party_id, name in CoerciveMeasure.objects.filter(
        case_id__in=ids,
        kind__in=(rules.SUMMONS, rules.DETENTION),
        status__in=CARRIED_OUT,
        started_at__gte=start,
        started_at__lt=end,
    ).values_list("case_id", "kind", "party_id", "subject_name"):
        people[(case_id, kind)].add((party_id, name))
    listed: dict[int, set[int]] = defaultdict(set)
    for case_id, party_id in Listing.objects.filter(
        case_id__in=ids, decided_on__range=(first, last), status__in=LISTED
    ).values_list("case_id", "party_id"):
        listed[case_id].add(party_id)
    records = dict(
        FieldRecord.objects.filter(operation=operation)
        .values_list("case_id")
        .annotate(n=Count("id"))
        .values_list("case_id", "n")
    )
    evidence = dict(
        Evidence.objects.filter(operation=operation, superseded_by__isnull=True)
        .values_list("case_id")
        .annotate(n=Count("id"))
        .values_list("case_id", "n")
    )
    rows = [
        CaseRow(
            case_id=t.case_id,
            case_number=t.case.case_number,
            place=t.place,
            task=t.task,
            outcome=t.outcome,
            closed_on=t.case.closed_on if t.case.closed_on and t.case.closed_on >= first else None,
            # SQLite sums come back as floats turned Decimal ('3000'): whole fen again.
            field_cash=Decimal(cash.get(t.case_id) or ZERO).quantize(CENT),
            receipts=Decimal(receipts.get(t.case_id) or ZERO).quantize(CENT),
            summoned=len(people[(t.case_id, rules.SUMMONS)]),
            detained=len(people[(t.case_id, rules.DETENTION)]),
            listed=len(listed[t.case_id]),
            records=records.get(t.case_id, 0),
            evidence=evidence.get(t.case_id, 0),
        )
        for t in targets
    ]
    return OperationReport(
        operation=operation,
        first_day=first,
        last_day=last,
        rows=rows,
        witnesses=list(Witness.objects.filter(operation=operation).order_by("id")),
        records=sum(records.values()),
        evidence=sum(evidence.values()),
    )


# --- the dispatch board -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardOperation:
    operation: Operation
    members: list[Member]
    targets: list[OperationCase]
    bookings: list[Booking]
    check_ins: list[FieldRecord]  # the day's check-ins, newest first

    @property
    def last_check_in(self) -> FieldRecord | None:
        return self.check_ins[0] if self.check_ins else None


@dataclass(frozen=True)
class EquipmentRow:
    equipment: Equipment
    bookings: list[Booking]  # its unreleased bookings that day, in order

    @property
    def booked(self) -> bool:
        return bool(self.bookings)


@dataclass(frozen=True)
class Board:
    """The command centre's view of a day: its operations with their teams, bookings and live
    check-ins; the register with each item's state and bookings that day; who is on duty; field cash
    not yet handed over to finance (overdue first)."""

    court: Any
    on: dt.date
    operations: list[BoardOperation]
    equipment: list[EquipmentRow]
    duty: list[Duty]
    cash_awaiting: list[FieldCash] = field(default_factory=list)

    def overdue_cash(self) -> list[FieldCash]:
        return [c for c in self.cash_awaiting if c.handover_due_on < self.on]


def board(court: Any, on: dt.date) -> Board:
    """The board of `court` and the courts below it on `on`."""
    start, end = _day_bounds(on, on)
    below = Q(court__path__startswith=court.path)
    ops = list(
        Operation.objects.filter(below, starts_at__lt=end, ends_at__gt=start)
        .exclude(status=Operation.CANCELLED)
        .select_related("leader", "court")
        .prefetch_related(
            Prefetch("members", queryset=Member.objects.select_related("user").order_by("id")),
            Prefetch("targets", queryset=OperationCase.objects.select_related("case").order_by("id")),
            Prefetch(
                "bookings",
                queryset=Booking.objects.filter(released=False).select_related("equipment").order_by("id"),
            ),
        )
        .order_by("starts_at", "id")
    )
    check_ins: dict[int, list[FieldRecord]] = defaultdict(list)
    for rec in (
        FieldRecord.objects.filter(
            operation__in=[o.pk for o in ops], kind=rules.CHECK_IN, at__gte=start, at__lt=end
        )
        .select_related("officer", "case")
        .order_by("-at", "-id")
    ):
        check_ins[rec.operation_id].append(rec)
    items = list(Equipment.objects.filter(below).order_by("kind", "code"))
    booked: dict[int, list[Booking]] = defaultdict(list)
    for b in (
        Booking.objects.filter(
            equipment__in=[i.pk for i in items], released=False, starts_at__lt=end, ends_at__gt=start
        )
        .select_related("operation")
        .order_by("starts_at", "id")
    ):
        booked[b.equipment_id].append(b)
    return Board(
        court=court,
        on=on,
        operations=[
            BoardOperation(
                operation=o,
                members=list(o.members.all()),
                targets=list(o.targets.all()),
                bookings=list(o.bookings.all()),
                check_ins=check_ins[o.pk],
            )
            for o in ops
        ],
        equipment=[EquipmentRow(i, booked[i.pk]) for i in items],
        duty=list(Duty.objects.filter(below, on=on).select_related("user").order_by("role", "id")),
        cash_awaiting=list(
            FieldCash.objects.filter(
                operation__court__path__startswith=court.path, handed_over_at__isnull=True
            )
            .select_related("case", "operation", "taken_by")
            .order_by("handover_due_on", "taken_at", "id")
        ),
    )


# --- the monthly report of measures -----------------------------------------------------------------


@dataclass
class CourtMeasures:
    """One court's figures of a month: measures decided (approved, whatever became of them since) in
    the month, referrals sent in it, and the referrals sent by the month's end by their status now."""

    court_code: str
    court_name: str
    fines: int = 0
    fine_amount: Decimal = ZERO
    fine_paid: Decimal = ZERO
    detentions: int = 0
    detention_days: int = 0
    summons: int = 0
    searches: int = 0
    exit_bans: int = 0
    rewards: int = 0
    referrals_sent: int = 0
    referral_statuses: dict[str, int] = field(default_factory=dict)

    def add(self, other: CourtMeasures) -> None:
        for name in (
            "fines",
            "fine_amount",
            "fine_paid",
            "detentions",
            "detention_days",
            "summons",
            "searches",
            "exit_bans",
            "rewards",
            "referrals_sent",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for status, n in other.referral_statuses.items():
            self.referral_statuses[status] = self.referral_statuses.get(status, 0) + n


@dataclass(frozen=True)
class MonthlyMeasures:
    court: Any
    month_start: dt.date
    month_end: dt.date
    rows: list[CourtMeasures]  # the court first, then each court below it (by path)
    total: CourtMeasures
    # The referral statuses in their order with their Chinese labels, for the report's columns.
    statuses: list[tuple[str, str]]


_COUNT_OF_KIND = {
    rules.SUMMONS: "summons",
    rules.SEARCH: "searches",
    rules.EXIT_BAN: "exit_bans",
    rules.REWARD: "rewards",
}
# Decided and not refused or cancelled before it was carried out.
DECIDED = (CoerciveMeasure.APPROVED, CoerciveMeasure.IN_FORCE, CoerciveMeasure.ENDED)


def month_end(month_start: dt.date) -> dt.date:
    nxt = (month_start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def monthly_measures(court: Any, month_start: dt.date) -> MonthlyMeasures:
    first = month_start.replace(day=1)
    last = month_end(first)
    courts = list(court.subtree().order_by("path"))
    rows = {c.pk: CourtMeasures(c.code, c.name) for c in courts}
    below = Q(case__court__path__startswith=court.path)
    for court_id, kind, n, amount, paid, days in (
        CoerciveMeasure.objects.filter(below, decided_on__range=(first, last), status__in=DECIDED)
        .values_list("case__court_id", "kind")
        .annotate(n=Count("id"), amount=Sum("amount"), paid=Sum("paid_amount"), days=Sum("days"))
        .values_list("case__court_id", "kind", "n", "amount", "paid", "days")
    ):
        row = rows[court_id]
        if kind == rules.FINE:
            row.fines += n
            row.fine_amount = (row.fine_amount + (amount or ZERO)).quantize(CENT)
            row.fine_paid = (row.fine_paid + (paid or ZERO)).quantize(CENT)
        elif kind == rules.DETENTION:
            row.detentions += n
            row.detention_days += days or 0
        elif kind in _COUNT_OF_KIND:
            setattr(row, _COUNT_OF_KIND[kind], getattr(row, _COUNT_OF_KIND[kind]) + n)
    for court_id, n in (
        Referral.objects.filter(below, sent_on__range=(first, last))
        .values_list("case__court_id")
        .annotate(n=Count("id"))
        .values_list("case__court_id", "n")
    ):
        rows[court_id].referrals_sent += n
    for court_id, status, n in (
        Referral.objects.filter(below, sent_on__lte=last)
        .values_list("case__court_id", "status")
        .annotate(n=Count("id"))
        .values_list("case__court_id", "status", "n")
    ):
        rows[court_id].referral_statuses[status] = n
    total = CourtMeasures(court.code, court.name)
    for row in rows.values():
        total.add(row)
    statuses = [(code, str(label)) for code, label in Referral.STATUSES if code in rules.REFERRED]
    return MonthlyMeasures(
        court=court,
        month_start=first,
        month_end=last,
        rows=[rows[c.pk] for c in courts],
        total=total,
        statuses=statuses,
    )


__all__ = [
    "Board",
    "BoardOperation",
    "CaseRow",
    "CourtMeasures",
    "EquipmentRow",
    "MonthlyMeasures",
    "OperationReport",
    "board",
    "month_end",
    "monthly_measures",
    "operation_days",
    "operation_report",
]
