"""How nodes read on a page: state badges and CSS classes (events read through zhixing.cases.events)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import rules
from ..models import Node
from .base import days_text

# Bootstrap colour of each node state, and the CSS class tests and styles find a node by.
BADGE = {
    rules.OVERDUE: "text-bg-danger",
    rules.DUE_SOON: "text-bg-warning",
    rules.NORMAL: "text-bg-success",
    rules.DONE: "text-bg-secondary",
    rules.WAITING: "text-bg-light border",
    rules.CANCELLED: "text-bg-light border text-secondary",
}
CSS = {
    rules.OVERDUE: "node-overdue",
    rules.DUE_SOON: "node-due-soon",
    rules.NORMAL: "node-normal",
    rules.DONE: "node-done",
    rules.WAITING: "node-waiting",
    rules.CANCELLED: "node-cancelled",
}


@dataclass
class NodeRow:
    node: Node
    state: str
    label: str
    badge: str
    css: str
    days: str
    late_days: int  # a node done after its deadline: by how many days


def node_row(node: Node, on: dt.date, soon_days: int) -> NodeRow:
    state = rules.node_state(node.due_on, node.done_on, on, soon_days, node.cancelled_on)
    late = (node.done_on - node.due_on).days if node.done_on and node.due_on else 0
    return NodeRow(
        node=node,
        state=state,
        label=rules.STATE_LABELS[state],
        badge=BADGE[state],
        css=CSS[state],
        days=days_text(node.due_on, on) if state not in (rules.DONE, rules.WAITING, rules.CANCELLED) else "",
        late_days=max(late, 0),
    )
