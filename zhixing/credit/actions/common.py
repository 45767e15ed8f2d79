"""Helpers shared by the credit actions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from zhixing.cases.actions.common import ActionError, today
from zhixing.cases.models import Case, Party
from zhixing.core.identity import mask_for_record
from zhixing.inquiry.models import Measure

__all__ = ["ActionError", "debtor_of", "frozen_total", "today", "who"]


def debtor_of(case: Case, party: Party) -> Party:
    if party.case_id != case.pk or party.role != Party.DEBTOR:
        raise ActionError(_("所选当事人不是本案被执行人"))
    return party


def frozen_total(case: Case, party: Party) -> Decimal:
    """What the measures in force on this debtor's assets hold (rules §7.1.3: frozen property that
    suffices excludes ground (1)): the frozen amounts, and the known value of what is sealed or seized."""
    active = Measure.objects.filter(case=case, asset__party=party, status=Measure.ACTIVE)
    frozen = active.filter(amount__isnull=False).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    held = active.filter(amount__isnull=True).aggregate(s=Sum("asset__value"))["s"] or Decimal(0)
    return Decimal(frozen) + Decimal(held)


def who(listing_or_case: Any, party: Party) -> dict[str, str]:
    """The audit detail naming a debtor: case number, name and the masked code."""
    case = getattr(listing_or_case, "case", listing_or_case)
    return {"case": case.case_number, "debtor": party.name, "code": mask_for_record(party.id_number)}
