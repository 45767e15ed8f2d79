"""Reads of a debtor's financial data by staff are logged (rules §6.6; issue 10 item 8): who, when (the
audit entry's time), which case and for what purpose, one entry per debtor shown, in the same audit
log as the cases app's identity reads (cases.actions.privacy), under its own declared kind."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from zhixing.cases.models import Party
from zhixing.core import audit
from zhixing.courts.actors import require_actor


def log_financial_reads(parties: Iterable[Party], actor: Any, purpose: str) -> int:
    """Append one `inquiry.read_results` entry per debtor whose assets are shown; returns how many.
    `p.case` should be loaded by the caller."""
    require_actor(actor)
    records = [
        audit.AuditRecord(
            "inquiry.read_results",
            p,
            {"case": p.case.case_number, "party": p.name, "purpose": purpose},
            actor,
        )
        for p in parties
    ]
    if records:
        audit.append_many(records)
    return len(records)


# The fields of a request item that identify a person (connectors.query_item).
IDENTITY_FIELDS = ("name", "id_code")


def clear_identities(row: Any) -> bool:
    """A request answered or failed for good is never sent again: its stored body keeps the refs (and
    its item count), not the debtors' names and ID numbers (rules §6.6: the data serve the inquiry
    only). Called by delivery.py where the request turns answered or failed. Returns whether it
    changed anything."""
    from ..models import InquiryRequest

    body = row.body or {}
    items = body.get("items") or []
    if not any(k in item for item in items for k in IDENTITY_FIELDS):
        return False
    body = dict(body, items=[{k: v for k, v in item.items() if k not in IDENTITY_FIELDS} for item in items])
    InquiryRequest.objects.filter(pk=row.pk).update(body=body)
    row.body = body
    return True
