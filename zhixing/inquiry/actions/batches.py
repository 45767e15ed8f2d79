"""Starting an inquiry: for one case, or for many (every open case of a court; the 终本 cases due for
their 6-monthly re-inquiry, rules §2.3). A batch fans out to every active institution that answers
queries, debtors chunked ≤ 1,000 to a request, through the outbox (delivery.py sends it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from zhixing.cases import rules as case_rules
from zhixing.cases.models import Case, Node, Party
from zhixing.core import audit
from zhixing.core.rulesettings import rule_setting
from zhixing.courts.actors import is_system, require_actor

from .. import permissions, rules, settings_keys
from ..connectors import query_item
from ..models import BatchInstitutionSummary, InquiryBatch, InquiryRequest, Institution
from .common import enqueue, request_key, today


def party_ref(party_id: int) -> str:
    return f"P{party_id}"


def party_of_ref(ref: str) -> int | None:
    return int(ref[1:]) if ref[:1] == "P" and ref[1:].isdigit() else None


def open_cases(court: Any) -> QuerySet[Case]:
    return Case.objects.filter(court=court, status=Case.PENDING)


def reinquiry_due(court: Any, on: dt.date | None = None) -> QuerySet[Case]:
    """终本 cases of `court` with a re-inquiry node due by `on` and not yet done (rules §2.3: every 6
    months for 5 years after 终本; the nodes are planned by the cases app when the case closes)."""
    on = on or today()
    due = Node.objects.filter(
        case=OuterRef("pk"),
        kind__code="reinquiry",
        done_on__isnull=True,
        cancelled_on__isnull=True,
        due_on__lte=on,
    )
    return Case.objects.filter(
        court=court, status=Case.CLOSED, closure_method=case_rules.TERMINATED_THIS_ROUND
    ).filter(Exists(due))


def start_case_inquiry(case: Case, *, actor: Any) -> InquiryBatch:
    """An inquiry for one case's debtors, at every institution."""
    permissions.check_start_inquiry(actor, case)
    return _start(case.court, InquiryBatch.CASE, Case.objects.filter(pk=case.pk), actor)


def start_batch(court: Any, scope: str, *, actor: Any, on: dt.date | None = None) -> InquiryBatch:
    """A court-wide batch: `scope` "open" (every open case) or "terminated_due" (the 终本 cases whose
    re-inquiry is due)."""
    require_actor(actor)
    if not is_system(actor):
        permissions.check_start_batch(actor, court)
    if scope == InquiryBatch.OPEN:
        cases = open_cases(court)
    elif scope == InquiryBatch.TERMINATED_DUE:
        cases = reinquiry_due(court, on)
    else:
        raise ValueError(scope)
    return _start(court, scope, cases, actor)


def query_institutions() -> list[Institution]:
    return list(Institution.objects.filter(active=True, supports_query=True).order_by("code"))


@transaction.atomic
def _start(court: Any, scope: str, cases: QuerySet[Case], actor: Any) -> InquiryBatch:
    now = timezone.now()
    debtors = list(
        Party.objects.filter(case__in=cases, role=Party.DEBTOR)
        .exclude(id_number="")
        .order_by("id")
        .values_list("id", "name", "id_number", "case_id")
    )
    batch = InquiryBatch.objects.create(
        court=court,
        scope=scope,
        started_by=None if is_system(actor) else actor,
        started_by_system=str(actor)[:40] if is_system(actor) else "",
        cases=len({d[3] for d in debtors}),
        debtors=len(debtors),
        created_at=now,
    )
    size = int(rule_setting(settings_keys.CHUNK_SIZE, court, today()))
    items = [query_item(party_ref(pid), name, code) for pid, name, code, _case in debtors]
    rows: list[InquiryRequest] = []
    summaries = []
    for institution in query_institutions():
        chunks = list(rules.chunked(items, size))
        for n, chunk in enumerate(chunks):
            rows.append(
                enqueue(
                    key=request_key(court, "q", batch.pk, institution.code, n),
                    court=court,
                    institution=institution,
                    action=InquiryRequest.QUERY,
                    items=list(chunk),
                    actor=actor,
                    batch=batch,
                    now=now,
                )
            )
        summaries.append(
            BatchInstitutionSummary(
                batch=batch, institution=institution, requests=len(chunks), debtors=len(items)
            )
        )
    InquiryRequest.objects.bulk_create(rows, batch_size=200)
    BatchInstitutionSummary.objects.bulk_create(summaries)
    batch.requests = len(rows)
    if not rows:
        batch.status, batch.finished_at = InquiryBatch.DONE, now
    batch.save(update_fields=["requests", "status", "finished_at"])
    audit.append(
        "inquiry.start_batch",
        batch,
        {
            "court": court.code,
            "scope": scope,
            "cases": batch.cases,
            "debtors": batch.debtors,
            "requests": batch.requests,
        },
        actor,
    )
    return batch


def running_batches(court: Any, scopes: Iterable[str]) -> QuerySet[InquiryBatch]:
    return InquiryBatch.objects.filter(court=court, scope__in=list(scopes), status=InquiryBatch.RUNNING)
