"""Holds (暂存, addendum §1.1.2, §1.4.6): money kept for a listed reason stops the payout clock only
once a second person approves; when the hold ends the clock restarts (resume days, default 10)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.models import Case
from zhixing.core import audit
from zhixing.core.rulesettings import rule_setting

from .. import events, permissions, rules, settings_keys
from ..models import Hold, Receipt


@transaction.atomic
def request_hold(case: Case, reason: str, start_on: dt.date, note: str = "", *, actor: Any) -> Hold:
    permissions.check_request_hold(actor, case)
    if reason not in dict(Hold.REASONS):
        raise ValidationError(_("暂存事由不在规定范围内"))
    hold = Hold.objects.create(
        case=case, reason=reason, note=note[:200], requested_by=actor, start_on=start_on
    )
    audit.append("funds.hold", hold, {"case": case.case_number, "reason": hold.get_reason_display()}, actor)
    return hold


@transaction.atomic
def approve_hold(hold: Hold, *, actor: Any) -> Hold:
    hold = Hold.objects.select_for_update().select_related("case__court").get(pk=hold.pk)
    permissions.check_approve_hold(actor, hold)
    hold.approved_by = actor
    hold.save(update_fields=["approved_by"])
    # The clock stops: outstanding receipts of the case have no payout deadline while held.
    Receipt.objects.filter(case=hold.case, outstanding__gt=0).update(
        payout_due_on=None, due_provisional=False
    )
    case_events.emit(hold.case, events.HOLD_STARTED, actor, reason=hold.get_reason_display())
    audit.append(
        "funds.approve_hold",
        hold,
        {"case": hold.case.case_number, "reason": hold.get_reason_display()},
        actor,
    )
    return hold


@transaction.atomic
def end_hold(hold: Hold, end_on: dt.date, *, actor: Any) -> Hold:
    hold = Hold.objects.select_for_update().select_related("case__court").get(pk=hold.pk)
    permissions.check_request_hold(actor, hold.case)
    if hold.end_on is not None:
        raise ValidationError(_("该暂存已结束"))
    hold.end_on = end_on
    hold.save(update_fields=["end_on"])
    if not hold.case.fund_holds.filter(approved_by__isnull=False, end_on__isnull=True).exists():
        policy = rules.PayoutPolicy.from_setting(rule_setting(settings_keys.PAYOUT_POLICY, hold.case.court))
        due = rules.payout_due_after_hold(end_on, policy)
        Receipt.objects.filter(case=hold.case, outstanding__gt=0).update(
            payout_due_on=due.on, due_provisional=due.provisional
        )
    case_events.emit(hold.case, events.HOLD_ENDED, actor, end_on=end_on.isoformat())
    audit.append("funds.end_hold", hold, {"case": hold.case.case_number, "end_on": end_on}, actor)
    return hold
