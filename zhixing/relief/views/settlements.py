"""The case's settlement tab (/relief/cases/<id>/settlement/): each agreement with its instalment
schedule (state from rules.instalment_states, paid part, due day), the agreement form (N instalment
rows, the parties to tick), and the steps the may_* predicates and the rules allow: resume after a
breach, record a suit on the agreement, close on performance. Viewing refreshes the open agreement
against the ledger. Also the settlement-rate page (/relief/settlements/) per court and per officer,
and the case page's panel (registered from panels.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext as _

from zhixing.cases.actions.common import today
from zhixing.cases.models import Party
from zhixing.cases.queries import visible_cases
from zhixing.cases.views.base import (
    form_errors_to_messages,
    render_page,
    run_action,
    staff_post,
    staff_view,
    visible_case,
)
from zhixing.courts.models import Court
from zhixing.courts.queries import courts_for

from .. import forms_settlement as forms
from .. import permissions, rules
from ..actions import settlements as actions
from ..models import CampaignCase, Instalment, Settlement
from ..queries import settlements as figures

BADGES = {
    Settlement.PERFORMING: "text-bg-primary",
    Settlement.PERFORMED: "text-bg-success",
    Settlement.BREACHED: "text-bg-danger",
    Settlement.RESUMED: "text-bg-warning",
    Settlement.SUED: "text-bg-dark",
}
STATE_BADGES = {
    rules.PAID: "text-bg-success",
    rules.PART_PAID: "text-bg-info",
    rules.DUE: "text-bg-secondary",
    rules.MISSED: "text-bg-danger",
}


def page(case_id: int) -> str:
    return reverse("relief:settlement", args=[case_id])


def settlements_of(case: Any) -> list[Settlement]:
    """The case's agreements, newest first, with their instalments and parties (the case is shared)."""
    rows = list(
        Settlement.objects.filter(case=case)
        .select_related("resumed_case", "recorded_by")
        .prefetch_related(Prefetch("instalments", Instalment.objects.order_by("seq")), "parties")
        .order_by("-agreed_on", "-id")
    )
    for s in rows:
        s.case = case
    return rows


def settlement_row(s: Settlement, handle: bool, on: dt.date) -> dict[str, Any]:
    states = actions.states_of(s, on)
    row: dict[str, Any] = {
        "settlement": s,
        "badge": BADGES.get(s.status, "text-bg-light"),
        "instalments": [
            {"state": st, "label": rules.INSTALMENT_STATES[st.state], "badge": STATE_BADGES[st.state]}
            for st in states
        ],
        "limit": rules.resumption_limit(s.last_day),
        "parties": list(s.parties.all()),
    }
    if handle and s.status in (*Settlement.OPEN, Settlement.PERFORMED):
        if not actions.resumption_problems(s, on):
            row["resume_form"] = forms.ResumeForm(auto_id=f"r{s.pk}_%s", initial={"on": on})
        elif s.status == Settlement.PERFORMING and not actions.resumption_problems(s, on, anticipatory=True):
            row["anticipatory_form"] = forms.ResumeForm(
                auto_id=f"a{s.pk}_%s", initial={"on": on, "anticipatory": True}
            )
        if not actions.suit_problems(s, on):
            row["suit_form"] = forms.SuitForm(auto_id=f"s{s.pk}_%s", initial={"sued_on": on})
        if not actions.close_problems(s):
            row["close"] = True
    return row


@staff_view
def settlement_page(request, case_id: int):
    case = visible_case(request.user, case_id)
    if not permissions.may_read_settlement(request.user, case):
        raise PermissionDenied(_("只有本案承办人及本院执行人员、法官、院领导和指挥中心可以查看执行和解"))
    for s in Settlement.objects.filter(case=case, status__in=Settlement.OPEN):
        actions.refresh_settlement(s, actor=request.user)
    on = today()
    rows = settlements_of(case)
    handle = _may_handle(request.user, case)
    ctx: dict[str, Any] = {
        "case": case,
        "on": on,
        "settlements": [settlement_row(s, handle, on) for s in rows],
    }
    if permissions.may_record_settlement(request.user, case) and not actions.standing_agreement(case, rows):
        parties = [p for p in case.parties.all() if p.role in (Party.APPLICANT, Party.DEBTOR)]
        ctx["form"] = forms.SettlementForm(
            auto_id="st_%s",
            parties=parties,
            initial={
                "agreed_on": on,
                "parties": [p.pk for p in parties],
                "agreed_amount": case.applied_amount - case.realized_amount,
            },
        )
    return render_page(request, "relief/settlement.html", ctx, active="cases")


def _may_handle(user: Any, case: Any) -> bool:
    """The people who may handle a settlement of `case` (its status is judged per row)."""
    return permissions.may_handle_settlement(user, Settlement(case=case, status=Settlement.PERFORMING))


def _settlement(request, pk: int) -> Settlement:
    rows = Settlement.objects.select_related("case__court").filter(case__in=visible_cases(request.user))
    return get_object_or_404(rows, pk=pk)


@staff_post
def record(request, case_id: int):
    case = visible_case(request.user, case_id)
    parties = [p for p in case.parties.all() if p.role in (Party.APPLICANT, Party.DEBTOR)]
    form = forms.SettlementForm(request.POST, parties=parties)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(page(case.pk))
    d = form.cleaned_data
    run_action(
        request,
        actions.record_settlement,
        case,
        agreed_on=d["agreed_on"],
        party_ids=d["parties"],
        agreed_amount=d["agreed_amount"],
        instalments=d["instalments"],
        guarantee=d["guarantee"],
        terms=d["terms"],
        mode=d["mode"],
        actor=request.user,
        success=_("已记录执行和解协议"),
    )
    return redirect(page(case.pk))


@staff_post
def resume(request, pk: int):
    s = _settlement(request, pk)
    form = forms.ResumeForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        run_action(
            request,
            actions.resume_after_breach,
            s,
            actor=request.user,
            on=d["on"],
            anticipatory=d["anticipatory"],
            success=lambda r: _("已恢复执行：%(case)s") % {"case": (r.resumed_case or r.case).case_number},
        )
    else:
        form_errors_to_messages(request, form)
    return redirect(page(s.case_id))


@staff_post
def suit(request, pk: int):
    s = _settlement(request, pk)
    form = forms.SuitForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        run_action(
            request, actions.record_suit, s, d["sued_on"], d["note"], actor=request.user,
            success=_("已登记就和解协议起诉"),
        )  # fmt: skip
    else:
        form_errors_to_messages(request, form)
    return redirect(page(s.case_id))


@staff_post
def close(request, pk: int):
    s = _settlement(request, pk)
    run_action(
        request, actions.close_on_performance, s, actor=request.user,
        success=_("已提请以执行完毕结案（执行和解并已履行完毕），待法官审批"),
    )  # fmt: skip
    return redirect(page(s.case_id))


# --- the settlement-rate page ----------------------------------------------------------------------


def rate_courts(user: Any):
    if getattr(user, "is_superuser", False):
        return Court.objects.all()
    return courts_for(user, permissions.READING_ROLES)


def period(request) -> tuple[dt.date, dt.date]:
    """?start=&end= (YYYY-MM-DD); by default the year so far."""
    on = today()
    form = forms.PeriodForm(request.GET)
    start = end = None
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    end = end or on
    start = start or dt.date(end.year, 1, 1)
    if start > end:
        start, end = end, start
    return start, end


def rate_figures(user: Any, start: dt.date, end: dt.date) -> dict[str, Any]:
    courts = rate_courts(user)
    court_rows = figures.by_court(courts, start, end)
    return {
        "start": start,
        "end": end,
        "courts": court_rows,
        "officers": figures.by_officer(courts, start, end),
        "total": figures.total(court_rows),
    }


@staff_view
def rates(request):
    start, end = period(request)
    ctx = rate_figures(request.user, start, end)
    if not ctx["courts"]:
        raise PermissionDenied(_("只有执行人员、法官、院领导和指挥中心可以查看执行和解情况"))
    return render_page(request, "relief/settlement_rates.html", ctx, active="settlements")


# --- the case page's panel ----------------------------------------------------------------------------


def case_panel(request: Any, case: Any) -> str:
    """The "执行和解" panel: the case's agreements with their state and the link to the tab, and the
    campaigns the case is in."""
    allowed = permissions.may_read_settlement(request.user, case)
    context: dict[str, Any] = {"case": case, "allowed": allowed}
    if allowed:
        context["settlements"] = [
            {"settlement": s, "badge": BADGES.get(s.status, "text-bg-light")}
            for s in Settlement.objects.filter(case=case)
            .select_related("resumed_case")
            .order_by("-agreed_on", "-id")
        ]
        # The campaigns the case is in (专项行动), so the handler knows it is watched and why.
        context["campaigns"] = list(
            CampaignCase.objects.filter(case=case).select_related("campaign").order_by("-campaign__starts_on")
        )
    context["csrf_token"] = get_token(request)
    return render_to_string("relief/settlement_panel.html", context, request=request)


urls: list = [
    path("cases/<int:case_id>/settlement/", settlement_page, name="settlement"),
    path("cases/<int:case_id>/settlement/record/", record, name="settlement_record"),
    path("settlements/<int:pk>/resume/", resume, name="settlement_resume"),
    path("settlements/<int:pk>/suit/", suit, name="settlement_suit"),
    path("settlements/<int:pk>/close/", close, name="settlement_close"),
    path("settlements/", rates, name="settlement_rates"),
]
