"""The ruling each control instruction executes (rules §6.5, §6.7; CPL 2023 arts 253, 255: a freeze,
seal, seizure, renewal, release or deduction is ordered by a ruling, and the electronic instruction
carries it). It is a 执行裁定书 issued through zhixing.documents, a PDF with its SHA-256 fingerprint and
verification code like every other document of the case; the instruction names its number, kind and
fingerprint (PROTOCOL.md "document").

The orders a ruling prints are this app's (documents cannot import inquiry): they are handed to the
document's context for the length of one issue through a context variable, which the context extra
registered from InquiryConfig.ready() reads."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from zhixing.documents.actions import issue_document
from zhixing.documents.rules import CONTROL_RULING

from .connectors import LegalDocument

_orders: ContextVar[tuple[str, ...]] = ContextVar("inquiry_ruling_orders", default=())


def context(case: Any, kind: str) -> dict:
    """documents.rendering's context extra: the orders of the ruling being issued."""
    return {"control_orders": list(_orders.get())} if kind == CONTROL_RULING else {}


def issue(case: Any, orders: list[str], *, actor: Any) -> LegalDocument:
    """Issue the ruling ordering `orders` on `case` (by `actor`, who must be allowed to issue the case's
    documents) and return what the instruction carries."""
    token = _orders.set(tuple(orders))
    try:
        doc = issue_document(case, CONTROL_RULING, actor=actor)
    finally:
        _orders.reset(token)
    return LegalDocument(doc.number, CONTROL_RULING, doc.sha256)
