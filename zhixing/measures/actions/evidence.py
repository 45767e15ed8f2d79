"""Field evidence (photos, body-camera files, recordings, scans): stored once under
$ZHIXING_DATA_DIR/evidence/ by their SHA-256 fingerprint with the time and the officer, in the case
file. There is no edit and no delete: a wrong file is superseded by another with a reason, and both
stay; `zhixing check` proves every file still has its fingerprint."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import Case
from zhixing.core import audit

from .. import events, evidence_store, permissions, rules
from ..models import Evidence, FieldRecord, Operation

# A phone's clock may run a little ahead of the server's; a time further ahead is a wrong time.
CLOCK_SKEW = dt.timedelta(minutes=10)


def _check(
    case: Case,
    data: bytes,
    kind: str,
    title: str,
    content_type: str,
    taken_at: dt.datetime,
    operation: Operation | None,
    record: FieldRecord | None,
) -> None:
    problems = list(evidence_store.problems(data, content_type))
    if kind not in dict(rules.EVIDENCE_KINDS):
        problems.append(_("未知的证据类别"))
    if not title.strip():
        problems.append(_("须写明证据说明"))
    if taken_at > timezone.now() + CLOCK_SKEW:
        problems.append(_("拍摄或形成时间不能晚于现在"))
    if operation is not None and not operation.targets.filter(case=case).exists():
        problems.append(_("案件 %(n)s 不在本次行动中") % {"n": case.case_number})
    if record is not None and (
        record.case_id != case.pk or record.operation_id != getattr(operation, "pk", None)
    ):
        problems.append(_("现场记录不属于本案本次行动"))
    if problems:
        raise ActionError(problems)


def _store(case: Case, data: bytes, content_type: str) -> tuple[str, str]:
    """Write the file (or find it written) and refuse the same bytes twice: each file is one piece of
    evidence, named by its fingerprint."""
    sha = rules.fingerprint(data)
    rel = evidence_store.relative_path(sha, content_type)
    same = Evidence.objects.filter(path=rel).select_related("case").first()
    if same is not None:
        raise ActionError(
            _("同一文件已作为证据上传（%(n)s，%(title)s）")
            % {"n": same.case.case_number, "title": same.title}
        )
    # Written before the row commits: if the transaction rolls back the file stays unreferenced, and
    # the same bytes uploaded again find it in place (written once, never overwritten).
    return evidence_store.store(data, content_type)


def _create(
    case: Case,
    data: bytes,
    actor: Any,
    kind: str,
    title: str,
    original_name: str,
    content_type: str,
    taken_at: dt.datetime,
    operation: Operation | None,
    record: FieldRecord | None,
) -> Evidence:
    _check(case, data, kind, title, content_type, taken_at, operation, record)
    rel, sha = _store(case, data, content_type)
    evidence = Evidence.objects.create(
        case=case,
        operation=operation,
        record=record,
        kind=kind,
        title=title.strip()[:200],
        original_name=original_name.strip()[:200] or rel.rsplit("/", 1)[-1],
        path=rel,
        sha256=sha,
        size=len(data),
        content_type=content_type,
        taken_at=taken_at,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    case_events.emit(case, events.EVIDENCE_ADDED, actor, title=evidence.title, sha256=sha[:12])
    audit.append(
        "measures.evidence", evidence, {"case": case.case_number, "sha256": sha, "size": len(data)}, actor
    )
    return evidence


@transaction.atomic
def add_evidence(
    case: Case,
    data: bytes,
    *,
    actor: Any,
    kind: str,
    title: str,
    original_name: str,
    content_type: str,
    taken_at: dt.datetime,
    operation: Operation | None = None,
    record: FieldRecord | None = None,
) -> Evidence:
    """File a photo or a recording in the case: from the field by a member of the operation (during it
    or after it, when the body cameras are unloaded), otherwise by whoever handles the case's measures."""
    if operation is not None:
        operation = Operation.objects.select_related("court").get(pk=operation.pk)
    permissions.check_add_evidence(actor, case, operation)
    return _create(case, data, actor, kind, title, original_name, content_type, taken_at, operation, record)


@transaction.atomic
def supersede_evidence(
    old: Evidence,
    data: bytes,
    *,
    actor: Any,
    reason: str,
    title: str,
    original_name: str,
    content_type: str,
    taken_at: dt.datetime,
) -> Evidence:
    """Replace a wrong file with another, saying why: the old row and its file stay, pointing at the new
    one; the referral bundle and the pages show the current one."""
    old = Evidence.objects.select_for_update(of=("self",)).select_related("case", "operation").get(pk=old.pk)
    permissions.check_add_evidence(actor, old.case, old.operation)
    if old.superseded_by_id is not None:
        raise ActionError(_("该证据已被替代，请替代最新的证据"))
    if not reason.strip():
        raise ActionError(_("替代证据须说明理由"))
    new = _create(
        old.case,
        data,
        actor,
        old.kind,
        title,
        original_name,
        content_type,
        taken_at,
        old.operation,
        old.record,
    )
    old.superseded_by, old.supersede_reason = new, reason.strip()[:200]
    old.save(update_fields=["superseded_by", "supersede_reason"])
    case_events.emit(
        old.case, events.EVIDENCE_SUPERSEDED, actor, title=old.title, reason=old.supersede_reason
    )
    audit.append(
        "measures.supersede",
        new,
        {"case": old.case.case_number, "old": old.sha256, "reason": old.supersede_reason},
        actor,
    )
    return new


def open_evidence(evidence: Evidence, *, actor: Any) -> bytes:
    """The file's bytes for a reader of the case's measures, refused when they no longer match the
    fingerprint (the file was changed on disk: `zhixing check` reports it too)."""
    evidence = Evidence.objects.select_related("case").get(pk=evidence.pk)
    permissions.check_read_measures(actor, evidence.case)
    try:
        data = evidence_store.read(evidence.path)
    except FileNotFoundError as err:
        raise ActionError(_("证据文件不存在")) from err
    if len(data) != evidence.size or rules.fingerprint(data) != evidence.sha256:
        raise ActionError(_("证据文件已被改动（SHA-256 不符）"))
    return data


__all__ = ["add_evidence", "open_evidence", "supersede_evidence"]
