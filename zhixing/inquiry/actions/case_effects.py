"""What an inquiry does to its cases beyond the asset register (issue 10 item 7):

- when a batch finishes, one CaseInquiryOutcome per case it queried (found something or not, how many
  assets), never a row per debtor × institution;
- after 终本, the applicant is told what each re-inquiry found (rules §2.3, [S7 art 9 para 2]). The
  platform has no message channel to parties yet (no SMS gateway, no party portal): the notice is the
  case event `reinquiry_result_told`, which the party portal is to show the applicant;
- when a case closes otherwise than by 终本, its active measures get a release instruction with reason
  "closed" (issue 10 item 5), from the named system actor CLOSING. After 终本 the measures stay: the
  case may resume, and property found but not disposable is one ground of 终本 (rules §2.3 art 1 (3)).
  Measures that were still awaiting an answer at the closing are released by the measures scan.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhixing.cases import events as case_events
from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import Case, CaseEvent, Party
from zhixing.cases.rules import TERMINATED_THIS_ROUND
from zhixing.core import audit
from zhixing.core.actors import SystemActor

from .. import events, rules
from ..actors import CONNECTOR, REINQUIRY
from ..models import Asset, CaseInquiryOutcome, InquiryBatch, InquiryRequest, Measure
from .batches import party_of_ref
from .measures import release

log = logging.getLogger(__name__)

CLOSING = SystemActor("inquiry_closing", gettext_lazy("系统·结案解除查控"))
_CHUNK = 900  # ids to an IN-list (SQLite's limit on parameters)


def _chunks(ids: list[int]) -> Any:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def batch_case_ids(batch_id: int) -> list[int]:
    """The cases a batch queried, from the refs of its requests to one institution (every institution
    gets the same debtors; the refs stay in a request's body after its identities are cleared)."""
    first = (
        InquiryRequest.objects.filter(batch_id=batch_id, action=InquiryRequest.QUERY)
        .order_by("institution_id")
        .values_list("institution_id", flat=True)
        .first()
    )
    if first is None:
        return []
    party_ids: set[int] = set()
    for body in InquiryRequest.objects.filter(batch_id=batch_id, institution_id=first).values_list(
        "body", flat=True
    ):
        for item in body.get("items", []):
            pid = party_of_ref(str(item.get("ref", "")))
            if pid is not None:
                party_ids.add(pid)
    cases: set[int] = set()
    for chunk in _chunks(sorted(party_ids)):
        cases.update(Party.objects.filter(pk__in=chunk).values_list("case_id", flat=True))
    return sorted(cases)


@transaction.atomic
def record_outcomes(batch_id: int) -> int:
    """Per case of a finished batch: whether anything was found for its debtors, and how many assets;
    for the cases closed by 终本, the applicant is told (an event on the case). Once per batch. Called
    by delivery.finish_batch when it closes the batch. Returns the number of outcomes written."""
    batch = InquiryBatch.objects.select_for_update().get(pk=batch_id)
    if batch.status == InquiryBatch.RUNNING or CaseInquiryOutcome.objects.filter(batch=batch).exists():
        return 0
    case_ids = batch_case_ids(batch_id)
    if not case_ids:
        return 0
    assets = dict(
        Asset.objects.filter(Q(last_seen_by_id=batch_id) | Q(found_by_id=batch_id))
        .values("case_id")
        .annotate(n=Count("id"))
        .values_list("case_id", "n")
    )
    terminated: set[int] = set()
    for chunk in _chunks(case_ids):
        terminated.update(
            Case.objects.filter(
                pk__in=chunk, status=Case.CLOSED, closure_method=TERMINATED_THIS_ROUND
            ).values_list("pk", flat=True)
        )
    now = timezone.now()
    complete = batch.status == InquiryBatch.DONE
    CaseInquiryOutcome.objects.bulk_create(
        [
            CaseInquiryOutcome(
                batch_id=batch_id,
                case_id=c,
                found=assets.get(c, 0) > 0,
                assets=assets.get(c, 0),
                complete=complete,
                after_termination=c in terminated,
                finished_at=now,
            )
            for c in case_ids
        ],
        batch_size=500,
    )
    told = tell_applicants(batch_id, sorted(terminated), assets, complete, now)
    audit.append(
        "inquiry.outcomes",
        batch,
        {
            "batch": batch_id,
            "cases": len(case_ids),
            "found": sum(1 for c in case_ids if assets.get(c, 0)),
            "told": told,
        },
        CONNECTOR,
    )
    return len(case_ids)


def tell_applicants(
    batch_id: int, case_ids: list[int], assets: dict[int, int], complete: bool, now: Any
) -> int:
    """The notice to the applicants of 终本 cases of what the re-inquiry found (rules §2.3)."""
    if not case_ids:
        return 0
    names: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(case_ids):
        for case_id, name in (
            Party.objects.filter(case_id__in=chunk, role=Party.APPLICANT)
            .order_by("id")
            .values_list("case_id", "name")
        ):
            names[case_id].append(name)
    actor = case_events.actor_fields(REINQUIRY)
    rows = []
    for c in case_ids:
        n = assets.get(c, 0)
        result = _("查询到财产") if n else _("未查询到财产")
        if not complete:
            result += _("（部分机构未答复）")
        rows.append(
            CaseEvent(
                case_id=c,
                kind=events.REINQUIRY_TOLD,
                at=now,
                data={
                    "applicants": "、".join(names.get(c, [])),
                    "result": result,
                    "assets": n,
                    "batch": batch_id,
                },
                **actor,
            )
        )
    case_events.emit_many(rows)
    return len(rows)


# --- release on closing ---------------------------------------------------------------------------


def on_case_event(sender: Any, event: CaseEvent, **kwargs: Any) -> None:
    """cases.events.case_event receiver: a case closed (not by 终本) has its active measures released."""
    if event.kind != case_events.CLOSED:
        return
    if (event.data or {}).get("method") == TERMINATED_THIS_ROUND:
        return
    release_on_closing([event.case_id])


def release_on_closing(case_ids: list[int] | None = None) -> int:
    """Send a release instruction (reason "closed") for every active measure, without an instruction
    awaiting its answer, of the given cases, or of every case closed otherwise than by 终本. Returns
    how many were sent; a measure the release refuses is left for the next scan."""
    rows = Measure.objects.filter(status=Measure.ACTIVE, pending="", case__status=Case.CLOSED).exclude(
        case__closure_method=TERMINATED_THIS_ROUND
    )
    if case_ids is not None:
        rows = rows.filter(case_id__in=case_ids)
    sent = 0
    for measure in rows.order_by("id"):
        try:
            release(measure, rules.CLOSED, actor=CLOSING)
            sent += 1
        except (ActionError, PermissionDenied, ValidationError) as err:
            log.warning("measure %s not released on closing: %s", measure.pk, err)
    return sent
