"""Pages of the annual assessment: minimal staff pages (create a round, enter indicator values, issue
codes, publish, results) and the public voting page, which needs no staff login (ARCHITECTURE §9)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from zhixing.cases.views.base import render_page, run_action, staff_post, staff_view
from zhixing.core.public import public_page
from zhixing.courts import rules as court_rules
from zhixing.courts.queries import courts_for
from zhixing.supervision.models import AssessmentRound

from . import actions, queries, rules
from .render import indicator_label


class RoundForm(forms.Form):
    court = forms.ModelChoiceField(queryset=None, label=gettext_lazy("组织法院"))
    year = forms.IntegerField(label=gettext_lazy("考核年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=gettext_lazy("名称"), max_length=100, required=False)
    held_on = forms.DateField(
        label=gettext_lazy("述职评议会日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    assessment_weight = forms.DecimalField(
        label=gettext_lazy("考核得分权重"), initial="0.7", decimal_places=3
    )
    review_weight = forms.DecimalField(label=gettext_lazy("评议得分权重"), initial="0.3", decimal_places=3)
    indicator_config = forms.JSONField(
        label=gettext_lazy("指标权重与目标值（JSON）"), widget=forms.Textarea(attrs={"rows": 8})
    )
    grading = forms.JSONField(
        label=gettext_lazy("等次评定规则（JSON）"), widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        qs = courts_for(user, queries.MANAGER_ROLES).filter(level=court_rules.HIGH)
        self.fields["court"].queryset = qs
        self.fields["indicator_config"].initial = rules.DEFAULT_INDICATORS
        self.fields["grading"].initial = rules.DEFAULT_GRADING
        self.fields["year"].initial = dt.date.today().year - 1


def _round_for(user, pk: int, manage: bool = False) -> AssessmentRound:
    rnd = get_object_or_404(AssessmentRound.objects.select_related("court"), pk=pk)
    allowed = queries.can_manage(user, rnd) if manage else queries.can_view_results(user, rnd)
    if not allowed:
        raise Http404  # other courts' staff learn nothing of the round
    return rnd


@staff_view
def round_list(request):
    return render_page(
        request,
        "supervision/assessment/list.html",
        {"rounds": queries.rounds_for(request.user)},
        "assessment",
    )


@staff_view
def round_create(request):
    form = RoundForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        rnd = run_action(
            request,
            actions.create_round,
            court=d["court"],
            year=d["year"],
            title=d["title"] or "",
            held_on=d["held_on"],
            assessment_weight=d["assessment_weight"],
            review_weight=d["review_weight"],
            indicator_config=d["indicator_config"],
            grading=d["grading"],
            actor=request.user,
            success=_("已创建述职评议"),
        )
        if rnd is not None:
            return redirect("assessment:detail", rnd.pk)
    return render_page(request, "supervision/assessment/create.html", {"form": form}, "assessment")


@staff_view
def round_detail(request, pk: int):
    rnd = _round_for(request.user, pk)
    manage = queries.can_manage(request.user, rnd)
    courts = queries.assessed_courts(rnd)
    keys = list(rnd.indicator_config)
    table = [
        {
            "court": c,
            "cells": [
                {"name": f"v-{c.code}-{k}", "value": rnd.indicator_values.get(c.code, {}).get(k, "")}
                for k in keys
            ],
        }
        for c in courts
    ]
    try:
        results = queries.results_for_display(rnd)
    except ValueError as exc:  # settings edited into an invalid state in the admin
        results, error = None, str(exc)
    else:
        error = ""
    return render_page(
        request,
        "supervision/assessment/detail.html",
        {
            "round": rnd,
            "manage": manage,
            "labels": [indicator_label(k) for k in keys],
            "table": table,
            "results": results,
            "results_error": error,
            "counts": queries.ballot_counts(rnd),
            "missing": queries.missing_values(rnd, courts),
        },
        "assessment",
    )


@staff_post
def values_set(request, pk: int):
    rnd = _round_for(request.user, pk, manage=True)
    values: dict[str, dict[str, str]] = {}
    for c in queries.assessed_courts(rnd):
        for k in rnd.indicator_config:
            raw = request.POST.get(f"v-{c.code}-{k}")
            if raw is not None:
                values.setdefault(c.code, {})[k] = raw.strip()
    run_action(
        request, actions.set_indicator_values, rnd, values, actor=request.user, success=_("已保存指标值")
    )
    return redirect("assessment:detail", rnd.pk)


@staff_post
@never_cache
def codes_issue(request, pk: int):
    """Shows the codes this once, for printing; reloading the page cannot show them again."""
    rnd = _round_for(request.user, pk, manage=True)
    try:
        size = int(request.POST.get("panel_size", ""))
    except ValueError:
        messages.error(request, _("请填写评议组人数"))
        return redirect("assessment:detail", rnd.pk)
    codes = run_action(request, actions.issue_codes, rnd, size, actor=request.user)
    if codes is None:
        return redirect("assessment:detail", rnd.pk)
    vote_url = request.build_absolute_uri(_vote_path(rnd))
    return render_page(
        request, "supervision/assessment/codes.html", {"round": rnd, "codes": codes, "vote_url": vote_url}
    )


def _vote_path(rnd: AssessmentRound) -> str:
    from django.urls import reverse

    return reverse("assessment:vote", args=[rnd.pk])


@staff_post
def publish(request, pk: int):
    rnd = _round_for(request.user, pk, manage=True)
    run_action(request, actions.publish_round, rnd, actor=request.user, success=_("评议结果已公布"))
    return redirect("assessment:detail", rnd.pk)


@staff_view
def result_pdf(request, pk: int):
    rnd = _round_for(request.user, pk)
    if rnd.status != AssessmentRound.PUBLISHED or not rnd.result_pdf:
        raise Http404
    response = HttpResponse(bytes(rnd.result_pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="assessment-{rnd.year}-{rnd.pk}.pdf"'
    return response


# --- the public voting page --------------------------------------------------------------------------


# Enough for a panel sharing one meeting-room network, far too few to guess a code (setting ZHIXING_BALLOT_RATE_PER_MINUTE, default 20 a minute).
_rate_limited = public_page("ballot", "ZHIXING_BALLOT_RATE_PER_MINUTE", 20)


@never_cache
@csrf_protect
@_rate_limited
def vote(request, pk: int):
    """The ballot while the round is open. Otherwise the page tells nothing of the round: a round in
    preparation looks like no round at all (404), and once published the page says only that voting
    has ended; its title and courts are shown to no one without a code sheet in hand."""
    rnd = AssessmentRound.objects.select_related("court").filter(pk=pk).first()
    if rnd is None or rnd.status == AssessmentRound.DRAFT:
        return render(request, "supervision/assessment/vote.html", {"state": "none"}, status=404)
    if rnd.status != AssessmentRound.VOTING:
        return render(request, "supervision/assessment/vote.html", {"state": "ended"})
    courts = queries.assessed_courts(rnd)
    errors: list[str] = []
    done = False
    typed = {}
    if request.method == "POST":
        typed = {c.id: request.POST.get(f"s-{c.id}", "") for c in courts}
        try:
            actions.cast_ballot(rnd, request.POST.get("code", ""), typed)
        except actions.ActionError as exc:
            errors = [str(m) for m in exc.messages]
        except PermissionDenied as exc:
            errors = [str(exc)]
        else:
            done = True
    status = 400 if errors else 200
    return render(
        request,
        "supervision/assessment/vote.html",
        {
            "state": "done" if done else "open",
            "round": rnd,
            "rows": [{"court": c, "value": typed.get(c.id, "")} for c in courts],
            "errors": errors,
        },
        status=status,
    )
