"""Writes posted from the inquiry pages: start a case's inquiry or a court-wide batch; freeze, renew,
release and deduct on the case page's asset register. Each calls its action in
zhixing.inquiry.actions with actor=request.user (which checks the permission again) and goes back
where it came from with the outcome as messages, in Chinese."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from zhixing.cases.queries import visible_cases
from zhixing.cases.views.base import form_errors_to_messages, run_action, staff_post, with_case

from .. import actions, page_queries
from ..forms import BatchForm, DeductForm, FreezeForm, ReleaseForm, RenewForm
from ..models import Asset, Measure


def case_inquiry_url(case_id: int) -> str:
    return reverse("cases:detail", args=[case_id]) + "#inquiry"


@with_case
def start_case(request, case):
    run_action(
        request,
        actions.start_case_inquiry,
        case,
        actor=request.user,
        success=lambda b: _("已发起网络查控（批次 #%(id)s），各机构答复后结果显示在本页") % {"id": b.pk},
    )
    return redirect(case_inquiry_url(case.pk))


def on_register(model, form_class) -> Callable:
    """A form posted on one asset or measure, looked up among the cases the user may see (404
    otherwise); an invalid form becomes error messages; then back to the case page's panel."""

    def decorate(view: Callable) -> Callable:
        @staff_post
        @wraps(view)
        def wrapper(request, pk: int):
            rows = model.objects.select_related("case").filter(case__in=visible_cases(request.user))
            target = get_object_or_404(rows, pk=pk)
            form = form_class(request.POST)
            if form.is_valid():
                view(request, target, form.cleaned_data)
            else:
                form_errors_to_messages(request, form)
            return redirect(case_inquiry_url(target.case_id))

        return wrapper

    return decorate


@on_register(Asset, FreezeForm)
def freeze(request, asset: Asset, d) -> None:
    run_action(
        request, actions.freeze, asset, actor=request.user, days=d.get("days"), amount=d.get("amount"),
        success=lambda m: _("已发出%(kind)s指令（%(doc)s），等待机构回执")
        % {"kind": m.get_kind_display(), "doc": m.document_number},
    )  # fmt: skip


@on_register(Measure, RenewForm)
def renew(request, measure: Measure, d) -> None:
    run_action(
        request, actions.renew, measure, actor=request.user, days=d.get("days"),
        success=_("已发出续行指令，等待机构回执"),
    )  # fmt: skip


@on_register(Measure, ReleaseForm)
def release(request, measure: Measure, d) -> None:
    run_action(
        request, actions.release, measure, d["reason"], actor=request.user,
        success=_("已发出解除指令，等待机构回执"),
    )  # fmt: skip


@on_register(Measure, DeductForm)
def deduct(request, measure: Measure, d) -> None:
    run_action(
        request, actions.deduct, measure, d["amount"], actor=request.user,
        success=_("已发出扣划指令，款项到账后计入本案账户"),
    )  # fmt: skip


@staff_post
def start_batch(request):
    courts = list(page_queries.watching_courts(request.user))
    form = BatchForm(request.POST, courts=courts)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("inquiry:batches")
    court = next(c for c in courts if c.code == form.cleaned_data["court"])
    batch = run_action(
        request,
        actions.start_batch,
        court,
        form.cleaned_data["scope"],
        actor=request.user,
        success=lambda b: (
            _("已发起批量查控（批次 #%(id)s）：%(cases)s 件案件，%(debtors)s 名被执行人")
            % {"id": b.pk, "cases": b.cases, "debtors": b.debtors}
        ),
    )
    if batch is None:
        return redirect(reverse("inquiry:batches") + f"?court={court.code}")
    return redirect("inquiry:batch", pk=batch.pk)
