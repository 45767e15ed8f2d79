"""What a referral carries to the police (rules §10.3.3, 法发〔2025〕8号): the particulars of the
execution-status note, the evidence bundle with each item's SHA-256 and the bundle's own fingerprint,
and the request body of the police protocol (simulators/police/PROTOCOL.md)."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from django.utils import timezone

from zhixing.cases.models import Case
from zhixing.core.money import format_yuan
from zhixing.documents import rules as doc_rules
from zhixing.documents.models import Document

from .. import documents, rules
from ..models import CoerciveMeasure, Evidence, Referral
from . import obstructions as obstruction_actions


def _when(measure: CoerciveMeasure) -> str:
    at = measure.started_at
    day = timezone.localtime(at).date() if at else measure.decided_on
    return documents.body_date(day) if day else ""


def status_note_particulars(referral: Referral) -> dict[str, Any]:
    """What the execution-status note tells the police (rules §10.3.3): the case, the measures carried
    out with their dates, the property found, the amount recovered and the obstructions. No identity
    code and no account number: the property by its kind, description and value."""
    case = referral.case
    measures = [
        {
            "kind": m.get_kind_display(),
            "who": m.subject_name,
            "on": _when(m),
            "status": m.get_status_display(),
            "amount": format_yuan(m.amount) if m.amount is not None else "",
            "days": m.days or "",
        }
        for m in case.coercive_measures.filter(status__in=obstruction_actions.DONE_STATUSES).order_by(
            "started_at", "id"
        )
    ]
    assets = [
        {
            "type": a.get_type_display(),
            "description": a.description,
            "value": format_yuan(a.value) if a.value is not None else "",
        }
        for a in case.assets.order_by("found_at", "id")
    ]
    found = [
        {"kind": o.get_kind_display(), "on": documents.body_date(o.occurred_on), "description": o.description}
        for o in case.obstructions.order_by("occurred_on", "id")
    ]
    return {
        "police_unit": referral.police_unit,
        "suspects": referral.suspects,
        "crime": referral.get_crime_display(),
        "wage_crime": referral.crime == rules.WAGE,  # the letter cites art 276-1, not art 313
        "facts": referral.facts,
        "measures": measures,
        "assets": assets,
        "obstructions": found,
        "applied": format_yuan(case.applied_amount),
        "realized": format_yuan(case.realized_amount),
        "outstanding": format_yuan(max(case.applied_amount - case.realized_amount, Decimal(0))),
    }


def bundle_of(case: Case, letter: Document, note: Document) -> list[dict[str, str]]:
    """The evidence bundle (rules §10.3.3): the letter and the note first, then the case's other
    documents (latest version of each first issued) and its field evidence in force (a superseded file
    is left out: its replacement is in), each with its SHA-256."""
    rows = [letter, note]
    others = (
        Document.objects.filter(case=case).exclude(pk__in=[letter.pk, note.pk]).order_by("issued_on", "id")
    )
    rows += list(others)
    items = [
        {
            "title": str(doc_rules.KINDS[d.kind].title) if d.kind in doc_rules.KINDS else d.kind,
            "kind": f"document:{d.kind}",
            "sha256": d.sha256,
            "number": d.number,
        }
        for d in rows
    ]
    for e in Evidence.objects.filter(case=case, superseded_by__isnull=True).order_by("taken_at", "id"):
        items.append(
            {"title": e.title, "kind": f"evidence:{e.kind}", "sha256": e.sha256, "number": f"E{e.pk}"}
        )
    return items


def bundle_sha256(bundle: list[dict[str, str]]) -> str:
    """The bundle's own fingerprint: SHA-256 of its canonical JSON (keys sorted, no spaces, UTF-8), so
    the police can prove the list they hold is the one sent."""
    text = json.dumps(bundle, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def referral_body(referral: Referral) -> dict[str, Any]:
    """The request of the police protocol (simulators/police/PROTOCOL.md); the connector adds the
    message id `<referral_id>-send`, so a retry after a lost answer is the same referral at the bureau."""
    from zhixing.inquiry import signing

    return {
        "referral_id": f"{signing.signer(referral.case.court)}-{referral.pk}",
        "case_number": referral.case.case_number,
        "crime": referral.crime,
        "suspects": referral.suspects,
        "facts": referral.facts,
        "bundle": referral.bundle,
        "bundle_sha256": referral.bundle_sha256,
    }
