"""The command centre's pages: the dispatch board (/measures/board/: today's operations with their
teams, vehicles and last check-ins, the duty roster, cash awaiting handover with finance's 接收 button,
overdue referral clocks), the equipment register and roster (/measures/equipment/), planning
(/measures/operations/new/), the operation page and its report. Each list is read in a fixed number of
queries (prefetched), whatever its length."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases.actions.common import today
from zhixing.cases.queries import visible_cases
from zhixing.cases.views.base import form_errors_to_messages, render_page, staff_post, staff_view
from zhixing.courts.models import User

from .. import forms, permissions, rules
from ..models import Booking, Duty, Equipment, FieldCash, FieldRecord, Member, Operation, Referral, Witness
from .common import action, available, back, board_courts, call, chosen, due, planning_courts

STATUS_BADGES = {
    Operation.PLANNED: "text-bg-info",
    Operation.UNDERWAY: "text-bg-primary",
    Operation.CLOSED: "text-bg-success",
    Operation.CANCELLED: "text-bg-secondary",
}


def _day(on: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(on, dt.time.min))
    return start, start + dt.timedelta(days=1)


def _in(court, prefix: str = "court") -> Q:
    return Q(**{f"{prefix}__path__startswith": court.path})


def _operations():
    checkins = (
        FieldRecord.objects.filter(kind=rules.CHECK_IN).select_related("officer", "case").order_by("-at")
    )
    return Operation.objects.select_related("court", "leader").prefetch_related(
        Prefetch("members", Member.objects.select_related("user").order_by("id")),
        Prefetch("targets", queryset=_targets()),
        # Every booking, released ones too: a finished operation still shows what it took out.
        Prefetch("bookings", Booking.objects.select_related("equipment").order_by("id")),
        Prefetch("records", checkins, to_attr="checkins"),
    )


def _targets():
    from ..models import OperationCase

    return OperationCase.objects.select_related("case").order_by("id")


def _finance(user: Any, court: Any, cache: dict) -> bool:
    if court.pk not in cache:
        cache[court.pk] = permissions.may_take_over_cash(user, court)
    return cache[court.pk]


def cash_rows(user: Any, cash: list[FieldCash], on: dt.date) -> list[dict]:
    finance: dict[int, bool] = {}
    rows = []
    for c in cash:
        rows.append(
            {
                "cash": c,
                "taken_on": timezone.localtime(c.taken_at).date(),
                "due": due(c.handover_due_on, on),
                "receive": c.handed_over_at is None
                and _finance(user, c.operation.court, finance)
                and available("hand_over_cash"),
                "late": timezone.localtime(c.taken_at).date() < on,
            }
        )
    return rows


def _pending_cash(court) -> list[FieldCash]:
    return list(
        FieldCash.objects.filter(_in(court, "operation__court"), handed_over_at__isnull=True)
        .select_related("case", "operation__court", "taken_by")
        .prefetch_related("officers")
        .order_by("taken_at", "id")
    )


def overdue_referrals(court, on: dt.date) -> list[dict]:
    """Referral clocks past their day: the police's decision, the not-filed notice, the reply to the
    procuratorate, filing after being ordered to (rules §10.3.3)."""
    rows = (
        Referral.objects.filter(_in(court, "case__court"))
        .filter(
            Q(status=Referral.RECEIVED, decision_due_on__lt=on)
            | Q(status=Referral.NOT_FILED, noticed_on__isnull=True, notice_due_on__lt=on)
            | Q(status=Referral.ESCALATED, procuratorate_reply_due_on__lt=on)
            | Q(status=Referral.ESCALATED, file_by__lt=on)
        )
        .select_related("case")
        .order_by("decision_due_on", "id")[:100]
    )
    out = []
    for r in rows:
        if r.status == Referral.RECEIVED:
            label, day = _("立案决定期限"), r.decision_due_on
        elif r.status == Referral.NOT_FILED:
            label, day = _("不立案告知期限"), r.notice_due_on
        elif r.file_by and r.file_by < on:
            label, day = _("通知立案后立案期限"), r.file_by
        else:
            label, day = _("公安答复检察院期限"), r.procuratorate_reply_due_on
        out.append({"referral": r, "label": label, **due(day, on)})
    return out


def _overdue(court, on: dt.date) -> list[dict]:
    """The referrals action's list of clocks run out (with the private route), else this page's own."""
    found = action("overdue_referrals")
    if found is None:
        return overdue_referrals(court, on)
    return [{"referral": c.referral, "label": c.clock, **due(c.due_on, on)} for c in found(court, on)]


def board_context(user: Any, court: Any) -> dict[str, Any]:
    on = today()
    start, end = _day(on)
    operations = list(
        _operations()
        .filter(_in(court))
        .filter(Q(starts_at__lt=end, ends_at__gte=start) | Q(status=Operation.UNDERWAY))
        .exclude(status=Operation.CANCELLED)
        .order_by("starts_at", "id")
    )
    for op in operations:
        op.badge = STATUS_BADGES.get(op.status, "text-bg-light")
        op.last_checkin = op.checkins[0] if op.checkins else None
    equipment = list(
        Equipment.objects.filter(_in(court))
        .exclude(state=Equipment.RETIRED)
        .prefetch_related(
            Prefetch(
                "bookings",
                Booking.objects.filter(released=False, starts_at__lt=end, ends_at__gt=start)
                .select_related("operation")
                .order_by("starts_at"),
                to_attr="today",
            )
        )
        .order_by("kind", "code")
    )
    return {
        "court": court,
        "on": on,
        "operations": operations,
        "equipment": equipment,
        "duties": list(Duty.objects.filter(_in(court), on=on).select_related("user").order_by("role", "id")),
        "cash": cash_rows(user, _pending_cash(court), on),
        "referrals": _overdue(court, on),
        "can_plan": permissions.may_plan_operation(user, court),
    }


@staff_view
def board(request):
    court, courts = chosen(board_courts(request.user), request.GET.get("court", ""))
    if court is None or not permissions.may_use_board(request.user, court):
        raise PermissionDenied(_("只有执行人员、法官、院领导、指挥中心和财务人员可以查看外勤调度"))
    context = board_context(request.user, court)
    context["courts"] = courts
    return render_page(request, "measures/board.html", context, active="measures_board")


# --- the equipment register and the duty roster ------------------------------------------------------


def _staff(court) -> list[User]:
    return list(
        User.objects.filter(
            grants__court__path__startswith=court.path, grants__role__in=permissions.TEAM_ROLES
        )
        .distinct()
        .order_by("full_name", "id")
    )


@staff_view
def equipment(request):
    court, courts = chosen(board_courts(request.user), request.GET.get("court", ""))
    if court is None or not permissions.may_use_board(request.user, court):
        raise PermissionDenied(_("只有执行人员、法官、院领导、指挥中心和财务人员可以查看装备登记"))
    on = today()
    can_keep = permissions.may_plan_operation(request.user, court)
    rows = list(
        Equipment.objects.filter(_in(court))
        .select_related("court")
        .prefetch_related(
            Prefetch(
                "bookings",
                Booking.objects.filter(released=False, ends_at__gt=timezone.now())
                .select_related("operation")
                .order_by("starts_at"),
                to_attr="coming",
            )
        )
        .order_by("court__path", "kind", "code")
    )
    context: dict[str, Any] = {
        "court": court,
        "courts": courts,
        "on": on,
        "rows": rows,
        "can_keep": can_keep and available("register_equipment"),
        "can_state": can_keep and available("set_equipment_state"),
        "state_form": forms.StateForm(auto_id=False),
        "duties": list(
            Duty.objects.filter(_in(court), on__gte=on, on__lt=on + dt.timedelta(days=7))
            .select_related("user")
            .order_by("on", "role", "id")
        ),
    }
    if context["can_keep"]:
        context["form"] = forms.EquipmentForm(auto_id="e_%s")
    if can_keep and available("set_duty"):
        context["duty_form"] = forms.DutyForm(auto_id="d_%s", users=_staff(court), initial={"on": on})
    return render_page(request, "measures/equipment.html", context, active="measures_board")


def _court_of(request, code: str):
    court, _courts = chosen(planning_courts(request.user), code)
    if court is None or court.code != code:
        raise PermissionDenied(_("只有指挥中心或院领导可以管理装备和值班"))
    return court


@staff_post
def register_equipment(request):
    court = _court_of(request, request.POST.get("court", ""))
    form = forms.EquipmentForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        call(
            request,
            "register_equipment",
            court,
            d["kind"],
            d["code"],
            d["name"],
            state=d["state"],
            note=d["note"],
            success=_("已登记装备"),
        )
    else:
        form_errors_to_messages(request, form)
    return redirect(f"{reverse('measures:equipment')}?court={court.code}")


@staff_post
def equipment_state(request, pk: int):
    item = get_object_or_404(Equipment.objects.filter(court__in=board_courts(request.user)), pk=pk)
    form = forms.StateForm(request.POST)
    if form.is_valid():
        call(request, "set_equipment_state", item, form.cleaned_data["state"], success=_("已变更装备状态"))
    else:
        form_errors_to_messages(request, form)
    return back(request, f"{reverse('measures:equipment')}?court={item.court.code}")


@staff_post
def set_duty(request):
    court = _court_of(request, request.POST.get("court", ""))
    users = _staff(court)
    form = forms.DutyForm(request.POST, users=users)
    if form.is_valid():
        d = form.cleaned_data
        user = next(u for u in users if u.pk == d["user"])
        call(request, "set_duty", court, user, d["on"], d["role"], success=_("已排班"))
    else:
        form_errors_to_messages(request, form)
    return redirect(f"{reverse('measures:equipment')}?court={court.code}")


# --- planning -----------------------------------------------------------------------------------------


@staff_view
def plan(request):
    courts = list(planning_courts(request.user))
    if not courts:
        raise PermissionDenied(_("只有指挥中心或院领导可以部署外勤行动"))
    court, _courts = chosen(courts, request.GET.get("court", "") or request.POST.get("court_code", ""))
    users = _staff(court)
    kit = list(Equipment.objects.filter(_in(court), state=Equipment.AVAILABLE).order_by("kind", "code"))
    kwargs = {"courts": courts, "users": users, "equipment": kit}
    if request.method == "POST":
        form = forms.PlanForm(request.POST, **kwargs)
        if form.is_valid():
            op = _plan(request, form.cleaned_data, courts, users, kit)
            if op is not None:
                return redirect("measures:operation", op.pk)
        else:
            form_errors_to_messages(request, form)
    else:
        start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
        form = forms.PlanForm(
            auto_id="p_%s",
            initial={
                "court": court.pk,
                "kind": "ordinary",
                "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
                "ends_at": (start + dt.timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
            },
            **kwargs,
        )
    context = {"form": form, "court": court, "courts": courts, "available": available("plan_operation")}
    return render_page(request, "measures/plan.html", context, active="measures_board")


def _plan(request, d: dict, courts, users, kit) -> Operation | None:
    court = next(c for c in courts if c.pk == d["court"])
    by_id = {u.pk: u for u in users}
    numbers = [t["number"] for t in d["targets"]]
    cases = {
        c.case_number: c
        for c in visible_cases(request.user).filter(case_number__in=numbers).select_related("court")
    }
    missing = [n for n in numbers if n not in cases]
    if missing:
        messages.error(request, _("找不到案件：%(n)s") % {"n": "、".join(missing)})
        return None
    # An operation belongs to the bureau whose cases it works: when every case is of one court at or
    # below the one chosen (the high court's command centre planning for 冀96), that court, so its
    # finance sees the cash to take over and its board shows the operation.
    own = {c.court_id for c in cases.values()}
    if len(own) == 1:
        only = next(iter(cases.values())).court
        if only.path.startswith(court.path):
            court = only
    members: list[tuple[Any, str]] = [(by_id[d["leader"]], rules.LEADER_ROLE)]
    seen = {d["leader"]}
    for pk in d["officers"]:
        if pk not in seen:
            members.append((by_id[pk], rules.OFFICER_ROLE))
            seen.add(pk)
    for pk in d["police"]:
        if pk not in seen:
            members.append((by_id[pk], rules.POLICE_ROLE))
            seen.add(pk)
    return call(
        request,
        "plan_operation",
        court,
        name=d["name"],
        kind=d["kind"],
        starts_at=d["starts_at"],
        ends_at=d["ends_at"],
        leader=by_id[d["leader"]],
        members=members,
        targets=[
            {
                "case": cases[t["number"]],
                "place": t["place"],
                "task": t["task"],
                "takes_property": t["takes_property"],
            }
            for t in d["targets"]
        ],
        equipment=[e for e in kit if e.pk in set(d["equipment"])],
        witnesses=d["witnesses"],
        briefing=d["briefing"],
        campaign=d["campaign"],
        success=_("外勤行动已部署"),
    )


# --- one operation ------------------------------------------------------------------------------------


def visible_operation(user: Any, pk: int, rows=None) -> Operation:
    """The operation if the user may read the board of its court or is on its team; 404 otherwise."""
    rows = rows if rows is not None else Operation.objects.select_related("court", "leader")
    op = get_object_or_404(rows, pk=pk)
    if permissions.may_use_board(user, op.court):
        return op
    if op.members.filter(user_id=user.pk).exists():
        return op
    raise Http404


@staff_view
def operation(request, pk: int):
    user, on = request.user, today()
    op = visible_operation(
        user,
        pk,
        _operations().prefetch_related(
            Prefetch("witnesses", Witness.objects.order_by("id")),
            Prefetch(
                "records",
                FieldRecord.objects.select_related("officer", "case").order_by("-at", "-id"),
                to_attr="all_records",
            ),
        ),
    )
    cash = list(
        FieldCash.objects.filter(operation=op)
        .select_related("case", "operation__court", "taken_by", "received_by", "receipt")
        .prefetch_related("officers")
    )
    members = list(op.members.all())
    run = permissions.may_run_operation(user, op)
    context = {
        "op": op,
        "on": on,
        "badge": STATUS_BADGES.get(op.status, "text-bg-light"),
        "members": members,
        "is_member": any(m.user_id == user.pk for m in members),
        "cash": cash_rows(user, cash, on),
        "evidence": list(op.evidence.select_related("case", "uploaded_by").order_by("-taken_at", "-id")),
        "start": run and op.status == Operation.PLANNED and available("start_operation"),
        "close_form": forms.CloseForm(auto_id=False)
        if run and op.status == Operation.UNDERWAY and available("close_operation")
        else None,
        "cancel": run and op.status == Operation.PLANNED and available("cancel_operation"),
        "mark": permissions.may_plan_operation(user, op.court) and available("mark_witness"),
        "handover_form": forms.HandoverForm(auto_id=False),
    }
    return render_page(request, "measures/operation.html", context, active="measures_board")


def _op_post(request, pk: int) -> Operation:
    return visible_operation(request.user, pk)


@staff_post
def start_operation(request, pk: int):
    op = _op_post(request, pk)
    call(request, "start_operation", op, success=_("行动已开始"))
    return back(request, reverse("measures:operation", args=[op.pk]))


@staff_post
def close_operation(request, pk: int):
    op = _op_post(request, pk)
    form = forms.CloseForm(request.POST)
    if form.is_valid():
        done = call(
            request, "close_operation", op, summary=form.cleaned_data["summary"], success=_("行动已结束")
        )
        if done is not None:
            return redirect("measures:report", op.pk)
    else:
        form_errors_to_messages(request, form)
    return back(request, reverse("measures:operation", args=[op.pk]))


@staff_post
def cancel_operation(request, pk: int):
    op = _op_post(request, pk)
    call(request, "cancel_operation", op, success=_("行动已取消"))
    return back(request, reverse("measures:operation", args=[op.pk]))


@staff_post
def mark_witness(request, pk: int):
    w = get_object_or_404(Witness.objects.select_related("operation__court"), pk=pk)
    visible_operation(request.user, w.operation_id)
    attended = request.POST.get("attended") == "1"
    call(request, "mark_witness", w, attended, success=_("已记录见证人到场情况"))
    return back(request, reverse("measures:operation", args=[w.operation_id]))


@staff_post
def hand_over_cash(request, pk: int):
    """Finance's 接收: the field cash is booked into the case account (funds.record_cash)."""
    rows = FieldCash.objects.select_related("operation__court", "case")
    cash = get_object_or_404(rows, pk=pk)
    if not permissions.may_use_board(request.user, cash.operation.court):
        raise Http404
    form = forms.HandoverForm(request.POST)
    if form.is_valid():
        call(
            request,
            "hand_over_cash",
            cash,
            late_reason=form.cleaned_data["late_reason"],
            success=_("已接收现场收款，款项已入案件账户"),
        )
    else:
        form_errors_to_messages(request, form)
    return back(request, reverse("measures:board"))


# --- the report --------------------------------------------------------------------------------------


@staff_view
def report(request, pk: int):
    op = visible_operation(request.user, pk)
    from .. import queries

    data = queries.operation_report(op)
    if request.GET.get("format") == "pdf":
        return _report_pdf(op, data)
    context = {"op": op, "report": data, "badge": STATUS_BADGES.get(op.status, "text-bg-light")}
    return render_page(request, "measures/report.html", context, active="measures_board")


def _report_pdf(op: Operation, data: Any) -> HttpResponse:
    """The report as a PDF (reports.operation_pdf, WeasyPrint with the CJK fonts); without the fonts
    or the renderer, a 503 that says so."""
    from zhixing.core.pdf import FontNotFound

    try:
        from ..reports import operation_pdf
    except ImportError:
        return HttpResponse(_("该功能尚未启用"), status=503, content_type="text/plain; charset=utf-8")
    try:
        pdf = operation_pdf(data)
    except FontNotFound as err:
        return HttpResponse(str(err), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="operation-{op.pk}.pdf"'
    return response
