"""The figures of a campaign (rules §10.1), one function the board, the report, the API and the tests
all read (`figures`): per participating court, the cases in the campaign, those closed within the
window (by closure method), money recovered within the window (the campaign cases' receipts booked in
it, not reversed), settlements reached in it, dishonest listings decided in it, summons, detentions
and fines carried out in it, and the court's share of the targets with the progress made; then the
field operations run under the campaign's code with their witnesses. A fixed number of queries
however many courts, cases and operations (grouped counts, no query per row)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from zhixing.cases.models import Case
from zhixing.cases.rules import CLOSURE_LABELS
from zhixing.courts.models import Court
from zhixing.courts.queries import courts_for
from zhixing.credit.models import Listing
from zhixing.funds.models import Receipt
from zhixing.measures import rules as measure_rules
from zhixing.measures.models import CoerciveMeasure, Operation, Witness

from .. import permissions, rules
from ..models import Campaign, CampaignCase, Settlement

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# As measures.queries: a measure counts once carried out; a listing once decided.
CARRIED_OUT = (CoerciveMeasure.IN_FORCE, CoerciveMeasure.ENDED)
LISTED = (Listing.DECIDED, Listing.PUBLISHED, Listing.REMOVED)
MEASURES = {
    measure_rules.SUMMONS: "summons",
    measure_rules.DETENTION: "detentions",
    measure_rules.FINE: "fines",
}


def day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[00:00 of `first`, 00:00 of the day after `last`) in the court's time zone."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=tz),
        dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


@dataclass
class CourtFigures:
    court_id: int | None
    court_code: str
    court_name: str
    cases: int = 0
    closed: int = 0
    closed_by: dict[str, int] = field(default_factory=dict)  # closure method -> cases
    recovered: Decimal = ZERO
    settlements: int = 0
    listings: int = 0
    summons: int = 0
    detentions: int = 0
    fines: int = 0
    # The court's share of the campaign's targets (apportioned by its share of the campaign's cases).
    target_closed: int | None = None
    target_amount: Decimal | None = None

    @property
    def closed_progress(self) -> Decimal | None:
        return rules.progress(self.closed, self.target_closed)

    @property
    def amount_progress(self) -> Decimal | None:
        return rules.progress(self.recovered, self.target_amount)

    @property
    def recovered_text(self) -> str:
        return f"{self.recovered:,.2f}"

    @property
    def target_amount_text(self) -> str:
        return "" if self.target_amount is None else f"{self.target_amount:,.2f}"

    @property
    def closure_rate(self) -> Decimal | None:
        return rules.progress(self.closed, self.cases)

    def add(self, other: CourtFigures) -> None:
        for name in (
            "cases",
            "closed",
            "recovered",
            "settlements",
            "listings",
            "summons",
            "detentions",
            "fines",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for method, n in other.closed_by.items():
            self.closed_by[method] = self.closed_by.get(method, 0) + n


@dataclass(frozen=True)
class OperationRow:
    operation: Operation
    targets: int
    witnesses: list[Witness]

    @property
    def witnesses_attended(self) -> int:
        return sum(1 for w in self.witnesses if w.attended)


@dataclass(frozen=True)
class CampaignFigures:
    campaign: Campaign
    rows: list[CourtFigures]  # each participating court, by path
    total: CourtFigures  # the campaign's own targets
    operations: list[OperationRow]
    methods: list[tuple[str, str]]  # the closure methods that occur, in the catalogue's order

    @property
    def witnesses(self) -> int:
        return sum(len(o.witnesses) for o in self.operations)


def _apportion_int(total: int, weights: list[int]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder): the parts add up to `total`."""
    whole = sum(weights)
    if not whole:
        return [0 for _ in weights]
    exact = [Decimal(total) * w / whole for w in weights]
    parts = [int(e) for e in exact]
    order = sorted(range(len(weights)), key=lambda i: (exact[i] - parts[i], weights[i]), reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _apportion_money(total: Decimal, weights: list[int]) -> list[Decimal]:
    fen = _apportion_int(int((total * 100).to_integral_value(ROUND_HALF_UP)), weights)
    return [(Decimal(f) / 100).quantize(CENT) for f in fen]


def campaign_cases(campaign: Campaign) -> QuerySet[Case]:
    return Case.objects.filter(campaign_entries__campaign=campaign)


def figures(campaign: Campaign) -> CampaignFigures:
    """Everything the board, the report and the API show of `campaign` (see the module's note)."""
    first, last = campaign.starts_on, campaign.ends_on
    start, end = day_bounds(first, last)
    courts = list(campaign.courts.order_by("path"))
    rows = {c.pk: CourtFigures(c.pk, c.code, c.name) for c in courts}

    def row(court_id: int) -> CourtFigures:
        # A case enrolled while its court took part stays counted if the court later left the list.
        if court_id not in rows:
            c = Court.objects.get(pk=court_id)
            rows[court_id] = CourtFigures(c.pk, c.code, c.name)
        return rows[court_id]

    in_campaign = Q(case__campaign_entries__campaign=campaign)
    for court_id, n in (
        CampaignCase.objects.filter(campaign=campaign)
        .values_list("case__court_id")
        .annotate(n=Count("id"))
        .values_list("case__court_id", "n")
    ):
        row(court_id).cases = n
    for court_id, method, n in (
        campaign_cases(campaign)
        .filter(status=Case.CLOSED, closed_on__range=(first, last))
        .values_list("court_id", "closure_method")
        .annotate(n=Count("id"))
        .values_list("court_id", "closure_method", "n")
    ):
        r = row(court_id)
        r.closed += n
        r.closed_by[method] = r.closed_by.get(method, 0) + n
    for court_id, amount in (
        Receipt.objects.filter(in_campaign, booked_on__range=(first, last), reversed_on__isnull=True)
        .values_list("case__court_id")
        .annotate(s=Sum("amount"))
        .values_list("case__court_id", "s")
    ):
        # SQLite sums come back unquantised: whole fen again.
        row(court_id).recovered = Decimal(amount or ZERO).quantize(CENT)
    for court_id, n in (
        Settlement.objects.filter(in_campaign, agreed_on__range=(first, last))
        .values_list("case__court_id")
        .annotate(n=Count("id"))
        .values_list("case__court_id", "n")
    ):
        row(court_id).settlements = n
    for court_id, n in (
        Listing.objects.filter(in_campaign, decided_on__range=(first, last), status__in=LISTED)
        .values_list("case__court_id")
        .annotate(n=Count("id"))
        .values_list("case__court_id", "n")
    ):
        row(court_id).listings = n
    for court_id, kind, n in (
        CoerciveMeasure.objects.filter(
            in_campaign,
            kind__in=list(MEASURES),
            status__in=CARRIED_OUT,
            started_at__gte=start,
            started_at__lt=end,
        )
        .values_list("case__court_id", "kind")
        .annotate(n=Count("id"))
        .values_list("case__court_id", "kind", "n")
    ):
        setattr(row(court_id), MEASURES[kind], n)

    ordered = [rows[c.pk] for c in courts] + [r for pk, r in rows.items() if pk not in {c.pk for c in courts}]
    weights = [r.cases for r in ordered]
    if campaign.target_closed is not None:
        for r, t in zip(ordered, _apportion_int(campaign.target_closed, weights), strict=True):
            r.target_closed = t if sum(weights) else None
    if campaign.target_amount is not None:
        for r, a in zip(ordered, _apportion_money(campaign.target_amount, weights), strict=True):
            r.target_amount = a if sum(weights) else None
    total = CourtFigures(None, campaign.court.code, campaign.court.name)
    for r in ordered:
        total.add(r)
    total.recovered = total.recovered.quantize(CENT)
    total.target_closed, total.target_amount = campaign.target_closed, campaign.target_amount
    methods = [(m, label) for m, label in CLOSURE_LABELS.items() if total.closed_by.get(m)]
    return CampaignFigures(
        campaign=campaign,
        rows=ordered,
        total=total,
        operations=operations(campaign),
        methods=methods,
    )


def operations(campaign: Campaign) -> list[OperationRow]:
    """The field operations run under the campaign's code (measures.Operation.campaign), with their
    witnesses; cancelled ones left out."""
    ops = (
        Operation.objects.filter(campaign=campaign.code)
        .exclude(status=Operation.CANCELLED)
        .select_related("court", "leader")
        .annotate(n_targets=Count("targets", distinct=True))
        .prefetch_related(Prefetch("witnesses", Witness.objects.order_by("id")))
        .order_by("starts_at", "id")
    )
    return [OperationRow(o, o.n_targets, list(o.witnesses.all())) for o in ops]


def readable_campaigns(user: Any) -> QuerySet[Campaign]:
    """The campaigns whose board `user` may read (permissions.check_read_campaign: a reading role on the
    organising court or a court taking part, or a court above one)."""
    qs = Campaign.objects.select_related("court").order_by("-starts_on", "-id")
    if getattr(user, "is_superuser", False):
        return qs
    mine = courts_for(user, permissions.READING_ROLES)
    return qs.filter(
        Q(court__in=mine)
        | Q(pk__in=Campaign.courts.through.objects.filter(court__in=mine).values("campaign_id"))
    )


def list_rows(campaigns: list[Campaign]) -> dict[int, dict[str, Any]]:
    """For the list page and the API's list: per campaign its cases, closed in the window and money
    recovered in it (three grouped queries for the whole page)."""
    ids = [c.pk for c in campaigns]
    out: dict[int, dict[str, Any]] = defaultdict(lambda: {"cases": 0, "closed": 0, "recovered": ZERO})
    by_id = {c.pk: c for c in campaigns}
    for cid in ids:
        out[cid]
    for cid, n in (
        CampaignCase.objects.filter(campaign_id__in=ids)
        .values_list("campaign_id")
        .annotate(n=Count("id"))
        .values_list("campaign_id", "n")
    ):
        out[cid]["cases"] = n
    for cid, n in (
        CampaignCase.objects.filter(
            campaign_id__in=ids,
            case__status=Case.CLOSED,
            case__closed_on__gte=F("campaign__starts_on"),
            case__closed_on__lte=F("campaign__ends_on"),
        )
        .values_list("campaign_id")
        .annotate(n=Count("id"))
        .values_list("campaign_id", "n")
    ):
        out[cid]["closed"] = n
    entry = "case__campaign_entries__campaign"
    for cid, amount in (
        Receipt.objects.filter(
            **{f"{entry}_id__in": ids},
            reversed_on__isnull=True,
            booked_on__gte=F(f"{entry}__starts_on"),
            booked_on__lte=F(f"{entry}__ends_on"),
        )
        .values_list(f"{entry}_id")
        .annotate(s=Sum("amount"))
        .values_list(f"{entry}_id", "s")
    ):
        out[cid]["recovered"] = Decimal(amount or ZERO).quantize(CENT)
    for cid in ids:
        c = by_id[cid]
        out[cid]["closed_progress"] = rules.progress(out[cid]["closed"], c.target_closed)
        out[cid]["amount_progress"] = rules.progress(out[cid]["recovered"], c.target_amount)
        out[cid]["recovered_text"] = f"{out[cid]['recovered']:,.2f}"
    return dict(out)
