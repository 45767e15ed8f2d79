"""Pages of campaigns (专项行动, rules §10.1) under /relief/campaigns/: the list, the new-campaign form
(the command centre or a leader), the board /relief/campaigns/<code>/ (targets and progress per court,
the field operations run under it with their witnesses, enrol by the rules, enrol by case number,
remove with a reason) and the report ?format=xlsx|pdf. Every figure comes from
queries.campaigns.figures, the one function the report and the API read too. A campaign the user may
not read is a 404: an outsider learns nothing of it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhixing.cases.actions.common import today
from zhixing.cases.models import Case
from zhixing.cases.views.base import (
    form_errors_to_messages,
    paginate,
    render_page,
    run_action,
    staff_post,
    staff_view,
)
from zhixing.core import pdf as core_pdf
from zhixing.courts.models import Court
from zhixing.courts.queries import courts_for

from .. import permissions, reports, rules
from ..actions import campaigns as actions
from ..models import Campaign, CampaignCase
from ..queries import campaigns as queries

ACTIVE = "campaigns"


def managing_courts(user: Any):
    """The courts where `user` may organise a campaign (permissions.CAMPAIGN_ROLES, courts below too)."""
    if getattr(user, "is_superuser", False):
        return Court.objects.order_by("path")
    return courts_for(user, permissions.CAMPAIGN_ROLES).order_by("path")


def readable(user: Any, code: str) -> Campaign:
    campaign = queries.readable_campaigns(user).filter(code=code).first()
    if campaign is None or not permissions.may_read_campaign(user, campaign):
        raise Http404(_("专项行动不存在或无权查看"))
    return campaign


# --- the list --------------------------------------------------------------------------------------------


@staff_view
def campaign_list(request):
    page = paginate(request, queries.readable_campaigns(request.user))
    campaigns = list(page.object_list)
    figures = queries.list_rows(campaigns)
    on = today()
    rows = [
        {
            "campaign": c,
            "running": c.starts_on <= on <= c.ends_on,
            "kinds": "、".join(str(rules.KINDS.get(k, k)) for k in c.kinds),
            **figures[c.pk],
        }
        for c in campaigns
    ]
    return render_page(
        request,
        "relief/campaign_list.html",
        {"page": page, "rows": rows, "can_create": managing_courts(request.user).exists()},
        active=ACTIVE,
    )


# --- the new-campaign form -------------------------------------------------------------------------------


class CampaignForm(forms.Form):
    court = forms.ModelChoiceField(
        queryset=Court.objects.none(), label=gettext_lazy("组织法院"), empty_label=None
    )
    name = forms.CharField(label=gettext_lazy("行动名称"), max_length=100)
    code = forms.CharField(
        label=gettext_lazy("行动代号"),
        max_length=40,
        help_text=gettext_lazy("外勤行动以此代号归入本专项行动，例如 JZ-2026-BR"),
    )
    starts_on = forms.DateField(
        label=gettext_lazy("开始日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=gettext_lazy("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    courts = forms.ModelMultipleChoiceField(
        queryset=Court.objects.none(), label=gettext_lazy("参加法院"), widget=forms.CheckboxSelectMultiple
    )
    kinds = forms.MultipleChoiceField(
        choices=[(k, v) for k, v in rules.KINDS.items()],
        label=gettext_lazy("重点案件类型"),
        widget=forms.CheckboxSelectMultiple,
    )
    target_closed = forms.IntegerField(label=gettext_lazy("目标结案数"), required=False, min_value=0)
    target_amount = forms.DecimalField(
        label=gettext_lazy("目标执行到位金额（元）"),
        required=False,
        min_value=0,
        decimal_places=2,
        max_digits=18,
    )
    note = forms.CharField(
        label=gettext_lazy("说明"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, courts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = courts
        self.fields["courts"].queryset = courts
        choices = list(courts[:2])
        if len(choices) == 1:  # the one court the user may organise at: it organises and it takes part
            self.fields["court"].initial = choices[0].pk
            self.fields["courts"].initial = [choices[0].pk]
        for name, f in self.fields.items():
            if not isinstance(f.widget, forms.CheckboxSelectMultiple):
                f.widget.attrs.setdefault("class", "form-select" if name == "court" else "form-control")


@staff_view
def campaign_new(request):
    courts = managing_courts(request.user)
    if not courts.exists():
        raise Http404(_("只有指挥中心或院领导可以组织专项行动"))
    form = CampaignForm(request.POST or None, courts=courts)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            campaign = run_action(
                request,
                actions.create_campaign,
                d["court"],
                d["code"],
                d["name"],
                d["starts_on"],
                d["ends_on"],
                [c.pk for c in d["courts"]],
                d["kinds"],
                d["target_closed"],
                d["target_amount"],
                d["note"],
                actor=request.user,
                success=_("已设立专项行动"),
            )
            if campaign is not None:
                return redirect("relief:campaign", code=campaign.code)
        else:
            form_errors_to_messages(request, form)
    return render_page(request, "relief/campaign_form.html", {"form": form}, active=ACTIVE)


# --- the board -------------------------------------------------------------------------------------------


def enrolling_court_ids(user: Any, campaign: Campaign) -> set[int]:
    """The participating courts whose cases `user` may enrol or remove by hand (check_enrol_case's
    roles), asked once for the page instead of once per row."""
    ids = set(campaign.courts.values_list("pk", flat=True))
    if getattr(user, "is_superuser", False):
        return ids
    return ids & set(courts_for(user, permissions.CAMPAIGN_ROLES).values_list("pk", flat=True))


@staff_view
def campaign_board(request, code: str):
    campaign = readable(request.user, code)
    f = queries.figures(campaign)
    entries = (
        CampaignCase.objects.filter(campaign=campaign)
        .select_related("case__court")
        .order_by("case__court__path", "case__filed_on", "case__id")
    )
    page = paginate(request, entries)
    may_enrol = enrolling_court_ids(request.user, campaign)
    cases = [
        {
            "entry": e,
            "kinds": "、".join(str(rules.KINDS.get(k, k)) for k in e.kinds),
            "closed_in_window": e.case.closed_on is not None
            and campaign.starts_on <= e.case.closed_on <= campaign.ends_on,
            "may_remove": e.case.court_id in may_enrol,
        }
        for e in page.object_list
    ]
    return render_page(
        request,
        "relief/campaign_board.html",
        {
            "campaign": campaign,
            "f": f,
            "kinds": "、".join(str(rules.KINDS.get(k, k)) for k in campaign.kinds),
            "page": page,
            "cases": cases,
            "may_manage": permissions.may_manage_campaign(request.user, campaign.court),
            "may_enrol": bool(may_enrol),
            "running": campaign.starts_on <= today() <= campaign.ends_on,
        },
        active=ACTIVE,
    )


def _back(campaign: Campaign):
    return redirect(reverse("relief:campaign", kwargs={"code": campaign.code}))


@staff_post
def campaign_enrol_rules(request, code: str):
    campaign = readable(request.user, code)
    run_action(
        request,
        actions.enrol_by_rules,
        campaign,
        actor=request.user,
        success=lambda n: _("按规则纳入 %(n)s 件案件") % {"n": n},
    )
    return _back(campaign)


@staff_post
def campaign_enrol(request, code: str):
    campaign = readable(request.user, code)
    number = request.POST.get("case_number", "").strip()
    case = Case.objects.filter(case_number=number, court__in=campaign.courts.all()).first()
    if case is None:
        messages.error(request, _("参加法院中没有案号为“%(number)s”的案件") % {"number": number})
    else:
        run_action(
            request,
            actions.enrol_case,
            campaign,
            case,
            actor=request.user,
            success=_("已将 %(number)s 纳入专项行动") % {"number": case.case_number},
        )
    return _back(campaign)


@staff_post
def campaign_remove(request, code: str):
    campaign = readable(request.user, code)
    entry = (
        CampaignCase.objects.filter(campaign=campaign, case_id=request.POST.get("case_id") or 0)
        .select_related("case")
        .first()
    )
    if entry is None:
        messages.error(request, _("该案件不在本专项行动中"))
    else:
        run_action(
            request,
            actions.remove_case,
            campaign,
            entry.case,
            request.POST.get("reason", ""),
            actor=request.user,
            success=_("已将 %(number)s 移出专项行动") % {"number": entry.case.case_number},
        )
    return _back(campaign)


# --- the report ------------------------------------------------------------------------------------------


@staff_view
def campaign_report(request, code: str):
    campaign = readable(request.user, code)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("xlsx", "pdf"):
        raise Http404(_("报表格式应为 xlsx 或 pdf"))
    f = queries.figures(campaign)
    name = _("专项行动-%(code)s-%(day)s.%(fmt)s") % {
        "code": campaign.code,
        "day": f"{today():%Y%m%d}",
        "fmt": fmt,
    }
    if fmt == "xlsx":
        res = HttpResponse(reports.to_xlsx(f), content_type=reports.XLSX)
    else:
        try:
            data = reports.to_pdf(f)
        except core_pdf.FontNotFound as e:
            messages.error(request, str(e))
            return _back(campaign)
        res = HttpResponse(data, content_type="application/pdf")
    res["Content-Disposition"] = content_disposition_header(True, name)
    return res


urls: list = [
    path("campaigns/", campaign_list, name="campaigns"),
    path("campaigns/new/", campaign_new, name="campaign_new"),
    path("campaigns/<str:code>/", campaign_board, name="campaign"),
    path("campaigns/<str:code>/report/", campaign_report, name="campaign_report"),
    path("campaigns/<str:code>/enrol-rules/", campaign_enrol_rules, name="campaign_enrol_rules"),
    path("campaigns/<str:code>/enrol/", campaign_enrol, name="campaign_enrol"),
    path("campaigns/<str:code>/remove/", campaign_remove, name="campaign_remove"),
]
