"""The voluntary-performance certificate (自动履行证明, rules §10.4): issued to a debtor who performed in
full before any coercive measure (funds says paid; inquiry says no freeze, seal, seizure or deduction;
credit says never listed or restricted), once the applicant has confirmed it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhixing.cases.events import emit
from zhixing.cases.models import Case, Party
from zhixing.core import audit
from zhixing.core.money import format_yuan
from zhixing.documents.rules import PERFORMANCE_CERTIFICATE
from zhixing.inquiry.models import Measure

from .. import documents, permissions, rules
from ..events import CERTIFICATE_ISSUED
from ..models import Certificate, Listing, Restriction
from .common import ActionError, debtor_of, today, who


def coercive_measures(case: Case, party: Party) -> int:
    """Freezes, seals, seizures and deductions taken on this debtor's assets in the case (any state: a
    measure once taken was coercion, even if released)."""
    return Measure.objects.filter(case=case, asset__party=party).exclude(status=Measure.REFUSED).count()


def problems(case: Case, party: Party, *, applicant_confirmed: bool = True) -> list[str]:
    listed = (
        Listing.objects.filter(party=party).exclude(status__in=(Listing.REFUSED, Listing.PROPOSED)).exists()
    )
    restricted = (
        Restriction.objects.filter(party=party)
        .exclude(status__in=(Restriction.REFUSED, Restriction.PROPOSED))
        .exists()
    )
    paid = bool(case.applied_amount) and case.realized_amount >= case.applied_amount
    found = rules.certificate_problems(
        paid, coercive_measures(case, party), listed or restricted, applicant_confirmed
    )
    if Certificate.objects.filter(case=case, party=party).exists():
        found.append(_("已为该被执行人出具过自动履行证明"))
    return found


def issue_certificate(
    case: Case,
    party: Party,
    *,
    actor: Any,
    confirmed_on: dt.date,
    confirmation: str,
    on: dt.date | None = None,
) -> Certificate:
    permissions.check_issue_certificate(actor, case)
    party = debtor_of(case, party)
    on = on or today()
    found = problems(case, party, applicant_confirmed=bool(confirmation.strip()))
    if confirmed_on > on:
        found.append(_("申请执行人确认日期不能晚于签发日期"))
    if found:
        raise ActionError(found)
    document = documents.issue(
        case,
        PERFORMANCE_CERTIFICATE,
        {
            "addressee": party.name,
            "paid": format_yuan(case.realized_amount),
            "performed_on": documents.body_date(case.closed_on or on),
            "confirmed_on": documents.body_date(confirmed_on),
            "confirmation": confirmation.strip(),
        },
        actor=actor,
    )
    with transaction.atomic():
        certificate = Certificate.objects.create(
            case=case,
            party=party,
            applicant_confirmed_on=confirmed_on,
            confirmation=confirmation.strip()[:300],
            recorded_by=actor if getattr(actor, "pk", None) else None,
            issued_by=actor if getattr(actor, "pk", None) else None,
            issued_on=on,
            document=document,
        )
        emit(case, CERTIFICATE_ISSUED, actor, debtor=party.name, document=document.number)
        audit.append(
            "credit.issue_certificate", certificate, {**who(case, party), "document": document.number}, actor
        )
    return certificate
