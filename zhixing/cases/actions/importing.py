"""Importing history (案件导入): the bulk write behind `zhixing import-cases`.

The rows come checked from `zhixing.cases.importing` (shared/formats/case-import.md). Everything is
written in one transaction: courts the file introduces (--create-courts), cases, parties, the process
nodes of pending cases, one `imported` case event and one audit entry naming the file per case. A case
number already in the platform is compared field by field: unchanged rows are not written at all (no
event, no audit entry); changed rows are updated with an `updated` event and an audit entry listing
what changed.

New cases, parties and nodes go in with plain multi-row INSERTs (`executemany`): building a model
instance and compiling each field per row is most of the cost of `bulk_create`, and an import writes
several hundred thousand rows.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.core import audit
from zhixing.core.bulk import Inserter, chunks
from zhixing.core.identity import mask_for_record
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as court_rules
from zhixing.courts.models import Court

from .. import events, permissions
from ..models import Basis, Case, CaseEvent, Node, Party, SerialCounter
from .closing import closing_reason
from .common import ActionError, today
from .nodes import anchor_date, cancel_open_nodes, due_for

if TYPE_CHECKING:  # the checking side builds on these actions, so its names are imported lazily
    from ..importing.planning import Planner
    from ..importing.rows import CaseRow, NewCourt

BATCH = 2000
CHUNK = 900  # `IN (…)` lists stay under SQLite's variable limit
_LEVEL_ORDER = {
    court_rules.SUPREME: 0,
    court_rules.HIGH: 1,
    court_rules.INTERMEDIATE: 2,
    court_rules.BASIC: 3,
}


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    courts_created: list[str] = field(default_factory=list)


CASE_COLUMNS = [
    "case_number", "legacy_number", "year", "court", "type_code", "serial", "filed_on", "cause",
    "is_livelihood", "is_migrant_wage", "non_litigation", "basis", "applied_amount", "realized_amount",
    "handler", "handler_name", "handler_assigned_on", "status", "closed_on", "closure_method",
    "extension_months", "excluded_days", "statutory_due_on", "imported_from",
]  # fmt: skip
PARTY_COLUMNS = ["case", "role", "position", "kind", "name", "id_number", "id_kind", "birth_date"]
NODE_COLUMNS = ["case", "kind", "sequence", "due_on", "due_provisional", "done_on"]


def create_courts(new_courts: Iterable[NewCourt], actor) -> dict[str, Court]:
    """Courts the file names that the platform does not know (--create-courts): the code comes from
    the case number, the level from the code's shape (rules §1.2). Each hangs under the nearest court
    above it by its code that the platform knows (courts.actions.create_court), so higher courts are
    made first, whatever the order of the rows: a court the same file brings can be the parent. A
    province whose high court is neither in the platform nor in the file gets it too, named from the
    province's code (rules §1.2.1: 冀 → 河北省高级人民法院), so that no imported court stands outside
    its province. A court the file brings above courts already in the platform that were hung higher
    up for want of it (冀06 when 冀0602 hangs under 冀) takes them under it (create_court)."""
    wanted = {nc.code: (nc.name, nc.level) for nc in new_courts}
    provinces = {p for code in wanted if (p := court_rules.province_of(code)) is not None} - set(wanted)
    for province in sorted(
        provinces - set(Court.objects.filter(code__in=provinces).values_list("code", flat=True))
    ):
        wanted[province] = (court_rules.high_court_name(province), court_rules.HIGH)
    made: dict[str, Court] = {}
    for code, (name, _level) in sorted(wanted.items(), key=lambda c: (_LEVEL_ORDER.get(c[1][1], 9), c[0])):
        made[code] = court_actions.create_court(code, name, actor=actor)
    return made


def bases(numbers: set[str]) -> dict[str, int]:
    """The id of each enforcement basis by its number, created when new. History may hold two
    first-enforcement cases on one basis: the refusal of filing (rules §1.4) is not applied to it."""
    found: dict[str, int] = {}
    wanted = sorted(n for n in numbers if n)
    for part in chunks(wanted, CHUNK):
        found.update(Basis.objects.filter(number__in=part).values_list("number", "id"))
    new = [(n,) for n in wanted if n not in found]
    if new:
        Inserter(Basis, ["number"]).insert(new)
        for part in chunks([n for (n,) in new], CHUNK):
            found.update(Basis.objects.filter(number__in=part).values_list("number", "id"))
    return found


def raise_serials(rows: list[CaseRow], court_of: Callable[[CaseRow], Court]) -> None:
    """rules §1.1.4: filing continues after the highest imported serial of each court, type and year,
    so a case filed in the platform never takes a number the history already used."""
    top: dict[tuple[int, str, int], int] = {}
    for row in rows:
        if row.serial is not None:
            key = (court_of(row).pk, row.type_code, row.year)
            if row.serial > top.get(key, 0):
                top[key] = row.serial
    if not top:
        return
    have = {
        (c.court_id, c.type_code, c.year): c
        for c in SerialCounter.objects.filter(court_id__in={k[0] for k in top}, year__in={k[2] for k in top})
    }
    SerialCounter.objects.bulk_create(
        [
            SerialCounter(court_id=k[0], type_code=k[1], year=k[2], last=v)
            for k, v in top.items()
            if k not in have
        ],
        batch_size=500,
    )
    raised = [c for k, c in have.items() if k in top and c.last < top[k]]
    for c in raised:
        c.last = top[(c.court_id, c.type_code, c.year)]
    SerialCounter.objects.bulk_update(raised, ["last"], batch_size=500)


def _audited(data: dict) -> dict:
    """An event's data as its audit details: an update's [old, new] pairs as {"old": …, "new": …}."""
    changed = data.get("changed")
    if not isinstance(changed, dict):
        return data
    return {**data, "changed": {k: {"old": old, "new": new} for k, (old, new) in changed.items()}}


class Writer:
    """The event and audit trail shared by new and updated cases, and the insert of new cases."""

    def __init__(self, source: str, actor, planner: Planner) -> None:
        self.source = source[-200:]
        self.actor = actor  # a user, or the named system actor 系统·导入 (its name goes into the audit entry)
        self.planner = planner
        self.result = ImportResult()
        self._event_fields = [f.attname for f in CaseEvent._meta.concrete_fields]

    def trail(self, entries: list[tuple[int, str, str, str, dict]]) -> None:
        """(case id, case number, event kind, audit action, detail) → one event and one audit entry each."""
        now = timezone.now()
        who = events.actor_fields(self.actor)
        order = self._event_fields
        made = []
        # Positional: Django's fast constructor (django-stubs would read *row as the id alone).
        event: Callable[..., CaseEvent] = CaseEvent
        for case_id, _number, kind, _action, data in entries:
            values = {"case_id": case_id, "kind": kind, "at": now, "data": data, **who}
            made.append(event(*[values.get(a) for a in order]))
        events.emit_many(made)
        audit.append_many(
            audit.AuditRecord(action, _Ref(case_id), {"case": number, **_audited(data)}, self.actor)
            for case_id, number, _kind, action, data in entries
        )

    def create(self, rows: Sequence[CaseRow], court_of, basis_ids: dict[str, int]) -> None:
        planner, today_source = self.planner, self.source
        values = []
        for r in rows:
            court = court_of(r)
            livelihood, wage = planner.flags(r.cause, court, r.filed_on)
            values.append(
                (
                    r.case_number, r.legacy, r.year, court.pk, r.type_code, r.serial, r.filed_on, r.cause,
                    livelihood, wage, False, basis_ids.get(r.basis_number), r.applied_amount,
                    r.realized_amount, r.handler_id, r.handler_name, r.filed_on if r.handler_name else None,
                    Case.CLOSED if r.closed_on else Case.PENDING, r.closed_on, r.closure_method,
                    r.extension_months, r.excluded_days,
                    planner.statutory_due_on(court, r.filed_on, r.extension_months, r.excluded_days),
                    today_source,
                )
            )  # fmt: skip
        Inserter(Case, CASE_COLUMNS).insert(values)
        ids: dict[str, int] = {}
        for part in chunks([r.case_number for r in rows], CHUNK):
            ids.update(Case.objects.filter(case_number__in=part).values_list("case_number", "id"))
        parties, nodes = [], []
        for r in rows:
            pk = ids[r.case_number]
            parties += [(pk, *p) for p in r.parties]
            if r.closed_on is None:
                assigned = r.filed_on if r.handler_name else None
                for kind, due, done in planner.plan(r.type_code, court_of(r), r.filed_on, assigned):
                    nodes.append((pk, kind.pk, 0, due and due.on, bool(due and due.provisional), done))
        Inserter(Party, PARTY_COLUMNS).insert(parties)
        Inserter(Node, NODE_COLUMNS).insert(nodes)
        self.trail(
            [
                (
                    ids[r.case_number],
                    r.case_number,
                    events.IMPORTED,
                    "case.import",
                    {"file": self.source, "row": r.row},
                )
                for r in rows
            ]
        )
        self.result.created += [r.case_number for r in rows]

    # --- --update: compare field by field, write only what changed ---------------------------------

    def update(self, rows: Sequence[CaseRow], existing: dict[str, Case], court_of, basis_ids) -> None:
        cases = [existing[r.case_number] for r in rows]
        ids = [c.pk for c in cases]
        old_parties: dict[int, list[Party]] = {pk: [] for pk in ids}
        for p in Party.objects.filter(case_id__in=ids).order_by("case_id", "role", "position", "id"):
            old_parties[p.case_id].append(p)
        basis_numbers = dict(
            Case.objects.filter(pk__in=ids, basis__isnull=False).values_list("pk", "basis__number")
        )
        changed: list[tuple[Case, CaseRow, dict]] = []
        for case, row in zip(cases, rows, strict=True):
            mine = sorted(old_parties[case.pk], key=lambda p: (p.role != Party.APPLICANT, p.position))
            before = _sheet_fields(
                case, basis_numbers.get(case.pk, ""), [(p.role, p.name, p.id_number) for p in mine]
            )
            was = (case.status, case.filed_on, case.handler_assigned_on)
            _apply(case, row, court_of(row), basis_ids.get(row.basis_number))
            after = _sheet_fields(
                case, row.basis_number, [(p.role, p.name, p.id_number) for p in row.parties]
            )
            diff = {k: [str(v), str(after[k])] for k, v in before.items() if v != after[k]}
            if not diff:
                self.result.unchanged.append(case.case_number)
                continue
            if "parties" in diff:
                was_names, now_names = _names(before["parties"]), _names(after["parties"])
                if was_names == now_names:  # only a code changed, in the part its mask hides
                    now_names = _("%(names)s（证件号码有更正）") % {"names": now_names}
                diff["parties"] = [was_names, now_names]
                _replace_parties(case, mine, row)
            court = court_of(row)
            case.is_livelihood, case.is_migrant_wage = self.planner.flags(case.cause, court, case.filed_on)
            case.statutory_due_on = self.planner.statutory_due_on(
                court, case.filed_on, case.extension_months, case.excluded_days
            )
            case.imported_from = self.source
            self._renew_nodes(case, was)
            changed.append((case, row, diff))
        Case.objects.bulk_update([c for c, _r, _d in changed], UPDATED_FIELDS, batch_size=500)
        self.trail(
            [
                (
                    c.pk,
                    c.case_number,
                    events.UPDATED,
                    "case.import_update",
                    {"file": self.source, "row": r.row, "changed": d},
                )
                for c, r, d in changed
            ]
        )
        self.result.updated += [c.case_number for c, _r, _d in changed]

    def _renew_nodes(self, case: Case, was: tuple) -> None:
        """A case the file closes has its open nodes cancelled, as closing does. A pending case whose
        filing date or handler changed gets the deadlines of its open nodes counted again."""
        status, filed_on, assigned_on = was
        if case.status == Case.CLOSED:
            if status == Case.PENDING:
                cancel_open_nodes(case, case.closed_on or today(), closing_reason(case.closure_method))
            return
        if (filed_on, assigned_on) == (case.filed_on, case.handler_assigned_on):
            return
        nodes = list(case.nodes.select_related("kind"))
        if not nodes:
            plan = self.planner.plan(case.type_code, case.court, case.filed_on, case.handler_assigned_on)
            Node.objects.bulk_create(
                [
                    Node(
                        case=case,
                        kind=k,
                        due_on=due and due.on,
                        due_provisional=bool(due and due.provisional),
                        done_on=done,
                    )
                    for k, due, done in plan
                ]
            )
            return
        if case.handler_assigned_on is not None:
            for n in nodes:
                if n.kind.code == "assign_handler" and n.done_on is None:
                    n.done_on = case.handler_assigned_on
        done = {n.kind.code: n.done_on for n in nodes if n.done_on}
        for n in nodes:
            if n.done_on is None:
                due = due_for(n.kind, anchor_date(n.kind, case, done), case)
                n.due_on, n.due_provisional = (due.on, due.provisional) if due else (None, False)
        Node.objects.bulk_update(nodes, ["due_on", "due_provisional", "done_on"])


UPDATED_FIELDS = [
    "court", "filed_on", "basis", "cause", "applied_amount", "realized_amount", "closed_on", "closure_method",
    "status", "extension_months", "excluded_days", "handler", "handler_name", "handler_assigned_on",
    "is_livelihood", "is_migrant_wage", "statutory_due_on", "imported_from",
]  # fmt: skip


def _apply(case: Case, row: CaseRow, court: Court, basis_id: int | None) -> None:
    """Set on an existing case the fields the sheet carries. The handler link is kept when the sheet
    names the same handler without matching a user of the court (a platform case's handler may sit in
    another court); the assignment date is kept while there is a handler, else the filing date."""
    case.court = court
    case.filed_on = row.filed_on
    case.basis_id = basis_id
    case.cause = row.cause
    case.applied_amount = row.applied_amount
    case.realized_amount = row.realized_amount
    case.closed_on = row.closed_on
    case.closure_method = row.closure_method
    case.status = Case.CLOSED if row.closed_on else Case.PENDING
    case.extension_months = row.extension_months
    case.excluded_days = row.excluded_days
    if row.handler_id is not None or row.handler_name != case.handler_name:
        case.handler_id = row.handler_id
    if not row.handler_name:
        case.handler_assigned_on = None
    elif case.handler_assigned_on is None or not case.handler_name:
        case.handler_assigned_on = row.filed_on
    case.handler_name = row.handler_name


def _sheet_fields(case: Case, basis_number: str, parties: list[tuple[str, str, str]]) -> dict[str, Any]:
    """What the sheet says of a case, to compare a row with the platform's record."""
    return {
        "court_id": case.court_id,
        "filed_on": case.filed_on,
        "basis_number": basis_number,
        "cause": case.cause,
        "applied_amount": case.applied_amount,
        "realized_amount": case.realized_amount,
        "closed_on": case.closed_on,
        "closure_method": case.closure_method,
        "extension_months": case.extension_months,
        "excluded_days": case.excluded_days,
        "handler_name": case.handler_name,
        "handler_id": case.handler_id,
        "parties": parties,
    }


def _names(parties: list[tuple[str, str, str]]) -> str:
    """The parties as the change record shows them: names with masked codes (events and audit details
    are read by every viewer of the case and kept forever; they never hold a full identity code)."""
    return "；".join(f"{name}（{mask_for_record(code)}）" if code else name for _role, name, code in parties)


def _replace_parties(case: Case, old: list[Party], row: CaseRow) -> None:
    """Parties are updated in place by side and position (later records may point at them); extra old
    parties are removed and extra new ones added."""
    slots = {(p.role, p.position): p for p in old}
    for new in row.parties:
        cur = slots.pop((new.role, new.position), None)
        if cur is None:
            Party.objects.create(case=case, **new._asdict())
        elif (cur.name, cur.id_number) != (new.name, new.id_number):
            cur.name, cur.id_number, cur.id_kind, cur.kind, cur.birth_date = (
                new.name, new.id_number, new.id_kind, new.kind, new.birth_date,
            )  # fmt: skip
            cur.save(update_fields=["name", "id_number", "id_kind", "kind", "birth_date"])
    if slots:
        Party.objects.filter(pk__in=[p.pk for p in slots.values()]).delete()


class _Ref:
    """Stands for a case in an audit record: the log needs only its type and id."""

    class _meta:  # noqa: N801 - mimics a model's _meta for audit._entry
        label_lower = Case._meta.label_lower

    def __init__(self, pk: int) -> None:
        self.pk = pk


@transaction.atomic
def import_cases(
    rows: list[CaseRow],
    *,
    source: str,
    new_courts: dict[str, NewCourt] | None = None,
    update: bool = False,
    actor,
    progress: Callable[[int], None] | None = None,
    planner: Planner | None = None,
) -> ImportResult:
    """Write the checked rows of one import file; `source` names the file in every audit entry.

    Raises ActionError (nothing written) when a case number is already in the platform and `update` is
    not set: the file was checked before, so someone has filed that number in the meantime.
    """
    wanted = {r.court_code for r in rows if r.court_id is None}
    made = create_courts([c for c in (new_courts or {}).values() if c.code in wanted], actor)
    courts = {c.pk: c for c in Court.objects.filter(pk__in={r.court_id for r in rows if r.court_id})}

    def court_of(row: CaseRow) -> Court:
        return courts[row.court_id] if row.court_id is not None else made[row.court_code]

    for court in {court_of(r).pk: court_of(r) for r in rows}.values():
        permissions.check_import(actor, court)
    existing: dict[str, Case] = {}
    for part in chunks([r.case_number for r in rows], CHUNK):
        existing.update((c.case_number, c) for c in Case.objects.filter(case_number__in=part))
    if existing and not update:
        raise ActionError(
            _("以下案号已存在于平台中：%(numbers)s") % {"numbers": "、".join(sorted(existing)[:10])}
        )
    if planner is None:
        from ..importing.planning import Planner

        planner = Planner()
    writer = Writer(source, actor, planner)
    writer.result.courts_created = sorted(made)
    with _large_cache():
        _write_all(writer, rows, existing, court_of, progress)
    raise_serials(rows, court_of)
    return writer.result


@contextlib.contextmanager
def _large_cache(kib: int = 512 * 1024):
    """SQLite keeps 2 MB of pages by default; an import inserts into a dozen indexes (case numbers,
    party names, audit hashes) in no useful order, and once they outgrow the cache every insert reads
    pages back. A larger cache for the length of the import keeps them in memory."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _write_all(writer: Writer, rows: list[CaseRow], existing: dict[str, Case], court_of, progress) -> None:
    basis_ids = bases({r.basis_number for r in rows})
    new_rows = [r for r in rows if r.case_number not in existing]
    for part in chunks(new_rows, BATCH):
        writer.create(part, court_of, basis_ids)
        if progress:
            progress(len(part))
    old_rows = [r for r in rows if r.case_number in existing]
    for part in chunks(old_rows, BATCH):
        writer.update(part, existing, court_of, basis_ids)
        if progress:
            progress(len(part))
