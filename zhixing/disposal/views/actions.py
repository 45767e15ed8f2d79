"""Writes posted from the case's disposal page (and the desk's vote button): each calls its action in
zhixing.disposal.actions with actor=request.user (which checks the permission and the rules again) and
goes back where it came from, with the outcome as messages in Chinese.

The actions are looked up by name when a form is posted (`action`): the page offers a form only when its
action exists, and a post to one that does not answers with a message instead of an error."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from zhixing.cases.queries import visible_cases
from zhixing.cases.views.base import form_errors_to_messages, run_action, staff_post, visible_case
from zhixing.inquiry.models import Measure

from .. import forms
from ..models import Auction, Disposal, Distribution, DistributionObjection, Platform, PriceProcedure

MODULES = ("platforms", "disposals", "prices", "auctions", "results", "outcomes", "distribution")


def action(name: str) -> Callable | None:
    """The action `name` from zhixing.disposal.actions (its re-exports, else one of its modules)."""
    try:
        package = importlib.import_module("zhixing.disposal.actions")
    except ImportError:
        return None
    found = getattr(package, name, None)
    if callable(found):
        return found
    for module in MODULES:
        try:
            mod = importlib.import_module(f"zhixing.disposal.actions.{module}")
        except ImportError:
            continue
        found = getattr(mod, name, None)
        if callable(found):
            return found
    return None


def available(name: str) -> bool:
    return action(name) is not None


def case_disposal_url(case_id: int) -> str:
    return reverse("disposal:case", args=[case_id])


def _back(request, case_id: int):
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return redirect(nxt)
    return redirect(case_disposal_url(case_id))


def _call(request, name: str, *args: Any, success: str, **kwargs: Any) -> Any:
    fn = action(name)
    if fn is None:
        messages.error(request, _("该功能尚未启用"))
        return None
    return run_action(request, fn, *args, actor=request.user, success=success, **kwargs)


def on_row(model, case_path: str, form_class=forms.EmptyForm, **form_args: Callable[[Any], Any]) -> Callable:
    """A form posted on one disposal, procedure, round or distribution, looked up among the cases the
    user may see (404 otherwise); an invalid form becomes error messages; then back to the page."""

    def decorate(view: Callable) -> Callable:
        @staff_post
        @wraps(view)
        def wrapper(request, pk: int):
            rows = model.objects.select_related(f"{case_path}__court").filter(
                **{f"{case_path}__in": visible_cases(request.user)}
            )
            target = get_object_or_404(rows, pk=pk)
            case = target
            for part in case_path.split("__"):
                case = getattr(case, part)
            form = form_class(request.POST, **{k: make(target) for k, make in form_args.items()})
            if form.is_valid():
                view(request, target, form.cleaned_data)
            else:
                form_errors_to_messages(request, form)
            return _back(request, case.pk)

        return wrapper

    return decorate


# --- starting -------------------------------------------------------------------------------------


@staff_post
def start_disposal(request, pk: int):
    case = visible_case(request.user, pk)
    measures = Measure.objects.filter(case=case).select_related("asset")
    form = forms.StartDisposalForm(request.POST, measures=measures)
    if form.is_valid():
        measure = measures.get(pk=form.cleaned_data["measure"])
        _call(request, "start_disposal", measure, success=_("已启动财产处置，请在期限内启动确定参考价程序"))
    else:
        form_errors_to_messages(request, form)
    return _back(request, case.pk)


# --- the reference price ----------------------------------------------------------------------------


@on_row(Disposal, "case", forms.StartPriceForm)
def start_price(request, disposal, d) -> None:
    _call(
        request,
        "start_price",
        disposal,
        d["method"],
        note=d["note"],
        valuation_required=d["valuation_required"],
        success=_("已启动确定参考价程序"),
    )


@on_row(PriceProcedure, "disposal__case", forms.AgreementForm)
def record_agreement(request, procedure, d) -> None:
    _call(request, "record_agreement", procedure, d["price"], success=_("已记录当事人议定的价格"))


@on_row(PriceProcedure, "disposal__case", forms.ReportForm)
def record_report(request, procedure, d) -> None:
    _call(request, "record_report", procedure, d["source"], d["price"], success=_("已记录询价或评估报告"))


@on_row(PriceProcedure, "disposal__case", forms.ReasonForm)
def fail_procedure(request, procedure, d) -> None:
    _call(request, "fail_procedure", procedure, d["reason"], success=_("已记录该方式未能确定参考价"))


@on_row(PriceProcedure, "disposal__case")
def collect_reports(request, procedure, d) -> None:
    _call(request, "collect_reports", procedure, success=_("已收取各平台的询价报告"))


@on_row(PriceProcedure, "disposal__case", forms.ObjectionForm)
def object_price(request, procedure, d) -> None:
    _call(request, "object_price", procedure, d["by"], d["reason"], success=_("已登记对参考价的异议"))


@on_row(PriceProcedure, "disposal__case", forms.RulingForm)
def rule_price_objection(request, procedure, d) -> None:
    _call(request, "rule_price_objection", procedure, d["upheld"], success=_("已处理参考价异议"))


# --- the rounds -----------------------------------------------------------------------------------


def _platforms(_target: Any):
    return Platform.objects.filter(active=True)


@on_row(Disposal, "case", forms.ProposeAuctionForm, platforms=_platforms)
def propose_auction(request, disposal, d) -> None:
    platform = Platform.objects.filter(pk=d["platform"], active=True).first() if d["platform"] else None
    _call(
        request,
        "propose_auction",
        disposal,
        start=d["start"],  # None for a sale: the action computes its price
        increment=d["increment"],
        deposit=d["deposit"],
        notice_on=d["notice_on"],
        bidding_starts_at=d["bidding_starts_at"],
        bidding_ends_at=d["bidding_ends_at"],
        parties_notified_on=d["parties_notified_on"],
        preemption=d["preemption"],
        platform=platform,
        platform_chosen_by=d["platform_chosen_by"] or "applicant",
        success=_("已提出拍卖方案，待合议庭合议"),
    )


@on_row(Auction, "disposal__case", forms.VoteForm)
def vote_auction(request, auction, d) -> None:
    _call(request, "vote_auction", auction, opinion=d["opinion"], success=_("已记录您对拍卖方案的同意意见"))


@on_row(Auction, "disposal__case")
def list_auction(request, auction, d) -> None:
    _call(request, "list_auction", auction, success=_("已在网络司法拍卖平台发布拍卖公告"))


@on_row(Disposal, "case", forms.ReasonForm)
def suspend_auction(request, disposal, d) -> None:
    _call(request, "suspend_auction", disposal, d["reason"], success=_("已暂缓拍卖"))


@on_row(Disposal, "case", forms.ResumeForm)
def resume_auction(request, disposal, d) -> None:
    extra = {"cause_ended_on": d["cause_ended_on"]} if d["cause_ended_on"] else {}
    _call(request, "resume_auction", disposal, success=_("已恢复拍卖"), **extra)


# --- outcomes -------------------------------------------------------------------------------------


@on_row(Disposal, "case")
def confirm_sale(request, disposal, d) -> None:
    _call(request, "confirm_sale", disposal, success=_("已作出成交确认裁定"))


@on_row(Disposal, "case", forms.ServeForm)
def serve_ruling(request, disposal, d) -> None:
    _call(request, "serve_ruling", disposal, d["served_on"], success=_("已记录成交确认裁定送达，所有权转移"))


@on_row(Disposal, "case")
def send_transfer_notice(request, disposal, d) -> None:
    _call(request, "send_transfer_notice", disposal, success=_("已发出协助执行通知书"))


@on_row(Disposal, "case")
def take_in_payment(request, disposal, d) -> None:
    _call(request, "take_in_payment", disposal, success=_("已记录申请执行人以物抵债"))


@on_row(Disposal, "case")
def refuse_taking(request, disposal, d) -> None:
    _call(request, "refuse_taking", disposal, success=_("已记录申请执行人拒绝以物抵债"))


@on_row(Disposal, "case")
def release_undisposable(request, disposal, d) -> None:
    _call(request, "release_undisposable", disposal, success=_("已解除查封，记录财产不能处置"))


# --- distribution ---------------------------------------------------------------------------------


@on_row(Disposal, "case", forms.DrawForm)
def draw_distribution(request, disposal, d) -> None:
    _call(
        request,
        "draw_distribution",
        disposal,
        costs=d["costs"],
        priority=d["priority"],
        success=_("已制作分配方案"),
    )


@on_row(Distribution, "case")
def notify_distribution(request, distribution, d) -> None:
    _call(request, "notify_distribution", distribution, success=_("已向债权人送达分配方案"))


@on_row(Distribution, "case", forms.DistributionObjectionForm)
def object_distribution(request, distribution, d) -> None:
    _call(
        request,
        "object_distribution",
        distribution,
        d["creditor"],
        d["reason"],
        success=_("已登记对分配方案的异议"),
    )


@on_row(Distribution, "case", forms.RuleDistributionObjectionForm)
def rule_distribution_objection(request, distribution, d) -> None:
    objection = DistributionObjection.objects.filter(distribution=distribution, pk=d["objection"]).first()
    if objection is None:
        messages.error(request, _("没有该项异议"))
        return
    _call(request, "rule_distribution_objection", objection, d["upheld"], success=_("已处理分配方案异议"))


@on_row(Distribution, "case")
def finalise_distribution(request, distribution, d) -> None:
    _call(request, "finalise_distribution", distribution, success=_("分配方案已确定"))


def _lines(distribution):
    return distribution.lines.all()


@on_row(Distribution, "case", forms.PayeeForm, lines=_lines)
def pay_distribution(request, distribution, d) -> None:
    payees = {}
    try:
        from ..actions.distribution import Payee
    except ImportError:
        Payee = None  # noqa: N806 - the action refuses without it
    lines = {line.pk: line for line in distribution.lines.all()}
    for pk in lines:
        keys = (f"payee_name_{pk}", f"payee_account_{pk}")
        if all(d.get(k) for k in keys) and Payee is not None:
            payees[pk] = Payee(
                name=d[keys[0]],
                account=d[keys[1]],
                bank=d.get(f"payee_bank_{pk}") or "",
                confirmed=bool(d.get(f"payee_confirmed_{pk}")),
            )
    _call(request, "pay_distribution", distribution, payees=payees, success=_("已按分配方案划款并提请发放"))
