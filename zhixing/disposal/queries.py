"""What the disposal pages and the API read: one case's disposals with everything under them in a fixed
number of queries, the sealed assets a disposal may start on, and the auction desk's lists of a court
and the courts below it (each list a fixed number of queries, whatever its length)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from zhixing.courts.models import Court
from zhixing.courts.queries import courts_for
from zhixing.inquiry import rules as inquiry_rules
from zhixing.inquiry.models import Measure

from . import permissions, rules
from .models import Auction, Disposal, Distribution, PanelVote, PriceProcedure

RECENT_DAYS = 30
# Each list of the desk shows its most urgent rows (each is ordered by its deadline or age): at 200 a
# list the page built ~7,000 objects and took over a second at 10,000 disposals (benchmarks/README.md
# "Disposal"); a desk is for what is due next, the case pages hold the rest.
SHOWN = 50


def case_disposals(case: Any) -> list[Disposal]:
    """The case's disposals, oldest seizure first, with their procedures and reports, rounds with
    votes, and distribution with its lines and objections: seven queries whatever their number."""
    rows = (
        Disposal.objects.filter(case=case)
        .select_related("asset", "measure", "platform", "distribution")
        .prefetch_related(
            Prefetch("procedures", queryset=PriceProcedure.objects.prefetch_related("reports__platform")),
            Prefetch(
                "auctions",
                queryset=Auction.objects.select_related("platform").prefetch_related(
                    Prefetch("votes", queryset=PanelVote.objects.select_related("member"))
                ),
            ),
            "distribution__lines",
            "distribution__objections",
        )
        .order_by("seized_on", "id")
    )
    out = list(rows)
    for d in out:
        d.case = case  # the predicates read disposal.case.court
    return out


def distribution_of(disposal: Disposal) -> Distribution | None:
    try:
        return disposal.distribution
    except Distribution.DoesNotExist:
        return None


def startable_measures(case: Any) -> list[Measure]:
    """The case's active seals and seizures of property a disposal applies to (real estate, vehicles,
    securities) that have no open disposal, and whose property was not already sold or taken in payment
    (the measure may stay active until the registry transfers it; there is nothing left to dispose of)."""
    rows = (
        Measure.objects.filter(
            case=case,
            status=Measure.ACTIVE,
            kind__in=[inquiry_rules.SEAL, inquiry_rules.SEIZE],
        )
        .exclude(disposals__status__in=(*Disposal.OPEN, Disposal.SOLD, Disposal.TAKEN))
        .select_related("asset")
        .order_by("start", "id")
    )
    return [m for m in rows if rules.disposal_kind(m.asset.type)]


# --- the auction desk --------------------------------------------------------------------------------


def desk_courts(user: Any) -> QuerySet[Court]:
    if getattr(user, "is_superuser", False):
        return Court.objects.order_by("path")
    return courts_for(user, permissions.READING_ROLES).order_by("path")


def chosen_court(user: Any, code: str) -> Court | None:
    """The court `?court=CODE` names among the user's, else the first of them (None: no court)."""
    courts = list(desk_courts(user))
    return next((c for c in courts if c.code == code), courts[0] if courts else None)


def _in(court: Court, prefix: str = "disposal__case__court") -> Q:
    return Q(**{f"{prefix}__path__startswith": court.path})


def _rounds() -> QuerySet[Auction]:
    return Auction.objects.select_related("disposal__case__court", "platform")


def awaiting_panel(court: Court) -> list[Auction]:
    """Plans awaiting the collegial panel, with their votes (and voters)."""
    return list(
        _rounds()
        .filter(_in(court), status=Auction.DRAFT)
        .prefetch_related(Prefetch("votes", queryset=PanelVote.objects.select_related("member")))
        .order_by("proposed_at", "id")[:SHOWN]
    )


def decided(court: Court) -> list[Auction]:
    """Plans the panel decided, not yet listed."""
    return list(_rounds().filter(_in(court), status=Auction.DECIDED).order_by("decided_at", "id")[:SHOWN])


def live(court: Court) -> list[Auction]:
    """Listed (or suspended) rounds, the earliest end first."""
    return list(
        _rounds()
        .filter(_in(court), status__in=[Auction.LISTED, Auction.SUSPENDED])
        .order_by("bidding_ends_at", "id")[:SHOWN]
    )


def recent_results(court: Court, on: dt.date) -> list[Auction]:
    since = on - dt.timedelta(days=RECENT_DAYS)
    return list(
        _rounds()
        .filter(_in(court), status__in=[Auction.SOLD, Auction.FAILED, Auction.RENEGED])
        .filter(Q(ended_at__date__gte=since) | Q(ended_at__isnull=True))
        .order_by("-ended_at", "-id")[:SHOWN]
    )


def due_for_second_round(court: Court) -> list[Auction]:
    """First rounds that failed whose disposal has no later round yet: the re-auction is due within
    30 days of the failure (rules §8.12)."""
    later = Auction.objects.filter(disposal=OuterRef("disposal"), round_no__gt=1)
    return list(
        _rounds()
        .filter(_in(court), status=Auction.FAILED, round_no=1, disposal__status__in=Disposal.OPEN)
        .exclude(Exists(later))
        .order_by("ended_at", "id")[:SHOWN]
    )


def sales(court: Court) -> list[Auction]:
    """Sales (变卖) under way."""
    return list(
        _rounds()
        .filter(_in(court), stage=Auction.SALE, status__in=Auction.OPEN)
        .order_by("proposed_at", "id")[:SHOWN]
    )


def in_objection_window(court: Court) -> list[Distribution]:
    return list(
        Distribution.objects.filter(
            case__court__path__startswith=court.path,
            status__in=[Distribution.NOTIFIED, Distribution.OBJECTED],
        )
        .select_related("case__court", "disposal")
        .order_by("objection_due_on", "id")[:SHOWN]
    )


def failed_on(auction: Auction) -> dt.date | None:
    from django.utils import timezone

    if auction.ended_at is None:
        return None
    return timezone.localtime(auction.ended_at).date()


# --- the public notice -------------------------------------------------------------------------------

PUBLISHED = (Auction.LISTED, Auction.SUSPENDED, Auction.SOLD, Auction.FAILED, Auction.RENEGED)


def public_auction(auction_id: int) -> Auction | None:
    """A round the platform has published (listed or later), never a draft or an undecided plan."""
    return (
        Auction.objects.filter(pk=auction_id, status__in=PUBLISHED)
        .exclude(listed_at__isnull=True, lot_id="")
        .select_related("disposal__case__court", "platform")
        .first()
    )
