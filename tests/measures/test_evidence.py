"""Field evidence: files under $ZHIXING_DATA_DIR/evidence/ with their SHA-256, time and officer; a file
whose bytes change afterwards makes `zhixing check` fail; nothing is deleted, a wrong file is
superseded with a reason and both stay."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import models
from django.utils import timezone

from tests.measures.ops_world import plan, underway
from zhixing.cases.actions.common import ActionError
from zhixing.core import checks
from zhixing.core.models import AuditEntry
from zhixing.measures import actions, events
from zhixing.measures.models import Evidence

CHECK = "证据文件指纹"


def photo(tag: str) -> bytes:
    # Bytes of their own per test: the data folder lives for the whole session.
    return b"\xff\xd8\xff\xe0JFIF" + tag.encode() + os.urandom(16) + b"\xff\xd9"


def upload(op, case, cast, data, who=None, **kw):
    args = dict(
        kind="photo",
        title="现场照片：被执行人住所",
        original_name="IMG_0001.jpg",
        content_type="image/jpeg",
        taken_at=timezone.now(),
        operation=op,
    )
    args.update(kw)
    return actions.add_evidence(case, data, actor=who or cast.officer, **args)


def file_of(evidence: Evidence) -> Path:
    return Path(settings.DATA_DIR) / "evidence" / evidence.path


def test_stored_under_the_data_folder_with_fingerprint(courts, cast, person_case, clock):
    op = underway(courts, cast, person_case, clock.today)
    data = photo("stored")
    ev = upload(op, person_case, cast, data, who=cast.officer2)
    full = file_of(ev)
    assert full.is_file() and full.read_bytes() == data
    assert full.resolve().is_relative_to((Path(settings.DATA_DIR) / "evidence").resolve())
    assert ev.sha256 == hashlib.sha256(data).hexdigest() and ev.size == len(data)
    assert ev.uploaded_by == cast.officer2 and ev.operation == op
    assert not os.stat(full).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)  # read-only
    event = person_case.events.get(kind=events.EVIDENCE_ADDED)
    assert event.data == {"title": ev.title, "sha256": ev.sha256[:12]}
    assert AuditEntry.objects.get(action="measures.evidence").detail["sha256"] == ev.sha256
    assert actions.open_evidence(ev, actor=cast.judge) == data
    assert list(checks.run(CHECK)) == []


def test_changed_bytes_fail_zhixing_check(courts, cast, person_case, clock):
    op = underway(courts, cast, person_case, clock.today)
    ev = upload(op, person_case, cast, photo("tamper"))
    full = file_of(ev)
    full.chmod(0o644)
    full.write_bytes(full.read_bytes()[:-1] + b"\x00")
    problems = list(checks.run(CHECK))
    assert len(problems) == 1 and f"#{ev.pk}" in problems[0] and "SHA-256" in problems[0]
    err = io.StringIO()
    with pytest.raises(CommandError, match="完整性检查未通过"):
        call_command("integrity_check", stdout=io.StringIO(), stderr=err)
    assert "证据文件指纹" in err.getvalue()
    with pytest.raises(ActionError, match="已被改动"):
        actions.open_evidence(ev, actor=cast.officer)
    full.unlink()
    assert "不存在" in list(checks.run(CHECK))[0]


def test_delete_refused(courts, cast, person_case, clock):
    op = underway(courts, cast, person_case, clock.today)
    ev = upload(op, person_case, cast, photo("delete"))
    with pytest.raises(models.ProtectedError):
        ev.delete()
    with pytest.raises(models.ProtectedError):
        Evidence.objects.filter(pk=ev.pk).delete()
    assert Evidence.objects.filter(pk=ev.pk).exists() and file_of(ev).is_file()


def test_superseded_keeps_both(courts, cast, person_case, clock):
    op = underway(courts, cast, person_case, clock.today)
    old = upload(op, person_case, cast, photo("old"))
    with pytest.raises(ActionError, match="理由"):
        actions.supersede_evidence(
            old,
            photo("x"),
            actor=cast.officer,
            reason=" ",
            title="t",
            original_name="a.jpg",
            content_type="image/jpeg",
            taken_at=timezone.now(),
        )
    new = actions.supersede_evidence(
        old,
        photo("new"),
        actor=cast.officer,
        reason="原照片拍错房间",
        title="现场照片（更正）",
        original_name="IMG_0002.jpg",
        content_type="image/jpeg",
        taken_at=timezone.now(),
    )
    old.refresh_from_db()
    assert old.superseded_by == new and old.supersede_reason == "原照片拍错房间"
    assert new.operation == op and new.kind == old.kind
    assert file_of(old).is_file() and file_of(new).is_file()
    assert Evidence.objects.filter(case=person_case).count() == 2
    assert person_case.events.filter(kind=events.EVIDENCE_SUPERSEDED).count() == 1
    assert list(checks.run(CHECK)) == []
    with pytest.raises(ActionError, match="最新"):
        actions.supersede_evidence(
            old,
            photo("again"),
            actor=cast.officer,
            reason="再次",
            title="t",
            original_name="a.jpg",
            content_type="image/jpeg",
            taken_at=timezone.now(),
        )


def test_who_may_upload(courts, cast, person_case, clock):
    op = plan(courts, cast, person_case, clock.today)
    with pytest.raises(ActionError, match="尚未开始"):
        upload(op, person_case, cast, photo("early"))
    actions.start_operation(op, actor=cast.officer)
    with pytest.raises(ActionError, match="队员"):
        upload(op, person_case, cast, photo("judge"), who=cast.judge)
    actions.close_operation(op, actor=cast.officer)
    # Body cameras are unloaded back at the court, after the operation closed.
    upload(
        op, person_case, cast, photo("after"), kind="video", content_type="video/mp4", original_name="CAM.mp4"
    )
    # Outside an operation: whoever handles the case's measures.
    actions.add_evidence(
        person_case,
        photo("office"),
        actor=cast.judge,
        kind="scan",
        title="扫描件",
        original_name="scan.pdf",
        content_type="application/pdf",
        taken_at=timezone.now(),
    )
    with pytest.raises(PermissionDenied):
        actions.open_evidence(Evidence.objects.first(), actor=cast.outsider)


def test_bad_files_refused(courts, cast, person_case, clock):
    op = underway(courts, cast, person_case, clock.today)
    with pytest.raises(ActionError, match="为空"):
        upload(op, person_case, cast, b"")
    with pytest.raises(ActionError, match="不支持"):
        upload(op, person_case, cast, b"MZ...", content_type="application/x-msdownload")
    with pytest.raises(ActionError, match="晚于现在"):
        upload(op, person_case, cast, photo("future"), taken_at=timezone.now() + dt.timedelta(hours=2))
    data = photo("twice")
    upload(op, person_case, cast, data)
    with pytest.raises(ActionError, match="同一文件"):
        upload(op, person_case, cast, data)
    assert Evidence.objects.count() == 1


def test_evidence_of_a_field_record(courts, cast, person_case, unit_case, clock):
    op = underway(
        courts,
        cast,
        person_case,
        clock.today,
        targets=[{"case": person_case, "place": "甲地"}, {"case": unit_case, "place": "乙地"}],
    )
    rec = actions.check_in(op, actor=cast.officer, case=person_case)
    ev = upload(op, person_case, cast, photo("record"), record=rec)
    assert rec.evidence.get() == ev
    with pytest.raises(ActionError, match="不属于本案本次行动"):
        upload(op, unit_case, cast, photo("other"), record=rec)
