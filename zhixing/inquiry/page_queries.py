"""Reads of the inquiry pages and API beyond queries.py: the batches that touched one case, the courts
whose batches and calendar a user may see, and the batch list's figures read in one query for a
whole page of batches (no query per row)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from zhixing.cases.models import Case, Party
from zhixing.courts.models import Court
from zhixing.courts.queries import courts_for

from .actions.batches import party_ref
from .models import Asset, BatchInstitutionSummary, InquiryBatch, InquiryRequest, Measure
from .permissions import BATCH_ROLES, READING_ROLES


def watching_courts(user: Any) -> QuerySet[Court]:
    """Courts whose batches, measure-expiry calendar and inquiry panel the user may see
    (permissions.may_view_calendar: the command centre and leaders, the courts below included)."""
    if getattr(user, "is_superuser", False):
        return Court.objects.order_by("path")
    return courts_for(user, BATCH_ROLES).order_by("path")


def chosen_court(user: Any, code: str) -> Court | None:
    """The court `?court=CODE` names among the user's, else the first of them (None: no court)."""
    courts = list(watching_courts(user))
    return next((c for c in courts if c.code == code), courts[0] if courts else None)


def case_batches(case: Case, limit: int = 5) -> list[InquiryBatch]:
    """The latest batches that asked about this case's debtors: its own one-case inquiries (their
    query requests name the debtors), and any batch that found or last saw an asset of the case."""
    refs = [
        party_ref(pk)
        for pk in Party.objects.filter(case=case, role=Party.DEBTOR).values_list("pk", flat=True)
    ]
    named = Q(pk__in=[])
    if refs:
        mention = Q()
        for ref in refs:
            mention |= Q(body__icontains=f'"{ref}"')
        named = Q(
            pk__in=InquiryRequest.objects.filter(
                mention,
                batch__court_id=case.court_id,
                batch__scope=InquiryBatch.CASE,
                action=InquiryRequest.QUERY,
            ).values("batch_id")
        )
    seen = Q(pk__in=Asset.objects.filter(case=case).values("found_by_id")) | Q(
        pk__in=Asset.objects.filter(case=case).values("last_seen_by_id")
    )
    return list(
        InquiryBatch.objects.filter(named | seen).select_related("started_by").order_by("-created_at")[:limit]
    )


def request_states(batches: Iterable[InquiryBatch]) -> dict[int, dict[str, int]]:
    """{batch id: {status: requests}} of the query requests, one query for all the batches."""
    out: dict[int, dict[str, int]] = {}
    rows = (
        InquiryRequest.objects.filter(batch__in=[b.pk for b in batches])
        .values("batch_id", "status")
        .annotate(n=Count("id"))
    )
    for r in rows:
        out.setdefault(r["batch_id"], {})[r["status"]] = r["n"]
    return out


def batch_figures(batches: Iterable[InquiryBatch]) -> dict[int, dict[str, int]]:
    """{batch id: answered, hits, assets, failures, queried} summed over its institutions, one query."""
    rows = (
        BatchInstitutionSummary.objects.filter(batch__in=[b.pk for b in batches])
        .values("batch_id")
        .annotate(
            answered=Sum("answered"),
            hits=Sum("hits"),
            assets=Sum("assets"),
            failures=Sum("failures"),
            queried=Sum("queried"),
            institutions=Count("id"),
        )
    )
    return {r.pop("batch_id"): {k: v or 0 for k, v in r.items()} for r in rows}


def court_batches(court: Court) -> QuerySet[InquiryBatch]:
    """A court's batches, newest first, with who started them (for a paginated list)."""
    return (
        InquiryBatch.objects.filter(court=court).select_related("started_by").order_by("-created_at", "-id")
    )


def reading_measures(user: Any) -> QuerySet[Measure]:
    """Measures of the cases whose results the user may see (permissions.check_view_results): the
    cases they handle, and the cases of courts where they are a judge, leader or command centre."""
    qs = Measure.objects.all()
    if getattr(user, "is_superuser", False):
        return qs
    return qs.filter(Q(case__handler_id=user.pk) | Q(case__court__in=courts_for(user, READING_ROLES)))
