"""The append-only, keyed hash chain of the audit log (ARCHITECTURE §11).

Every entry stores `prev_hash` (the hash of the entry before it) and its own `hash`, an HMAC-SHA256 over
its content and `prev_hash` under a key kept outside the database (core.auditkey), with the id of that
key. Appends lock the single AuditHead row, so entries form one line even with many writers; the head
names the last entry and the count, with an HMAC over both. `verify_chain` recomputes every HMAC: an
edited row (even with every later hash recomputed: that needs the key), a deleted row in the middle, or
deleted rows at the end (the head then names an entry that is gone, or was rewritten without the key)
all show as a break.

Keys: an entry may change key only at an `audit.rotate_key` entry, signed by the new key, that names
the old one; append writes it by itself before the first entry under a new key. Entries made before
the chain was keyed have no key id and a plain SHA-256 `hash`: they are verified as before, and only
before the first keyed entry (which seals them, its HMAC covering the last one's hash). An unkeyed
entry after a keyed one is a forgery.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import auditkey
from .actors import KEY_ROTATION, is_system, require_actor
from .bulk import Inserter
from .models import AuditEntry, AuditHead

GENESIS = "0" * 64
ROTATE = "audit.rotate_key"
logger = logging.getLogger(__name__)

# --- Declared kinds (ARCHITECTURE §11) --------------------------------------------------------------
# Every audit action is declared once, with the Chinese label the administrator's log shows it by and
# the labels of its detail keys: core's own below, each app's in its `audit_kinds` module (imported in
# its AppConfig.ready, so core imports none of them). `append` refuses an undeclared action in
# development and tests (settings.DEBUG, or under pytest); tests/core/test_admin_chinese.py finds every
# action the code appends and fails on one not declared.


@dataclass(frozen=True)
class Kind:
    """An audit action: its label, the labels of its detail keys (a key not listed shows as is) and of
    the fields a detail of changes names ({"changed": {field: {"old": …, "new": …}}})."""

    code: str
    label: str | Promise
    details: Mapping[str, str | Promise] = field(default_factory=dict)
    fields: Mapping[str, str | Promise] = field(default_factory=dict)


KINDS: dict[str, Kind] = {}


class UndeclaredKind(ValueError):
    """An audit action appended without being declared (audit.declare)."""


def declare(
    code: str,
    label: str | Promise,
    details: Mapping[str, str | Promise] | None = None,
    fields: Mapping[str, str | Promise] | None = None,
) -> str:
    """Declare an audit action once, with its Chinese label, `details` {key: label} and the `fields`
    {name: label} a detail of changes may name. Returns the code. Declaring it again alike is harmless
    (a module imported twice); declaring it otherwise is an error."""
    kind = Kind(code, label, dict(details or {}), dict(fields or {}))
    have = KINDS.get(code)
    if have is not None and _shown(have) != _shown(kind):
        raise ValueError(f"audit action {code!r} is declared twice, differently")
    KINDS[code] = kind
    return code


def _shown(kind: Kind) -> tuple:
    return (
        str(kind.label),
        {k: str(v) for k, v in kind.details.items()},
        {k: str(v) for k, v in kind.fields.items()},
    )


def label(action: str) -> str:
    """The Chinese name of an audit action (its code when it is not declared)."""
    kind = KINDS.get(action)
    return str(kind.label) if kind else action


def detail_label(action: str, key: str) -> str:
    """The Chinese name of a detail key of `action` (the key itself when not declared)."""
    kind = KINDS.get(action)
    return str(kind.details.get(key, key)) if kind else key


def changes(before: Mapping[str, Any], after: Mapping[str, Any], always: Iterable[str] = ()) -> dict:
    """What an update changed, for its audit details: {field: {"old": …, "new": …}} for each field of
    `after` whose value differs from `before`'s (a field missing from `before` was empty), and for the
    fields named in `always` even when unchanged. Never pass a full identity code (identity.mask_for_record)."""
    keep = set(always)
    return {k: {"old": before.get(k), "new": v} for k, v in after.items() if k in keep or before.get(k) != v}


def _strict() -> bool:
    return bool(getattr(settings, "ZHIXING_AUDIT_STRICT", settings.DEBUG or "pytest" in sys.modules))


def _check_declared(records: Iterable[AuditRecord]) -> None:
    for rec in records:
        require_actor(rec.actor)  # no entry by no one (issue 8 item 2)
        if rec.action not in KINDS:
            message = (
                f"audit action {rec.action!r} is not declared: declare it with zhixing.core.audit.declare "
                "in the app's audit_kinds module"
            )
            if _strict():
                raise UndeclaredKind(message)
            logger.warning(message)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if value is None:
        return _("（空）")
    return json.dumps(value, ensure_ascii=False, default=str)


def _is_change(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"old", "new"}


def _read(value: Any, fields: Mapping[str, str | Promise] | None = None) -> str:
    """A detail's value as text: an update's {"old": …, "new": …} as 由“old”改为“new”, a map of such
    changes by field (an import's) and a list of records carrying old and new (an assessment's
    edits) one change after the other."""
    if _is_change(value):
        return _("由“%(old)s”改为“%(new)s”") % {"old": _text(value["old"]), "new": _text(value["new"])}
    if isinstance(value, dict) and value and all(_is_change(v) for v in value.values()):
        return "；".join(f"{(fields or {}).get(k, k)} {_read(v)}" for k, v in value.items())
    if (
        isinstance(value, list)
        and value
        and all(isinstance(v, dict) and {"old", "new"} <= set(v) for v in value)
    ):
        return "；".join(
            " ".join(
                [
                    *(_text(x) for k, x in v.items() if k not in ("old", "new")),
                    _read({"old": v["old"], "new": v["new"]}),
                ]
            )
            for v in value
        )
    return _text(value)


def describe(action: str, detail: Any) -> list[tuple[str, str]]:
    """An entry's details as (label, text) pairs, in the order stored, labelled as the action
    declares them; an update's {"old": …, "new": …} reads 由“old”改为“new”."""
    if not isinstance(detail, dict):
        return [("", _text(detail))]
    fields = KINDS[action].fields if action in KINDS else {}
    return [(detail_label(action, key), _read(value, fields)) for key, value in detail.items()]


ROTATE = declare(
    ROTATE, gettext_lazy("轮换审计密钥"), {"from": gettext_lazy("原密钥"), "to": gettext_lazy("新密钥")}
)
_DATE, _YEAR, _SOURCE = gettext_lazy("日期"), gettext_lazy("年份"), gettext_lazy("来源")
_HOLIDAY = {
    "date": _DATE,
    "kind": gettext_lazy("类型"),
    "name": gettext_lazy("名称"),
}
declare("calendar.set_holiday", gettext_lazy("设置节假日"), _HOLIDAY)
declare("calendar.remove_holiday", gettext_lazy("删除节假日"), _HOLIDAY)
declare(
    "calendar.add_year",
    gettext_lazy("确认年度日历完整"),
    {"year": _YEAR, "source": _SOURCE, "new": gettext_lazy("新增")},
)
declare(
    "calendar.declare_year",
    gettext_lazy("录入年度节假日安排"),
    {
        "year": _YEAR,
        "source": _SOURCE,
        "festivals": gettext_lazy("节日安排"),
        "replaced_rows": gettext_lazy("替换的日历行数"),
    },
)
declare("calendar.remove_year", gettext_lazy("撤销年度日历确认"), {"year": _YEAR, "source": _SOURCE})
_SETTING = {
    "key": gettext_lazy("规则键"),
    "value": gettext_lazy("取值"),
    "description": gettext_lazy("说明"),
    "effective_from": gettext_lazy("生效日期"),
    "court": gettext_lazy("法院"),
}
declare("rulesetting.set", gettext_lazy("设置规则参数"), _SETTING)
declare("rulesetting.remove", gettext_lazy("删除规则参数"), _SETTING)


@dataclass(frozen=True)
class AuditRecord:
    """What an action wants logged; `obj` may be a model instance or None. `actor` is a user or a named
    system actor: None is refused when the record is appended."""

    action: str
    obj: Any = None
    detail: dict | None = None
    actor: Any = None


def _body(entry: AuditEntry | AuditRow) -> str:
    body = {
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "detail": entry.detail,
        "prev": entry.prev_hash,
    }
    if entry.key_id:  # entries made before the chain was keyed hashed no key id
        body["key"] = entry.key_id
    if entry.system_actor:  # entries of users, and those from before it was kept, hash none
        body["system_actor"] = entry.system_actor
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _digest(entry: AuditEntry | AuditRow, ring: auditkey.Keyring) -> str | None:
    """The hash `entry` should carry: its HMAC under the key it names, or a plain SHA-256 for an entry
    from before the chain was keyed; None when the entry names a key that is not configured."""
    if not entry.key_id:
        return hashlib.sha256(_body(entry).encode()).hexdigest()
    return ring.sign(entry.key_id, _body(entry))


def _head_text(count: int, last_id: int, last_hash: str) -> str:
    return f"audit-head|{count}|{last_id}|{last_hash}"


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
    key_id: str = ""
    system_actor: str = ""
    detail_json: str = ""
    hash: str = ""


def _entry(rec: AuditRecord, prev_hash: str, at, ring: auditkey.Keyring) -> AuditRow:
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
        key_id=ring.current_id,
        system_actor=str(rec.actor)[:40] if is_system(rec.actor) else "",
        detail_json=detail_json,
    )
    entry.hash = ring.sign(ring.current_id, _body(entry)) or ""
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


class AuditKeyError(RuntimeError):
    """The configured audit key is not the one the chain was last signed with, nor does it know that
    one as retired: appending would fork the chain onto a key no rotation vouches for."""


def _keyring_for(head: AuditHead) -> auditkey.Keyring:
    ring = auditkey.keyring()
    if head.count and head.key_id != ring.current_id:
        ring = auditkey.reload()  # another process may have rotated the key file
    if head.count and head.key_id and head.key_id not in ring.keys:
        raise AuditKeyError(
            _(
                "审计链最后以密钥 %(chain)s 签名，而当前配置的审计密钥是 %(current)s，且未配置密钥 "
                "%(chain)s 为已停用密钥：请配置原密钥（ZHIXING_AUDIT_KEY 或数据目录中的 audit_key），"
                "或按 README“Audit log”轮换密钥"
            )
            % {"chain": head.key_id, "current": ring.current_id}
        )
    return ring


def append_many(records: Iterable[AuditRecord]) -> list[AuditRow]:
    """Append many entries with one lock of the head (an import writes one per case).

    The rows go in with one multi-row INSERT (core.bulk), not bulk_create: at 100,000 entries the
    per-instance work of the ORM cost more than hashing and writing them."""
    records = list(records)
    if not records:
        return []
    return _append(records)[1]


def record_rotation() -> AuditRow | None:
    """Write the `audit.rotate_key` entry now if the configured key is not the chain's (after a
    rotation, or once after upgrading from the unkeyed chain); None when there is nothing to record."""
    return _append([])[0]


def _append(records: list[AuditRecord]) -> tuple[AuditRow | None, list[AuditRow]]:
    _check_declared(records)
    with transaction.atomic():
        head = _locked_head()
        ring = _keyring_for(head)
        at = timezone.now()
        prev = head.last_hash
        if head.count and head.key_id != ring.current_id:
            # A new key (or the first key after the unkeyed chain): its first entry says so.
            rotate = AuditRecord(ROTATE, None, {"from": head.key_id, "to": ring.current_id}, KEY_ROTATION)
            records = [rotate, *records]
            rotation = True
        else:
            rotation = False
        entries = []
        for rec in records:
            e = _entry(rec, prev, at, ring)
            prev = e.hash
            entries.append(e)
        if not entries:
            return None, []
        at_db = AuditEntry._meta.get_field("at").get_db_prep_save(at, connection)
        if connection.vendor == "sqlite":  # SQLite stores JSON as the text we already have
            details = [e.detail_json for e in entries]
        else:
            prep = AuditEntry._meta.get_field("detail").get_db_prep_save
            details = [prep(e.detail, connection) for e in entries]
        Inserter(AuditEntry, _COLUMNS).insert(
            (
                at_db,
                e.actor_id,
                e.system_actor,
                e.action,
                e.object_type,
                e.object_id,
                d,
                e.prev_hash,
                e.hash,
                e.key_id,
            )
            for e, d in zip(entries, details, strict=True)
        )
        last = AuditEntry.objects.filter(hash=prev).values_list("id", flat=True).get()
        count = head.count + len(entries)
        AuditHead.objects.filter(pk=1).update(
            last_id=last,
            last_hash=prev,
            count=count,
            key_id=ring.current_id,
            mac=ring.sign(ring.current_id, _head_text(count, last, prev)),
        )
        if rotation:
            return entries[0], entries[1:]
        return None, entries


_COLUMNS = [
    "at",
    "actor",
    "system_actor",
    "action",
    "object_type",
    "object_id",
    "detail",
    "prev_hash",
    "hash",
    "key_id",
]


@dataclass
class ChainBreak:
    entry_id: int | None
    reason: str


def verify_chain(batch: int = 5000) -> Iterator[ChainBreak]:
    """Yield every break in the chain (empty when the log is intact), and the entries that cannot be
    verified because their key is not configured (a wrong or missing key is a failure too)."""
    ring = auditkey.reload()
    prev = GENESIS
    last_id = 0
    n = 0
    chain_key: str | None = None  # the key of the entry before ("" for an unkeyed one)
    keyed = False
    unknown: dict[str, list[int]] = {}  # key id -> [count, first id, last id]
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
            if not e.key_id and keyed:
                yield ChainBreak(
                    e.id,
                    _("审计记录 #%(id)s 是未签名的旧式记录，却位于已签名的记录之后（记录被伪造）")
                    % {"id": e.id},
                )
            elif e.key_id and chain_key is not None and e.key_id != chain_key and not _rotates(e, chain_key):
                yield ChainBreak(
                    e.id,
                    _("审计记录 #%(id)s 改用密钥 %(key)s 签名，其前没有轮换审计密钥的记录（记录被伪造）")
                    % {"id": e.id, "key": e.key_id},
                )
            expected = _digest(e, ring)
            if expected is None:
                seen = unknown.setdefault(e.key_id, [0, e.id, e.id])
                seen[0] += 1
                seen[2] = e.id
            elif not hmac.compare_digest(expected, e.hash):
                yield ChainBreak(e.id, _("审计记录 #%(id)s 的内容与其哈希不符（记录被修改）") % {"id": e.id})
            keyed = keyed or bool(e.key_id)
            chain_key = e.key_id
            prev = e.hash
            last_id = e.id
        start = rows[-1].id
    for kid, (count, first, last) in unknown.items():
        yield ChainBreak(
            first,
            _(
                "审计记录 #%(first)s 至 #%(last)s 中有 %(count)s 条由密钥 %(key)s 签名，未配置该密钥，"
                "无法验证（当前密钥为 %(current)s；请检查 ZHIXING_AUDIT_KEY 与已停用的审计密钥）"
            )
            % {"first": first, "last": last, "count": count, "key": kid, "current": ring.current_id},
        )
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        if n:
            yield ChainBreak(None, _("审计链头缺失"))
        return
    if n or head.key_id:
        mac = ring.sign(head.key_id, _head_text(head.count, head.last_id, head.last_hash))
        if not head.key_id:
            # Never accepted: otherwise rewriting every row as unkeyed, head included, would pass.
            yield ChainBreak(
                None,
                _(
                    "审计链头未签名：升级前的旧式记录尚未封存，或链头与记录被改写为旧式哈希。"
                    "如属前者，请执行 zhixing audit-key rotate 封存"
                ),
            )
        elif mac is None:
            yield ChainBreak(
                None,
                _("审计链头由密钥 %(key)s 签名，未配置该密钥，无法验证") % {"key": head.key_id},
            )
        elif not hmac.compare_digest(mac, head.mac):
            yield ChainBreak(None, _("审计链头的签名不符（链头被改写，末尾记录可能被删除）"))
    if head.last_hash != prev or head.last_id != last_id or head.count != n:
        yield ChainBreak(
            head.last_id,
            _(
                "审计链头记载最后一条为 #%(head_last)s（共 %(head_count)s 条），"
                "实际为 #%(last)s（共 %(count)s 条）：末尾记录被删除或修改"
            )
            % {"head_last": head.last_id, "head_count": head.count, "last": last_id, "count": n},
        )


def _rotates(entry: AuditEntry, from_key: str) -> bool:
    """Whether `entry` is the rotation from `from_key` to the key it is signed with."""
    detail = entry.detail if isinstance(entry.detail, dict) else {}
    return entry.action == ROTATE and detail.get("from") == from_key and detail.get("to") == entry.key_id
