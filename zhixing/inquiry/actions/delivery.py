"""Delivering the outbox (ARCHITECTURE §6, §8): due rows are claimed with a conditional UPDATE (so two
workers never send or poll the same row at once), sent under their idempotency key, polled for their
answer, and the answer applied once. Everything is in the database: a worker killed at any point
leaves rows that the next run picks up (a claim lapses after LEASE), and an institution that was
down is retried with back-off (rules.backoff_seconds). Sending again is harmless: the institution
applies a request id once."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases import catalogue, permissions
from zhixing.cases import events as case_events
from zhixing.cases.actions import record_node
from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import Case, CaseEvent, Node, Party
from zhixing.core import audit
from zhixing.core.bulk import rows_in

from .. import rules, signing
from ..actors import CONNECTOR
from ..connectors import Answer, Refused, Unavailable, connector_for
from ..models import BatchInstitutionSummary, InquiryBatch, InquiryRequest, Measure
from .batches import party_of_ref
from .case_effects import record_outcomes
from .common import Retry, retry_policy, today
from .privacy import clear_identities
from .results import apply_answer

LEASE = dt.timedelta(seconds=60)
ACTIVE = (InquiryRequest.PENDING, InquiryRequest.SENT)


@dataclass
class Progress:
    sent: int = 0
    answered: int = 0
    failed: int = 0
    refused_answers: int = 0
    errors: list[str] = field(default_factory=list)


def _claim(row: InquiryRequest, now: dt.datetime) -> bool:
    return bool(
        InquiryRequest.objects.filter(pk=row.pk, status=row.status, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + LEASE)
    )


def deliver(limit: int = 500, now: dt.datetime | None = None) -> Progress:
    """One pass over the due rows: send the pending, poll the sent. Returns what happened."""
    now = now or timezone.now()
    progress = Progress()
    rows = list(
        InquiryRequest.objects.filter(status__in=ACTIVE, next_attempt_at__lte=now)
        .select_related("institution", "court")
        .order_by("next_attempt_at", "id")[:limit]
    )
    policy = retry_policy()
    for row in rows:
        if not _claim(row, now):
            continue  # another worker has it
        if row.status == InquiryRequest.PENDING:
            _send(row, policy, progress)
        else:
            _poll(row, policy, progress)
    return progress


def _later(seconds: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(seconds=seconds)


def _retry_or_fail(row: InquiryRequest, policy: Retry, error: str, progress: Progress) -> None:
    attempts = row.attempts + 1
    if attempts >= policy.max_attempts:
        _fail(row, error, progress, attempts)
        return
    InquiryRequest.objects.filter(pk=row.pk).update(
        attempts=attempts,
        next_attempt_at=_later(rules.backoff_seconds(attempts, policy.base_seconds, policy.cap_seconds)),
        claimed_until=None,
        last_error=error[:300],
    )


def _fail(row: InquiryRequest, error: str, progress: Progress, attempts: int | None = None) -> None:
    with transaction.atomic():
        won = InquiryRequest.objects.filter(pk=row.pk, status__in=ACTIVE).update(
            status=InquiryRequest.FAILED,
            attempts=attempts if attempts is not None else row.attempts,
            claimed_until=None,
            last_error=error[:300],
        )
        if not won:
            return
        clear_identities(row)
        progress.failed += 1
        progress.errors.append(f"{row.institution.code} {row.key}: {error}")
        if row.batch_id:
            BatchInstitutionSummary.objects.filter(batch_id=row.batch_id, institution=row.institution).update(
                failures=F("failures") + 1
            )
        if row.measure_id:
            _measure_not_done(row)
        audit.append(
            "inquiry.fail",
            row,
            {"key": row.key, "institution": row.institution.code, "error": error},
            CONNECTOR,
        )
    if row.batch_id:
        finish_batch(row.batch_id)


def _measure_not_done(row: InquiryRequest) -> None:
    """An instruction on a measure failed for good: a freeze was never taken; any other leaves the
    measure as it was, free for a new instruction."""
    if row.action == InquiryRequest.FREEZE:
        Measure.objects.filter(pk=row.measure_id, status=Measure.REQUESTED).update(
            status=Measure.REFUSED, refused_reason=_("指令未能送达")
        )
    else:
        Measure.objects.filter(pk=row.measure_id, pending=row.action).update(pending="")


def _send(row: InquiryRequest, policy: Retry, progress: Progress) -> None:
    try:
        connector_for(row.institution).send(row.court, row.body)
    except Unavailable as err:
        _retry_or_fail(row, policy, str(err), progress)
        return
    except Refused as err:
        _fail(row, str(err), progress, row.attempts + 1)
        return
    sent_now = row.sent_at is None
    # One transaction: a row marked sent has its nodes recorded (record_inquiry_nodes relies on it to
    # skip a chunk another institution's send has already recorded).
    with transaction.atomic():
        InquiryRequest.objects.filter(pk=row.pk).update(
            status=InquiryRequest.SENT,
            attempts=0,
            sent_at=row.sent_at or timezone.now(),
            next_attempt_at=_later(policy.poll_seconds),
            claimed_until=None,
            last_error="",
        )
        if sent_now:
            audit.append(
                "inquiry.send",
                row,
                {"key": row.key, "institution": row.institution.code, "action": row.action},
                CONNECTOR,
            )
            if row.action == InquiryRequest.QUERY:
                record_inquiry_nodes(row)
    progress.sent += 1


def record_inquiry_nodes(row: InquiryRequest) -> int:
    """Sending a case's first inquiry completes its first-network-inquiry node; sending a 终本 case's
    re-inquiry completes the re-inquiry node that is due (rules §2.3, §3.2). With the cases action's
    checks, node, event and audit entry, for the request's cases at once (one transaction for a chunk
    of 1,000 debtors: record_node case by case was most of a 100,000-debtor batch); through
    record_node itself when some kind counts its deadline from these nodes."""
    if _chunk_recorded(row):
        return 0
    party_ids = [p for p in (party_of_ref(i["ref"]) for i in row.body.get("items", [])) if p is not None]
    case_ids = {c for (c,) in rows_in(Party, "id", party_ids, ["case_id"])}
    on = today()
    kinds = catalogue.kinds()
    first_kind, again_kind = kinds.get("first_network_inquiry"), kinds.get("reinquiry")
    first: set[int] = set()
    again: set[int] = set()
    if first_kind is not None or again_kind is not None:
        # Both open-node lookups in one statement, the case ids as one array parameter.
        for case_id, kind_id in rows_in(
            Node,
            "case_id",
            case_ids,
            ["case_id", "kind_id"],
            "done_on IS NULL AND cancelled_on IS NULL AND (kind_id = %s OR (kind_id = %s AND due_on <= %s"
            f" AND case_id IN (SELECT id FROM {connection.ops.quote_name(Case._meta.db_table)}"
            " WHERE status = %s)))",
            [
                first_kind.pk if first_kind else None,
                again_kind.pk if again_kind else None,
                connection.ops.adapt_datefield_value(on),
                Case.CLOSED,
            ],
        ):
            (first if first_kind is not None and kind_id == first_kind.pk else again).add(case_id)
    todo = {c: "reinquiry" if c in again else "first_network_inquiry" for c in first | again}
    if not todo:
        return 0
    if any(k.anchor in ("node:reinquiry", "node:first_network_inquiry") for k in catalogue.kinds().values()):
        return _record_nodes_one_by_one(todo, on)
    return _record_nodes(todo, on)


def _chunk_recorded(row: InquiryRequest) -> bool:
    """Whether another institution's request for the same chunk of the same batch (same items, key
    `…-q-<batch>-<institution>-<n>`) was sent already: its send recorded the chunk's nodes in the
    transaction that marked it sent, so the open-node lookups would find nothing (a batch's chunks are
    sent to seven institutions; only the first send finds anything)."""
    if row.batch_id is None:
        return False
    own = f"-{row.institution.code}-"
    head, sep, n = row.key.rpartition(own)
    if not sep or not n.isdigit() or len(row.key) >= 64:
        return False  # not a batch chunk's key (or one cut at 64 characters): look them up
    return any(
        key == f"{head}-{code}-{n}"
        for key, code in InquiryRequest.objects.filter(
            batch_id=row.batch_id,
            action=InquiryRequest.QUERY,
            sent_at__isnull=False,
            key__startswith=f"{head}-",
            key__endswith=f"-{n}",
        )
        .exclude(pk=row.pk)
        .values_list("key", "institution__code")
    )


def _record_nodes_one_by_one(todo: dict[int, str], on: dt.date) -> int:
    done = 0
    for case in Case.objects.filter(pk__in=list(todo)):
        try:
            record_node(
                case, todo[case.pk], max(on, case.filed_on), actor=CONNECTOR, note=_("网络查控已发送")
            )
            done += 1
        except ActionError:
            continue  # recorded meanwhile, or the case closed: nothing to complete
    return done


@transaction.atomic
def _record_nodes(todo: dict[int, str], on: dt.date) -> int:
    """record_node (cases.actions.nodes) for many cases: each case locked, checked, its first open node
    of the kind marked done, a node_recorded event and a node.record audit entry. A case that closed
    or whose node was done meanwhile is left alone."""
    kinds = {catalogue.kind(code).pk: code for code in set(todo.values())}
    cases = {
        c.pk: c
        for c in Case.objects.select_for_update(of=("self",))
        .select_related("court")
        .filter(pk__in=list(todo))
    }
    nodes: dict[int, Node] = {}
    for node in (
        Node.objects.select_for_update()
        .filter(
            case_id__in=list(cases), kind_id__in=list(kinds), done_on__isnull=True, cancelled_on__isnull=True
        )
        .order_by("-sequence")
    ):
        if kinds[node.kind_id] == todo[node.case_id]:
            nodes[node.case_id] = node  # the lowest sequence last: the first open one, as record_node
    now, note = timezone.now(), _("网络查控已发送")
    by_day: dict[dt.date, list[int]] = {}
    recorded, records = [], []
    for case_id, node in nodes.items():
        case, code = cases[case_id], todo[case_id]
        try:
            permissions.check_record_node(CONNECTOR, case, code)
        except (ActionError, PermissionDenied):
            continue
        done_on = max(on, case.filed_on)
        if done_on > today():
            continue
        by_day.setdefault(done_on, []).append(node.pk)
        recorded.append(
            CaseEvent(
                case_id=case_id,
                kind=case_events.NODE_RECORDED,
                at=now,
                data={"node": code, "done_on": done_on.isoformat()},
                **case_events.actor_fields(CONNECTOR),
            )
        )
        records.append(
            audit.AuditRecord(
                "node.record", node, {"case": case.case_number, "node": code, "done_on": done_on}, CONNECTOR
            )
        )
    for day, ids in by_day.items():
        Node.objects.filter(pk__in=ids).update(done_on=day, done_by=None, note=note)
    case_events.emit_many(recorded)
    audit.append_many(records)
    return len(records)


def _poll(row: InquiryRequest, policy: Retry, progress: Progress) -> None:
    try:
        answer = connector_for(row.institution).fetch(row.court, row.key)
    except Unavailable as err:
        _retry_or_fail(row, policy, str(err), progress)
        return
    except signing.BadSignature as err:
        audit.append(
            "inquiry.refuse_answer",
            row,
            {"key": row.key, "institution": row.institution.code, "reason": str(err)},
            CONNECTOR,
        )
        progress.refused_answers += 1
        _retry_or_fail(row, policy, str(err), progress)
        return
    except Refused as err:
        if "404" in str(err):  # the institution does not have it: send it again
            InquiryRequest.objects.filter(pk=row.pk).update(
                status=InquiryRequest.PENDING, next_attempt_at=timezone.now(), claimed_until=None
            )
            return
        _fail(row, str(err), progress, row.attempts + 1)
        return
    if not answer.done:
        InquiryRequest.objects.filter(pk=row.pk).update(
            next_attempt_at=_later(policy.poll_seconds), claimed_until=None
        )
        return
    if store_answer(row, answer):
        progress.answered += 1


def store_answer(row: InquiryRequest, answer: Answer) -> bool:
    """Apply a verified answer once: the row turns answered in the same transaction that stores what
    it found, and only the transaction that turns it does (a second fetch of the same answer changes
    nothing). Returns whether this call applied it."""
    with transaction.atomic():
        won = InquiryRequest.objects.filter(pk=row.pk, status=InquiryRequest.SENT).update(
            status=InquiryRequest.ANSWERED, answered_at=timezone.now(), claimed_until=None, last_error=""
        )
        if not won:
            return False
        apply_answer(row, answer)
        clear_identities(row)
    if row.batch_id:
        finish_batch(row.batch_id)
    return True


def finish_batch(batch_id: int) -> bool:
    """Close a batch whose every request is answered or failed (partial when some failed)."""
    if InquiryRequest.objects.filter(batch_id=batch_id, status__in=ACTIVE).exists():
        return False
    failed = InquiryRequest.objects.filter(batch_id=batch_id, status=InquiryRequest.FAILED).exists()
    finished = bool(
        InquiryBatch.objects.filter(pk=batch_id, status=InquiryBatch.RUNNING).update(
            status=InquiryBatch.PARTIAL if failed else InquiryBatch.DONE, finished_at=timezone.now()
        )
    )
    if finished:
        record_outcomes(batch_id)  # per case: found or not; the 终本 cases' applicants told
    return finished


def outstanding(batch: InquiryBatch | None = None) -> int:
    rows = InquiryRequest.objects.filter(status__in=ACTIVE)
    return (rows.filter(batch=batch) if batch is not None else rows).count()


def drive(batch: InquiryBatch | None = None, timeout: float = 120, pause: float = 0.05) -> Progress:
    """Deliver until nothing is outstanding (for `batch`, or at all) or `timeout` seconds have passed:
    the command line's --wait and the tests. A background worker calls `deliver` periodically instead."""
    total = Progress()
    deadline = time.monotonic() + timeout
    while outstanding(batch) and time.monotonic() < deadline:
        step = deliver()
        total.sent += step.sent
        total.answered += step.answered
        total.failed += step.failed
        total.refused_answers += step.refused_answers
        total.errors += step.errors
        if not (step.sent or step.answered or step.failed):
            time.sleep(pause)
    return total


def reset_claims(now: dt.datetime | None = None) -> int:
    """Let go of every claim (a worker starting after a crash does not wait out the lease)."""
    return InquiryRequest.objects.filter(claimed_until__isnull=False).update(claimed_until=None)


def requests_of(batch: InquiryBatch) -> Any:
    return InquiryRequest.objects.filter(batch=batch)
