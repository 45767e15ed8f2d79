"""Case events: the seam later capabilities listen to.

Every action appends a CaseEvent row in its transaction and, once the transaction commits, sends the
`case_event` signal with the event. Funds, inquiry, credit and supervision connect receivers here
instead of being called by `cases` (which knows nothing of them).
"""

from __future__ import annotations

from django.db import connection, transaction
from django.dispatch import Signal
from django.utils import timezone

from zhixing.core.bulk import Inserter

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
    """For bulk actions (imports): write the rows in one multi-row INSERT, signal each after commit
    (the instances carry no id: receivers get case, kind, time and data)."""
    if not events:
        return
    field = CaseEvent._meta.get_field
    prep_at, prep_data = field("at").get_db_prep_save, field("data").get_db_prep_save
    Inserter(CaseEvent, ["case", "kind", "at", "actor", "data"]).insert(
        (e.case_id, e.kind, prep_at(e.at, connection), e.actor_id, prep_data(e.data, connection))
        for e in events
    )
    announce(events)


def announce(events: list[CaseEvent]) -> None:
    """Signal events written in bulk, once the transaction commits. Bulk writers skip building the
    instances when nobody listens (case_event.receivers), which is most of a scan's cost."""
    if events and case_event.receivers:
        transaction.on_commit(lambda: [case_event.send(sender=Case, event=e) for e in events])
