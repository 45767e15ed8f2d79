"""Reads of the credit pages and API: one case's measures with everything the panel shows (a fixed
number of queries whatever the rows), the leaders' signing queue, and the command centre's board
(removal deadlines, correction clocks, pushes, grace periods), each for a court and the courts below."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from zhixing.cases.models import Case
from zhixing.courts import rules as court_rules
from zhixing.courts.models import Court
from zhixing.courts.queries import courts_for

from .models import Certificate, ConsumptionPermit, Correction, Listing, Push, Restriction
from .permissions import SIGNING_ROLES

# Who sees the command centre's credit board: the command centre and the court leaders.
CENTRE_ROLES = (court_rules.COMMAND, court_rules.LEADER)
LIVE_LISTING = (Listing.DECIDED, Listing.PUBLISHED)


# --- one case -------------------------------------------------------------------------------------


def case_listings(case: Case) -> list[Listing]:
    corrections = Correction.objects.select_related("listing").order_by("filed_on", "id")
    return list(
        Listing.objects.filter(case=case)
        .select_related("party", "document", "proposed_by", "decided_by")
        .prefetch_related(Prefetch("corrections", queryset=corrections))
        .order_by("-proposed_on", "-id")
    )


def case_restrictions(case: Case) -> list[Restriction]:
    permits = ConsumptionPermit.objects.select_related("person", "recorded_by", "decided_by").order_by(
        "requested_on", "id"
    )
    return list(
        Restriction.objects.filter(case=case)
        .select_related("party", "document", "listing", "proposed_by", "decided_by")
        .prefetch_related("persons", Prefetch("permits", queryset=permits))
        .order_by("-proposed_on", "-id")
    )


def case_certificates(case: Case) -> list[Certificate]:
    return list(
        Certificate.objects.filter(case=case)
        .select_related("party", "document", "issued_by")
        .order_by("-issued_on")
    )


def correction_clock(c: Correction) -> tuple[str, dt.date | None]:
    """The clock a correction is on: its label and last day, or ("", None) when none runs."""
    if c.status == Correction.FILED:
        return _("审查期限"), c.review_due_on
    if c.status in (Correction.FOUNDED, Correction.OVERTURNED) and c.corrected_on is None:
        return _("纠正期限"), c.correct_due_on
    if c.status == Correction.REJECTED and c.served_on is None:
        return _("待送达驳回决定"), None
    if c.status == Correction.REJECTED:
        return _("复议申请期限"), c.reconsideration_deadline
    if c.status == Correction.RECONSIDERING:
        return _("上级法院复议期限"), c.higher_due_on
    return "", None


# --- the leaders' signing queue --------------------------------------------------------------------


def signing_courts(user: Any) -> QuerySet[Court]:
    if getattr(user, "is_superuser", False):
        return Court.objects.all()
    return courts_for(user, SIGNING_ROLES)


def proposed_listings(user: Any) -> list[Listing]:
    return list(
        Listing.objects.filter(status=Listing.PROPOSED, case__court__in=signing_courts(user))
        .select_related("case__court", "party", "proposed_by")
        .order_by("proposed_on", "id")
    )


def proposed_restrictions(user: Any) -> list[Restriction]:
    return list(
        Restriction.objects.filter(status=Restriction.PROPOSED, case__court__in=signing_courts(user))
        .select_related("case__court", "party", "proposed_by")
        .prefetch_related("persons")
        .order_by("proposed_on", "id")
    )


def has_proposals(user: Any) -> bool:
    courts = signing_courts(user)
    return (
        Listing.objects.filter(status=Listing.PROPOSED, case__court__in=courts).exists()
        or Restriction.objects.filter(status=Restriction.PROPOSED, case__court__in=courts).exists()
    )


# --- the command centre's credit board -------------------------------------------------------------


def centre_courts(user: Any) -> QuerySet[Court]:
    if getattr(user, "is_superuser", False):
        return Court.objects.order_by("path")
    return courts_for(user, CENTRE_ROLES).order_by("path")


def chosen_court(user: Any, code: str) -> Court | None:
    """The court `?court=CODE` names among the user's, else the first of them (None: no court)."""
    courts = list(centre_courts(user))
    return next((c for c in courts if c.code == code), courts[0] if courts else None)


def _in(court: Court, prefix: str = "case__court") -> Q:
    return Q(**{f"{prefix}__path__startswith": court.path})


def removal_deadlines(court: Court) -> list[Listing]:
    """Listings with a removal deadline that are not yet removed, the earliest deadline first."""
    return list(
        Listing.objects.filter(_in(court), status__in=LIVE_LISTING, removal_due_on__isnull=False)
        .select_related("case__court", "party")
        .order_by("removal_due_on", "id")
    )


def removal_counts(court: Court, on: dt.date) -> list[dict[str, Any]]:
    """Per court: the removals due and how many are overdue."""
    return list(
        Listing.objects.filter(_in(court), status__in=LIVE_LISTING, removal_due_on__isnull=False)
        .values("case__court__name", "case__court__path")
        .annotate(due=Count("id"), overdue=Count("id", filter=Q(removal_due_on__lt=on)))
        .order_by("case__court__path")
    )


def running_corrections(court: Court) -> list[Correction]:
    """Corrections whose review or correction clock runs (or ran out): filed and not yet reviewed,
    founded (or overturned on reconsideration) and not yet corrected, under reconsideration."""
    running = (
        Q(status=Correction.FILED)
        | Q(status__in=(Correction.FOUNDED, Correction.OVERTURNED), corrected_on__isnull=True)
        | Q(status=Correction.RECONSIDERING)
    )
    return list(
        Correction.objects.filter(running, _in(court, "listing__case__court"))
        .select_related("listing__case__court", "listing__party")
        .order_by("filed_on", "id")
    )


def push_summary(court: Court) -> list[dict[str, Any]]:
    """Pushes not yet acknowledged, per agency and status: how many, the oldest due day and the oldest
    row."""
    return list(
        Push.objects.filter(_in(court, "listing__case__court"), status__in=(Push.PENDING, Push.FAILED))
        .values("agency__code", "agency__name", "status")
        .annotate(n=Count("id"), oldest_due=Min("due_on"), oldest=Min("created_at"))
        .order_by("agency__code", "status")
    )


def in_grace(court: Court) -> list[Listing]:
    """Decided listings waiting for their publication day (rules §7.2.6)."""
    return list(
        Listing.objects.filter(_in(court), status=Listing.DECIDED)
        .select_related("case__court", "party")
        .order_by("publish_on", "id")
    )
