"""The credit app's documents (the 失信 decision, the 限制消费令, the performance certificate) are issued
through zhixing.documents like every other document of the case. Their particulars — which debtor,
which ground, the term, the bound persons — are this app's, handed to the document's context for the
length of one issue through a context variable that the extra registered from CreditConfig.ready()
reads (documents cannot import credit; zhixing/inquiry/rulings.py does the same)."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from zhixing.documents.actions import issue_document
from zhixing.documents.models import Document
from zhixing.documents.rules import (  # noqa: F401 - body_date: the callers write documents.body_date
    DISHONEST_DECISION,
    PERFORMANCE_CERTIFICATE,
    RESTRICTION_ORDER,
    body_date,
)

KINDS = (DISHONEST_DECISION, RESTRICTION_ORDER, PERFORMANCE_CERTIFICATE)
_particulars: ContextVar[dict[str, Any] | None] = ContextVar("credit_document", default=None)


def context(case: Any, kind: str) -> dict:
    """documents.rendering's context extra: the particulars of the credit document being issued. The
    addressee (`debtors`) is the one debtor the decision concerns, not every debtor of the case."""
    if kind not in KINDS:
        return {}
    values = dict(_particulars.get() or {})
    return {"credit": values, **({"debtors": values["addressee"]} if values.get("addressee") else {})}


def issue(case: Any, kind: str, particulars: dict[str, Any], *, actor: Any) -> Document:
    token = _particulars.set(particulars)
    try:
        return issue_document(case, kind, actor=actor)
    finally:
        _particulars.reset(token)
