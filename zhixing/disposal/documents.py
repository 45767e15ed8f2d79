"""The disposal app's documents (the confirmation ruling 成交确认裁定, the transfer-assistance notice to
the registry, the distribution plan) are issued through zhixing.documents like every other document of
the case. Their particulars — which property, which round, the price, the buyer (masked), the plan's
lines — are this app's, handed to the document's context for the length of one issue through a
context variable that the extra registered from DisposalConfig.ready() reads (documents cannot import
disposal; zhixing/credit/documents.py does the same)."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from zhixing.documents.actions import issue_document
from zhixing.documents.models import Document
from zhixing.documents.rules import (  # noqa: F401 - body_date: the callers write documents.body_date
    AUCTION_CONFIRMATION,
    DISTRIBUTION_PLAN,
    TRANSFER_ASSISTANCE,
    body_date,
)

KINDS = (AUCTION_CONFIRMATION, TRANSFER_ASSISTANCE, DISTRIBUTION_PLAN)
_particulars: ContextVar[dict[str, Any] | None] = ContextVar("disposal_document", default=None)


def context(case: Any, kind: str) -> dict:
    """documents.rendering's context extra: the particulars of the disposal document being issued. A
    document with an `addressee` (the registry of a transfer notice) is addressed to it rather than to
    the debtors; the debtors stay available as `debtors_of_case`."""
    if kind not in KINDS:
        return {}
    values = dict(_particulars.get() or {})
    out: dict[str, Any] = {"disposal": values}
    if values.get("addressee"):
        from zhixing.cases.models import Party

        out["debtors_of_case"] = "、".join(p.name for p in case.parties.all() if p.role == Party.DEBTOR)
        out["debtors"] = values["addressee"]
    return out


def issue(case: Any, kind: str, particulars: dict[str, Any], *, actor: Any) -> Document:
    token = _particulars.set(particulars)
    try:
        return issue_document(case, kind, actor=actor)
    finally:
        _particulars.reset(token)
