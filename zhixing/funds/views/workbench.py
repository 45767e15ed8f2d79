"""The finance workbench (issue 9 §6): unidentified money to claim, overdue money, payouts waiting for
this user's approval, approved payouts to send, payouts on their way and bounced ones, each list
paginated, with per-court totals at the top. Every list is read with its relations joined and the
user's grants read once (access.Roles), so no query is made per row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhixing.cases.actions.common import today
from zhixing.cases.views.base import days_text, paginate, render_page, staff_view, yuan
from zhixing.core.identity import mask_account
from zhixing.courts.models import Court

from .. import queries, rules
from ..forms import ClaimDecisionForm, ClaimForm, PayoutDecisionForm, PayoutSendForm
from ..models import Payout
from .access import Roles, reading_courts

TABS = [
    ("unidentified", gettext_lazy("不明款")),
    ("overdue", gettext_lazy("超期款")),
    ("approve", gettext_lazy("待审批发放")),
    ("send", gettext_lazy("待发送银行")),
    ("sent", gettext_lazy("在途")),
    ("bounced", gettext_lazy("已退回")),
]
BOUNCED_DAYS = 30
ZERO = Decimal("0.00")


def _age(days: int) -> str:
    return rules.AGEING_LABELS[rules.ageing_bucket(max(0, days))]


def _payouts(courts: QuerySet[Court], status: str) -> QuerySet[Payout]:
    return (
        Payout.objects.filter(status=status, case__court__in=courts)
        .select_related("case__court", "requested_by")
        .prefetch_related("approvals__approver")
    )


def bounced_since(on: dt.date) -> dt.date:
    return on - dt.timedelta(days=BOUNCED_DAYS)


def _bounced(courts: QuerySet[Court], on: dt.date) -> QuerySet[Payout]:
    return _payouts(courts, Payout.BOUNCED).filter(settled_at__date__gte=bounced_since(on))


def awaiting_approval(roles: Roles, courts: QuerySet[Court]) -> list[Payout]:
    """Payouts in approval whose next step this user may approve (permissions.may_approve_payout)."""
    return [
        p
        for p in _payouts(courts, Payout.REQUESTED).order_by("requested_at", "id")
        if roles.may_approve_payout(p)
    ]


def totals(on: dt.date, courts: QuerySet[Court], approvable: list[Payout]) -> list[dict[str, Any]]:
    """Count and amount of each list per court, one aggregate query per kind of list."""
    cells: dict[int, dict[str, tuple[int, Decimal]]] = {}

    def put(cid: int, key: str, n: int, s: Decimal | None) -> None:
        cells.setdefault(cid, {})[key] = (n, s or ZERO)

    for cid, n, s in (
        queries.unidentified(on, courts).values_list("pooled__court").annotate(n=Count("id"), s=Sum("amount"))
    ):
        put(cid, "unidentified", n, s)
    for cid, n, s in (
        queries.overdue(on, courts).values_list("case__court").annotate(n=Count("id"), s=Sum("outstanding"))
    ):
        put(cid, "overdue", n, s)
    by_status = {Payout.APPROVED: "send", Payout.SENT: "sent"}
    for cid, status, n, s in (
        Payout.objects.filter(status__in=list(by_status), case__court__in=courts)
        .values_list("case__court", "status")
        .annotate(n=Count("id"), s=Sum("amount"))
    ):
        put(cid, by_status[status], n, s)
    for cid, n, s in (
        Payout.objects.filter(
            status=Payout.BOUNCED, case__court__in=courts, settled_at__date__gte=bounced_since(on)
        )
        .values_list("case__court")
        .annotate(n=Count("id"), s=Sum("amount"))
    ):
        put(cid, "bounced", n, s)
    for p in approvable:
        n, s = cells.get(p.case.court_id, {}).get("approve", (0, ZERO))
        put(p.case.court_id, "approve", n + 1, s + p.amount)
    names = dict(Court.objects.filter(id__in=list(cells)).order_by("path").values_list("id", "name"))
    rows = []
    for cid, name in names.items():
        row = cells[cid]
        rows.append(
            {
                "court": name,
                "cells": [
                    {"n": row.get(key, (0, ZERO))[0], "amount": yuan(row.get(key, (0, ZERO))[1])}
                    for key, _label in TABS
                ],
            }
        )
    return rows


def unidentified_rows(page, roles: Roles, on: dt.date) -> list[dict[str, Any]]:
    rows = []
    for r in page:
        rows.append(
            {
                "receipt": r,
                "amount": yuan(r.amount),
                "payer_account": mask_account(r.payer_account) if r.payer_account else "",
                "age": _age((on - r.booked_on).days),
                "claim_days": days_text(r.claim_due_on, on),
                "claim_late": r.claim_due_on is not None and r.claim_due_on < on,
                "claim_form": ClaimForm(initial={"receipt_id": r.pk}, auto_id=False)
                if roles.may_request_claim(r)
                else None,
                "decide_form": ClaimDecisionForm(initial={"receipt_id": r.pk}, auto_id=False)
                if roles.may_approve_claim(r)
                else None,
            }
        )
    return rows


def overdue_rows(page, on: dt.date) -> list[dict[str, Any]]:
    return [
        {
            "receipt": r,
            "amount": yuan(r.amount),
            "outstanding": yuan(r.outstanding),
            "late": days_text(r.payout_due_on, on),
            "age": _age((on - r.payout_due_on).days) if r.payout_due_on else "",
        }
        for r in page
    ]


def payout_rows(page, roles: Roles) -> list[dict[str, Any]]:
    rows = []
    for p in page:
        rows.append(
            {
                "payout": p,
                "amount": yuan(p.amount),
                "account": mask_account(p.payee_account),
                "done": len(p.approvals.all()),
                "decide_form": PayoutDecisionForm(initial={"payout_id": p.pk}, auto_id=False)
                if roles.may_approve_payout(p)
                else None,
                "send_form": PayoutSendForm(initial={"payout_id": p.pk}, auto_id=False)
                if roles.may_send_payout(p)
                else None,
            }
        )
    return rows


@staff_view
def workbench(request):
    user, on = request.user, today()
    courts = reading_courts(user)
    if not courts.exists():
        raise PermissionDenied(_("查看案款需要在法院具有角色"))
    roles = Roles(user)
    tab = request.GET.get("tab") or "unidentified"
    if tab not in dict(TABS):
        tab = "unidentified"
    approvable = awaiting_approval(roles, courts)
    ctx: dict[str, Any] = {
        "tabs": TABS,
        "tab": tab,
        "tab_label": dict(TABS)[tab],
        "totals": totals(on, courts, approvable),
        "on": on,
        "next": request.get_full_path(),
    }
    if tab == "unidentified":
        qs = (
            queries.unidentified(on, courts)
            .select_related("pooled__court", "claim_requested_for", "claim_requested_by")
            .order_by("booked_on", "id")
        )
        page = paginate(request, qs)
        ctx["rows"] = unidentified_rows(page, roles, on)
    elif tab == "overdue":
        qs = queries.overdue(on, courts).select_related("case__court").order_by("payout_due_on", "id")
        page = paginate(request, qs)
        ctx["rows"] = overdue_rows(page, on)
    else:
        source: Any = {
            "approve": lambda: approvable,
            "send": lambda: _payouts(courts, Payout.APPROVED).order_by("requested_at", "id"),
            "sent": lambda: _payouts(courts, Payout.SENT).order_by("requested_at", "id"),
            "bounced": lambda: _bounced(courts, on).order_by("-settled_at", "-id"),
        }[tab]()
        page = paginate(request, source)
        ctx["rows"] = payout_rows(page, roles)
    ctx["page"] = page
    return render_page(request, "funds/workbench.html", ctx, active="funds")
