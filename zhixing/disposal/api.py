"""Read API of disposal under /api/v1/disposal/ (ARCHITECTURE "Contracts"): one case's disposals with
their procedures, rounds and distribution, and the auction desk of a court; and the platforms' signed
webhook (webhook.py). For the staff permissions.may_read_disposal / may_use_desk allow; a case the
caller cannot see is a 404, one they see but may not read the disposals of is a 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from zhixing.cases.actions.common import today
from zhixing.cases.queries import visible_cases
from zhixing.cases.serializers import DetailSerializer
from zhixing.courts.api import ZhixingAPIView

from . import permissions, queries, rules
from .serializers import CaseDisposalSerializer, DeskSerializer
from .views import webhook

TAGS = [gettext_lazy("财产处置")]


@extend_schema(tags=TAGS)
class CaseDisposalView(ZhixingAPIView, APIView):
    """一案的财产处置：确定参考价程序及报告、各轮拍卖（含合议意见、成交和到账）、成交确认和过户、参与分配方案。
    仅限本案承办人及本院执行人员、法官、院领导和指挥中心。"""

    @extend_schema(
        summary=gettext_lazy("案件的财产处置"),
        responses={
            200: CaseDisposalSerializer,
            403: OpenApiResponse(DetailSerializer, description=gettext_lazy("没有所需角色")),
            404: OpenApiResponse(DetailSerializer, description=gettext_lazy("案件不存在或无权查看")),
        },
    )
    def get(self, request, case_id: int):
        case = get_object_or_404(visible_cases(request.user).select_related("court"), pk=case_id)
        if not permissions.may_read_disposal(request.user, case):
            raise PermissionDenied(_("只有本案承办人及本院执行人员、法官、院领导和指挥中心可以查看财产处置"))
        data = {"case": case.pk, "case_number": case.case_number, "disposals": queries.case_disposals(case)}
        return Response(CaseDisposalSerializer(data).data)


@extend_schema(tags=TAGS)
class DeskView(ZhixingAPIView, APIView):
    """拍卖工作台：待合议的方案、已合议待发布、正在拍卖、近期结果、流拍待再次拍卖（30 日期限）、变卖、异议期内的分配方案。
    一个法院及其下级法院；`court` 为法院代码，缺省为用户的第一个法院。"""

    @extend_schema(
        summary=gettext_lazy("拍卖工作台"),
        parameters=[OpenApiParameter("court", str, description=gettext_lazy("法院代码"))],
        responses={
            200: DeskSerializer,
            403: OpenApiResponse(DetailSerializer, description=gettext_lazy("没有所需角色")),
        },
    )
    def get(self, request):
        court = queries.chosen_court(request.user, request.query_params.get("court", ""))
        if court is None or not permissions.may_use_desk(request.user, court):
            raise PermissionDenied(_("只有执行人员、法官、院领导和指挥中心可以使用拍卖工作台"))
        on = today()
        due = []
        for a in queries.due_for_second_round(court):
            failed = queries.failed_on(a)
            due.append(
                {
                    "auction": a,
                    "failed_on": failed,
                    "reauction_by": rules.reauction_by(failed) if failed else None,
                }
            )
        data = {
            "court": court.code,
            "awaiting": queries.awaiting_panel(court),
            "decided": queries.decided(court),
            "live": queries.live(court),
            "results": queries.recent_results(court, on),
            "due": due,
            "sales": queries.sales(court),
            "distributions": queries.in_objection_window(court),
        }
        return Response(DeskSerializer(data).data)


# Mounted under /api/v1/disposal/ (zhixing.api_urls).
urlpatterns = [
    path("cases/<int:case_id>/", CaseDisposalView.as_view(), name="disposal-case"),
    path("desk/", DeskView.as_view(), name="disposal-desk"),
    path("platforms/<str:code>/messages/", webhook.platform_message, name="disposal-platform-message"),
]
