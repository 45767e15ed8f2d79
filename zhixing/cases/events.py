"""Case events: the seam later capabilities listen to, and how each kind reads to a person.

Every action appends a CaseEvent row in its transaction and, once the transaction commits, sends the
`case_event` signal with the event. Funds, inquiry, credit and supervision connect receivers here
instead of being called by `cases` (which knows nothing of them).

Each kind is declared once in KINDS (ARCHITECTURE §11): its Chinese label and, for each key of its
data, the label and how the value reads (a node's name instead of its code, a user's name instead of
the username, 是/否 for booleans). Other apps declare their kinds with `declare` (documents:
zhixing/documents/events.py). `describe` turns events into what the case page and the API show;
the stored data keep their raw keys and codes for machines.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhixing.core.actors import is_system, require_actor
from zhixing.core.bulk import Inserter

from . import rules
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
DEADLINE_RECOUNTED = "deadline_recounted"
UPDATED = "updated"

# --- How values read --------------------------------------------------------------------------------
# A reader is made for one batch of events from every value it will be asked for (so a reader that
# looks names up does it in one query), and returns the function that turns one value into text.
Reader = Callable[[set], Callable[[Any], str]]
READERS: dict[str, Reader] = {}

TEXT, DATE, USER, NODE, CLOSURE, PERIOD_KIND, ROLE, YUAN, COURT, CHANGES = (
    "text", "date", "user", "node", "closure", "period_kind", "role", "yuan", "court", "changes",
)  # fmt: skip


def reader(name: str) -> Callable[[Reader], Reader]:
    """Register how values of a kind read (`@events.reader("document_kind")` in another app)."""

    def register(make: Reader) -> Reader:
        READERS[name] = make
        return make

    return register


def plain(value: Any) -> str:
    """Any value as a person reads it: booleans as 是/否, dates as YYYY-MM-DD, lists joined."""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else (value.strftime("%Y-%m-%d %H:%M"))
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, list | tuple):
        return "、".join(plain(v) for v in value)
    if value is None:
        return ""
    return str(value)


@reader(TEXT)
def _text(values: set) -> Callable[[Any], str]:
    return plain


@reader(DATE)
def _date(values: set) -> Callable[[Any], str]:
    def read(value: Any) -> str:
        if isinstance(value, str):
            try:
                return plain(
                    dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
                )
            except ValueError:
                return value
        return plain(value)

    return read


@reader(YUAN)
def _yuan(values: set) -> Callable[[Any], str]:
    def read(value: Any) -> str:
        try:
            return plain(Decimal(str(value)))
        except ArithmeticError:
            return plain(value)

    return read


def _labels(table: Mapping[str, Any]) -> Reader:
    def make(values: set) -> Callable[[Any], str]:
        return lambda value: str(table.get(value, plain(value)))

    return make


READERS[CLOSURE] = _labels(rules.CLOSURE_LABELS)
READERS[PERIOD_KIND] = _labels(rules.EXCLUDED_KIND_LABELS)
READERS[ROLE] = _labels({"applicant": gettext_lazy("申请执行人"), "debtor": gettext_lazy("被执行人")})


@reader(NODE)
def _node(values: set) -> Callable[[Any], str]:
    from . import catalogue

    names = catalogue.labels()
    return lambda value: names.get(value, plain(value))


@reader(USER)
def _user(values: set) -> Callable[[Any], str]:
    """A user stored by username (or id) reads as the person's name."""
    from zhixing.courts.models import User

    names: dict[Any, str] = {}
    usernames = {v for v in values if isinstance(v, str) and not v.isdigit()}
    ids = {int(v) for v in values if isinstance(v, int) or (isinstance(v, str) and v.isdigit())}
    if usernames:
        for username, full in User.objects.filter(username__in=usernames).values_list(
            "username", "full_name"
        ):
            names[username] = full or username
    if ids:
        for pk, username, full in User.objects.filter(pk__in=ids).values_list("pk", "username", "full_name"):
            names[pk] = names[str(pk)] = full or username
    return lambda value: names.get(value, plain(value))


@reader(COURT)
def _court(values: set) -> Callable[[Any], str]:
    """A court stored by id or code reads as its name."""
    from zhixing.courts.models import Court

    ids = {int(v) for v in values if isinstance(v, int) or (isinstance(v, str) and v.isdigit())}
    codes = {v for v in values if isinstance(v, str) and not v.isdigit()}
    names: dict[Any, str] = {}
    for pk, name in Court.objects.filter(pk__in=ids).values_list("pk", "name"):
        names[pk] = names[str(pk)] = name
    for code, name in Court.objects.filter(code__in=codes).values_list("code", "name"):
        names[code] = name
    return lambda value: names.get(value, plain(value))


# --- Declared kinds ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Detail:
    """One key of an event's data: its label, and the reader its value goes through. `fields` labels
    the keys of a value that maps field names to [old, new] (an update's changes)."""

    label: str | Promise
    reads: str = TEXT
    fields: Mapping[str, Detail] = field(default_factory=dict)


@dataclass(frozen=True)
class Kind:
    """A case-event kind: its label and its data keys. Keys not listed are for machines (a document's
    id or hash) and are not shown."""

    label: str | Promise
    details: Mapping[str, Detail] = field(default_factory=dict)


KINDS: dict[str, Kind] = {}


def declare(code: str, label: str | Promise, **details: Detail | str | Promise) -> str:
    """Declare a case-event kind once; a detail given as a bare label reads as text. Returns the code."""
    if code in KINDS:
        raise ValueError(f"case event kind {code!r} is declared twice")
    KINDS[code] = Kind(label, {k: d if isinstance(d, Detail) else Detail(d) for k, d in details.items()})
    return code


CASE_NUMBER = Detail(gettext_lazy("案号"))
NODE_DETAIL = Detail(gettext_lazy("节点"), NODE)
METHOD = Detail(gettext_lazy("结案方式"), CLOSURE)
CLOSED_ON = Detail(gettext_lazy("结案日期"), DATE)
PERIOD_REASON = Detail(gettext_lazy("事由"), PERIOD_KIND)
SOURCE_FILE = Detail(gettext_lazy("导入文件"))
SOURCE_ROW = Detail(gettext_lazy("行号"))
# The fields an import may change on a case (zhixing.cases.actions.importing._sheet_fields).
CASE_FIELDS = {
    "court_id": Detail(gettext_lazy("法院"), COURT),
    "filed_on": Detail(gettext_lazy("立案日期"), DATE),
    "basis_number": Detail(gettext_lazy("执行依据文号")),
    "cause": Detail(gettext_lazy("案由")),
    "applied_amount": Detail(gettext_lazy("申请执行标的"), YUAN),
    "realized_amount": Detail(gettext_lazy("执行到位金额"), YUAN),
    "closed_on": CLOSED_ON,
    "closure_method": METHOD,
    "extension_months": Detail(gettext_lazy("延长月数")),
    "excluded_days": Detail(gettext_lazy("扣除天数")),
    "handler_name": Detail(gettext_lazy("承办人")),
    "handler_id": Detail(gettext_lazy("承办人账号"), USER),
    "parties": Detail(gettext_lazy("当事人")),
}

declare(FILED, gettext_lazy("立案"), case_number=CASE_NUMBER)
declare(
    HANDLER_ASSIGNED,
    gettext_lazy("分配承办人"),
    handler=Detail(gettext_lazy("承办人"), USER),
    previous=Detail(gettext_lazy("原承办人"), USER),
)
declare(
    PARTY_ADDED,
    gettext_lazy("增加当事人"),
    role=Detail(gettext_lazy("诉讼地位"), ROLE),
    name=Detail(gettext_lazy("名称")),
)
declare(
    NODE_RECORDED,
    gettext_lazy("记录流程节点"),
    node=NODE_DETAIL,
    done_on=Detail(gettext_lazy("完成日期"), DATE),
)
declare(NODE_OVERDUE, gettext_lazy("节点超期"), node=NODE_DETAIL, due_on=Detail(gettext_lazy("期限"), DATE))
declare(
    PERIOD_EXCLUDED,
    gettext_lazy("开始扣除期限"),
    reason=PERIOD_REASON,
    start_on=Detail(gettext_lazy("起始日"), DATE),
)
declare(
    PERIOD_RESUMED,
    gettext_lazy("结束扣除期限"),
    reason=PERIOD_REASON,
    end_on=Detail(gettext_lazy("终止日"), DATE),
)
declare(EXTENDED, gettext_lazy("延长执行期限"), months=Detail(gettext_lazy("延长月数")))
declare(CLOSURE_REQUESTED, gettext_lazy("提请结案"), method=METHOD, closed_on=CLOSED_ON)
declare(CLOSURE_REFUSED, gettext_lazy("不批准结案"), method=METHOD, note=Detail(gettext_lazy("意见")))
declare(CLOSED, gettext_lazy("结案"), method=METHOD, closed_on=CLOSED_ON)
declare(
    RESUMED,
    gettext_lazy("恢复执行"),
    resumed_as=Detail(gettext_lazy("恢复执行案号")),
    reason=Detail(gettext_lazy("理由")),
)
declare(IMPORTED, gettext_lazy("导入"), file=SOURCE_FILE, row=SOURCE_ROW)
declare(
    DEADLINE_RECOUNTED,
    gettext_lazy("按年度日历重算期限"),
    node=NODE_DETAIL,
    changed=Detail(gettext_lazy("变更"), CHANGES, {"due_on": Detail(gettext_lazy("期限"), DATE)}),
    year=Detail(gettext_lazy("年度日历")),
)
declare(
    UPDATED,
    gettext_lazy("导入更新"),
    file=SOURCE_FILE,
    row=SOURCE_ROW,
    changed=Detail(gettext_lazy("变更"), CHANGES, CASE_FIELDS),
)


# --- Reading events ---------------------------------------------------------------------------------


@dataclass
class Described:
    """An event as a person reads it: `parts` are (label, text) pairs, `summary` joins them."""

    event: CaseEvent
    label: str
    parts: list[tuple[str, str]]
    actor: str

    @property
    def at(self) -> dt.datetime:
        return self.event.at

    @property
    def kind(self) -> str:
        return self.event.kind

    @property
    def summary(self) -> str:
        return "；".join(f"{label}：{text}" for label, text in self.parts)


def _pairs(kind: Kind | None, data: Any):
    """(key, detail, value) of the shown keys of one event's data, in declared order."""
    if kind is None or not isinstance(data, dict):
        return
    for key, detail in kind.details.items():
        value = data.get(key)
        if value not in ("", None, [], {}):
            yield key, detail, value


def _wanted(detail: Detail, value: Any, wanted: dict[str, set]) -> None:
    if detail.reads == CHANGES:
        if isinstance(value, dict):
            for name, change in value.items():
                sub = detail.fields.get(name)
                if sub is not None and isinstance(change, list):
                    for v in change:
                        _wanted(sub, v, wanted)
        return
    try:
        wanted[detail.reads].add(value)
    except TypeError:  # unhashable (a list): read as it comes
        wanted[detail.reads]


def _read(detail: Detail, value: Any, read: dict[str, Callable[[Any], str]]) -> str:
    if detail.reads == CHANGES:
        if not isinstance(value, dict):
            return plain(value)
        out = []
        for name, change in value.items():
            sub = detail.fields.get(name)
            if sub is None:
                continue  # a field for machines
            old, new = (change + [None, None])[:2] if isinstance(change, list) else (None, change)
            old, new = (_read(sub, v, read) or _("（空）") for v in (old, new))
            out.append(_("%(field)s 由“%(old)s”改为“%(new)s”") % {"field": sub.label, "old": old, "new": new})
        return "，".join(out)
    if value in ("", None, "None"):  # an update's changes hold str(None) for an empty field
        return ""
    return read.get(detail.reads, plain)(value)


def describe(events: Iterable[CaseEvent]) -> list[Described]:
    """Events as the case page and the API show them: the kind's label, each shown key's label and
    readable value, and the actor's name (系统 for the platform). Lookups are one query per reader."""
    events = list(events)
    wanted: dict[str, set] = defaultdict(set)
    for e in events:
        for _key, detail, value in _pairs(KINDS.get(e.kind), e.data):
            _wanted(detail, value, wanted)
    read = {name: READERS.get(name, _text)(values) for name, values in wanted.items()}
    out = []
    for e in events:
        kind = KINDS.get(e.kind)
        parts = [(str(d.label), _read(d, v, read)) for _k, d, v in _pairs(kind, e.data)]
        out.append(
            Described(
                event=e,
                label=str(kind.label) if kind else _("其他事件"),
                parts=[(label, text) for label, text in parts if text],
                actor=str(e.actor) if e.actor_id else (e.system_actor or _("系统")),
            )
        )
    return out


def actor_fields(actor: Any) -> dict[str, Any]:
    """The event's actor columns for a user or a named system actor; None is refused (issue 8 item 2)."""
    require_actor(actor)
    if is_system(actor):
        return {"actor_id": None, "system_actor": str(actor)[:40]}
    return {"actor_id": actor.pk, "system_actor": ""}


def emit(case: Case, kind: str, actor: Any, /, **data) -> CaseEvent:
    # Positional-only, so that a detail may itself be called `kind` (measures' events name the
    # measure's or the obstruction's kind).
    event = CaseEvent.objects.create(
        case=case, kind=kind, at=timezone.now(), data=data, **actor_fields(actor)
    )
    transaction.on_commit(lambda: case_event.send(sender=Case, event=event))
    return event


def emit_many(events: list[CaseEvent]) -> None:
    """For bulk actions (imports): write the rows in one pass, signal each after commit (the instances
    carry no id: receivers get case, kind, time and data)."""
    _write([(e.case_id, e.kind, e.at, e.actor_id, e.system_actor, e.data) for e in events])
    announce(events)


_COLUMNS = ["case", "kind", "at", "actor", "system_actor", "data"]


def insert_many(rows: list[tuple]) -> None:
    """Events given as tuples (case id, kind, at, actor id, system actor, data), for the writers of tens
    of thousands of events (a statement import) that would spend longer building CaseEvent instances
    than writing the rows. Receivers of `case_event` are still signalled after commit."""
    _write(rows)
    if rows and case_event.receivers:
        announce(
            [
                CaseEvent(case_id=r[0], kind=r[1], at=r[2], actor_id=r[3], system_actor=r[4], data=r[5])
                for r in rows
            ]
        )


def _write(rows: list[tuple]) -> None:
    if not rows:
        return
    if any(not (row[3] or row[4]) for row in rows):
        raise TypeError(_("事件必须指明执行人：用户或具名的系统执行者"))
    prep_at = CaseEvent.at.field.get_db_prep_save
    times: dict[Any, Any] = {}  # a bulk writer's events share a handful of times; prepare each once
    for row in rows:
        if row[2] not in times:
            times[row[2]] = prep_at(row[2], connection)
    dumps = json.dumps  # the JSONField's own encoding (no custom encoder), as text for any backend
    Inserter(CaseEvent, _COLUMNS).insert(
        (case, kind, times[at], actor, system, dumps(data)) for case, kind, at, actor, system, data in rows
    )


def announce(events: list[CaseEvent]) -> None:
    """Signal events written in bulk, once the transaction commits. Bulk writers skip building the
    instances when nobody listens (case_event.receivers), which is most of a scan's cost."""
    if events and case_event.receivers:
        transaction.on_commit(lambda: [case_event.send(sender=Case, event=e) for e in events])
