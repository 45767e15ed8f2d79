"""Closing: the handler's request, the judge's or leader's decision or direct closing, and the list of
requests waiting for this user's approval."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from .. import actions, queries, rules
from ..forms import CloseForm, ClosureRequestForm, DecideClosureForm
from ..models import Case, ClosureRequest
from .base import (
    APPROVAL_ROLES,
    form_errors_to_messages,
    paginate,
    render_page,
    run_action,
    staff_view,
    with_case,
)


def back(case: Case):
    return redirect("cases:detail", pk=case.pk)


def _closed(case: Case) -> str:
    return _("案件已结案（%(method)s，结案日期 %(on)s）") % {
        "method": rules.CLOSURE_LABELS.get(case.closure_method, case.closure_method),
        "on": case.closed_on.isoformat() if case.closed_on else "",
    }


@with_case
def request_closure(request, case: Case):
    form = ClosureRequestForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return back(case)
    d = form.cleaned_data
    run_action(
        request,
        actions.request_closure,
        case,
        d["method"],
        d["closed_on"],
        d["reason"],
        actor=request.user,
        success=_("已提请结案（%(method)s），等待审批") % {"method": rules.CLOSURE_LABELS[d["method"]]},
    )
    return back(case)


def _pending(case: Case, form: DecideClosureForm) -> ClosureRequest:
    return get_object_or_404(case.closure_requests, pk=form.cleaned_data["request_id"])


@with_case
def approve_closure(request, case: Case):
    form = DecideClosureForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return back(case)
    req = _pending(case, form)
    if req.status != ClosureRequest.PENDING:
        # approve_closure would take a decided request too; a second decision must not close the case.
        messages.error(request, _("该结案申请已处理"))
        return back(case)
    run_action(
        request,
        actions.approve_closure,
        case,
        actor=request.user,
        request=req,
        note=form.cleaned_data["note"],
        success=_closed,
    )
    return back(case)


@with_case
def refuse_closure(request, case: Case):
    form = DecideClosureForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return back(case)
    run_action(
        request,
        actions.refuse_closure,
        _pending(case, form),
        form.cleaned_data["note"],
        actor=request.user,
        success=_("已不批准该结案申请"),
    )
    return back(case)


@with_case
def close(request, case: Case):
    """A judge or leader who does not handle the case closes it directly (no request pending)."""
    form = CloseForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return back(case)
    d = form.cleaned_data
    run_action(
        request,
        actions.approve_closure,
        case,
        method=d["method"],
        closed_on=d["closed_on"],
        actor=request.user,
        success=_closed,
    )
    return back(case)


@staff_view
def approvals(request):
    user = request.user
    if not (user.is_superuser or user.grants.filter(role__in=APPROVAL_ROLES).exists()):
        raise PermissionDenied(_("只有执行法官或院领导可以审批结案"))
    page = paginate(request, queries.pending_closures(user))
    rows = [
        {
            "req": r,
            "method": rules.CLOSURE_LABELS.get(r.method, r.method),
            "form": DecideClosureForm(initial={"request_id": r.pk}, auto_id=False),
        }
        for r in page.object_list
    ]
    return render_page(request, "cases/approvals.html", {"page": page, "rows": rows}, active="approvals")
