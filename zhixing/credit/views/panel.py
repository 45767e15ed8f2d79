"""The "信用惩戒" panel of the case page (registered with zhixing.cases.panels from CreditConfig.ready()):
the case's dishonest listings with their corrections, the consumption restrictions with their bound
persons and permits, and the performance certificates; and the forms of exactly the actions this user
may take, each asked of its `may_*` predicate. Identity codes are shown masked."""

from __future__ import annotations

from typing import Any

from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from zhixing.cases.actions.common import today
from zhixing.cases.models import Case, Party
from zhixing.core.identity import mask_identity

from .. import forms, permissions, queries, rules
from ..actions import certificates
from ..models import Correction, Listing, Restriction
from . import display


def correction_row(user: Any, c: Correction, on) -> dict[str, Any]:
    label, day = queries.correction_clock(c)
    row: dict[str, Any] = {
        "correction": c,
        "ground": rules.CORRECTION_GROUNDS.get(c.ground, c.ground),
        "badge": display.CORRECTION_BADGES.get(c.status, "text-bg-light"),
        "clock": label,
        "due": display.due(day, on) if day else None,
    }
    if permissions.may_decide_correction(user, c):
        row["decide_form"] = forms.DecideCorrectionForm(auto_id=False)
    # serve_rejection and record_reconsideration ask the permission to follow a correction.
    if permissions.may_follow_correction(user, c):
        if c.status == Correction.REJECTED and c.served_on is None:
            row["serve_form"] = forms.ServeForm(auto_id=False, initial={"served_on": on})
        elif c.status == Correction.REJECTED:
            row["filed_form"] = forms.ReconsiderationFiledForm(auto_id=False, initial={"filed_on": on})
        elif c.status == Correction.RECONSIDERING:
            row["decided_form"] = forms.ReconsiderationDecidedForm(auto_id=False, initial={"decided_on": on})
    return row


def listing_row(user: Any, case: Case, listing: Listing, on) -> dict[str, Any]:
    listing.case = case  # the predicates read listing.case.court; all rows belong to this case
    row: dict[str, Any] = {
        "listing": listing,
        "ground": rules.GROUNDS.get(listing.ground, ""),
        "badge": display.LISTING_BADGES.get(listing.status, "text-bg-light"),
        "removal": display.due(listing.removal_due_on, on)
        if listing.removal_due_on and listing.status in queries.LIVE_LISTING
        else None,
        "trigger": rules.REMOVAL_TRIGGERS.get(listing.removal_trigger, ""),
    }
    for c in listing.corrections.all():
        c.listing = listing
    row["corrections"] = [correction_row(user, c, on) for c in listing.corrections.all()]
    if permissions.may_decide_listing(user, listing):
        row["decide_form"] = forms.DecideForm(auto_id=False)
    if permissions.may_remove_listing(user, listing):
        if listing.removal_due_on is None:
            row["trigger_form"] = forms.TriggerForm(auto_id=False, ground=listing.ground)
        row["remove_form"] = forms.RemoveForm(auto_id=False, ground=listing.ground)
    if permissions.may_revoke_listing(user, listing):
        row["revoke_form"] = forms.ReasonForm(auto_id=False)
    if permissions.may_record_correction(user, listing):
        row["correction_form"] = forms.CorrectionForm(auto_id=False, initial={"filed_on": on})
        row["correct_form"] = forms.CorrectFieldsForm(auto_id=False, record=listing.record)
    return row


def restriction_row(user: Any, case: Case, r: Restriction, on) -> dict[str, Any]:
    r.case = case
    permits = []
    for p in r.permits.all():
        p.restriction = r
        permits.append(
            {
                "permit": p,
                "reason": rules.PERMIT_REASONS.get(p.reason, p.reason),
                "who": p.person.name if p.person_id else r.party.name,
                "badge": display.PERMIT_BADGES.get(p.status, "text-bg-light"),
                "decide_form": forms.PermitDecisionForm(auto_id=False)
                if permissions.may_decide_permit(user, p)
                else None,
            }
        )
    row: dict[str, Any] = {
        "restriction": r,
        "badge": display.RESTRICTION_BADGES.get(r.status, "text-bg-light"),
        "persons": [
            {
                "person": p,
                "capacity": rules.BOUND_CAPACITIES.get(p.capacity, p.capacity),
                "code": mask_identity(p.id_code),
            }
            for p in r.persons.all()
        ],
        "permits": permits,
        "lift_reason": rules.LIFT_REASONS.get(r.lift_reason, ""),
    }
    if permissions.may_issue_restriction(user, r):
        row["issue_form"] = forms.DecideForm(auto_id=False)
    if permissions.may_lift_restriction(user, r):
        row["lift_form"] = forms.LiftForm(auto_id=False)
    if permissions.may_request_permit(user, r):
        row["permit_form"] = forms.PermitForm(
            auto_id=False, restriction=r, initial={"valid_from": on, "valid_to": on}
        )
    return row


def panel_context(request, case: Case) -> dict[str, Any]:
    user, on = request.user, today()
    ctx: dict[str, Any] = {"case": case, "allowed": permissions.may_read_credit(user, case)}
    if not ctx["allowed"]:
        return ctx
    debtors = [p for p in case.parties.all() if p.role == Party.DEBTOR]
    listings = queries.case_listings(case)
    restrictions = queries.case_restrictions(case)
    ctx.update(
        {
            "listings": [listing_row(user, case, x, on) for x in listings],
            "restrictions": [restriction_row(user, case, r, on) for r in restrictions],
            "certificates": queries.case_certificates(case),
            "has_units": any(d.kind == Party.UNIT for d in debtors),
            "grounds_with_term": [g for g in rules.GROUNDS if g != rules.NO_TERM_GROUND],
        }
    )
    if permissions.may_propose_listing(user, case):
        ctx["propose_form"] = forms.ProposeListingForm(case=case)
    if permissions.may_propose_restriction(user, case):
        ctx["restriction_form"] = forms.ProposeRestrictionForm(case=case, auto_id="r_%s")
    if permissions.may_issue_certificate(user, case) and debtors:
        problems = {d.pk: certificates.problems(case, d, applicant_confirmed=True) for d in debtors}
        ctx["certificate_problems"] = [
            {"debtor": d, "problems": problems[d.pk]} for d in debtors if problems[d.pk]
        ]
        ready = [d for d in debtors if not problems[d.pk]]
        if ready:
            form = forms.CertificateForm(case=case, auto_id="c_%s", initial={"confirmed_on": on})
            form.fields["party"].choices = [(d.pk, d.name) for d in ready]
            ctx["certificate_form"] = form
    return ctx


def case_panel(request: Any, case: Any) -> str:
    """The "credit" panel (registered with zhixing.cases.panels by CreditConfig.ready)."""
    context = panel_context(request, case)
    context["csrf_token"] = get_token(request)
    return render_to_string("credit/_case_panel.html", context, request=request)
