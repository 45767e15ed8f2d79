"""The "网络查控" panel of the case page (registered with zhixing.cases.panels from
InquiryConfig.ready()): the case's inquiry batches and their state, the button that starts one, and
the asset register per debtor with each asset's measures and the actions this user may take on them.

The register is a debtor's financial data (rules §6.6): it is read through queries.results_for_case,
which logs each read with its purpose, and only for a user whom permissions.may_view_results allows;
anyone else sees a short notice and nothing of it. Accounts and identity numbers are shown masked."""

from __future__ import annotations

from typing import Any

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from zhixing.cases.actions.common import today
from zhixing.cases.models import Case
from zhixing.cases.views.base import yuan

from .. import page_queries, permissions, queries
from ..forms import DeductForm, FreezeForm, ReleaseForm, RenewForm
from ..models import InquiryBatch, InquiryRequest, Measure
from . import display

# Why the page reads the register (the purpose each logged read carries).
PURPOSE = "案件页查看网络查控结果"


def batch_rows(case: Case) -> list[dict[str, Any]]:
    batches = page_queries.case_batches(case)
    states = page_queries.request_states(batches)
    rows = []
    for b in batches:
        s = states.get(b.pk, {})
        rows.append(
            {
                "batch": b,
                "badge": display.BATCH_BADGES.get(b.status, "text-bg-light"),
                "answered": s.get(InquiryRequest.ANSWERED, 0),
                "failed": s.get(InquiryRequest.FAILED, 0),
                "outstanding": s.get(InquiryRequest.PENDING, 0) + s.get(InquiryRequest.SENT, 0),
                "total": sum(s.values()),
            }
        )
    return rows


def measure_row(user: Any, case: Case, m: Measure) -> dict[str, Any]:
    m.case = case  # the predicates read it; the register's measures all belong to this case
    on = today()
    row: dict[str, Any] = {
        "measure": m,
        "amount": yuan(m.amount),
        "deducted": yuan(m.deducted_amount),
        "badge": display.MEASURE_BADGES.get(m.status, "text-bg-light"),
        "left": display.expiry_text(m, on),
        "due": m.status == Measure.ACTIVE and m.renewal_due_since is not None,
    }
    if permissions.may_renew(user, m):
        row["renew_form"] = RenewForm(auto_id=False)
    if permissions.may_release(user, m):
        row["release_form"] = ReleaseForm(auto_id=False)
    if permissions.may_deduct(user, m):
        row["deduct_form"] = DeductForm(auto_id=False, initial={"amount": m.amount})
    return row


def asset_row(user: Any, case: Case, a: dict[str, Any]) -> dict[str, Any]:
    asset = a["asset"]
    asset.case = case
    row = {
        **a,
        "value_text": yuan(a["value"]),
        "measures": [measure_row(user, case, m) for m in a["measures"]],
        "queue": len(a["other_measures"] or []),
    }
    if permissions.may_freeze(user, asset):
        money = asset.type in display.MONEY_ASSETS
        # What is still owed, and no more than the account holds (the institution caps it there too).
        owed = max((case.applied_amount or 0) - (case.realized_amount or 0), 0)
        amount = min(owed, asset.value) if asset.value else owed
        row["freeze_form"] = FreezeForm(auto_id=False, initial={"amount": amount} if money else None)
        row["freeze_money"] = money
        row["freeze_word"] = display.measure_word(asset.type)
    return row


def panel_context(request, case: Case) -> dict[str, Any]:
    user = request.user
    ctx: dict[str, Any] = {
        "case": case,
        "batches": batch_rows(case),
        "can_start": permissions.may_start_inquiry(user, case),
        "allowed": permissions.may_view_results(user, case),
        "running": InquiryBatch.RUNNING,
    }
    if ctx["allowed"]:
        debtors = queries.results_for_case(case, user, PURPOSE)
        ctx["debtors"] = [
            {"debtor": d, "assets": [asset_row(user, case, a) for a in d.assets]} for d in debtors
        ]
        ctx["asset_count"] = sum(len(d.assets) for d in debtors)
        ctx["purpose_note"] = _("本次查看已记录（查看人、时间、案件、用途）。")
    return ctx


def case_panel(request: Any, case: Any) -> str:
    """The "inquiry" panel (registered with zhixing.cases.panels by InquiryConfig.ready)."""
    context = panel_context(request, case)
    context["csrf_token"] = get_token(request)
    return render_to_string("inquiry/_case_panel.html", context, request=request)
