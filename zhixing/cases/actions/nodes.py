"""Process nodes: planning deadlines, recording a node, and the overdue scan."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.core import audit, calendar
from zhixing.core.bulk import chunks
from zhixing.courts.actors import SCAN, SystemActor, require_actor

from .. import catalogue, events, settings_keys
from ..models import Case, CaseEvent, Node, NodeKind
from .common import ActionError, setting, today


def due_for(kind: NodeKind, anchor_on: dt.date | None, case: Case) -> calendar.Deadline | None:
    """The deadline of a node of `kind` whose anchor happened on `anchor_on` (None: not yet). In a
    year the calendar does not cover yet it is provisional, never refused (issue 7)."""
    if anchor_on is None or not kind.amount_setting:
        return None
    amount = int(setting(kind.amount_setting, case.court, anchor_on))
    roll = bool(setting(settings_keys.ROLL_TO_WORKING_DAY, case.court, anchor_on))
    return calendar.provisional_due(anchor_on, amount, kind.unit, roll=roll)


def _node(case: Case, kind: NodeKind, due: calendar.Deadline | None) -> Node:
    return Node(
        case=case,
        kind=kind,
        due_on=due.on if due else None,
        due_provisional=bool(due and due.provisional),
    )


def anchor_date(kind: NodeKind, case: Case, done: dict[str, dt.date]) -> dt.date | None:
    if kind.anchor == NodeKind.FILED:
        return case.filed_on
    if kind.anchor == NodeKind.HANDLER_ASSIGNED:
        return case.handler_assigned_on
    if kind.anchor.startswith("node:"):
        return done.get(kind.anchor[5:])
    return None


def plan_nodes(case: Case) -> list[Node]:
    """The nodes a newly filed case gets (rules §3.2), with deadlines where their anchor is known."""
    return [
        _node(case, k, due_for(k, anchor_date(k, case, {}), case))
        for k in catalogue.kinds().values()
        if k.created_on_filing and case.type_code in (k.applies_to or [])
    ]


def refresh_due_dates(case: Case) -> None:
    """Give open nodes the deadlines their anchors now allow (after a handler is assigned or a node
    another one counts from is done). Deadlines already set are kept."""
    nodes = list(case.nodes.select_related("kind"))
    done = {n.kind.code: n.done_on for n in nodes if n.done_on}
    for n in nodes:
        if n.done_on is None and n.cancelled_on is None and n.due_on is None:
            due = due_for(n.kind, anchor_date(n.kind, case, done), case)
            if due is not None:
                n.due_on, n.due_provisional = due.on, due.provisional
                n.save(update_fields=["due_on", "due_provisional"])


def recompute_provisional(year: int | None = None, *, actor, on: dt.date | None = None) -> int:
    """Count every provisional deadline again with the calendar as it now stands (issue 7): run in the
    transaction that declares a year (core.calendar.year_declared). A deadline still touching an
    undeclared year stays provisional. A node whose new deadline has not passed loses an overdue mark
    the weekends-only count gave it; one that now has passed is marked by the next overdue scan.
    Each deadline that moved gets a case event with its old and new date (the audit entry counts them).
    Returns how many deadlines moved. `actor` is who declared the year (a user, or 系统·命令行)."""
    require_actor(actor)
    on = on or today()
    now, who = timezone.now(), events.actor_fields(actor)
    ids = list(Node.objects.filter(due_provisional=True).order_by("id").values_list("id", flat=True))
    moved = recomputed = 0
    for part in chunks(ids, 2000):  # a province's December holds many: bounded memory per batch
        nodes = list(Node.objects.filter(id__in=part).select_related("case", "case__court", "kind"))
        done_by_case: dict[int, dict[str, dt.date]] = {}
        for case_id, code, done_on in Node.objects.filter(
            case_id__in={n.case_id for n in nodes}, done_on__isnull=False
        ).values_list("case_id", "kind__code", "done_on"):
            if done_on is not None:  # always (the filter); the column is nullable
                done_by_case.setdefault(case_id, {})[code] = done_on
        changed, recounted = [], []
        for n in nodes:
            if not n.kind.amount_setting:
                continue
            due = due_for(n.kind, anchor_date(n.kind, n.case, done_by_case.get(n.case_id, {})), n.case)
            if due is None:
                continue
            if due.on != n.due_on:
                moved += 1
                data = {
                    "node": n.kind.code,
                    "year": year,
                    "changed": {"due_on": [_iso(n.due_on), _iso(due.on)]},
                }
                recounted.append(
                    CaseEvent(
                        case_id=n.case_id,
                        kind=events.DEADLINE_RECOUNTED,
                        at=now,
                        data=data,
                        **who,
                    )
                )
            n.due_on, n.due_provisional = due.on, due.provisional
            if n.overdue_since is not None and n.done_on is None and n.due_on >= on:
                n.overdue_since = None
            changed.append(n)
        Node.objects.bulk_update(changed, ["due_on", "due_provisional", "overdue_since"])
        events.emit_many(recounted)
        recomputed += len(changed)
    if not recomputed:
        return 0
    audit.append(
        "node.recompute_provisional",
        None,
        {"year": year, "recomputed": recomputed, "moved": moved},
        actor,
    )
    return moved


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def on_year_declared(sender, year: int, actor, **_kwargs) -> None:
    """Receiver of core.calendar.year_declared (connected in CasesConfig.ready); the signal carries
    who declared the year."""
    recompute_provisional(year, actor=actor)


@transaction.atomic
def record_node(
    case: Case,
    kind_code: str,
    done_on: dt.date | None = None,
    *,
    actor,
    note: str = "",
    checked: bool = False,
) -> Node:
    """Record that a node was done (a notice sent, a measure taken). Creates the node when the kind has
    no planned node on this case (records such as 限制消费令). The handler or a judge may record."""
    from .. import permissions

    case = Case.objects.select_for_update().get(pk=case.pk)
    if checked:  # part of an action that checked its own permission (assign_handler)
        require_actor(actor)
    else:
        permissions.check_record_node(actor, case, kind_code)
    if case.is_closed and kind_code != "reinquiry":
        raise ActionError(_("案件已结案，不能再记录流程节点"))
    kind = catalogue.kind(kind_code)
    done_on = done_on or today()
    if done_on < case.filed_on:
        raise ActionError(
            _("完成日期 %(done_on)s 早于立案日期 %(case_filed_on)s")
            % {"done_on": done_on, "case_filed_on": case.filed_on}
        )
    if done_on > today():
        raise ActionError(_("完成日期不能晚于今天"))
    node = (
        Node.objects.select_for_update()
        .filter(case=case, kind=kind, done_on__isnull=True, cancelled_on__isnull=True)
        .order_by("sequence")
        .first()
    )
    if node is None:
        seq = Node.objects.filter(case=case, kind=kind).count()
        if seq and kind.created_on_filing:
            raise ActionError(_("“%(kind_name)s”已经记录过") % {"kind_name": kind.name})
        node = Node(case=case, kind=kind, sequence=seq)
    node.done_on = done_on
    node.done_by = actor if getattr(actor, "pk", None) else None
    node.note = note
    node.save()
    if any(k.anchor == f"node:{kind.code}" for k in catalogue.kinds().values()):
        refresh_due_dates(case)  # only kinds that count from this node can gain a deadline
    events.emit(case, events.NODE_RECORDED, actor, node=kind.code, done_on=done_on.isoformat())
    audit.append(
        "node.record", node, {"case": case.case_number, "node": kind.code, "done_on": done_on}, actor
    )
    return node


@transaction.atomic
def open_node(case: Case, kind_code: str, due: calendar.Deadline | None, *, actor, note: str = "") -> Node:
    """Open one more node of `kind_code` with the deadline the caller computed (for nodes an app above
    cases times itself, e.g. a disposal's 30 days from a seizure). The caller has checked its own
    permission. The overdue scan and the case's timeline see it like any planned node; record_node
    closes the earliest open one of its kind."""
    require_actor(actor)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.is_closed:
        raise ActionError(_("案件已结案，不能再记录流程节点"))
    kind = catalogue.kind(kind_code)
    node = _node(case, kind, due)
    node.sequence = Node.objects.filter(case=case, kind=kind).count()
    node.note = note
    node.save()
    return node


_MARK_PG = """
WITH marked AS (
    UPDATE cases_node SET overdue_since = %(today)s
    WHERE done_on IS NULL AND cancelled_on IS NULL AND due_on < %(today)s AND overdue_since IS NULL
    RETURNING id, case_id, kind_id, due_on
)
INSERT INTO cases_caseevent (case_id, kind, at, actor_id, system_actor, data)
SELECT m.case_id, 'node_overdue', %(now)s, NULL, %(who)s,
       jsonb_build_object('node', k.code, 'due_on', to_char(m.due_on, 'YYYY-MM-DD'))
FROM marked m JOIN cases_nodekind k ON k.id = m.kind_id
"""
_RETURN_EVENTS = "RETURNING id, case_id, kind, at, data"


def scan_overdue(on: dt.date | None = None, batch: int = 5000, *, actor: SystemActor = SCAN) -> int:
    """Mark every open node whose deadline has passed as overdue, once and only once.

    The claim is a conditional UPDATE (`overdue_since IS NULL`), so however many workers run the scan
    at the same time, each node is marked, and its `node_overdue` event written, by exactly one of
    them. Returns how many nodes this run marked. The scan is always the system's (courts.actors.SCAN),
    recorded as such in its audit entry.
    """
    require_actor(actor)
    on = on or today()
    now = timezone.now()
    if connection.vendor == "postgresql":
        listened = bool(events.case_event.receivers)
        with transaction.atomic():
            with connection.cursor() as cur:
                # The events come back only when a receiver will be sent them.
                cur.execute(
                    _MARK_PG + (_RETURN_EVENTS if listened else ""),
                    {"today": on, "now": now, "who": str(actor)[:40]},
                )
                marked = cur.rowcount
                if listened:  # Django has psycopg hand jsonb over as text (the field parses it)
                    events.announce(
                        [
                            CaseEvent(id=i, case_id=c, kind=k, at=a, data=json.loads(d))
                            for i, c, k, a, d in cur
                        ]
                    )
            if marked:
                audit.append("node.scan_overdue", None, {"on": on, "marked": marked}, actor)
        return marked
    # SQLite: one writer at a time (IMMEDIATE transactions), so select-then-update in one transaction
    # cannot race; batches keep each transaction short.
    total = 0
    code_by_id = {k.pk: k.code for k in catalogue.kinds().values()}
    while True:
        with transaction.atomic():
            rows = list(
                Node.objects.filter(
                    done_on__isnull=True,
                    cancelled_on__isnull=True,
                    due_on__lt=on,
                    overdue_since__isnull=True,
                ).values_list("id", "case_id", "kind_id", "due_on")[:batch]
            )
            if not rows:
                break
            Node.objects.filter(id__in=[r[0] for r in rows], overdue_since__isnull=True).update(
                overdue_since=on
            )
            written = CaseEvent.objects.bulk_create(
                [
                    CaseEvent(
                        case_id=c,
                        kind=events.NODE_OVERDUE,
                        at=now,
                        system_actor=str(actor)[:40],
                        data={"node": code_by_id.get(k, str(k)), "due_on": str(d)},  # ISO
                    )
                    for _node_id, c, k, d in rows
                ],
                batch_size=2000,
            )
            events.announce(written)
            total += len(rows)
    if total:
        audit.append("node.scan_overdue", None, {"on": on, "marked": total}, actor)
    return total


def cancel_open_nodes(
    case: Case, on: dt.date, reason: str, keep: Iterable[str] = (), only: Iterable[str] | None = None
) -> int:
    """Mark the case's open nodes (of the kinds in `only` if given, but not those in `keep`) cancelled
    on `on` with `reason` ("结案（执行完毕）"): their deadlines stop running, and the file still shows
    what was left undone and why (issue 8: closing used to delete them). Returns how many."""
    nodes = case.nodes.filter(done_on__isnull=True, cancelled_on__isnull=True).exclude(kind__code__in=keep)
    if only is not None:
        nodes = nodes.filter(kind__code__in=only)
    return nodes.update(cancelled_on=on, cancelled_reason=reason[: Node.cancelled_reason.field.max_length])
