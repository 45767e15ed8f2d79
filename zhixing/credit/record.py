"""The published record of a debtor (rules §7.1.6; addendum §3.5): the 16 fields of rules.PUBLISHED_FIELDS,
with the identity code masked (rules §7.1.12). Built once when a listing is decided and kept on it, so
the public search, the pushes and the file export all carry the same words."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from zhixing.cases.models import Case, Party
from zhixing.core.identity import mask_identity
from zhixing.courts.rules import PROVINCE_NAMES

from . import rules


def owed(case: Case) -> Decimal:
    """What the debtor still owes on the case: the amount applied for less what has been realised."""
    return max(Decimal(case.applied_amount) - Decimal(case.realized_amount), Decimal(0))


def published_record(
    case: Case,
    party: Party,
    *,
    conduct: str,
    published_on: dt.date,
    legal_representative: str = "",
) -> dict[str, Any]:
    person = party.kind == Party.PERSON
    code = party.id_number or ""
    age = rules.age_from_id(code, published_on) if person else None
    record = {
        "name": party.name,
        "party_type": "自然人" if person else "单位",
        "id_code_masked": mask_identity(code) if person else code,
        "sex": rules.sex_from_id(code) if person else "",
        "age": age if age is not None else "",
        "legal_representative": "" if person else legal_representative,
        "province": PROVINCE_NAMES.get(case.court.code[:1], ""),
        "case_number": case.case_number,
        "filed_on": case.filed_on.isoformat(),
        "court_name": case.court.name,
        "basis_number": case.basis.number if case.basis_id else "",
        "basis_unit": getattr(case.basis, "issuer", "") if case.basis_id else "",
        "duty": f"给付申请执行人人民币{case.applied_amount}元" if case.applied_amount else "",
        "performance": rules.performance_status(Decimal(case.applied_amount), Decimal(case.realized_amount)),
        "conduct": conduct,
        "published_on": published_on.isoformat(),
    }
    return record
