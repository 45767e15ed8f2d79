"""The keyed audit chain (ARCHITECTURE §11): forgeries that recompute plain hashes or rewrite the head
are caught, a wrong key is reported, and a key rotation keeps older entries verifiable."""

from __future__ import annotations

import hashlib
import hmac
import json
import stat
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from zhixing.core import audit, auditkey
from zhixing.core.actors import CLI
from zhixing.core.models import AuditEntry, AuditHead

from .test_integrity_check import broken, check

# The actions these tests append, declared as the code's are (audit.append refuses others).
audit.declare("test.entry", "测试记录")
audit.declare("test.more", "测试记录")
audit.declare("test.after", "测试记录")

TABLE = AuditEntry._meta.db_table
KEY_A = "test-audit-key-A-" + "a" * 40
KEY_B = "test-audit-key-B-" + "b" * 40


def kid(key: str) -> str:
    return auditkey.key_id(key.encode())


@pytest.fixture
def keys(monkeypatch):
    """Set the audit keys for the test (before any entry is written): `keys.use(current, *retired)`."""

    def use(current: str, *retired: str) -> None:
        monkeypatch.setenv(auditkey.ENV, current)
        monkeypatch.setenv(auditkey.RETIRED_ENV, ",".join(retired))
        auditkey.reload()

    use(KEY_A)
    yield use
    monkeypatch.undo()
    auditkey.reload()


@pytest.fixture
def log(keys, courts):
    for i in range(4):
        audit.append("test.entry", None, {"n": i, "amount": "100.00"}, CLI)
    return list(AuditEntry.objects.order_by("id"))


def sql(statement: str, *params) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, params)


def plain_body(e: AuditEntry, with_key: bool) -> str:
    """The entry's hashed text as the source shows it (an attacker can read the source)."""
    body = {
        "at": e.at.isoformat(),
        "actor": e.actor_id,
        "action": e.action,
        "object_type": e.object_type,
        "object_id": e.object_id,
        "detail": e.detail,
        "prev": e.prev_hash,
    }
    if with_key:
        body["key"] = e.key_id
    if e.system_actor:  # the named system actor (系统·命令行 …) is hashed where there is one
        body["system_actor"] = e.system_actor
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def forge_from(target_id: int, detail: dict, sign, keep_key: bool = True) -> None:
    """Rewrite entry `target_id` and recompute every later hash and the head with `sign(text)`."""
    sql(f"UPDATE {TABLE} SET detail = %s WHERE id = %s", json.dumps(detail), target_id)
    if not keep_key:
        sql(f"UPDATE {TABLE} SET key_id = '' WHERE id >= %s", target_id)
    rows = list(AuditEntry.objects.order_by("id"))
    prev = audit.GENESIS
    for e in rows:
        if e.id >= target_id:
            e.prev_hash = prev
            e.hash = sign(plain_body(e, with_key=bool(e.key_id)))
            sql(f"UPDATE {TABLE} SET prev_hash = %s, hash = %s WHERE id = %s", e.prev_hash, e.hash, e.id)
        prev = e.hash
    AuditHead.objects.filter(pk=1).update(last_hash=prev, last_id=rows[-1].id, count=len(rows))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_entries_carry_the_key_id_and_an_hmac_not_the_key(log):
    assert "完整性检查通过" in check()[0]
    e = log[-1]
    assert e.key_id == kid(KEY_A) and KEY_A not in json.dumps(e.detail)
    assert e.hash == hmac.new(KEY_A.encode(), plain_body(e, True).encode(), hashlib.sha256).hexdigest()
    assert AuditHead.objects.get().key_id == kid(KEY_A)


def test_a_row_rewritten_with_recomputed_plain_hashes_is_caught(log):
    forge_from(log[2].id, {"n": 2, "amount": "1.00"}, sha256)
    err = broken()
    assert f"#{log[2].id}" in err and "被修改" in err


def test_a_row_rewritten_as_an_unkeyed_legacy_row_is_caught(log):
    forge_from(log[2].id, {"n": 2, "amount": "1.00"}, sha256, keep_key=False)
    err = broken()
    assert f"#{log[2].id}" in err and "旧式记录" in err


def test_the_last_rows_deleted_and_the_head_rewritten_to_match_is_caught(log):
    keep = log[:-2]
    sql(f"DELETE FROM {TABLE} WHERE id > %s", keep[-1].id)
    AuditHead.objects.filter(pk=1).update(last_id=keep[-1].id, last_hash=keep[-1].hash, count=len(keep))
    err = broken()
    assert "审计链头的签名不符" in err


def test_a_wrong_key_reports_the_entries_it_cannot_verify(log, keys):
    keys(KEY_B)
    err = broken()
    assert "无法验证" in err and kid(KEY_A) in err and f"#{log[0].id}" in err and f"#{log[-1].id}" in err
    with pytest.raises(audit.AuditKeyError, match="审计链最后以密钥"):
        audit.append("test.more", actor=CLI)  # a process with the wrong key does not fork the chain


def test_a_rotation_is_recorded_and_keeps_old_entries_verifiable(log, keys):
    keys(KEY_B, KEY_A)
    row = audit.append("test.after", None, {"n": 9}, CLI)
    rotation, after = AuditEntry.objects.order_by("-id")[:2][::-1]
    assert rotation.action == audit.ROTATE and rotation.detail == {"from": kid(KEY_A), "to": kid(KEY_B)}
    assert rotation.key_id == after.key_id == row.key_id == kid(KEY_B)
    assert rotation.prev_hash == log[-1].hash
    assert "完整性检查通过" in check()[0]
    keys(KEY_B)  # the retired key forgotten: the old entries can no longer be verified
    assert "无法验证" in broken()


def test_an_entry_under_a_retired_key_after_the_rotation_is_caught(log, keys):
    keys(KEY_B, KEY_A)
    audit.append("test.after", actor=CLI)
    # Someone holding the old key appends an entry signed with it, and a matching head.
    last = AuditEntry.objects.order_by("-id").first()
    forged = AuditEntry(at=last.at, action="test.forged", detail={}, prev_hash=last.hash, key_id=kid(KEY_A))
    forged.hash = hmac.new(KEY_A.encode(), plain_body(forged, True).encode(), hashlib.sha256).hexdigest()
    forged.save()
    count = AuditEntry.objects.count()
    text = f"audit-head|{count}|{forged.id}|{forged.hash}"
    mac = hmac.new(KEY_A.encode(), text.encode(), hashlib.sha256).hexdigest()
    AuditHead.objects.filter(pk=1).update(
        last_id=forged.id, last_hash=forged.hash, count=count, key_id=kid(KEY_A), mac=mac
    )
    err = broken()
    assert f"#{forged.id}" in err and "没有轮换审计密钥的记录" in err


def test_an_unkeyed_chain_from_before_the_upgrade_is_sealed_by_the_first_keyed_entry(log):
    to_legacy(log)
    # Its rows verify as before, but until a keyed entry seals them the unsigned head is reported.
    err = broken()
    assert "审计链头未签名" in err and "zhixing audit-key rotate" in err and "审计记录 #" not in err
    out = StringIO()
    call_command("audit_key", "rotate", stdout=out)
    assert f"→ {kid(KEY_A)}" in out.getvalue()
    rotation = AuditEntry.objects.get(action=audit.ROTATE)
    assert rotation.detail == {"from": "", "to": kid(KEY_A)} and rotation.id == log[-1].id + 1
    audit.append("test.after", actor=CLI)
    assert "完整性检查通过" in check()[0]
    # A legacy row rewritten with recomputed plain hashes now breaks the keyed entries after it.
    forge_from(log[1].id, {}, sha256)
    assert f"#{rotation.id}" in broken()


def test_every_row_and_the_head_rewritten_as_unkeyed_is_caught(log):
    forge_from(log[2].id, {"n": 2, "amount": "1.00"}, sha256, keep_key=False)
    to_legacy(log)
    assert "审计链头未签名" in broken()


def to_legacy(log) -> None:
    """Turn the log into what the version before the keyed chain wrote: plain SHA-256 hashes, no key
    ids, an unsigned head."""
    forge_from(log[0].id, AuditEntry.objects.get(pk=log[0].id).detail, sha256, keep_key=False)
    AuditHead.objects.filter(pk=1).update(key_id="", mac="")


def test_the_key_file_is_created_private_and_rotated_by_the_command(db, keys, monkeypatch, tmp_path):
    monkeypatch.delenv(auditkey.ENV)
    monkeypatch.setattr(settings, "DATA_DIR", tmp_path)  # undone by `keys` before it reloads the keys
    ring = auditkey.reload()
    path = tmp_path / "audit_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ring.current_id == kid(path.read_text().strip())
    audit.append("test.entry", None, {"n": 1}, CLI)
    out = StringIO()
    call_command("audit_key", "rotate", stdout=out)
    new = auditkey.keyring().current_id
    assert new != ring.current_id and (tmp_path / f"audit_key.{ring.current_id}").exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert f"{ring.current_id} → {new}" in out.getvalue()
    audit.append("test.entry", None, {"n": 2}, CLI)
    assert "完整性检查通过" in check()[0]
    assert [e.key_id for e in AuditEntry.objects.order_by("id")] == [ring.current_id, new, new]
