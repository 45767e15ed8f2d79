"""Writes posted from the case's measures page: each calls its action in zhixing.measures.actions with
actor=request.user (which checks the permission and the rules again) and goes back to the page, with
the outcome as messages in Chinese. Rows are looked up among the cases the user may see (404 else)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases.models import Party
from zhixing.cases.queries import visible_cases
from zhixing.cases.views.base import (
    REFUSALS,
    form_errors_to_messages,
    refusal_messages,
    run_action,
    staff_post,
    staff_view,
    visible_case,
)

from .. import forms
from ..models import CoerciveMeasure, Evidence, Informant, Obstruction, Referral
from .case import police_agencies
from .common import action, back, call


def page(case_id: int) -> str:
    return reverse("measures:case", args=[case_id])


def on_row(model, case_path: str, form_class=forms.EmptyForm, **form_args: Callable[[Any], Any]) -> Callable:
    def decorate(view: Callable) -> Callable:
        @staff_post
        @wraps(view)
        def wrapper(request, pk: int, **kw: Any):
            rows = model.objects.select_related(f"{case_path}__court").filter(
                **{f"{case_path}__in": visible_cases(request.user)}
            )
            target = get_object_or_404(rows, pk=pk)
            case = target
            for part in case_path.split("__"):
                case = getattr(case, part)
            form = form_class(request.POST, **{k: make(target) for k, make in form_args.items()})
            if form.is_valid():
                view(request, target, form.cleaned_data, **kw)
            else:
                form_errors_to_messages(request, form)
            return back(request, page(case.pk))

        return wrapper

    return decorate


def _debtors(case) -> Any:
    return case.parties.filter(role=Party.DEBTOR)


def _case_form(request, case, form_class, **kw):
    form = form_class(request.POST, **kw)
    if form.is_valid():
        return form.cleaned_data
    form_errors_to_messages(request, form)
    return None


@staff_post
def record_obstruction(request, case_id: int):
    case = visible_case(request.user, case_id)
    parties = _debtors(case)
    data = _case_form(request, case, forms.ObstructionForm, parties=parties)
    if data is not None:
        party = parties.filter(pk=data["party"]).first() if data["party"] else None
        call(
            request,
            "record_obstruction",
            case,
            data["kind"],
            data["occurred_on"],
            data["description"],
            party,
            success=_("已记录妨害执行行为"),
        )
    return back(request, page(case.pk))


@staff_post
def propose_measure(request, case_id: int):
    case = visible_case(request.user, case_id)
    parties = _debtors(case)
    obstructions = Obstruction.objects.filter(case=case)
    data = _case_form(request, case, forms.ProposeForm, parties=parties, obstructions=obstructions)
    if data is not None:
        call(
            request,
            "propose_measure",
            case,
            data["kind"],
            parties.get(pk=data["party"]),
            reason=data["reason"],
            subject_name=data["subject_name"],
            subject_role=data["subject_role"],
            obstructions=list(obstructions.filter(pk__in=data["obstructions"])),
            amount=data["amount"],
            days=data["days"],
            detention_may_follow=data["detention_may_follow"],
            place=data["place"],
            channel=data["channel"],
            success=_("已提请采取强制措施，待审批"),
        )
    return back(request, page(case.pk))


@on_row(CoerciveMeasure, "case", forms.DecideForm)
def decide_measure(request, m, data):
    done = _("已批准") if data["approved"] else _("已不予批准")
    call(request, "decide_measure", m, data["approved"], note=data["note"], success=done)


@on_row(CoerciveMeasure, "case", forms.CarryOutForm, kind=lambda m: m.kind)
def carry_out(request, m, data):
    extra = {k: data[k] for k in ("place", "channel") if data.get(k)}
    call(request, "carry_out", m, record=data["record"], success=_("已执行该强制措施"), **extra)


@on_row(CoerciveMeasure, "case", forms.EndForm, kind=lambda m: m.kind)
def end_measure(request, m, data):
    call(request, "end_measure", m, data["reason"], note=data["note"], success=_("该强制措施已结束"))


@on_row(CoerciveMeasure, "case", forms.ReasonForm)
def cancel_measure(request, m, data):
    call(request, "cancel_measure", m, data["reason"], success=_("已撤销该强制措施"))


@on_row(CoerciveMeasure, "case", forms.FineForm)
def book_fine(request, m, data):
    call(
        request,
        "book_fine",
        m,
        data["amount"],
        data["paid_on"],
        data["reference"],
        success=_("罚款已入账（罚没款账户，不计入案件账户）"),
    )


@on_row(CoerciveMeasure, "case", forms.InformantForm)
def register_informant(request, m, data):
    call(
        request,
        "register_informant",
        m,
        data["name"],
        data["phone"],
        data["lead"],
        account=data["account"],
        success=_("已登记举报人"),
    )


@on_row(Informant, "measure__case", forms.LeadForm)
def verify_lead(request, informant, data):
    call(request, "verify_lead", informant, data["confirmed"], success=_("已记录线索核实结果"))


@on_row(CoerciveMeasure, "case")
def pay_reward(request, m, data):
    call(request, "pay_reward", m, success=_("已提出悬赏金支付申请"))


@staff_post
def draft_referral(request, case_id: int):
    case = visible_case(request.user, case_id)
    parties = _debtors(case)
    obstructions = Obstruction.objects.filter(case=case)
    agencies = police_agencies()
    data = _case_form(
        request, case, forms.DraftReferralForm, parties=parties, obstructions=obstructions, agencies=agencies
    )
    if data is not None:
        call(
            request,
            "draft_referral",
            case,
            parties.get(pk=data["party"]),
            crime=data["crime"],
            facts=data["facts"],
            police_unit=data["police_unit"],
            obstructions=list(obstructions.filter(pk__in=data["obstructions"])),
            suspects=data["suspects"],
            agency=next((a for a in agencies if a.pk == data["agency"]), None),
            success=_("已拟移送拒执罪线索，待院领导批准"),
        )
    return back(request, page(case.pk))


# rules.REFERRAL_NEXT's steps: the form each posts and how its action is called.
STEP_FORMS = {
    "approve": forms.EmptyForm,
    "send": forms.EmptyForm,
    "receive": forms.ReceiptForm,
    "file": forms.DecisionForm,
    "not_file": forms.DecisionForm,
    "escalate": forms.EscalateForm,
    "order": forms.DayForm,
    "notice": forms.DayForm,
    "private": forms.DayForm,
    "prosecute": forms.OutcomeForm,
    "convict": forms.OutcomeForm,
    "performed": forms.OutcomeForm,
    "withdraw": forms.ReasonForm,
}
OUTCOMES = {"prosecute": Referral.PROSECUTED, "convict": Referral.CONVICTED, "performed": Referral.PERFORMED}


def _step_args(step: str, r: Referral, d: dict) -> tuple[str, tuple, dict]:
    if step == "approve":
        return "approve_referral", (r,), {}
    if step == "send":
        return "send_referral", (r,), {}
    if step == "receive":
        return (
            "record_receipt",
            (r, d["received_on"], d["receipt_number"]),
            {"complex_case": d["complex_case"]},
        )
    if step in ("file", "not_file"):
        kw = {"reason": d["reason"], "noticed_on": d["noticed_on"]}
        return "record_decision", (r, step == "file", d["decided_on"]), kw
    if step == "escalate":
        return "escalate", (r, d["escalated_on"], d["procuratorate"]), {}
    if step == "order":
        return "record_order_to_file", (r, d["on"]), {}
    if step == "private":
        return "take_private_route", (r, d["on"]), {}
    if step in OUTCOMES:
        return "record_outcome", (r, OUTCOMES[step], d["on"], d["note"]), {}
    if step == "notice":
        return "record_notice", (r, d["on"]), {}
    return "withdraw_referral", (r, d["reason"]), {}


@staff_post
def referral_step(request, pk: int, step: str):
    rows = Referral.objects.select_related("case__court").filter(case__in=visible_cases(request.user))
    r = get_object_or_404(rows, pk=pk)
    form_class = STEP_FORMS.get(step)
    if form_class is None:
        messages.error(request, _("没有这一步"))
        return back(request, page(r.case_id))
    form = form_class(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return back(request, page(r.case_id))
    name, args, kw = _step_args(step, r, form.cleaned_data)
    fn = action(name)
    if fn is None:
        messages.error(request, _("该功能尚未启用"))
    else:
        run_action(request, fn, *args, actor=request.user, success=_("已登记"), **kw)
    return back(request, page(r.case_id))


@staff_view
def evidence_file(request, pk: int):
    """The evidence file itself, read through open_evidence (which checks the reader and logs)."""
    rows = Evidence.objects.select_related("case__court").filter(case__in=visible_cases(request.user))
    ev = get_object_or_404(rows, pk=pk)
    fn = action("open_evidence")
    if fn is None:
        return HttpResponse(_("该功能尚未启用"), status=503, content_type="text/plain; charset=utf-8")
    try:
        data = fn(ev, actor=request.user)
    except REFUSALS as exc:
        raise PermissionDenied("；".join(refusal_messages(exc))) from exc
    response = HttpResponse(data, content_type=ev.content_type)
    response["Content-Disposition"] = f'inline; filename="{ev.sha256[:12]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_post
def supersede_evidence(request, pk: int):
    """Replace an evidence file by a new one with the reason; the old row and file stay."""
    rows = Evidence.objects.select_related("case__court").filter(case__in=visible_cases(request.user))
    old = get_object_or_404(rows, pk=pk)
    form = forms.SupersedeForm(request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        f = d["file"]
        call(
            request,
            "supersede_evidence",
            old,
            f.read(),
            reason=d["reason"],
            title=d["title"],
            original_name=f.name[:200],
            content_type=(getattr(f, "content_type", "") or "application/octet-stream").split(";")[0],
            taken_at=timezone.now(),
            success=_("已以新文件替代，原证据保留"),
        )
    else:
        form_errors_to_messages(request, form)
    return back(request, page(old.case_id))
