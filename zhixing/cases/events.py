"""Case events: the seam later capabilities listen to.

Every action appends a CaseEvent row in its transaction and, once the transaction commits, sends the
`case_event` signal with the event. Funds, inquiry, credit and supervision connect receivers here
instead of being called by `cases` (which knows nothing of them).
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from .models import Case, CaseEvent

# Sent after commit with `event` (a CaseEvent).
case_event = Signal()

FILED = "filed"
HANDLER_ASSIGNED = "handler_assigned"
PARTY_ADDED = "party_added"
NODE_RECORDED = "node_recorded"
NODE_OVERDUE = "node_overdue"
PERIOD_EXCLUDED = "period_excluded"
PERIOD_RESUMED = "period_resumed"
EXTENDED = "extended"
CLOSURE_REQUESTED = "closure_requested"
CLOSURE_REFUSED = "closure_refused"
CLOSED = "closed"
RESUMED = "resumed"
IMPORTED = "imported"
UPDATED = "updated"


def emit(case: Case, kind: str, actor=None, **data) -> CaseEvent:
    event = CaseEvent.objects.create(
        case=case,
        kind=kind,
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        data=data,
    )
    transaction.on_commit(lambda: case_event.send(sender=Case, event=event))
    return event


def emit_many(events: list[CaseEvent]) -> None:
    """For bulk actions (imports, scans): write the rows, signal each after commit."""
    CaseEvent.objects.bulk_create(events, batch_size=2000)
    if case_event.receivers:
        transaction.on_commit(lambda: [case_event.send(sender=Case, event=e) for e in events])
