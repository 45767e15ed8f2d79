"""Reads of issued documents shared by the staff pages, the public verification page and checks."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from zhixing.cases.queries import visible_cases

from . import rules
from .models import Document


def documents_of(case) -> QuerySet[Document]:
    """A case's documents, newest version of each kind last."""
    return Document.objects.filter(case=case).select_related("issued_by").order_by("kind", "version")


def visible_document(user, pk: int) -> Document | None:
    """The document if `user` may see its case (zhixing.cases.queries.can_see), else None."""
    return (
        Document.objects.filter(pk=pk, case__in=visible_cases(user))
        .select_related("case", "case__court")
        .first()
    )


def by_code(text: str | None) -> Document | None:
    """The document a verification code (as typed) names, or None."""
    code = rules.normalize_code(text)
    if code is None:
        return None
    return Document.objects.filter(verification_code=code).select_related("case", "case__court").first()


@dataclass(frozen=True)
class PublicRecord:
    """What the public verification page may show. Deliberately no party names or ID numbers: the
    page is reachable by anyone holding the code (ARCHITECTURE §9)."""

    code: str
    kind: str
    title: str
    court: str
    case_number: str
    number: str
    version: int
    issued_on: str
    sha256: str
    superseded: bool

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "kind": self.kind,
            "court": self.court,
            "case_number": self.case_number,
            "issued_on": self.issued_on,
            "sha256": self.sha256,
        }


def public_record(doc: Document) -> PublicRecord:
    newer = Document.objects.filter(case_id=doc.case_id, kind=doc.kind, version__gt=doc.version).exists()
    return PublicRecord(
        code=doc.verification_code,
        kind=doc.kind,
        title=doc.title,
        court=doc.case.court.name,
        case_number=doc.case.case_number,
        number=doc.number,
        version=doc.version,
        issued_on=doc.issued_on.isoformat(),
        sha256=doc.sha256,
        superseded=newer,
    )


def file_sha256(doc: Document) -> str | None:
    """The fingerprint of the stored file as it is now, or None when the file is missing."""
    try:
        with doc.pdf.open("rb") as fh:
            h = hashlib.sha256()
            for chunk in iter(lambda: fh.read(1 << 16), b""):
                h.update(chunk)
            return h.hexdigest()
    except (FileNotFoundError, ValueError):
        return None


def broken_files(batch: int = 500) -> Iterator[tuple[Document, str | None]]:
    """Documents whose stored PDF is missing (None) or no longer matches the fingerprint recorded at
    issue (its present fingerprint)."""
    for doc in Document.objects.select_related("case").order_by("id").iterator(chunk_size=batch):
        actual = file_sha256(doc)
        if actual != doc.sha256:
            yield doc, actual


def can_issue(user, case) -> bool:
    """Whether the case page offers this user the issue buttons (permissions.may_issue_document)."""
    from .permissions import may_issue_document

    return may_issue_document(user, case)
