"""The funds panel of the case page: the case's account and payment code, its balance, receipts,
payouts with their approval steps, direct payments, holds, the late-performance interest (rules
§5.16), and the forms this user may use (each offered only when its permission predicate allows)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from zhixing.cases.actions.common import passes, today
from zhixing.cases.models import Case, Party
from zhixing.cases.queries import officers_for
from zhixing.cases.views.base import days_text, yuan
from zhixing.core.identity import mask_account
from zhixing.courts.rules import ROLE_LABELS

from .. import allocation, permissions, queries, rules
from ..forms import (
    CashForm,
    DirectPaymentForm,
    HoldDecisionForm,
    HoldRequestForm,
    InterestForm,
    PayoutDecisionForm,
    PayoutRequestForm,
    PayoutSendForm,
)
from ..models import Payout, PooledAccount, Receipt
from .payer import payment_code

DUE_SOON_DAYS = 3
STATUS_BADGES = {
    Payout.REQUESTED: "text-bg-warning",
    Payout.APPROVED: "text-bg-info",
    Payout.SENT: "text-bg-primary",
    Payout.CONFIRMED: "text-bg-success",
    Payout.BOUNCED: "text-bg-danger",
    Payout.REFUSED: "text-bg-secondary",
}


def due_state(receipt: Receipt, on: dt.date) -> tuple[str, str]:
    """(label, badge class): 超期 past the payout deadline, 临期 within three days of it."""
    if receipt.case_id is None or receipt.outstanding <= 0 or receipt.payout_due_on is None:
        return "", ""
    left = (receipt.payout_due_on - on).days
    if left < 0:
        return _("超期"), "text-bg-danger"
    if left <= DUE_SOON_DAYS:
        return _("临期"), "text-bg-warning"
    return "", ""


def receipt_rows(receipts: list[Receipt], on: dt.date) -> list[dict[str, Any]]:
    rows = []
    for r in receipts:
        label, badge = due_state(r, on)
        rows.append(
            {
                "receipt": r,
                "amount": yuan(r.amount),
                "outstanding": yuan(r.outstanding),
                "payer_account": mask_account(r.payer_account) if r.payer_account else "",
                "due_label": label,
                "due_badge": badge,
                "days": days_text(r.payout_due_on, on) if label else "",
            }
        )
    return rows


def payout_rows(user: Any, payouts: list[Payout]) -> list[dict[str, Any]]:
    rows = []
    for p in payouts:
        done = {a.step: a for a in p.approvals.all()}
        steps = [
            {"n": i + 1, "role": ROLE_LABELS.get(role, role), "approval": done.get(i)}
            for i, role in enumerate(p.steps)
        ]
        decide = permissions.may_approve_payout(user, p)
        send = permissions.may_send_payout(user, p)
        rows.append(
            {
                "payout": p,
                "amount": yuan(p.amount),
                "fee": yuan(p.fee),
                "account": mask_account(p.payee_account),
                "badge": STATUS_BADGES.get(p.status, "text-bg-light"),
                "steps": steps,
                "decide_form": PayoutDecisionForm(initial={"payout_id": p.pk}, auto_id=False)
                if decide
                else None,
                "send_form": PayoutSendForm(initial={"payout_id": p.pk}, auto_id=False) if send else None,
            }
        )
    return rows


def interest(request, case: Case, on: dt.date) -> dict[str, Any]:
    """The late-performance interest on the applied amount from the performance period's last day the
    user gives (GET last_day; the filing date by default) to today."""
    form = InterestForm(
        request.GET if "last_day" in request.GET else None, initial={"last_day": case.filed_on}
    )
    last_day = form.cleaned_data["last_day"] if form.is_bound and form.is_valid() else case.filed_on
    principal = case.applied_amount or Decimal("0.00")
    return {
        "form": form,
        "last_day": last_day,
        "principal": yuan(principal),
        "days": rules.late_days(last_day, on),
        "amount": yuan(rules.late_interest(principal, last_day, on)),
    }


def applicant_name(case: Case) -> str:
    return next((p.name for p in case.parties.all() if p.role == Party.APPLICANT), "")


def panel_context(request, case: Case) -> dict[str, Any]:
    user, on = request.user, today()
    pooled = PooledAccount.objects.filter(court_id=case.court_id).first()
    balance, pending = queries.case_balance(case)
    receipts = list(case.receipts.order_by("booked_on", "id"))
    payouts = list(
        case.payouts.select_related("requested_by")
        .prefetch_related("approvals__approver")
        .order_by("-requested_at", "-id")
    )
    holds = list(case.fund_holds.select_related("requested_by", "approved_by"))
    ctx: dict[str, Any] = {
        "case": case,
        "pooled": pooled,
        "code": payment_code(case, pooled),
        "balance": yuan(balance),
        "pending": yuan(pending),
        "available": yuan(balance - pending),
        "receipts": receipt_rows(receipts, on),
        "payouts": payout_rows(user, payouts),
        "direct": [
            {"payment": d, "amount": yuan(d.amount)}
            for d in case.direct_payments.select_related("recorded_by")
        ],
        "holds": [
            {
                "hold": h,
                "form": HoldDecisionForm(initial={"hold_id": h.pk}, auto_id=False)
                if permissions.may_approve_hold(user, h)
                else None,
            }
            for h in holds
        ],
        "interest": interest(request, case, on),
    }
    if permissions.may_request_payout(user, case):
        people = case.parties.filter(role=Party.APPLICANT).order_by("position", "id")
        ctx["payout_form"] = PayoutRequestForm(
            initial={"payee_name": applicant_name(case)}, applicants=people
        )
        if len(people) > 1:  # what each applicant may draw now, by the configured order (rules §5.15)
            shares = allocation.shares(case, queries.available(case))
            ctx["shares"] = [(p.name, yuan(shares.get(p.pk, Decimal(0)))) for p in people]
    if permissions.may_field_money(user, case):
        ctx["direct_form"] = DirectPaymentForm(initial={"payee": applicant_name(case)})
    if pooled is not None and permissions.may_receive(user, case.court):
        ctx["cash_form"] = CashForm(officers=officers_for(case.court))
    if passes(permissions.check_request_hold, user, case):
        ctx["hold_form"] = HoldRequestForm()
    return ctx


def case_panel(request: Any, case: Any) -> str:
    """The "funds" panel (registered with zhixing.cases.panels by FundsConfig.ready)."""
    if not permissions.may_read_funds(request.user, case.court):
        return ""
    context = panel_context(request, case)
    context["csrf_token"] = get_token(request)
    return render_to_string("funds/_case_panel.html", context, request=request)
