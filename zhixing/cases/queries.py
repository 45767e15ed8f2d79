"""Reads of cases and nodes shared by pages, the API, exports and benchmarks."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from zhixing.courts import rules as court_rules
from zhixing.courts.queries import courts_for

from . import rules, settings_keys
from .actions.common import setting, today
from .models import Case, Node

STAFF_ROLES = tuple(court_rules.ROLE_LABELS)


def visible_cases(user) -> QuerySet[Case]:
    """Cases of every court where the user holds any role (roles reach the courts below)."""
    if getattr(user, "is_superuser", False):
        return Case.objects.all()
    return Case.objects.filter(court__in=courts_for(user, STAFF_ROLES))


def can_see(user, case: Case) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


def due_soon_days(court=None) -> int:
    return int(setting(settings_keys.DUE_SOON_DAYS, court))


def open_nodes() -> QuerySet[Node]:
    return Node.objects.filter(done_on__isnull=True, due_on__isnull=False, case__status=Case.PENDING)


def inbox_nodes(
    user, state: str = "", kind: str = "", q: str = "", on: dt.date | None = None
) -> QuerySet[Node]:
    """The officer's inbox: open nodes of the cases they handle, most urgent first (overdue, then
    due soon, then by deadline). `state` filters on overdue / due_soon / normal."""
    on = on or today()
    qs = open_nodes().filter(case__handler=user)
    return (
        filter_nodes(qs, state, kind, q, on)
        .select_related("case", "kind")
        .order_by("due_on", "case_id", "kind__order")
    )


def filter_nodes(qs: QuerySet[Node], state: str, kind: str, q: str, on: dt.date) -> QuerySet[Node]:
    soon = on + dt.timedelta(days=due_soon_days())
    if state == rules.OVERDUE:
        qs = qs.filter(due_on__lt=on)
    elif state == rules.DUE_SOON:
        qs = qs.filter(due_on__gte=on, due_on__lte=soon)
    elif state == rules.NORMAL:
        qs = qs.filter(due_on__gt=soon)
    if kind:
        qs = qs.filter(kind__code=kind)
    if q:
        qs = qs.filter(Q(case__case_number__contains=q.strip()))
    return qs


def overdue_nodes(user, court=None, on: dt.date | None = None) -> QuerySet[Node]:
    """The command centre's overdue list: open nodes past their deadline in the courts it watches."""
    on = on or today()
    courts = courts_for(user, [court_rules.COMMAND, court_rules.LEADER])
    if court is not None:
        courts = courts.filter(path__startswith=court.path)
    return (
        open_nodes()
        .filter(due_on__lt=on, case__court__in=courts)
        .select_related("case", "case__court", "case__handler", "kind")
        .order_by("due_on", "case_id")
    )


def node_state(node: Node, on: dt.date | None = None, soon_days: int | None = None) -> str:
    return rules.node_state(
        node.due_on, node.done_on, on or today(), due_soon_days() if soon_days is None else soon_days
    )
