"""Read API of credit measures under /api/v1/credit/ (ARCHITECTURE "Contracts"): one case's dishonest
listings with their corrections, consumption restrictions with their bound persons and permits, and
performance certificates. For the staff permissions.may_read_credit allows (the case's handler, the
judges and leaders of its court, the command centre); a case the caller cannot see is a 404, one
they see but may not read the credit measures of is a 403. Identity codes are masked."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from zhixing.cases.queries import visible_cases
from zhixing.cases.serializers import DetailSerializer
from zhixing.courts.api import ZhixingAPIView

from . import permissions, queries
from .serializers import CaseCreditSerializer

TAGS = [gettext_lazy("信用惩戒")]


@extend_schema(tags=TAGS)
class CaseCreditView(ZhixingAPIView, APIView):
    """一案的信用惩戒措施：失信名单（含纠正申请）、限制消费令（含约束人员和必要消费许可）、自动履行证明；
    证件号码脱敏。仅限本案承办人及本院执行法官、院领导和指挥中心。"""

    @extend_schema(
        summary=gettext_lazy("案件的失信名单、限制消费令和自动履行证明"),
        responses={
            200: CaseCreditSerializer,
            403: OpenApiResponse(DetailSerializer, description=gettext_lazy("没有所需角色")),
            404: OpenApiResponse(DetailSerializer, description=gettext_lazy("案件不存在或无权查看")),
        },
    )
    def get(self, request, case_id: int):
        case = get_object_or_404(visible_cases(request.user).select_related("court"), pk=case_id)
        if not permissions.may_read_credit(request.user, case):
            raise PermissionDenied(_("只有本案承办人及本院执行法官、院领导和指挥中心可以查看信用惩戒措施"))
        data = {
            "case": case.pk,
            "case_number": case.case_number,
            "listings": queries.case_listings(case),
            "restrictions": queries.case_restrictions(case),
            "certificates": queries.case_certificates(case),
        }
        return Response(CaseCreditSerializer(data).data)


# Mounted under /api/v1/credit/ (zhixing.api_urls).
urlpatterns = [
    path("cases/<int:case_id>/", CaseCreditView.as_view(), name="credit-case"),
]
