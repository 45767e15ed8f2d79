"""Writes posted from the credit panel of the case page (and the signing queue): each calls its action
in zhixing.credit.actions with actor=request.user (which checks the permission and the rules again)
and goes back where it came from, the case page's panel or the queue, with the outcome as messages in
Chinese."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from zhixing.cases.models import Party
from zhixing.cases.queries import visible_cases
from zhixing.cases.views.base import form_errors_to_messages, run_action, staff_post, visible_case

from .. import forms
from ..actions import certificates, corrections, listings, removals, restrictions
from ..models import ConsumptionPermit, Correction, Listing, Restriction


def case_credit_url(case_id: int) -> str:
    return reverse("cases:detail", args=[case_id]) + "#credit"


def _back(request, case_id: int):
    """The queue's forms say where to return (`next`, a local address); the panel's go to the panel."""
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return redirect(nxt)
    return redirect(case_credit_url(case_id))


def _debtor(case, pk: int) -> Party | None:
    return case.parties.filter(pk=pk, role=Party.DEBTOR).first()


def on_case(form_class) -> Callable:
    """A form posted on one case, looked up among the cases the user may see (404 otherwise)."""

    def decorate(view: Callable) -> Callable:
        @staff_post
        @wraps(view)
        def wrapper(request, pk: int):
            case = visible_case(request.user, pk)
            form = form_class(request.POST, case=case)
            if form.is_valid():
                view(request, case, form)
            else:
                form_errors_to_messages(request, form)
            return _back(request, case.pk)

        return wrapper

    return decorate


def on_row(model, case_path: str, form_class, **form_args: Callable[[Any], Any]) -> Callable:
    """A form posted on one listing, correction, restriction or permit, looked up among the cases the
    user may see (404 otherwise); an invalid form becomes error messages; then back."""

    def decorate(view: Callable) -> Callable:
        @staff_post
        @wraps(view)
        def wrapper(request, pk: int):
            rows = model.objects.select_related(f"{case_path}__court").filter(
                **{f"{case_path}__in": visible_cases(request.user)}
            )
            target = get_object_or_404(rows, pk=pk)
            case_id = _case_of(target, case_path).pk
            form = form_class(request.POST, **{name: make(target) for name, make in form_args.items()})
            if form.is_valid():
                view(request, target, form)
            else:
                form_errors_to_messages(request, form)
            return _back(request, case_id)

        return wrapper

    return decorate


def _case_of(target: Any, case_path: str):
    for part in case_path.split("__"):
        target = getattr(target, part)
    return target


# --- the dishonest list -----------------------------------------------------------------------------


@on_case(forms.ProposeListingForm)
def propose_listing(request, case, form) -> None:
    d = form.cleaned_data
    party = _debtor(case, d["party"])
    rep = (d["rep_name"], d["rep_id"].strip().upper()) if party and party.kind == Party.UNIT else None
    run_action(
        request,
        listings.propose_listing,
        case,
        party,
        d["ground"],
        actor=request.user,
        facts=d["facts"],
        applicant_requested=d["applicant_requested"],
        grace_months=d["grace_months"],
        extension_years=d["extension_years"] if d["ground"] != 1 else 0,
        exclusions=d["exclusions"] if d["ground"] == 1 else (),
        legal_representative=rep,
        success=_("已提请将%(name)s纳入失信被执行人名单，待院领导审批")
        % {"name": party.name if party else ""},
    )


@on_row(Listing, "case", forms.DecideForm)
def decide_listing(request, listing: Listing, form) -> None:
    approve = form.cleaned_data["decision"] == "approve"
    run_action(
        request,
        listings.decide_listing,
        listing,
        actor=request.user,
        approve=approve,
        reason=form.cleaned_data["reason"],
        success=lambda x: (
            _("已签发失信决定书（%(doc)s），%(state)s")
            % {"doc": x.document.number if x.document_id else "", "state": x.get_status_display()}
            if approve
            else _("已不予批准该失信名单提请")
        ),
    )


@on_row(Listing, "case", forms.TriggerForm, ground=lambda x: x.ground)
def note_trigger(request, listing: Listing, form) -> None:
    run_action(
        request,
        removals.note_trigger,
        listing,
        form.cleaned_data["trigger"],
        actor=request.user,
        success=lambda x: _("已记录删除事由，应于 %(d)s 前删除") % {"d": x.removal_due_on},
    )


@on_row(Listing, "case", forms.RemoveForm, ground=lambda x: x.ground)
def remove_listing(request, listing: Listing, form) -> None:
    run_action(
        request,
        removals.remove_listing,
        listing,
        actor=request.user,
        trigger=form.cleaned_data["trigger"] or None,
        success=_("已删除失信信息，公开信息已撤下，并通知各联合惩戒单位"),
    )


@on_row(Listing, "case", forms.ReasonForm)
def revoke_listing(request, listing: Listing, form) -> None:
    run_action(
        request,
        removals.revoke_listing,
        listing,
        actor=request.user,
        reason=form.cleaned_data["reason"],
        success=_("已撤销失信决定，公开信息已撤下"),
    )


@on_row(Listing, "case", forms.CorrectionForm)
def record_correction(request, listing: Listing, form) -> None:
    d = form.cleaned_data
    run_action(
        request,
        corrections.record_correction,
        listing,
        d["ground"],
        d["statement"],
        actor=request.user,
        filed_on=d["filed_on"],
        success=lambda c: _("已登记纠正申请，应于 %(d)s 前审查") % {"d": c.review_due_on},
    )


@on_row(Listing, "case", forms.CorrectFieldsForm)
def correct_listing(request, listing: Listing, form) -> None:
    run_action(
        request,
        corrections.correct_listing,
        listing,
        form.changes(),
        actor=request.user,
        success=_("已更正失信信息"),
    )


@on_row(Correction, "listing__case", forms.DecideCorrectionForm)
def decide_correction(request, correction: Correction, form) -> None:
    founded = form.cleaned_data["outcome"] == "founded"
    run_action(
        request,
        corrections.decide_correction,
        correction,
        actor=request.user,
        founded=founded,
        note=form.cleaned_data["note"],
        success=lambda c: (
            _("纠正申请理由成立，应于 %(d)s 前纠正") % {"d": c.correct_due_on}
            if founded
            else _("已驳回纠正申请，请送达驳回决定")
        ),
    )


@on_row(Correction, "listing__case", forms.ServeForm)
def serve_rejection(request, correction: Correction, form) -> None:
    run_action(
        request,
        corrections.serve_rejection,
        correction,
        actor=request.user,
        served_on=form.cleaned_data["served_on"],
        success=lambda c: _("已记录送达，复议申请期限至 %(d)s") % {"d": c.reconsideration_deadline},
    )


@on_row(Correction, "listing__case", forms.ReconsiderationFiledForm)
def reconsideration_filed(request, correction: Correction, form) -> None:
    run_action(
        request,
        corrections.record_reconsideration,
        correction,
        actor=request.user,
        filed_on=form.cleaned_data["filed_on"],
        success=lambda c: _("已登记复议申请，上级法院应于 %(d)s 前决定") % {"d": c.higher_due_on},
    )


@on_row(Correction, "listing__case", forms.ReconsiderationDecidedForm)
def reconsideration_decided(request, correction: Correction, form) -> None:
    run_action(
        request,
        corrections.record_reconsideration,
        correction,
        actor=request.user,
        overturned=form.cleaned_data["outcome"] == "overturned",
        decided_on=form.cleaned_data["decided_on"],
        success=lambda c: _("已记录复议结果：%(s)s") % {"s": c.get_status_display()},
    )


# --- consumption restriction ------------------------------------------------------------------------


@on_case(forms.ProposeRestrictionForm)
def propose_restriction(request, case, form) -> None:
    d = form.cleaned_data
    party = _debtor(case, d["party"])
    run_action(
        request,
        restrictions.propose_restriction,
        case,
        party,
        actor=request.user,
        reason=d["reason"],
        persons=form.persons(),
        applicant_requested=d["applicant_requested"],
        success=_("已提请对%(name)s发出限制消费令，待院领导审批") % {"name": party.name if party else ""},
    )


@on_row(Restriction, "case", forms.DecideForm)
def issue_restriction(request, restriction: Restriction, form) -> None:
    approve = form.cleaned_data["decision"] == "approve"
    run_action(
        request,
        restrictions.issue_restriction,
        restriction,
        actor=request.user,
        approve=approve,
        reason=form.cleaned_data["reason"],
        success=_("已签发限制消费令") if approve else _("已不予批准该限制消费令"),
    )


@on_row(Restriction, "case", forms.LiftForm)
def lift_restriction(request, restriction: Restriction, form) -> None:
    run_action(
        request,
        restrictions.lift_restriction,
        restriction,
        form.cleaned_data["reason"],
        actor=request.user,
        success=_("已解除限制消费令"),
    )


@on_row(Restriction, "case", forms.PermitForm, restriction=lambda r: r)
def request_permit(request, restriction: Restriction, form) -> None:
    d = form.cleaned_data
    person = restriction.persons.filter(pk=d["person"]).first() if d["person"] else None
    run_action(
        request,
        restrictions.request_permit,
        restriction,
        actor=request.user,
        reason=d["reason"],
        item=d["item"],
        detail=d["detail"],
        valid_from=d["valid_from"],
        valid_to=d["valid_to"],
        person=person,
        success=_("已登记必要消费申请，待审批"),
    )


@on_row(ConsumptionPermit, "restriction__case", forms.PermitDecisionForm)
def decide_permit(request, permit: ConsumptionPermit, form) -> None:
    grant = form.cleaned_data["grant"]
    run_action(
        request,
        restrictions.decide_permit,
        permit,
        actor=request.user,
        grant=grant,
        success=_("已准许该必要消费") if grant else _("已不予准许该必要消费"),
    )


# --- certificates -----------------------------------------------------------------------------------


@on_case(forms.CertificateForm)
def issue_certificate(request, case, form) -> None:
    d = form.cleaned_data
    run_action(
        request,
        certificates.issue_certificate,
        case,
        _debtor(case, d["party"]),
        actor=request.user,
        confirmed_on=d["confirmed_on"],
        confirmation=d["confirmation"],
        success=lambda c: _("已出具自动履行证明（%(doc)s）") % {"doc": c.document.number},
    )
