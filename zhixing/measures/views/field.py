"""The phone-sized field page (/measures/field/<operation id>/), for a member of the operation: one
column of large buttons and forms — 签到, 现场情况, 现场收款 (the officers present as checkboxes, at least
two), 上传照片 (the phone's camera), 查封扣押 — and the operation's records as they come. Every form posts
to its action and comes back here with the action's Chinese message."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases.models import Party
from zhixing.cases.views.base import form_errors_to_messages, render_page, staff_post, staff_view

from .. import forms, permissions, rules
from ..models import FieldCash, FieldRecord, Member, Operation
from .common import available, call

# What the browser says it sent → the evidence kind it is kept as.
KIND_OF = {"image": rules.PHOTO, "video": rules.VIDEO, "audio": rules.AUDIO}


def _operation(user: Any, pk: int) -> Operation:
    op = get_object_or_404(
        Operation.objects.select_related("court", "leader").prefetch_related(
            Prefetch("members", Member.objects.select_related("user").order_by("id")),
            "targets__case",
        ),
        pk=pk,
    )
    if not any(m.user_id == user.pk for m in op.members.all()) and not getattr(user, "is_superuser", False):
        if permissions.may_use_board(user, op.court):
            raise PermissionDenied(_("只有本次行动的队员才能使用外勤现场页"))
        raise Http404
    return op


def _cases(op: Operation) -> list:
    return [t.case for t in op.targets.all()]


def _officers(op: Operation) -> list:
    return [m.user for m in op.members.all() if m.role in rules.OFFICER_ROLES]


def _debtors(op: Operation) -> list[Party]:
    return list(
        Party.objects.filter(case__in=_cases(op), role=Party.DEBTOR)
        .select_related("case")
        .order_by("case_id", "id")
    )


def _forms(op: Operation, user: Any, data=None, files=None) -> dict[str, Any]:
    cases = _cases(op)
    first = cases[0].pk if len(cases) == 1 else None
    officers = _officers(op)
    return {
        "checkin": forms.CheckInForm(data, auto_id="ci_%s", cases=cases, initial={"case": first}),
        "finding": forms.FindingForm(data, auto_id="fi_%s", cases=cases, initial={"case": first}),
        "cash": forms.CashForm(
            data,
            auto_id="ca_%s",
            cases=cases,
            officers=officers,
            initial={"case": first, "officers": [user.pk] if any(o.pk == user.pk for o in officers) else []},
        ),
        "photo": forms.PhotoForm(data, files, auto_id="ph_%s", cases=cases, initial={"case": first}),
        "seize": forms.SeizeForm(data, auto_id="se_%s", parties=_debtors(op)),
    }


@staff_view
def field_page(request, pk: int):
    user = request.user
    op = _operation(user, pk)
    recording = op.status == Operation.UNDERWAY
    records = list(
        FieldRecord.objects.filter(operation=op).select_related("officer", "case").order_by("-at", "-id")[:50]
    )
    cash = list(FieldCash.objects.filter(operation=op).select_related("case").order_by("-taken_at", "-id"))
    context = {
        "op": op,
        "recording": recording,
        "records": records,
        "cash": cash,
        "evidence": list(op.evidence.select_related("case").order_by("-taken_at", "-id")[:20]),
        "forms": _forms(op, user) if recording else {},
        "offer": {
            name: available(name)
            for name in ("check_in", "record_finding", "take_cash", "add_evidence", "seize_on_site")
        },
        "start": op.status == Operation.PLANNED
        and permissions.may_run_operation(user, op)
        and available("start_operation"),
        "close_form": forms.CloseForm(auto_id="cl_%s")
        if recording and permissions.may_run_operation(user, op) and available("close_operation")
        else None,
    }
    return render_page(request, "measures/field.html", context, active="measures_board")


def _post(request, pk: int, name: str):
    op = _operation(request.user, pk)
    form = _forms(op, request.user, request.POST, request.FILES)[name]
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return op, None
    return op, form.cleaned_data


def _case(op: Operation, case_id: int | None):
    return next((c for c in _cases(op) if c.pk == case_id), None)


def _done(op: Operation, anchor: str = "records"):
    return redirect(f"{op_url(op)}#{anchor}")


def op_url(op: Operation) -> str:
    from django.urls import reverse

    return reverse("measures:field", args=[op.pk])


@staff_post
def check_in(request, pk: int):
    op, d = _post(request, pk, "checkin")
    if d is not None:
        call(request, "check_in", op, place=d["place"], case=_case(op, d["case"]), success=_("已签到"))
    return _done(op)


@staff_post
def finding(request, pk: int):
    op, d = _post(request, pk, "finding")
    if d is not None:
        call(
            request,
            "record_finding",
            op,
            _case(op, d["case"]),
            d["text"],
            place=d["place"],
            success=_("已记录现场情况"),
        )
    return _done(op)


@staff_post
def take_cash(request, pk: int):
    op, d = _post(request, pk, "cash")
    if d is not None:
        officers = [o for o in _officers(op) if o.pk in set(d["officers"])]
        call(
            request,
            "take_cash",
            op,
            _case(op, d["case"]),
            d["amount"],
            d["receipt_number"],
            d["payer_name"],
            officers,
            success=_("已登记现场收款，请于当日移交财务"),
        )
    return _done(op)


@staff_post
def upload(request, pk: int):
    op, d = _post(request, pk, "photo")
    if d is not None:
        f = d["file"]
        content_type = (getattr(f, "content_type", "") or "application/octet-stream").split(";")[0]
        call(
            request,
            "add_evidence",
            _case(op, d["case"]),
            f.read(),
            kind=KIND_OF.get(content_type.split("/")[0], rules.SCAN),
            title=d["title"],
            original_name=f.name[:200],
            content_type=content_type,
            taken_at=timezone.now(),
            operation=op,
            success=_("已上传，文件指纹已保存"),
        )
    return _done(op)


@staff_post
def seize(request, pk: int):
    op, d = _post(request, pk, "seize")
    if d is not None:
        party = next(p for p in _debtors(op) if p.pk == d["party"])
        call(
            request,
            "seize_on_site",
            op,
            party.case,
            party,
            d["asset_type"],
            d["description"],
            value=d["value"],
            success=_("已查封扣押，并记入该案的查控措施"),
        )
    return _done(op)
