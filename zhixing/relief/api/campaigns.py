"""Read API of campaigns under /api/v1/relief/ (ARCHITECTURE "Contracts"): the campaigns the caller may
read with their headline figures, and one campaign with the same figures its board and report show
(queries.campaigns.figures). Amounts are strings in yuan with two decimals, progress a string in per
cent with one decimal (null when no target was set). A campaign the caller may not read is a 404."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from zhixing.cases.serializers import DetailSerializer
from zhixing.courts.api import ZhixingAPIView

from .. import permissions, rules
from ..models import Campaign
from ..queries import campaigns as queries

TAGS = [gettext_lazy("专项行动")]


def _money(v: Decimal | None) -> str | None:
    return None if v is None else f"{v:.2f}"


def _pct(v: Decimal | None) -> str | None:
    return None if v is None else f"{v}"


def campaign_head(c: Campaign) -> dict[str, Any]:
    return {
        "code": c.code,
        "name": c.name,
        "court": c.court.code,
        "court_name": c.court.name,
        "starts_on": c.starts_on.isoformat(),
        "ends_on": c.ends_on.isoformat(),
        "kinds": list(c.kinds),
        "kind_labels": [str(rules.KINDS.get(k, k)) for k in c.kinds],
        "target_closed": c.target_closed,
        "target_amount": _money(c.target_amount),
    }


def court_json(r: queries.CourtFigures) -> dict[str, Any]:
    return {
        "court": r.court_code,
        "court_name": r.court_name,
        "cases": r.cases,
        "closed": r.closed,
        "closed_by": dict(r.closed_by),
        "recovered": _money(r.recovered),
        "settlements": r.settlements,
        "listings": r.listings,
        "summons": r.summons,
        "detentions": r.detentions,
        "fines": r.fines,
        "target_closed": r.target_closed,
        "target_amount": _money(r.target_amount),
        "closed_progress": _pct(r.closed_progress),
        "amount_progress": _pct(r.amount_progress),
    }


def figures_json(f: queries.CampaignFigures) -> dict[str, Any]:
    total = court_json(f.total)
    del total["court"], total["court_name"]
    return {
        **campaign_head(f.campaign),
        "totals": total,
        "courts": [court_json(r) for r in f.rows],
        "operations": [
            {
                "id": o.operation.pk,
                "name": o.operation.name,
                "court": o.operation.court.code,
                "starts_at": o.operation.starts_at.isoformat(),
                "status": o.operation.status,
                "targets": o.targets,
                "witnesses": [
                    {"name": w.name, "kind": w.kind, "unit": w.unit, "attended": w.attended}
                    for w in o.witnesses
                ],
            }
            for o in f.operations
        ],
    }


@extend_schema(tags=TAGS)
class CampaignListView(ZhixingAPIView, APIView):
    """调用者可查看的专项行动（组织法院或其上级法院的执行人员、法官、院领导、指挥中心），含纳入案件数、行动期间结案数、
    执行到位金额和目标完成率。"""

    @extend_schema(
        operation_id="relief_campaigns_list",
        summary=gettext_lazy("专项行动列表"),
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        campaigns = list(queries.readable_campaigns(request.user)[:200])
        rows = queries.list_rows(campaigns)
        return Response(
            {
                "campaigns": [
                    {
                        **campaign_head(c),
                        "cases": rows[c.pk]["cases"],
                        "closed": rows[c.pk]["closed"],
                        "recovered": _money(rows[c.pk]["recovered"]),
                        "closed_progress": _pct(rows[c.pk]["closed_progress"]),
                        "amount_progress": _pct(rows[c.pk]["amount_progress"]),
                    }
                    for c in campaigns
                ]
            }
        )


@extend_schema(tags=TAGS)
class CampaignView(ZhixingAPIView, APIView):
    """一个专项行动的成效：各参加法院的纳入案件、行动期间结案（按结案方式）、执行到位金额、执行和解、失信、拘传、拘留、
    罚款，分解目标及完成率；以其代号部署的外勤行动及见证人。与行动看板和报表同一口径。"""

    @extend_schema(
        operation_id="relief_campaign_retrieve",
        summary=gettext_lazy("专项行动成效"),
        responses={
            200: OpenApiTypes.OBJECT,
            404: OpenApiResponse(DetailSerializer, description=gettext_lazy("专项行动不存在或无权查看")),
        },
    )
    def get(self, request, code: str):
        campaign = queries.readable_campaigns(request.user).filter(code=code).first()
        if campaign is None or not permissions.may_read_campaign(request.user, campaign):
            raise Http404(_("专项行动不存在或无权查看"))
        return Response(figures_json(queries.figures(campaign)))


urls: list = [
    path("campaigns/", CampaignListView.as_view(), name="relief-campaigns"),
    path("campaigns/<str:code>/", CampaignView.as_view(), name="relief-campaign"),
]
