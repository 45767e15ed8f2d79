"""Reads of cases and nodes shared by pages, the API, exports and benchmarks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Q, QuerySet

from zhixing.courts import permissions as court_permissions
from zhixing.courts.queries import courts_for

from . import rules, settings_keys
from .actions.common import setting, today
from .models import Case, Node

STAFF_ROLES = court_permissions.STAFF_ROLES


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
    """Nodes open with a deadline (rules.OPEN_CONDITIONS) of pending cases."""
    return Node.objects.filter(conditions_q(rules.OPEN_CONDITIONS), case__status=Case.PENDING)


def conditions_q(conds: Sequence[rules.Condition], bounds: Mapping[str, dt.date] | None = None) -> Q:
    """Conditions of rules.STATE_CONDITIONS as a database filter: "null" / "set" as IS NULL / IS NOT
    NULL, a comparison with its bound's date (a NULL date compares false, as in rules._holds)."""
    q = Q()
    for field, op, bound in conds:
        if op in ("null", "set"):
            q &= Q(**{f"{field}__isnull": op == "null"})
        else:
            assert bounds is not None and bound is not None
            q &= Q(**{f"{field}__{op}": bounds[bound]})
    return q


def state_q(state: str, on: dt.date, soon_days: int | None = None) -> Q:
    """The nodes whose state on `on` is `state`: rules.STATE_CONDITIONS as a database filter, so that
    rules.node_state of a row and the filter it matches always agree (tests/cases/test_node_states.py).
    `soon_days` defaults to the rule setting, read only for the states that compare with it."""
    conds = rules.STATE_CONDITIONS[state]
    if soon_days is None:
        needs_soon = any(bound == "soon" for _field, _op, bound in conds)
        soon_days = due_soon_days() if needs_soon else 0
    return conditions_q(conds, rules.state_bounds(on, soon_days))


# The inbox's order: migrant-worker wage cases first (rules §10.1.2 "priority execution"; the flag
# derived at filing), then most urgent first (overdue, then due soon, then by deadline).
INBOX_ORDER = ("-case__is_migrant_wage", "due_on", "case_id", "kind__order")


def inbox_nodes(user, state: str = "", on: dt.date | None = None) -> QuerySet[Node]:
    """The officer's inbox: open nodes of the cases they handle, wage cases first, then most urgent
    first (INBOX_ORDER), of one state if asked; the page filters it with filters.InboxFilter."""
    qs = open_nodes().filter(case__handler=user)
    if state:
        qs = qs.filter(state_q(state, on or today()))
    return qs.select_related("case", "kind").order_by(*INBOX_ORDER)


def overdue_nodes(user, on: dt.date | None = None) -> QuerySet[Node]:
    """The command centre's overdue list: open nodes past their deadline in the courts it watches;
    the page narrows it to a court with filters.CommandFilter."""
    from .permissions import COMMAND_ROLES

    courts = courts_for(user, COMMAND_ROLES)
    return (
        open_nodes()
        .filter(state_q(rules.OVERDUE, on or today()), case__court__in=courts)
        .select_related("case", "case__court", "case__handler", "kind")
        .order_by("due_on", "case_id")
    )


def node_state(node: Node, on: dt.date | None = None, soon_days: int | None = None) -> str:
    return rules.node_state(
        node.due_on,
        node.done_on,
        on or today(),
        due_soon_days() if soon_days is None else soon_days,
        node.cancelled_on,
    )


# --- Reads of the staff pages (inbox, case list, case page, approvals, command centre) ----------------


def filing_courts(user):
    """Courts in which `user` may file cases (permissions.check_file_case)."""
    from . import permissions

    return permissions.filing_courts(user)


def officers_for(court):
    """Officers who may handle cases of `court` (permissions.handler_refusal)."""
    from . import permissions

    return permissions.officers_for(court)


def case_list(user) -> QuerySet[Case]:
    """The case list: visible cases, latest filed first; the page filters it with filters.CaseListFilter."""
    return visible_cases(user).select_related("court").order_by("-filed_on", "-id")


def approver_roles(court=None, method: str | None = None) -> list[str]:
    """Roles that may approve closing (rule setting `closing.approver_roles`, per method or default);
    with no method, every role named for any method."""
    roles = setting(settings_keys.CLOSURE_APPROVER_ROLES, court)
    if not isinstance(roles, dict):
        return list(roles)
    if method is not None:
        return list(roles.get(method, roles.get("default")) or ())
    return sorted({r for v in roles.values() for r in v})


def pending_closures(user):
    """Pending closure requests this user may decide: cases of the courts where they hold an approving
    role, leaving out the cases they handle or handled before and the requests they made (rules §12,
    as permissions.check_decide_closure)."""
    from django.db.models import Exists, OuterRef

    from . import events
    from .models import CaseEvent, ClosureRequest
    from .permissions import approving_courts

    courts = approving_courts(user)
    handled = CaseEvent.objects.filter(
        case=OuterRef("case"), kind=events.HANDLER_ASSIGNED, data__handler=user.username
    )
    return (
        ClosureRequest.objects.filter(status=ClosureRequest.PENDING, case__court__in=courts)
        .exclude(case__handler=user)
        .exclude(requested_by=user)
        .exclude(Exists(handled))
        .select_related("case", "case__court", "requested_by")
        .order_by("requested_at", "id")
    )


def overdue_counts(nodes: QuerySet[Node]) -> tuple[Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]]]:
    """Overdue nodes counted by court and by handler: two GROUP BY queries, not one per row."""
    from django.db.models import Count

    base = nodes.order_by()  # ordering columns would otherwise join the GROUP BY
    by_court = list(base.values("case__court_id", "case__court__name").annotate(n=Count("id")).order_by("-n"))
    by_handler = list(
        base.values("case__handler_id", "case__handler_name").annotate(n=Count("id")).order_by("-n")
    )
    return by_court, by_handler
