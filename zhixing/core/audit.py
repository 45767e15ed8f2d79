"""The append-only, hash-chained audit log.

Every entry stores `prev_hash` (the hash of the entry before it) and its own `hash`, computed over its
content and `prev_hash`. Appends lock the single AuditHead row, so entries form one line even with many
writers. `verify_chain` recomputes every hash: an edited row, a deleted row in the middle, or deleted
rows at the end (the head then names an entry that is gone) all show as a break.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .bulk import Inserter
from .models import AuditEntry, AuditHead

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditRecord:
    """What an action wants logged; `obj` may be a model instance or None."""

    action: str
    obj: Any = None
    detail: dict | None = None
    actor: Any = None


def _digest(entry: AuditEntry | AuditRow) -> str:
    body = {
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "detail": entry.detail,
        "prev": entry.prev_hash,
    }
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class AuditRow:
    """An entry as appended (the database row carries the same values)."""

    at: Any
    actor_id: int | None
    action: str
    object_type: str
    object_id: str
    detail: Any
    prev_hash: str
    detail_json: str = ""
    hash: str = ""


def _entry(rec: AuditRecord, prev_hash: str, at) -> AuditRow:
    obj = rec.obj
    # Round-trip through JSON so the hash is computed over exactly what the database returns.
    detail_json = json.dumps(rec.detail or {}, ensure_ascii=False, default=str)
    entry = AuditRow(
        at=at,
        actor_id=getattr(rec.actor, "pk", None),
        action=rec.action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=json.loads(detail_json),
        prev_hash=prev_hash,
        detail_json=detail_json,
    )
    entry.hash = _digest(entry)
    return entry


def _locked_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditHead.objects.bulk_create(
            [AuditHead(pk=1, last_id=0, last_hash=GENESIS, count=0)], ignore_conflicts=True
        )
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


def append(action: str, obj: Any = None, detail: dict | None = None, actor: Any = None) -> AuditRow:
    """Append one entry. Call inside the action's transaction."""
    return append_many([AuditRecord(action, obj, detail, actor)])[0]


def append_many(records: Iterable[AuditRecord]) -> list[AuditRow]:
    """Append many entries with one lock of the head (an import writes one per case).

    The rows go in with one multi-row INSERT (core.bulk), not bulk_create: at 100,000 entries the
    per-instance work of the ORM cost more than hashing and writing them."""
    with transaction.atomic():
        head = _locked_head()
        at = timezone.now()
        prev = head.last_hash
        entries = []
        for rec in records:
            e = _entry(rec, prev, at)
            prev = e.hash
            entries.append(e)
        if not entries:
            return []
        at_db = AuditEntry._meta.get_field("at").get_db_prep_save(at, connection)
        if connection.vendor == "sqlite":  # SQLite stores JSON as the text we already have
            details = [e.detail_json for e in entries]
        else:
            prep = AuditEntry._meta.get_field("detail").get_db_prep_save
            details = [prep(e.detail, connection) for e in entries]
        Inserter(AuditEntry, _COLUMNS).insert(
            (at_db, e.actor_id, e.action, e.object_type, e.object_id, d, e.prev_hash, e.hash)
            for e, d in zip(entries, details, strict=True)
        )
        last = AuditEntry.objects.filter(hash=prev).values_list("id", flat=True).get()
        AuditHead.objects.filter(pk=1).update(last_id=last, last_hash=prev, count=head.count + len(entries))
        return entries


_COLUMNS = ["at", "actor", "action", "object_type", "object_id", "detail", "prev_hash", "hash"]


@dataclass
class ChainBreak:
    entry_id: int | None
    reason: str


def verify_chain(batch: int = 5000) -> Iterator[ChainBreak]:
    """Yield every break in the chain (empty when the log is intact)."""
    prev = GENESIS
    last_id = 0
    n = 0
    qs = AuditEntry.objects.order_by("id")
    start = 0
    while True:
        rows = list(qs.filter(id__gt=start)[:batch])
        if not rows:
            break
        for e in rows:
            n += 1
            if e.prev_hash != prev:
                yield ChainBreak(
                    e.id,
                    _("审计记录 #%(id)s 的前序哈希与上一条不符（其前有记录被删除或修改）") % {"id": e.id},
                )
            if _digest(e) != e.hash:
                yield ChainBreak(e.id, _("审计记录 #%(id)s 的内容与其哈希不符（记录被修改）") % {"id": e.id})
            prev = e.hash
            last_id = e.id
        start = rows[-1].id
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        if n:
            yield ChainBreak(None, _("审计链头缺失"))
        return
    if head.last_hash != prev or head.last_id != last_id or head.count != n:
        yield ChainBreak(
            head.last_id,
            _(
                "审计链头记载最后一条为 #%(head_last)s（共 %(head_count)s 条），"
                "实际为 #%(last)s（共 %(count)s 条）：末尾记录被删除或修改"
            )
            % {"head_last": head.last_id, "head_count": head.count, "last": last_id, "count": n},
        )
