"""Reads of personal data by staff are logged (brief, "Privacy"): showing a natural person's full ID
number is recorded in the audit log, one entry per party shown."""

from __future__ import annotations

from collections.abc import Iterable

from zhixing.core import audit
from zhixing.courts.actors import require_actor

from ..models import Party


def log_identity_reads(parties: Iterable[Party], actor, purpose: str = "") -> int:
    """Append one `party.read_identity` entry per natural person whose full number is shown (a resident
    ID, whatever kind the row says); returns how many. Unit codes are public and are not logged.
    `p.case` should be loaded by the caller."""
    require_actor(actor)
    records = [
        audit.AuditRecord(
            "party.read_identity",
            p,
            {"case": p.case.case_number, "party": p.name, "role": p.role, "purpose": purpose},
            actor,
        )
        for p in parties
        if p.has_personal_code
    ]
    if records:
        audit.append_many(records)
    return len(records)
