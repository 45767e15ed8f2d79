"""Obstructions (妨害执行行为) and condition 5 of 终本 (rules §2.3 art 1 item 5, art 2): what a party did
against the execution is recorded here; a fine or detention, a referral sent to the police, or for a
missing debtor a summons or search carried out, meets it; 终本 waits while one is not met."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.actions.common import ActionError, today
from zhixing.cases.models import Case, Party
from zhixing.core import audit

from .. import events, permissions, rules
from ..models import CoerciveMeasure, Obstruction, Referral

# A measure counts once it was carried out (in force or ended), not when merely proposed or approved.
DONE_STATUSES = (CoerciveMeasure.IN_FORCE, CoerciveMeasure.ENDED)


@transaction.atomic
def record_obstruction(
    case: Case, kind: str, occurred_on: dt.date, description: str, party: Party | None = None, *, actor: Any
) -> Obstruction:
    permissions.check_handle_measures(actor, case)
    if kind not in dict(rules.OBSTRUCTIONS):
        raise ActionError(_("未知的妨害执行行为"))
    if occurred_on > today():
        raise ActionError(_("发生日期不能晚于今天"))
    if not description.strip():
        raise ActionError(_("须写明妨害执行的情况"))
    if party is not None and party.case_id != case.pk:
        raise ActionError(_("该当事人不属于本案"))
    row = Obstruction.objects.create(
        case=case,
        party=party,
        kind=kind,
        occurred_on=occurred_on,
        description=description.strip()[:500],
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    case_events.emit(
        case,
        events.OBSTRUCTION_RECORDED,
        actor,
        kind=row.get_kind_display(),
        occurred_on=occurred_on.isoformat(),
    )
    audit.append("measures.obstruction", row, {"case": case.case_number, "kind": kind}, actor)
    return row


def is_met(obstruction: Obstruction) -> bool:
    kinds = obstruction.measures.filter(status__in=DONE_STATUSES).values_list("kind", flat=True)
    referred = obstruction.referrals.filter(status__in=rules.REFERRED).exists()
    return rules.obstruction_met(obstruction.kind, kinds, referred)


def refresh(obstructions: Any, how: str, on: dt.date) -> int:
    """Mark as handled the given obstructions that a measure or referral now meets (called by the
    measure and referral actions after they carry out or send)."""
    n = 0
    for o in obstructions:
        if o.handled_on is None and is_met(o):
            Obstruction.objects.filter(pk=o.pk).update(handled_on=on, handled_how=how[:200])
            n += 1
    return n


def unmet(case: Case) -> list[Obstruction]:
    return [o for o in case.obstructions.filter(handled_on__isnull=True) if not is_met(o)]


def closing_problems(case: Any, method: str, closed_on: dt.date) -> list[str]:
    """cases.closing_checks: 终本 is refused while an obstruction of the case was met by no fine,
    detention or referral (nor, for a missing debtor, a summons or search)."""
    from zhixing.cases import rules as case_rules

    if method != case_rules.TERMINATED_THIS_ROUND:
        return []
    return [
        _("妨害执行行为“%(kind)s”（%(on)s）尚未依法采取罚款、拘留等措施或移送公安机关")
        % {"kind": o.get_kind_display(), "on": o.occurred_on.isoformat()}
        for o in unmet(case)
    ]


__all__ = ["Referral", "closing_problems", "is_met", "record_obstruction", "refresh", "unmet"]
