"""The case's 强制措施 page (/measures/cases/<id>/) and its panel on the case page (registered from
wiring.py): obstructions with the record form, the measures with their status and exactly the next
steps rules.NEXT allows and this user may take, informants (phone masked), referrals with their clocks
and rules.REFERRAL_NEXT's steps, and the evidence with fingerprints.

The page's permission questions are asked once a page (the user's roles on the case's court), then
each row is judged from what is already loaded, so the page reads in a fixed number of queries however
many rows it shows."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from zhixing.cases.actions.common import passes, require_role, today
from zhixing.cases.models import Party
from zhixing.cases.views.base import render_page, staff_view, visible_case
from zhixing.core.identity import mask_account, mask_phone

from .. import forms, permissions, rules
from ..models import Agency, CoerciveMeasure, Evidence, Informant, Obstruction, Referral
from .common import action, available, due

BADGES = {
    CoerciveMeasure.PROPOSED: "text-bg-warning",
    CoerciveMeasure.APPROVED: "text-bg-info",
    CoerciveMeasure.IN_FORCE: "text-bg-primary",
    CoerciveMeasure.ENDED: "text-bg-success",
    CoerciveMeasure.REFUSED: "text-bg-secondary",
    CoerciveMeasure.CANCELLED: "text-bg-light",
}
# rules.REFERRAL_NEXT's steps as buttons: the action each calls and its label.
REFERRAL_STEPS = {
    "approve": ("approve_referral", _("批准移送")),
    "send": ("send_referral", _("移送公安机关")),
    "receive": ("record_receipt", _("登记公安接收")),
    "file": ("record_decision", _("公安决定立案")),
    "not_file": ("record_decision", _("公安决定不立案")),
    "escalate": ("escalate", _("提请检察监督")),
    "private": ("take_private_route", _("转自诉")),
    "prosecute": ("record_outcome", _("已提起公诉")),
    "convict": ("record_outcome", _("已判决有罪")),
    "performed": ("record_outcome", _("起诉前履行")),
    "withdraw": ("withdraw_referral", _("撤回移送")),
}


def _role(user: Any, roles: tuple[str, ...], court: Any) -> bool:
    return passes(require_role, user, roles, court, "")


class Permits:
    """What this user may do on this case, asked once (the per-row parts are read from the rows)."""

    def __init__(self, user: Any, case: Any) -> None:
        self.user_id = user.pk
        self.handle = permissions.may_handle_measures(user, case)
        self.president = _role(user, permissions.PRESIDENT_ROLES, case.court)
        self.approver = _role(user, permissions.APPROVING_ROLES, case.court)
        self.finance = _role(user, permissions.FINANCE_ROLES, case.court)
        self.draft = permissions.may_draft_referral(user, case) and not case.is_closed
        self.track = permissions.may_draft_referral(user, case) or _role(
            user, permissions.HANDLING_ROLES + ("command",), case.court
        )

    def decide(self, m: CoerciveMeasure) -> bool:
        allowed = self.president if m.kind in rules.PRESIDENT_APPROVES else self.approver
        return allowed and m.proposed_by_id != self.user_id


def measure_row(m: CoerciveMeasure, p: Permits, open_case: bool) -> dict[str, Any]:
    steps = rules.NEXT.get(m.status, ()) if open_case else ()
    row: dict[str, Any] = {
        "measure": m,
        "badge": BADGES.get(m.status, "text-bg-light"),
        "obstructions": list(m.obstructions.all()),
        "informants": [
            {
                "informant": i,
                "phone": mask_phone(i.phone),
                "account": mask_account(i.account) if i.account else "",
                "verify_form": forms.LeadForm(auto_id=False)
                if p.handle and i.status == Informant.PENDING and available("verify_lead")
                else None,
            }
            for i in m.informants.all()
        ],
    }
    if "approve" in steps and p.decide(m) and available("decide_measure"):
        row["decide_form"] = forms.DecideForm(auto_id=False)
    if "cancel" in steps and p.handle and available("cancel_measure"):
        row["cancel_form"] = forms.ReasonForm(auto_id=False)
    if "carry_out" in steps and p.handle and available("carry_out"):
        row["carry_form"] = forms.CarryOutForm(
            auto_id=False, kind=m.kind, initial={"place": m.place, "channel": m.channel}
        )
    if "end" in steps and p.handle and m.kind != rules.FINE and available("end_measure"):
        if m.kind != rules.REWARD or not any(i.status == Informant.CONFIRMED for i in m.informants.all()):
            row["end_form"] = forms.EndForm(auto_id=False, kind=m.kind)
    if m.kind == rules.FINE and m.status == CoerciveMeasure.IN_FORCE and p.finance and available("book_fine"):
        row["fine_form"] = forms.FineForm(
            auto_id=False, initial={"amount": (m.amount or 0) - m.paid_amount, "paid_on": today()}
        )
    if m.kind == rules.REWARD and m.status == CoerciveMeasure.IN_FORCE and p.handle:
        if available("register_informant"):
            row["informant_form"] = forms.InformantForm(auto_id=False)
        if any(i.status == Informant.CONFIRMED for i in m.informants.all()) and available("pay_reward"):
            row["pay_reward"] = True
    return row


def referral_row(r: Referral, p: Permits, on) -> dict[str, Any]:
    steps = []
    next_steps = action("next_steps")
    for step in next_steps(r, on) if next_steps else rules.REFERRAL_NEXT.get(r.status, ()):
        name, label = REFERRAL_STEPS[step]
        allowed = (p.president and r.drafted_by_id != p.user_id) if step == "approve" else p.track
        if allowed and available(name):
            steps.append({"step": step, "label": label, "form": _step_form(step, on)})
    if r.status == Referral.ESCALATED and r.ordered_to_file_on is None and p.track:
        if available("record_order_to_file"):
            steps.append(
                {"step": "order", "label": _("检察院通知立案"), "form": forms.DayForm(auto_id=False)}
            )
    if r.status == Referral.NOT_FILED and r.noticed_on is None and p.track and available("record_notice"):
        form = forms.DayForm(auto_id=False, initial={"on": on})
        steps.append({"step": "notice", "label": _("收到不立案书面告知"), "form": form})
    clocks = []
    for label, day in (
        (_("立案决定期限"), r.decision_due_on if r.status == Referral.RECEIVED else None),
        (_("不立案告知期限"), r.notice_due_on if r.noticed_on is None else None),
        (_("公安答复检察院期限"), r.procuratorate_reply_due_on if r.status == Referral.ESCALATED else None),
        (_("通知立案后立案期限"), r.file_by if r.status == Referral.ESCALATED else None),
    ):
        if day:
            clocks.append({"label": label, **due(day, on)})
    private = ""
    if r.status in (Referral.SENT, Referral.RECEIVED) and r.private_route_on:
        private = rules.private_prosecution_open(r.sent_on, on, r.reply_on is not None, False, False)
    elif r.status == Referral.NOT_FILED:
        private = rules.private_prosecution_open(r.sent_on, on, True, True, False)
    return {
        "referral": r,
        "steps": steps,
        "clocks": clocks,
        "private_open": private,
        "obstructions": list(r.obstructions.all()),
    }


def _step_form(step: str, on):
    if step == "receive":
        return forms.ReceiptForm(auto_id=False, initial={"received_on": on})
    if step in ("file", "not_file"):
        return forms.DecisionForm(auto_id=False, initial={"decided_on": on})
    if step == "escalate":
        return forms.EscalateForm(auto_id=False, initial={"escalated_on": on})
    if step == "private":
        return forms.DayForm(auto_id=False, initial={"on": on})
    if step in ("prosecute", "convict", "performed"):
        return forms.OutcomeForm(auto_id=False, initial={"on": on})
    if step == "withdraw":
        return forms.ReasonForm(auto_id=False)
    return None


def police_agencies() -> list[Agency]:
    return list(Agency.objects.filter(kind=Agency.POLICE, active=True).order_by("code"))


def page_context(request, case) -> dict[str, Any]:
    user, on = request.user, today()
    p = Permits(user, case)
    open_case = not case.is_closed
    obstructions = list(Obstruction.objects.filter(case=case).select_related("party", "recorded_by"))
    measures = list(
        CoerciveMeasure.objects.filter(case=case)
        .select_related("party", "proposed_by", "approved_by", "document")
        .prefetch_related("obstructions", Prefetch("informants", Informant.objects.order_by("seq")))
    )
    referrals = list(
        Referral.objects.filter(case=case)
        .select_related("party", "drafted_by", "approved_by", "agency", "letter", "status_note")
        .prefetch_related("obstructions")
    )
    evidence = list(
        Evidence.objects.filter(case=case).select_related("uploaded_by", "operation", "superseded_by")
    )
    debtors = [party for party in case.parties.all() if party.role == Party.DEBTOR]
    ctx: dict[str, Any] = {
        "case": case,
        "on": on,
        "obstructions": obstructions,
        "measures": [measure_row(m, p, open_case) for m in measures],
        "referrals": [referral_row(r, p, on) for r in referrals],
        "evidence": evidence,
        "supersede_form": forms.SupersedeForm(auto_id=False)
        if p.handle and available("supersede_evidence")
        else None,
    }
    if p.handle and available("record_obstruction"):
        ctx["obstruction_form"] = forms.ObstructionForm(
            auto_id="o_%s", parties=debtors, initial={"occurred_on": on}
        )
    if p.handle and available("propose_measure"):
        ctx["propose_form"] = forms.ProposeForm(auto_id="m_%s", parties=debtors, obstructions=obstructions)
    if p.draft and available("draft_referral"):
        ctx["referral_form"] = forms.DraftReferralForm(
            auto_id="r_%s",
            parties=debtors,
            obstructions=obstructions,
            agencies=police_agencies(),
            # A migrant-wage case's refusal is first of all the wage crime (rules §10.1.4, art 276-1).
            initial={"crime": rules.WAGE if case.is_migrant_wage else rules.REFUSAL},
        )
    return ctx


@staff_view
def case_page(request, case_id: int):
    case = visible_case(request.user, case_id)
    if not permissions.may_open_measures_page(request.user, case):
        raise PermissionDenied(
            _("只有本案承办人及本院执行人员、法官、院领导、指挥中心和财务人员可以查看强制措施")
        )
    return render_page(request, "measures/case.html", page_context(request, case), active="cases")


# --- the case page's panel ------------------------------------------------------------------------


def case_panel(request: Any, case: Any) -> str:
    """The "强制措施" panel: counts of obstructions not yet met, measures by status, referrals, and the
    link to the case's measures page."""
    allowed = permissions.may_open_measures_page(request.user, case)
    context: dict[str, Any] = {"case": case, "allowed": allowed}
    if allowed:
        context["measures"] = list(
            CoerciveMeasure.objects.filter(case=case).exclude(status=CoerciveMeasure.CANCELLED)
        )
        for m in context["measures"]:
            m.badge = BADGES.get(m.status, "text-bg-light")
        context["unmet"] = Obstruction.objects.filter(case=case, handled_on__isnull=True).count()
        context["referrals"] = list(Referral.objects.filter(case=case))
    context["csrf_token"] = get_token(request)
    return render_to_string("measures/_case_panel.html", context, request=request)
