"""The statutory period: excluded periods and approved extensions (rules §3.1)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from zhixing.core import audit

from .. import events, permissions, rules
from ..models import Case, ExcludedPeriod, Extension
from .common import ActionError, today
from .filing import base_months


def _recompute(case: Case) -> None:
    case.excluded_days = rules.excluded_days_total(
        [(p.start_on, p.end_on) for p in case.excluded_periods.filter(end_on__isnull=False)], today()
    )
    case.extension_months = sum(case.extensions.values_list("months", flat=True))
    case.statutory_due_on = rules.statutory_due_on(
        case.filed_on,
        base_months(case.non_litigation, case.court, case.filed_on),
        case.extension_months,
        case.excluded_days,
    )
    case.save(update_fields=["excluded_days", "extension_months", "statutory_due_on"])


@transaction.atomic
def start_excluded_period(
    case: Case, kind: str, start_on: dt.date, note: str = "", *, actor
) -> ExcludedPeriod:
    """Begin a period not counted in the statutory period (suspension, deferral, auction, valuation…)."""
    permissions.check_excluded_period(actor, case)
    if kind not in rules.EXCLUDED_KIND_LABELS:
        raise ActionError(_("未知的扣除事由：%(kind)s") % {"kind": kind})
    if start_on < case.filed_on or start_on > today():
        raise ActionError(_("扣除期限的起始日应在立案日与今天之间"))
    if case.excluded_periods.filter(kind=kind, end_on__isnull=True).exists():
        raise ActionError(_("已有未结束的“%(kind)s”期间") % {"kind": rules.EXCLUDED_KIND_LABELS[kind]})
    period = ExcludedPeriod.objects.create(case=case, kind=kind, start_on=start_on, note=note)
    events.emit(case, events.PERIOD_EXCLUDED, actor, reason=kind, start_on=start_on.isoformat())
    audit.append(
        "period.start", period, {"case": case.case_number, "kind": kind, "start_on": start_on}, actor
    )
    return period


@transaction.atomic
def end_excluded_period(period: ExcludedPeriod, end_on: dt.date, *, actor) -> ExcludedPeriod:
    case = period.case
    permissions.check_excluded_period(actor, case)
    if period.end_on is not None:
        raise ActionError(_("该期间已经结束"))
    if end_on < period.start_on or end_on > today():
        raise ActionError(_("终止日应在起始日与今天之间"))
    period.end_on = end_on
    period.save(update_fields=["end_on"])
    _recompute(case)
    events.emit(case, events.PERIOD_RESUMED, actor, reason=period.kind, end_on=end_on.isoformat())
    audit.append("period.end", period, {"case": case.case_number, "end_on": end_on}, actor)
    return period


@transaction.atomic
def approve_extension(
    case: Case, months: int, reason: str, *, actor, approved_on: dt.date | None = None
) -> Extension:
    """rules §3.1.2–3.1.3: the president (院领导) approves an extension; never the handler."""
    permissions.check_approve_extension(actor, case)
    if months <= 0:
        raise ActionError(_("延长月数应为正整数"))
    if not reason.strip():
        raise ActionError(_("请填写延长理由"))
    if case.is_closed:
        raise ActionError(_("案件已结案"))
    ext = Extension.objects.create(
        case=case, months=months, reason=reason, approved_by=actor, approved_on=approved_on or today()
    )
    _recompute(case)
    events.emit(case, events.EXTENDED, actor, months=months)
    audit.append("case.extend", ext, {"case": case.case_number, "months": months}, actor)
    return ext
