"""Staff pages of the weekly bulletin (周通报): the stored bulletins, one shown with every figure
drillable to its cases, making one for a week, downloads, and the quarterly review (约谈) list.

Who sees what: command centre, leader or admin roles, on the bulletin's scope court or above (a
bulletin of all courts only for those over every top court); staff of other courts get 404."""

from __future__ import annotations

import io
import json
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhixing.cases import rules as case_rules
from zhixing.cases.views.base import form_errors_to_messages, render_page, run_action, staff_post, staff_view
from zhixing.courts.models import Court

from . import actions, drill, permissions, queries, review, rules, tasks
from .centre import funds_workbench_url
from .models import Bulletin
from .render import charts, labels
from .render import pdf as render_pdf
from .render import xlsx as render_xlsx
from .render.labels import cell, indicator_kinds, indicator_names

ACTIVE = "bulletin"  # the navigation bar marks 质效通报 on every bulletin page


class MakeForm(forms.Form):
    week = forms.CharField(label=gettext_lazy("周次"), max_length=10, help_text=gettext_lazy("如 2026-W47"))
    court = forms.ChoiceField(label=gettext_lazy("范围"), required=False)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("全部法院"))] if queries.sees_everything(user) else []
        choices += [(c.code, f"{c.name}（{c.code}）") for c in queries.bulletin_courts(user).order_by("path")]
        self.fields["court"].choices = choices

    def clean_week(self):
        try:
            return rules.week_label(*rules.parse_week(self.cleaned_data["week"]))
        except rules.InvalidWeek as e:
            raise forms.ValidationError(str(e)) from None


def _require_any(user) -> None:
    if not queries.bulletin_courts(user).exists():
        raise PermissionDenied(_("只有指挥中心、院领导或管理员可以查看周通报"))


def _bulletin_for(user, pk: int) -> Bulletin:
    return get_object_or_404(queries.visible_bulletins(user).defer(None), pk=pk)


@staff_view
def bulletin_list(request):
    _require_any(request.user)
    form = MakeForm(request.user, initial={"week": tasks.last_week(timezone.localdate())})
    return render_page(
        request,
        "supervision/pages/list.html",
        {"bulletins": queries.visible_bulletins(request.user)[:200], "form": form},
        ACTIVE,
    )


@staff_post
def bulletin_make(request):
    _require_any(request.user)
    form = MakeForm(request.user, request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("supervision:list")
    code = form.cleaned_data["court"]
    court = Court.objects.get(code=code) if code else None
    made = run_action(
        request,
        actions.make_bulletin,
        form.cleaned_data["week"],
        court=court,
        actor=request.user,
        success=_("已生成周通报"),
    )
    return redirect("supervision:detail", made.pk) if made else redirect("supervision:list")


# The funds workbench's list behind each funds figure of the bulletin.
FUNDS_TABS = {"unidentified_funds": "unidentified", "overdue_funds": "overdue"}


def _drill_url(made: Bulletin, code: str, area: bool, key: str, part: str) -> str:
    query = urlencode({"court": code, "area": int(area), "key": key, "part": part})
    return f"{reverse('supervision:drill', args=[made.pk])}?{query}"


def _cells(made: Bulletin, c: dict, keys: list[str], kinds: dict[str, str]) -> list[dict]:
    """Each figure's text and the links to the cases behind it. The funds figures count receipts,
    not cases, and are not in the snapshot: they link to the funds workbench's list of today's."""
    out = []
    for k in keys:
        fig = c["indicators"][k]
        links = []
        if k in FUNDS_TABS:
            links = [(_("款项"), f"{funds_workbench_url()}?{urlencode({'tab': FUNDS_TABS[k]})}")]
        elif isinstance(fig, dict) and "value" in fig:
            links = [
                (_("分子"), _drill_url(made, c["court_code"], c["area"], k, "numerator")),
                (_("分母"), _drill_url(made, c["court_code"], c["area"], k, "denominator")),
            ]
        elif not isinstance(fig, dict):
            links = [(_("案件"), _drill_url(made, c["court_code"], c["area"], k, "numerator"))]
        out.append({"text": cell(fig, kinds.get(k, "rate")), "links": links})
    return out


@staff_view
def bulletin_detail(request, pk: int):
    made = _bulletin_for(request.user, pk)
    data = json.loads(made.content)
    names, kinds = indicator_names(data), indicator_kinds(data)
    keys = list(data["courts"][0]["indicators"]) if data["courts"] else []
    rows = [
        {
            "code": c["court_code"],
            "name": c["court_name"],
            "area": c["area"],
            "cells": _cells(made, c, keys, kinds),
        }
        for c in data["courts"]
    ]
    rankings = labels.rankings(data, names)
    return render_page(
        request,
        "supervision/pages/detail.html",
        {"made": made, "data": data, "columns": [names.get(k, k) for k in keys], "rows": rows,
         "rankings": rankings, "charts": charts.chart_options(data, names),
         "trend_tables": labels.trend_tables(data, names)},
        ACTIVE,
    )  # fmt: skip


def _filename(made: Bulletin, ext: str) -> str:
    scope = made.court.code if made.court else "all"
    return f"bulletin-{made.week}-{scope}.{ext}"


def _attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@staff_view
def bulletin_json(request, pk: int):
    made = _bulletin_for(request.user, pk)
    body = made.content.encode("utf-8")  # the stored text, byte for byte
    return _attachment(body, "application/json; charset=utf-8", _filename(made, "json"))


@staff_view
def bulletin_xlsx(request, pk: int):
    made = _bulletin_for(request.user, pk)
    buf = io.BytesIO()
    render_xlsx.write(made, buf)  # openpyxl saves to a file object as well as to a path
    ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _attachment(buf.getvalue(), ctype, _filename(made, "xlsx"))


@staff_view
def bulletin_pdf(request, pk: int):
    made = _bulletin_for(request.user, pk)
    return _attachment(render_pdf.render(made), "application/pdf", _filename(made, "pdf"))


@staff_view
def bulletin_drill(request, pk: int):
    made = _bulletin_for(request.user, pk)
    code = request.GET.get("court", "")
    court = Court.objects.filter(code=code).first()
    if court is None or not permissions.may_read_bulletin_of(request.user, court):
        raise Http404
    area = request.GET.get("area") in ("1", "true")
    key, part = request.GET.get("key", ""), request.GET.get("part", "numerator")
    data = json.loads(made.content)
    entry = next((c for c in data["courts"] if c["court_code"] == code and c["area"] == area), None)
    if entry is None or key not in entry["indicators"]:
        raise Http404
    try:
        result = drill.cases_behind(made, code, area, key, part)
    except drill.NotDrillable:
        raise Http404 from None
    for r in result.rows:  # the snapshot keeps the code; the page shows the method's name
        method = r["closure_method"] or ""
        r["closure_label"] = case_rules.CLOSURE_LABELS.get(method, method)
    return render_page(
        request,
        "supervision/pages/drill.html",
        {
            "made": made,
            "drill": result,
            "entry": entry,
            "figure": cell(
                entry["indicators"][key], indicator_kinds(json.loads(made.content)).get(key, "rate")
            ),
            "name": indicator_names(json.loads(made.content)).get(key, key),
            "part_label": _("分子") if part == "numerator" else _("分母"),
            "summed": result.measure != "count",
        },
        ACTIVE,
    )


@staff_view
def bulletin_review(request, pk: int):
    made = _bulletin_for(request.user, pk)
    visible = set(queries.bulletin_courts(request.user).values_list("code", flat=True))
    names = indicator_names(json.loads(made.content))
    listed = review.review(made, visible)
    for court in listed:
        for r in court["reasons"]:
            r["name"] = names.get(r["indicator"], r["indicator"])
    return render_page(
        request,
        "supervision/pages/review.html",
        {"made": made, "listed": listed, "thresholds": review.thresholds_for(made), "names": names},
        ACTIVE,
    )
