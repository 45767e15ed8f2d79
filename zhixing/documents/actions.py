"""Issuing legal documents (ARCHITECTURE §2: the one write path for documents)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from zhixing.cases import events
from zhixing.cases.actions import ActionError, record_node
from zhixing.cases.actions.common import setting, today
from zhixing.cases.models import Case
from zhixing.core import audit

from . import permissions, rendering, rules
from .events import DOCUMENT_ISSUED
from .models import Document

_rng = secrets.SystemRandom()


def document_kind(code: str) -> rules.DocumentKind:
    try:
        return rules.KINDS[code]
    except KeyError:
        raise ActionError(_("未知的文书种类：%(code)s") % {"code": code})


def issue_blockers(case: Case, issued_on: dt.date, kind: rules.DocumentKind | None = None) -> list[str]:
    """Why a document may not be issued on this case on `issued_on` (empty when it may)."""
    problems = []
    if case.is_closed and not (kind and kind.after_closing):
        problems.append(_("案件已结案，不能再签发法律文书"))
    problems += rules.issue_date_problems(issued_on, case.filed_on, today())
    return problems


def check_issuer(case: Case, actor) -> None:
    permissions.check_issue_document(actor, case)


def _unused_code() -> str:
    while True:
        code = rules.new_code(_rng)
        if not Document.objects.filter(verification_code=code).exists():
            return code


def _draft(case: Case, kind: rules.DocumentKind, issued_on: dt.date) -> rendering.Draft:
    last = Document.objects.filter(case=case, kind=kind.code).aggregate(v=Max("version"))["v"] or 0
    version = last + 1
    return rendering.Draft(
        kind=kind,
        number=rules.document_number(case.case_number, kind, version),
        verification_code=_unused_code(),
        issued_on=issued_on,
        version=version,
    )


def _render(case: Case, draft: rendering.Draft, actor) -> bytes:
    ctx = rendering.document_context(
        case,
        draft,
        actor,
        perform_days=int(setting(rules.SETTING_PERFORM_DAYS, case.court, draft.issued_on)),
        report_days=int(setting(rules.SETTING_REPORT_DAYS, case.court, draft.issued_on)),
    )
    return rendering.render_pdf(draft.kind, ctx)


def issue_document(case: Case, kind: str, *, actor, on: dt.date | None = None, attempts: int = 3) -> Document:
    """Issue a document of `kind` on `case`, dated `on` (default today): render the PDF, store it with
    its SHA-256 fingerprint and a fresh verification code, record the process node the document
    completes (rules §3.2: execution notice, property-report order; only the first time — a re-issue is
    a new version of the document, not a second node), and log a case event and an audit entry.

    The PDF is rendered before the transaction opens, because rendering takes about a second and a
    write transaction holds SQLite's only write lock; if another issue of the same kind took this
    version number meanwhile, the draft is rendered again with the next one.
    """
    spec = document_kind(kind)
    on = on or today()
    check_issuer(case, actor)
    problems = issue_blockers(case, on, spec)
    if problems:
        raise ActionError(problems)
    for _attempt in range(attempts):
        draft = _draft(case, spec, on)
        pdf = _render(case, draft, actor)
        doc = _store(case, spec, draft, pdf, actor)
        if doc is not None:
            return doc
    raise ActionError(_("同时有其他人在签发同一文书，请稍后重试"))


@transaction.atomic
def _store(
    case: Case, spec: rules.DocumentKind, draft: rendering.Draft, pdf: bytes, actor
) -> Document | None:
    case = Case.objects.select_for_update().get(pk=case.pk)
    # Checked again under the lock: the case may have been closed or reassigned while rendering.
    check_issuer(case, actor)
    problems = issue_blockers(case, draft.issued_on, spec)
    if problems:
        raise ActionError(problems)
    taken = Document.objects.filter(case=case, kind=spec.code, version=draft.version).exists()
    if taken or Document.objects.filter(verification_code=draft.verification_code).exists():
        return None
    sha = hashlib.sha256(pdf).hexdigest()
    doc = Document(
        case=case,
        kind=spec.code,
        version=draft.version,
        number=draft.number,
        issued_on=draft.issued_on,
        issued_by=actor if getattr(actor, "pk", None) else None,
        sha256=sha,
        verification_code=draft.verification_code,
    )
    doc.pdf.save(f"{spec.code}-v{draft.version}-{sha[:12]}.pdf", ContentFile(pdf), save=False)
    try:
        doc.save()
        if spec.node:
            node_done = case.nodes.filter(kind__code=spec.node, done_on__isnull=False).exists()
            node_open = case.nodes.filter(
                kind__code=spec.node, done_on__isnull=True, cancelled_on__isnull=True
            ).exists()
            if node_open or not node_done:
                record_node(case, spec.node, draft.issued_on, actor=actor, note=doc.number, checked=True)
        events.emit(
            case,
            DOCUMENT_ISSUED,
            actor,
            document=doc.pk,
            document_kind=spec.code,
            number=doc.number,
            version=doc.version,
            issued_on=doc.issued_on.isoformat(),
            sha256=sha,
        )
        audit.append(
            "document.issue",
            doc,
            {
                "case": case.case_number,
                "kind": spec.code,
                "number": doc.number,
                "version": doc.version,
                "issued_on": doc.issued_on,
                "sha256": sha,
            },
            actor,
        )
    except BaseException:
        # The row is rolled back with the transaction; the file would stay behind without this.
        doc.pdf.storage.delete(doc.pdf.name)
        raise
    return doc


@transaction.atomic
def record_read(document: Document, actor) -> None:
    """The PDF carries the parties' personal data, so every staff download is on the audit log."""
    audit.append(
        "document.read",
        document,
        {"case": document.case.case_number, "number": document.number},
        actor,
    )
