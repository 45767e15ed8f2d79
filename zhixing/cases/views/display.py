"""How nodes and case events read on a page: state badges, CSS classes, event sentences."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .. import catalogue, events, rules
from ..models import CaseEvent, Node
from .base import days_text

# Bootstrap colour of each node state, and the CSS class tests and styles find a node by.
BADGE = {
    rules.OVERDUE: "text-bg-danger",
    rules.DUE_SOON: "text-bg-warning",
    rules.NORMAL: "text-bg-success",
    rules.DONE: "text-bg-secondary",
    rules.WAITING: "text-bg-light border",
}
CSS = {
    rules.OVERDUE: "node-overdue",
    rules.DUE_SOON: "node-due-soon",
    rules.NORMAL: "node-normal",
    rules.DONE: "node-done",
    rules.WAITING: "node-waiting",
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
    state = rules.node_state(node.due_on, node.done_on, on, soon_days)
    late = (node.done_on - node.due_on).days if node.done_on and node.due_on else 0
    return NodeRow(
        node=node,
        state=state,
        label=rules.STATE_LABELS[state],
        badge=BADGE[state],
        css=CSS[state],
        days=days_text(node.due_on, on) if state not in (rules.DONE, rules.WAITING) else "",
        late_days=max(late, 0),
    )


EVENT_LABELS = {
    events.FILED: _("立案"),
    events.HANDLER_ASSIGNED: _("分配承办人"),
    events.PARTY_ADDED: _("增加当事人"),
    events.NODE_RECORDED: _("记录流程节点"),
    events.NODE_OVERDUE: _("节点超期"),
    events.PERIOD_EXCLUDED: _("开始扣除期限"),
    events.PERIOD_RESUMED: _("结束扣除期限"),
    events.EXTENDED: _("延长执行期限"),
    events.CLOSURE_REQUESTED: _("提请结案"),
    events.CLOSURE_REFUSED: _("不批准结案"),
    events.CLOSED: _("结案"),
    events.RESUMED: _("恢复执行"),
    events.IMPORTED: _("导入"),
    events.UPDATED: _("更新"),
}
FIELD_LABELS = {
    "case_number": _("案号"),
    "handler": _("承办人"),
    "node": _("节点"),
    "done_on": _("完成日期"),
    "due_on": _("期限"),
    "method": _("结案方式"),
    "closed_on": _("结案日期"),
    "kind": _("事由"),
    "start_on": _("起始日"),
    "end_on": _("终止日"),
    "months": _("月数"),
    "note": _("意见"),
    "reason": _("理由"),
    "resumed_as": _("恢复执行案号"),
    "role": _("诉讼地位"),
    "name": _("名称"),
}
ROLE_LABELS = {"applicant": _("申请执行人"), "debtor": _("被执行人")}


def _value(key: str, value) -> str:
    if key == "node":
        return catalogue.labels().get(value, value)
    if key == "method":
        return rules.CLOSURE_LABELS.get(value, value)
    if key == "kind":
        return rules.EXCLUDED_KIND_LABELS.get(value, value)
    if key == "role":
        return str(ROLE_LABELS.get(value, value))
    return str(value)


def describe_event(event: CaseEvent) -> dict:
    """The event's name and a one-line summary of its data. Kinds other apps add show their code
    until they register a label."""
    data = event.data if isinstance(event.data, dict) else {}
    parts = [f"{FIELD_LABELS.get(k, k)}：{_value(k, v)}" for k, v in data.items() if v not in ("", None)]
    return {
        "at": event.at,
        "label": EVENT_LABELS.get(event.kind, event.kind),
        "summary": "；".join(parts),
        "actor": str(event.actor) if event.actor_id else _("系统"),
    }
