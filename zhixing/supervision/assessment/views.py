"""Pages of the annual assessment: minimal staff pages (create a round, enter indicator values, issue
codes, publish, results) and the public voting page, which needs no staff login (ARCHITECTURE §9)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from zhixing.cases.views.base import render_page, run_action, staff_post, staff_view
from zhixing.core.public import public_page
from zhixing.courts import rules as court_rules
from zhixing.courts.queries import courts_for
from zhixing.supervision.models import AssessmentRound

from .. import permissions
from . import actions, queries, rules
from .render import indicator_label

GRADE_ROWS = 4
DIRECTION_CHOICES = [(k, gettext_lazy(v)) for k, v in rules.DIRECTIONS.items()]
UNIT_SUFFIX = {rules.RATE: "%", rules.DAYS: gettext_lazy("天")}


def _typed(unit: str, stored) -> str:
    """A stored figure in the unit people type (per cent for a rate), for a form field."""
    return "" if stored in (None, "") else str(rules.stored_to_typed(unit, stored))


def _percent_field(label, *, places: int, initial, required: bool = True) -> forms.DecimalField:
    """A box for a per cent (a weight, share or score line): 0 to 100 with `places` decimals."""
    return forms.DecimalField(
        label=label, min_value=0, max_value=100, decimal_places=places, initial=initial, required=required
    )


class RoundForm(forms.Form):
    """A new round's settings as people think of them: per cent for weights, shares, rates and quotas,
    days for averages, one row per indicator with its Chinese name. `clean` turns them into the stored
    units of rules.py (rules.typed_to_stored, the one conversion)."""

    court = forms.ModelChoiceField(queryset=None, label=gettext_lazy("组织法院"))
    year = forms.IntegerField(label=gettext_lazy("考核年度"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=gettext_lazy("名称"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("留空则为“某某年度执行工作述职评议”"),
    )
    held_on = forms.DateField(
        label=gettext_lazy("述职评议会日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    assessment_share = _percent_field(gettext_lazy("考核得分占比（%）"), places=1, initial=70)
    review_share = _percent_field(gettext_lazy("评议得分占比（%）"), places=1, initial=30)
    grading_mode = forms.ChoiceField(
        label=gettext_lazy("等次评定方式"),
        choices=[
            (rules.THRESHOLDS, gettext_lazy("按分数线评定")),
            (rules.QUOTA, gettext_lazy("按分数线评定，并限定各等次名额比例")),
        ],
    )
    fallback = forms.CharField(
        label=gettext_lazy("未达到任何分数线时的等次"), max_length=20, initial=gettext_lazy("不合格")
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        qs = courts_for(user, permissions.MANAGER_ROLES).filter(level=court_rules.HIGH)
        self.fields["court"].queryset = qs
        if qs.count() == 1:
            self.fields["court"].initial = qs.first()
        self.fields["year"].initial = timezone.localdate().year - 1
        self.indicators = queries.assessable_indicators()
        for a in self.indicators:
            default = rules.DEFAULT_INDICATORS.get(a.key, {})
            rate = a.unit == rules.RATE
            self.fields[f"w-{a.key}"] = _percent_field(
                gettext_lazy("%(name)s的权重") % {"name": a.name},
                places=2,
                initial=_typed(rules.RATE, default.get("weight")),
                required=False,
            )
            self.fields[f"t-{a.key}"] = forms.DecimalField(
                label=gettext_lazy("%(name)s的目标值") % {"name": a.name},
                required=False,
                min_value=0,
                max_value=100 if rate else rules.MAX_DAYS,
                decimal_places=2 if rate else 1,
                initial=_typed(a.unit, default.get("target")),
            )
            self.fields[f"d-{a.key}"] = forms.ChoiceField(
                label=gettext_lazy("%(name)s的方向") % {"name": a.name},
                choices=DIRECTION_CHOICES,
                required=False,
                initial=default.get("direction") or (rules.HIGHER if a.higher_is_better else rules.LOWER),
            )
        grades = rules.DEFAULT_GRADING["grades"]
        self.fields["grading_mode"].initial = rules.DEFAULT_GRADING["mode"]
        for i in range(GRADE_ROWS):
            g = grades[i] if i < len(grades) else {}
            self.fields[f"g{i}-name"] = forms.CharField(
                label=gettext_lazy("等次名称"), max_length=20, required=False, initial=g.get("name", "")
            )
            self.fields[f"g{i}-min"] = _percent_field(
                gettext_lazy("分数线"), places=2, initial=g.get("min", ""), required=False
            )
            self.fields[f"g{i}-share"] = _percent_field(
                gettext_lazy("名额上限（%）"),
                places=1,
                initial=_typed(rules.RATE, g.get("share")),
                required=False,
            )

        for name, field in self.fields.items():
            select = isinstance(field.widget, forms.Select)
            small = "-" in name  # the fields of the indicator and grade tables
            css = "form-select" if select else "form-control"
            field.widget.attrs["class"] = f"{css} {css}-sm" if small else css

    def main_fields(self):
        return [self[n] for n in ("court", "year", "title", "held_on")]

    def share_fields(self):
        return [self["assessment_share"], self["review_share"]]

    def grading_fields(self):
        return [self["grading_mode"], self["fallback"]]

    def indicator_rows(self) -> list[dict]:
        return [
            {
                "name": a.name,
                "unit": UNIT_SUFFIX[a.unit],
                "weight": self[f"w-{a.key}"],
                "target": self[f"t-{a.key}"],
                "direction": self[f"d-{a.key}"],
            }
            for a in self.indicators
        ]

    def grade_rows(self) -> list[dict]:
        return [
            {"name": self[f"g{i}-name"], "min": self[f"g{i}-min"], "share": self[f"g{i}-share"]}
            for i in range(GRADE_ROWS)
        ]

    def clean(self):
        d = super().clean()
        wa, wr = d.get("assessment_share"), d.get("review_share")
        if wa is not None and wr is not None and wa + wr != 100:
            self.add_error("review_share", _("考核得分占比与评议得分占比之和应为 100%"))
        config: dict[str, dict[str, str]] = {}
        total = 0
        for a in self.indicators:
            weight, target = d.get(f"w-{a.key}"), d.get(f"t-{a.key}")
            if weight is None:
                continue  # not assessed
            if weight <= 0:
                self.add_error(f"w-{a.key}", _("权重应大于 0；不考核该指标请留空"))
                continue
            total += weight
            if target is None or target <= 0:
                self.add_error(f"t-{a.key}", _("请填写大于 0 的目标值"))
                continue
            if a.unit == rules.RATE and target < 1:
                self.add_error(
                    f"t-{a.key}",
                    _("目标值按百分数填写，如 90 表示 90%%（收到 %(value)s%%）") % {"value": target},
                )
                continue
            config[a.key] = {
                "weight": str(rules.typed_to_stored(rules.RATE, weight)),
                "target": str(rules.typed_to_stored(a.unit, target)),
                "direction": d.get(f"d-{a.key}") or rules.HIGHER,
                "unit": a.unit,
            }
        if not total:
            self.add_error(None, _("至少为一项指标填写权重"))
        elif total != 100:
            self.add_error(
                None, _("各指标权重之和应为 100%%（现为 %(sum)s%%）") % {"sum": rules.plain(total)}
            )
        grades = []
        for i in range(GRADE_ROWS):
            name = (d.get(f"g{i}-name") or "").strip()
            minimum, share = d.get(f"g{i}-min"), d.get(f"g{i}-share")
            if not name:
                if minimum is not None or share is not None:
                    self.add_error(f"g{i}-name", _("请填写等次名称"))
                continue
            if minimum is None:
                self.add_error(f"g{i}-min", _("请填写该等次的分数线"))
                continue
            grade = {"name": name, "min": str(minimum)}
            if share is not None:
                grade["share"] = str(rules.typed_to_stored(rules.RATE, share))
            grades.append(grade)
        d["indicator_config"] = config
        d["grading"] = {"mode": d.get("grading_mode"), "grades": grades, "fallback": d.get("fallback", "")}
        if not self.errors:
            try:
                rules.parse_grading(d["grading"])
            except ValueError as exc:
                self.add_error(None, str(exc))
        if wa is not None and wr is not None:
            d["assessment_weight"] = rules.typed_to_stored(rules.RATE, wa)
            d["review_weight"] = rules.typed_to_stored(rules.RATE, wr)
        return d


def _round_for(user, pk: int, manage: bool = False) -> AssessmentRound:
    rnd = get_object_or_404(AssessmentRound.objects.select_related("court"), pk=pk)
    allowed = queries.can_manage(user, rnd) if manage else queries.can_view_results(user, rnd)
    if not allowed:
        raise Http404  # other courts' staff learn nothing of the round
    return rnd


def _act_on_round(request, pk: int, action, /, *args, success: str, **kwargs):
    """Runs a managing action on the round as the user, then returns to the round's page, where
    run_action's message (the success, or each reason for a refusal) shows."""
    rnd = _round_for(request.user, pk, manage=True)
    run_action(request, action, rnd, *args, actor=request.user, success=success, **kwargs)
    return redirect("assessment:detail", rnd.pk)


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


def _source_text(source: dict | None) -> str:
    if not source:
        return ""
    if source.get("source") == "bulletin":
        return _("%(week)s 周通报") % {"week": source.get("week", "")}
    return _("%(by)s修改：%(reason)s") % {"by": source.get("by", ""), "reason": source.get("reason", "")}


@staff_view
def round_detail(request, pk: int):
    return _detail(request, _round_for(request.user, pk))


def _detail(request, rnd: AssessmentRound, typed: dict[str, str] | None = None, status: int = 200):
    """The round's page; `typed` keeps what was typed in the values table when saving was refused."""
    typed = typed or {}
    manage = queries.can_manage(request.user, rnd)
    courts = queries.assessed_courts(rnd)
    config = rnd.indicator_config
    keys = list(config)
    table = [
        {
            "court": c,
            "cells": [
                {
                    "name": f"v-{c.code}-{k}",
                    "value": typed[f"v-{c.code}-{k}"]
                    if f"v-{c.code}-{k}" in typed
                    else _typed(config[k].get("unit"), rnd.indicator_values.get(c.code, {}).get(k)),
                    "unit": UNIT_SUFFIX.get(config[k].get("unit"), ""),
                    "source": _source_text(rnd.value_sources.get(c.code, {}).get(k)),
                    "edited": rnd.value_sources.get(c.code, {}).get(k, {}).get("source") == "edited",
                }
                for k in keys
            ],
        }
        for c in courts
    ]
    settings_rows = [
        {
            "name": item.get("name") or indicator_label(k),
            "weight": rules.shown_text(rules.RATE, item.get("weight"))
            if item.get("unit")
            else item.get("weight"),
            "target": rules.shown_text(item["unit"], item.get("target"))
            if item.get("unit")
            else item.get("target"),
            "direction": _(rules.DIRECTIONS.get(item.get("direction"), rules.DIRECTIONS[rules.HIGHER])),
        }
        for k, item in config.items()
    ]
    try:
        results = queries.results_for_display(rnd)
    except ValueError as exc:  # a value out of range, or settings edited into an invalid state
        results, error = None, str(exc)
    else:
        error = ""
    counts = queries.ballot_counts(rnd)
    today = timezone.localdate()
    return render_page(
        request,
        "supervision/assessment/detail.html",
        {
            "round": rnd,
            "manage": manage,
            "chair": queries.is_chair(request.user, rnd),
            "headers": [
                {
                    "name": item.get("name") or indicator_label(k),
                    "unit": UNIT_SUFFIX.get(item.get("unit"), ""),
                }
                for k, item in config.items()
            ],
            "table": table,
            "settings_rows": settings_rows,
            "shares": {
                "assessment": rules.shown_text(rules.RATE, rnd.assessment_weight),
                "review": rules.shown_text(rules.RATE, rnd.review_weight),
            },
            "results": results,
            "results_error": error,
            "counts": counts,
            "short": 0 < counts["used"] < counts["issued"],
            "early": today < rnd.held_on,
            "today": today,
            "missing": queries.missing_values(rnd, courts),
            "reason": typed.get("reason", ""),
        },
        "assessment",
        status=status,
    )


@staff_post
def values_set(request, pk: int):
    """The values as typed (per cent for a rate, days for an average), converted once to stored units."""
    rnd = _round_for(request.user, pk, manage=True)
    values: dict[str, dict[str, object]] = {}
    problems = []
    for c in queries.assessed_courts(rnd):
        for k, item in rnd.indicator_config.items():
            raw = request.POST.get(f"v-{c.code}-{k}")
            if raw is None:
                continue
            raw = raw.strip()
            if raw == "":
                values.setdefault(c.code, {})[k] = None
                continue
            try:
                values.setdefault(c.code, {})[k] = rules.typed_to_stored(item.get("unit"), raw)
            except ValueError:
                name = item.get("name") or indicator_label(k)
                problems.append(
                    _("%(court)s的%(name)s不是数字：%(raw)s") % {"court": c.name, "name": name, "raw": raw}
                )
    saved = None
    if not problems:
        saved = run_action(
            request,
            actions.set_indicator_values,
            rnd,
            values,
            reason=request.POST.get("reason", ""),
            actor=request.user,
            success=_("已保存指标值"),
        )
    if saved is None:  # refused: the page again with what was typed, so nothing is typed twice
        for text in problems:
            messages.error(request, text)
        typed = {k: v for k, v in request.POST.items() if k.startswith("v-") or k == "reason"}
        return _detail(request, rnd, typed, status=400)
    return redirect("assessment:detail", rnd.pk)


@staff_post
def values_fill(request, pk: int):
    rnd = _round_for(request.user, pk, manage=True)
    weeks = run_action(request, actions.fill_values_from_bulletin, rnd, actor=request.user)
    if weeks is not None:
        if weeks:
            messages.success(
                request,
                _("已从周通报填入指标值：%(weeks)s") % {"weeks": "、".join(sorted(set(weeks.values())))},
            )
        else:
            messages.warning(
                request, _("%(year)d 年尚无已保存的周通报，请手工录入指标值") % {"year": rnd.year}
            )
    return redirect("assessment:detail", rnd.pk)


@staff_post
def quorum(request, pk: int):
    return _act_on_round(
        request,
        pk,
        actions.record_quorum_decision,
        request.POST.get("reason", ""),
        success=_("已记录法定人数决定"),
    )


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
    return _act_on_round(
        request,
        pk,
        actions.publish_round,
        confirm_before_meeting=request.POST.get("confirm_early") == "1",
        early_reason=request.POST.get("early_reason", ""),
        success=_("评议结果已公布"),
    )


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
