"""Writes posted from the funds panel and the workbench. Each calls its action in
zhixing.funds.actions with actor=request.user and goes back where it came from with the outcome as
messages (a refusal's reasons one by one, in Chinese)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from zhixing.cases.models import Case, Party
from zhixing.cases.queries import officers_for, visible_cases
from zhixing.cases.views.base import form_errors_to_messages, run_action, staff_post, visible_case

from .. import actions
from ..forms import (
    CashForm,
    ClaimDecisionForm,
    ClaimForm,
    DirectPaymentForm,
    HoldDecisionForm,
    HoldRequestForm,
    PayoutDecisionForm,
    PayoutRequestForm,
)
from ..models import Hold, Payout, Receipt
from .access import reading_courts


def case_funds_url(case_id: int) -> str:
    return reverse("cases:detail", args=[case_id]) + "#funds"


def back(request, default: str):
    """To the `next` the form names when it is one of ours, else to `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


def posted_form(form_class, find: Callable, back_to: Callable, **form_args: Callable) -> Callable:
    """A form posted about one thing, which `find` looks up from the request and the URL's arguments
    (404 when the user may not see it): an invalid form becomes error messages, a valid one calls the
    view with the thing and the form's cleaned data; then back to `next`, else to `back_to(thing)`.
    `form_args` make the form's further arguments from the thing."""

    def decorate(view: Callable) -> Callable:
        @staff_post
        @wraps(view)
        def wrapper(request, **url_args):
            target = find(request, **url_args)
            form = form_class(request.POST, **{name: make(target) for name, make in form_args.items()})
            if form.is_valid():
                view(request, target, form.cleaned_data)
            else:
                form_errors_to_messages(request, form)
            return back(request, back_to(target))

        return wrapper

    return decorate


def funds_form(form_class, **form_args: Callable) -> Callable:
    """A form posted on one case's funds, the case among those the user may see."""
    return posted_form(
        form_class,
        lambda request, pk: visible_case(request.user, pk),
        lambda case: case_funds_url(case.pk),
        **form_args,
    )


def applicant_choices(case: Case):
    return case.parties.filter(role=Party.APPLICANT).order_by("position", "id")


@funds_form(PayoutRequestForm, applicants=applicant_choices)
def request_payout(request, case: Case, d) -> None:
    run_action(
        request, actions.request_payout, case, d["amount"], payee_name=d["payee_name"],
        payee_account=d["payee_account"], payee_bank=d["payee_bank"], party=d.get("party"),
        account_confirmed=d["account_confirmed"], actor=request.user,
        success=_("已提交发放申请，等待审批"),
    )  # fmt: skip


@funds_form(DirectPaymentForm)
def record_direct_payment(request, case: Case, d) -> None:
    run_action(
        request, actions.record_direct_payment, case, d["amount"], d["paid_on"], d["payer"], d["payee"],
        d["evidence"], actor=request.user, success=_("已登记直接支付"),
    )  # fmt: skip


@funds_form(CashForm, officers=lambda case: officers_for(case.court))
def record_cash(request, case: Case, d) -> None:
    run_action(
        request, actions.record_cash, case, d["amount"], d["received_on"], d["receipt_number"],
        list(d["officers"]), d["payer_name"], actor=request.user, success=_("已登记现场收取的现金"),
    )  # fmt: skip


@funds_form(HoldRequestForm)
def request_hold(request, case: Case, d) -> None:
    run_action(
        request, actions.request_hold, case, d["reason"], d["start_on"], d["note"], actor=request.user,
        success=_("已申请暂存，须经另一人批准后停止计算发放期限"),
    )  # fmt: skip


@funds_form(HoldDecisionForm)
def approve_hold(request, case: Case, d) -> None:
    hold = get_object_or_404(Hold, pk=d["hold_id"], case=case)
    run_action(request, actions.approve_hold, hold, actor=request.user, success=_("已批准暂存"))


def _payout(request, payout_id: int) -> Payout:
    return get_object_or_404(
        Payout.objects.select_related("case__court").filter(case__in=visible_cases(request.user)),
        pk=payout_id,
    )


@posted_form(PayoutDecisionForm, _payout, lambda payout: case_funds_url(payout.case_id))
def decide_payout(request, payout: Payout, d) -> None:
    run_action(
        request, actions.approve_payout, payout, d["approved"], d["note"], actor=request.user,
        success=_("已同意该发放申请") if d["approved"] else _("已不同意该发放申请"),
    )  # fmt: skip


@staff_post
def send_payout(request, payout_id: int):
    payout = _payout(request, payout_id)
    run_action(
        request, actions.send_payout, payout, actor=request.user,
        success=_("发放指令已提交银行，等待银行回复"),
    )  # fmt: skip
    return back(request, case_funds_url(payout.case_id))


def _receipt(request, receipt_id: int) -> Receipt:
    return get_object_or_404(
        Receipt.objects.select_related("pooled__court", "claim_requested_for__court").filter(
            pooled__court__in=reading_courts(request.user)
        ),
        pk=receipt_id,
    )


def unidentified_tab(receipt: Receipt) -> str:
    return reverse("funds:workbench") + "?tab=unidentified"


@posted_form(ClaimForm, _receipt, unidentified_tab)
def request_claim(request, receipt: Receipt, d) -> None:
    number = d["case_number"].strip()
    case = visible_cases(request.user).filter(case_number=number).select_related("court").first()
    if case is None:
        messages.error(request, _("未找到案号为 %(number)s 的案件") % {"number": number})
    else:
        run_action(
            request, actions.request_claim, receipt, case, d["note"], actor=request.user,
            success=_("已提交认领申请（%(number)s），等待审批") % {"number": case.case_number},
        )  # fmt: skip


@posted_form(ClaimDecisionForm, _receipt, unidentified_tab)
def decide_claim(request, receipt: Receipt, d) -> None:
    if d["approved"]:
        run_action(
            request,
            actions.approve_claim,
            receipt,
            actor=request.user,
            success=_("已批准认领，款项已归入案件账户"),
        )
    else:
        run_action(
            request, actions.refuse_claim, receipt, d["note"], actor=request.user,
            success=_("已退回认领申请"),
        )  # fmt: skip
