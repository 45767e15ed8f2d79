"""Closing: a request (by the handler, or a judge or leader), the decision of someone else, and the
list of requests waiting for this user's approval. There is no closing by one person alone."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .. import actions, permissions, queries, rules
from ..forms import ClosureRequestForm, DecideClosureForm
from ..models import Case, ClosureRequest
from .base import (
    case_form,
    paginate,
    render_page,
    run_action,
    staff_view,
)


def _closed(case: Case) -> str:
    return _("案件已结案（%(method)s，结案日期 %(on)s）") % {
        "method": rules.CLOSURE_LABELS.get(case.closure_method, case.closure_method),
        "on": case.closed_on.isoformat() if case.closed_on else "",
    }


@case_form(ClosureRequestForm)
def request_closure(request, case, d):
    run_action(
        request, actions.request_closure, case, d["method"], d["closed_on"], d["reason"], d["shortfall"],
        actor=request.user,
        success=_("已提请结案（%(method)s），等待审批") % {"method": rules.CLOSURE_LABELS[d["method"]]},
    )  # fmt: skip


def _request(case: Case, d) -> ClosureRequest:
    return get_object_or_404(case.closure_requests, pk=d["request_id"])


@case_form(DecideClosureForm)
def approve_closure(request, case, d):
    # The action refuses a request that was already decided, so a second decision cannot close twice.
    run_action(
        request, actions.approve_closure, case, actor=request.user, request=_request(case, d), note=d["note"],
        success=_closed,
    )  # fmt: skip


@case_form(DecideClosureForm)
def refuse_closure(request, case, d):
    run_action(
        request, actions.refuse_closure, _request(case, d), d["note"], actor=request.user,
        success=_("已不批准该结案申请"),
    )  # fmt: skip


@staff_view
def approvals(request):
    user = request.user
    if not permissions.may_approve_anywhere(user):
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
