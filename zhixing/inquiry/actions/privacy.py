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
