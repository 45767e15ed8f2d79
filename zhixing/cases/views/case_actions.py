"""Actions posted from the case page: nodes, handler, excluded periods, extension, resumption.
Each calls its function in zhixing.cases.actions and returns to the case page with the outcome as
messages (the action's refusals one by one)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect
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
from ..models import Case
from .base import form_errors_to_messages, run_action, with_case


def back(case: Case):
    return redirect("cases:detail", pk=case.pk)


@with_case
def record_node(request, case: Case):
    kinds = [(code, k.name) for code, k in catalogue.kinds().items()]
    form = RecordNodeForm(request.POST, kinds=kinds)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return back(case)
    d = form.cleaned_data
    run_action(
        request,
        actions.record_node,
        case,
        d["kind"],
        d["done_on"],
        actor=request.user,
        note=d["note"],
        success=lambda node: (
            _("已记录“%(node)s”，完成日期 %(on)s") % {"node": node.kind.name, "on": node.done_on.isoformat()}
        ),
    )
    return back(case)


@with_case
def assign_self(request, case: Case):
    form = SelfAssignForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return back(case)
    run_action(
        request,
        actions.assign_handler,
        case,
        request.user,
        on=form.cleaned_data["on"],
        actor=request.user,
        success=_("您已承办本案"),
    )
    return back(case)


@with_case
def assign(request, case: Case):
    form = AssignForm(request.POST, officers=queries.officers_for(case.court))
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return back(case)
    handler = form.cleaned_data["handler"]
    run_action(
        request,
        actions.assign_handler,
        case,
        handler,
        on=form.cleaned_data["on"],
        actor=request.user,
        success=_("已将本案分配给 %(name)s") % {"name": handler},
    )
    return back(case)


@with_case
def start_period(request, case: Case):
    form = StartPeriodForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return back(case)
    d = form.cleaned_data
    run_action(
        request,
        actions.start_excluded_period,
        case,
        d["kind"],
        d["start_on"],
        note=d["note"],
        actor=request.user,
        success=_("已登记扣除期限"),
    )
    return back(case)


@with_case
def end_period(request, case: Case):
    form = EndPeriodForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return back(case)
    period = get_object_or_404(case.excluded_periods, pk=form.cleaned_data["period_id"])
    run_action(
        request,
        actions.end_excluded_period,
        period,
        form.cleaned_data["end_on"],
        actor=request.user,
        success=_("扣除期限已结束，法定期限已重新计算"),
    )
    return back(case)


@with_case
def extend(request, case: Case):
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return back(case)
    d = form.cleaned_data
    run_action(
        request,
        actions.approve_extension,
        case,
        d["months"],
        d["reason"],
        request.user,
        success=_("已批准延长执行期限 %(n)s 个月") % {"n": d["months"]},
    )
    return back(case)


@with_case
def resume(request, case: Case):
    form = ResumeForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return back(case)
    d = form.cleaned_data
    new = run_action(
        request,
        actions.resume_case,
        case,
        filed_on=d["filed_on"],
        reason=d["reason"],
        actor=request.user,
        success=lambda c: _("已恢复执行，新案号：%(number)s") % {"number": c.case_number},
    )
    return back(new or case)
