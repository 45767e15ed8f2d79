"""Reads that the pages and the API share (ARCHITECTURE §2): batch progress, results per debtor (a
logged read, for the staff on the case only), the measure-expiry calendar and the inquiry panel's
figures by institution."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Sum

from zhixing.cases.actions.common import today
from zhixing.cases.models import Case, Party
from zhixing.core.identity import mask_account, mask_identity

from . import permissions
from .actions.privacy import log_financial_reads
from .models import Asset, BatchInstitutionSummary, InquiryBatch, InquiryRequest, Measure


@dataclass(frozen=True)
class InstitutionProgress:
    code: str
    name: str
    kind: str
    link: str
    requests: int
    answered: int
    failed: int
    outstanding: int
    debtors: int
    queried: int
    hits: int
    assets: int


def batch_progress(batch: InquiryBatch) -> list[InstitutionProgress]:
    """Per institution: requests answered, failed and outstanding, debtors queried, hits and assets."""
    states = {
        (r["institution_id"], r["status"]): r["n"]
        for r in InquiryRequest.objects.filter(batch=batch)
        .values("institution_id", "status")
        .annotate(n=Count("id"))
    }
    rows = []
    for s in (
        BatchInstitutionSummary.objects.filter(batch=batch)
        .select_related("institution")
        .order_by("institution__kind", "institution__code")
    ):
        i = s.institution
        rows.append(
            InstitutionProgress(
                code=i.code,
                name=i.name,
                kind=str(i.get_kind_display()),
                link=str(i.get_link_display()),
                requests=s.requests,
                answered=states.get((i.pk, InquiryRequest.ANSWERED), 0),
                failed=states.get((i.pk, InquiryRequest.FAILED), 0),
                outstanding=states.get((i.pk, InquiryRequest.PENDING), 0)
                + states.get((i.pk, InquiryRequest.SENT), 0),
                debtors=s.debtors,
                queried=s.queried,
                hits=s.hits,
                assets=s.assets,
            )
        )
    return rows


@dataclass(frozen=True)
class DebtorResults:
    party_id: int
    name: str
    id_masked: str
    assets: list[dict[str, Any]]


def results_for_case(case: Case, user: Any, purpose: str) -> list[DebtorResults]:
    """The asset register of `case`, per debtor, with each asset's measures. Only for the staff on the
    case (permissions.check_view_results raises for anyone else); every call logs one read per debtor
    with `purpose`. Accounts are shown masked."""
    permissions.check_view_results(user, case)
    debtors = list(
        Party.objects.filter(case=case, role=Party.DEBTOR).select_related("case").order_by("position", "id")
    )
    log_financial_reads(debtors, user, purpose)
    assets = (
        Asset.objects.filter(case=case)
        .select_related("institution")
        .prefetch_related("measures")
        .order_by("party_id", "institution__kind", "asset_id")
    )
    by_party: dict[int, list[dict[str, Any]]] = {}
    for a in assets:
        by_party.setdefault(a.party_id, []).append(
            {
                "asset": a,
                "institution": a.institution.name,
                "type": str(a.get_type_display()),
                "account": mask_account(a.account) if a.account else "",
                "value": a.value,
                "encumbrances": a.encumbrances,
                "other_measures": a.other_measures,
                "measures": list(a.measures.all()),
            }
        )
    return [
        DebtorResults(p.pk, p.name, mask_identity(p.id_number) if p.id_number else "", by_party.get(p.pk, []))
        for p in debtors
    ]


def register_of(case: Case) -> dict[int, set[str]]:
    """{party id: asset ids} of a case, without logging: for the system and the tests, never a page."""
    out: dict[int, set[str]] = {}
    for party_id, asset_id in Asset.objects.filter(case=case).values_list("party_id", "asset_id"):
        out.setdefault(party_id, set()).add(asset_id)
    return out


def expiry_calendar(court: Any, start: dt.date, end: dt.date) -> list[Measure]:
    """Active measures of `court` (and the courts below) expiring between `start` and `end`, soonest
    first, with the reminder flag: the command centre's calendar (lapsed ones: `lapsed_measures`)."""
    return list(
        Measure.objects.filter(
            case__court__path__startswith=court.path,
            status=Measure.ACTIVE,
            expiry__gte=start,
            expiry__lte=end,
        )
        .select_related("case", "asset__institution")
        .order_by("expiry", "id")
    )


def renewals_due(court: Any) -> list[Measure]:
    """Active measures whose renewal reminder is raised (scan_measures) and no renewal is pending."""
    return list(
        Measure.objects.filter(
            case__court__path__startswith=court.path,
            status=Measure.ACTIVE,
            renewal_due_since__isnull=False,
        )
        .exclude(pending="renew")
        .select_related("case", "asset__institution")
        .order_by("expiry", "id")
    )


def lapsed_measures(court: Any, since: dt.date | None = None) -> list[Measure]:
    """Measures that lapsed unrenewed: shown to the command centre (a measure never lapses silently)."""
    rows = Measure.objects.filter(case__court__path__startswith=court.path, status=Measure.LAPSED)
    if since is not None:
        rows = rows.filter(lapsed_on__gte=since)
    return list(rows.select_related("case", "asset__institution").order_by("-lapsed_on", "id"))


def inquiry_panel(court: Any, on: dt.date | None = None) -> list[dict[str, Any]]:
    """The command centre's panel: batches of `court` and the courts below it (the calendar's scope)
    started on `on` (default today), summed by institution: debtors asked, answered requests, hits,
    assets and failures."""
    on = on or today()
    rows = (
        BatchInstitutionSummary.objects.filter(
            batch__court__path__startswith=court.path, batch__created_at__date=on
        )
        .values("institution__code", "institution__name", "institution__kind")
        .annotate(
            batches=Count("batch", distinct=True),
            debtors=Sum("debtors"),
            queried=Sum("queried"),
            answered=Sum("answered"),
            requests=Sum("requests"),
            hits=Sum("hits"),
            assets=Sum("assets"),
            failures=Sum("failures"),
        )
        .order_by("institution__kind", "institution__code")
    )
    return list(rows)


def batches_of(court: Any, limit: int = 50) -> list[InquiryBatch]:
    return list(InquiryBatch.objects.filter(court=court).order_by("-created_at")[:limit])
