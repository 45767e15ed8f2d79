"""Actions posted from the case page: nodes, handler, excluded periods, extension, resumption.
Each calls its function in zhixing.cases.actions and returns to the case page with the outcome as
messages (the action's refusals one by one)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .. import actions, catalogue, queries
from ..forms import (
    AssignForm,
    EndPeriodForm,
    ExtensionForm,
    RecordNodeForm,
    ResumeForm,
    SelfAssignForm,
    StartPeriodForm,
)
from .base import case_form, run_action


def _recorded(node) -> str:
    return _("已记录“%(node)s”，完成日期 %(on)s") % {"node": node.kind.name, "on": node.done_on.isoformat()}


@case_form(RecordNodeForm, kinds=lambda case: [(code, k.name) for code, k in catalogue.kinds().items()])
def record_node(request, case, d):
    run_action(
        request, actions.record_node, case, d["kind"], d["done_on"], actor=request.user, note=d["note"],
        success=_recorded,
    )  # fmt: skip


@case_form(SelfAssignForm)
def assign_self(request, case, d):
    run_action(
        request, actions.assign_handler, case, request.user, on=d["on"], actor=request.user,
        success=_("您已承办本案"),
    )  # fmt: skip


@case_form(AssignForm, officers=lambda case: queries.officers_for(case.court))
def assign(request, case, d):
    run_action(
        request, actions.assign_handler, case, d["handler"], on=d["on"], actor=request.user,
        success=_("已将本案分配给 %(name)s") % {"name": d["handler"]},
    )  # fmt: skip


@case_form(StartPeriodForm)
def start_period(request, case, d):
    run_action(
        request, actions.start_excluded_period, case, d["kind"], d["start_on"], note=d["note"],
        actor=request.user, success=_("已登记扣除期限"),
    )  # fmt: skip


@case_form(EndPeriodForm)
def end_period(request, case, d):
    period = get_object_or_404(case.excluded_periods, pk=d["period_id"])
    run_action(
        request, actions.end_excluded_period, period, d["end_on"], actor=request.user,
        success=_("扣除期限已结束，法定期限已重新计算"),
    )  # fmt: skip


@case_form(ExtensionForm)
def extend(request, case, d):
    run_action(
        request, actions.approve_extension, case, d["months"], d["reason"], actor=request.user,
        success=_("已批准延长执行期限 %(n)s 个月") % {"n": d["months"]},
    )  # fmt: skip


@case_form(ResumeForm)
def resume(request, case, d):
    """Shows the new 执恢 case when resumption succeeds."""
    return run_action(
        request, actions.resume_case, case, filed_on=d["filed_on"], reason=d["reason"], actor=request.user,
        success=lambda c: _("已恢复执行，新案号：%(number)s") % {"number": c.case_number},
    )  # fmt: skip
