"""Delivering the pushes' outbox (issue 11 item 3; ARCHITECTURE §6, §8), as inquiry delivers its own
(zhixing.inquiry.actions.delivery): due rows are claimed with a conditional UPDATE (a lease, so two
workers never send the same row at once), sent signed with the court's key, and the agency's signed
acknowledgement verified under the key recorded for it before the row is marked acknowledged. An
agency that is down or answers 5xx is tried again with back-off (inquiry's rule setting
`inquiry.retry`, rules.backoff_seconds) until the retry limit, after which the row is failed (and
stays in the command centre's sight, with its `due_on`, until someone sends it again: `requeue`).

Sending again is harmless: the message keeps its id and body, and the agency applies a message id
once and answers a repeat with the same acknowledgement. A worker killed mid-send leaves a claimed row
that the next run takes once its lease has ended.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhixing.core import audit
from zhixing.core.actors import SystemActor, is_system, require_actor
from zhixing.inquiry import rules as inquiry_rules
from zhixing.inquiry.actions.common import Retry, retry_policy

from .. import permissions
from ..connectors import Ack, BadSignature, Refused, Unavailable, connector_for
from ..models import Push

LEASE = dt.timedelta(seconds=60)
# Who sends: the audit log names the pushes' sender as a system actor.
PUSHER = SystemActor("credit_push", gettext_lazy("系统·失信信息推送"))


@dataclass
class Progress:
    acked: int = 0
    retried: int = 0
    failed: int = 0
    refused_acks: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Progress) -> None:
        self.acked += other.acked
        self.retried += other.retried
        self.failed += other.failed
        self.refused_acks += other.refused_acks
        self.errors += other.errors


def due(now: dt.datetime | None = None) -> QuerySet[Push]:
    """Pending rows whose time has come and that no worker holds, for active agencies."""
    now = now or timezone.now()
    return Push.objects.filter(status=Push.PENDING, next_at__lte=now, agency__active=True).filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    )


def _claim(row: Push, now: dt.datetime) -> bool:
    """Take the row for LEASE: one conditional UPDATE, so of two workers that read the same row only
    one sends it."""
    return bool(
        Push.objects.filter(pk=row.pk, status=Push.PENDING, next_at__lte=now)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=now + LEASE)
    )


def deliver_pushes(now: dt.datetime | None = None, limit: int = 200) -> Progress:
    """One pass over the due rows (at most `limit`): each claimed, sent and settled. Returns what
    happened."""
    now = now or timezone.now()
    progress = Progress()
    rows = list(due(now).select_related("agency", "listing__case__court").order_by("next_at", "id")[:limit])
    if not rows:
        return progress
    policy = retry_policy()
    for row in rows:
        if not _claim(row, now):
            continue  # another worker has it
        _send(row, policy, progress)
    return progress


def _send(row: Push, policy: Retry, progress: Progress) -> None:
    agency = row.agency
    if not agency.url:
        _retry_or_fail(row, policy, _("未登记接口地址"), progress)
        return
    sent_at = timezone.localtime(timezone.now()).isoformat(timespec="seconds")
    body = {**row.payload, "sent_at": sent_at}
    try:
        ack = connector_for(agency).push(row.listing.case.court, body)
    except Unavailable as err:
        _retry_or_fail(row, policy, str(err), progress)
        return
    except BadSignature as err:
        audit.append(
            "credit.push_refuse_ack",
            row,
            {"key": row.key, "agency": agency.code, "action": row.action, "reason": str(err)},
            PUSHER,
        )
        progress.refused_acks += 1
        _retry_or_fail(row, policy, str(err), progress)
        return
    except Refused as err:
        _fail(row, str(err), progress, row.attempts + 1)
        return
    _acknowledged(row, ack, progress)


def _acknowledged(row: Push, ack: Ack, progress: Progress) -> None:
    """The row turns acknowledged once, with its audit entry, in one transaction."""
    with transaction.atomic():
        won = Push.objects.filter(pk=row.pk, status=Push.PENDING).update(
            status=Push.ACKED,
            ack_id=ack.ack_id,
            acked_at=timezone.now(),
            attempts=row.attempts + 1,
            lease_until=None,
            last_error="",
        )
        if not won:
            return
        audit.append(
            "credit.push_ack",
            row,
            {"key": row.key, "agency": row.agency.code, "action": row.action, "ack_id": ack.ack_id},
            PUSHER,
        )
    progress.acked += 1


def _retry_or_fail(row: Push, policy: Retry, error: str, progress: Progress) -> None:
    attempts = row.attempts + 1
    if attempts >= policy.max_attempts:
        _fail(row, error, progress, attempts)
        return
    wait = inquiry_rules.backoff_seconds(attempts, policy.base_seconds, policy.cap_seconds)
    updated = Push.objects.filter(pk=row.pk, status=Push.PENDING).update(
        attempts=attempts,
        next_at=timezone.now() + dt.timedelta(seconds=wait),
        lease_until=None,
        last_error=error[:300],
    )
    if updated:
        progress.retried += 1


def _fail(row: Push, error: str, progress: Progress, attempts: int) -> None:
    with transaction.atomic():
        won = Push.objects.filter(pk=row.pk, status=Push.PENDING).update(
            status=Push.FAILED, attempts=attempts, lease_until=None, last_error=error[:300]
        )
        if not won:
            return
        audit.append(
            "credit.push_fail",
            row,
            {"key": row.key, "agency": row.agency.code, "action": row.action, "error": error[:300]},
            PUSHER,
        )
    progress.failed += 1
    progress.errors.append(f"{row.agency.code} {row.key}: {error}")


def requeue(push: Push, *, actor: Any) -> bool:
    """Send a failed push again (the command centre, once the agency is fixed): pending, due now, its
    attempts counted afresh; same key and message, so the agency still applies it once."""
    require_actor(actor)
    if not is_system(actor):
        permissions.check_manage_agencies(actor, None)
    with transaction.atomic():
        won = Push.objects.filter(pk=push.pk, status=Push.FAILED).update(
            status=Push.PENDING, attempts=0, next_at=timezone.now(), lease_until=None
        )
        if won:
            audit.append(
                "credit.push_requeue",
                push,
                {"key": push.key, "agency": push.agency.code, "action": push.action},
                actor,
            )
    return bool(won)


def outstanding() -> int:
    """Pushes not yet acknowledged and not failed (due now or waiting for a retry)."""
    return Push.objects.filter(status=Push.PENDING).count()


def overdue(on: dt.date) -> QuerySet[Push]:
    """Pushes with a deadline (a removal's 3 working days) that is past on `on` and not acknowledged:
    what the command centre watches."""
    return Push.objects.filter(due_on__lt=on).exclude(status=Push.ACKED)


def drive(timeout: float = 50, pause: float = 0.2, limit: int = 200) -> Progress:
    """Deliver while anything is due, for at most `timeout` seconds: the periodic task and the tests.
    Rows waiting for a retry later are left to a later run."""
    total = Progress()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        step = deliver_pushes(limit=limit)
        total.add(step)
        if not due().exists():
            break
        if not (step.acked or step.failed):
            time.sleep(pause)
    return total


def reset_leases() -> int:
    """Let go of every lease (a worker starting after a crash does not wait out the lease)."""
    return Push.objects.filter(lease_until__isnull=False).update(lease_until=None)
