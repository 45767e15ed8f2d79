"""Deadlines and derived values of imported cases, worked out once per date instead of once per case.

The checks use it to find deadlines the calendar cannot compute (a row error, not a failed write); the
bulk write (zhixing.cases.actions.importing) reuses what the checks worked out.
"""

from __future__ import annotations

import datetime as dt

from zhixing.core.calendar import Deadline
from zhixing.core.models import RuleSetting
from zhixing.courts.models import Court

from .. import rules
from ..actions.filing import base_months, cause_flags
from ..actions.nodes import anchor_date, due_for, plan_nodes
from ..models import Case, NodeKind

NodePlan = list[tuple[NodeKind, Deadline | None, dt.date | None]]


class Planner:
    """Deadlines and derived values, memoised: an import repeats the same dates and causes thousands of
    times, and each lookup reads rule settings and the calendar.

    A rule setting's value for a court depends only on the rows scoped to that court or the courts
    above it (core.rulesettings). Most courts have none, so the memo is keyed on that scope, the
    courts of the lineage that do have rows of their own, not on the court: every court without
    settings of its own shares one entry per date."""

    def __init__(self) -> None:
        self._plans: dict[tuple, NodePlan] = {}
        self._months: dict[tuple, int] = {}
        self._flags: dict[tuple, tuple[bool, bool]] = {}
        self._kinds: dict[str, list[NodeKind]] = {}
        self._dues: dict[tuple, Deadline | None] = {}
        self._probes: dict[tuple, Case] = {}
        self._scopes: dict[int | None, tuple[int, ...]] = {}
        self._scoped = set(RuleSetting.objects.filter(court__isnull=False).values_list("court_id", flat=True))

    def scope(self, court: Court) -> tuple[int, ...]:
        found = self._scopes.get(court.pk)
        if found is None or court.pk is None:
            found = self._scopes[court.pk] = tuple(c for c in court.lineage_ids() if c in self._scoped)
        return found

    def statutory_due_on(self, court: Court, filed_on: dt.date, extension: int, excluded: int) -> dt.date:
        key = (self.scope(court), filed_on)
        months = self._months.get(key)
        if months is None:
            months = self._months[key] = base_months(False, court, filed_on)
        return rules.statutory_due_on(filed_on, months, extension, excluded)

    def flags(self, cause: str, court: Court, filed_on: dt.date) -> tuple[bool, bool]:
        key = (cause, self.scope(court), filed_on)
        flags = self._flags.get(key)
        if flags is None:
            flags = self._flags[key] = cause_flags(cause, court, filed_on)
        return flags

    def plan(self, type_code: str, court: Court, filed_on: dt.date, assigned_on: dt.date | None) -> NodePlan:
        """(kind, due, done) of the nodes of a pending case as if it had been filed in the platform on
        its filing date: the kinds actions.nodes.plan_nodes gives a filing of this type, with the
        deadlines of actions.nodes.due_for. A known handler counts as assigned on the filing date: the
        assign-handler node is done then, and the deadlines counted from assignment start then.
        A deadline in a year the calendar does not cover yet is provisional (core.calendar.Deadline)."""
        scope = self.scope(court)
        key = (type_code, scope, filed_on, assigned_on)
        plan = self._plans.get(key)
        if plan is not None:
            return plan
        probe = self._probes.get(scope)
        if probe is None:
            probe = self._probes[scope] = Case(court=court)  # stands for every court of this scope
        probe.type_code, probe.filed_on, probe.handler_assigned_on = type_code, filed_on, assigned_on
        kinds = self._kinds.get(type_code)
        if kinds is None:
            kinds = self._kinds[type_code] = [n.kind for n in plan_nodes(probe)]
        done = {"assign_handler": assigned_on} if assigned_on is not None else {}
        plan = []
        for kind in kinds:
            anchor = anchor_date(kind, probe, done)
            due_key = (kind.pk, scope, anchor)
            if due_key in self._dues:
                due = self._dues[due_key]
            else:
                due = self._dues[due_key] = due_for(kind, anchor, probe)
            plan.append((kind, due, assigned_on if kind.code == "assign_handler" else None))
        self._plans[key] = plan
        return plan
