"""Read API of measures under /api/v1/measures/ (ARCHITECTURE "Contracts"): one case's obstructions,
coercive measures, referrals and evidence; a court's field operations on a day; an operation's report.
permissions.may_read_measures / may_use_board allow; a case the caller cannot see is a 404, one they
see but may not read the measures of is a 403. Phones and accounts leave masked, identity codes never."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from zhixing.cases.actions.common import today
from zhixing.cases.queries import visible_cases
from zhixing.cases.serializers import DetailSerializer
from zhixing.courts.api import ZhixingAPIView
from zhixing.courts.models import Court
from zhixing.courts.queries import courts_for

from . import permissions
from .models import CoerciveMeasure, Evidence, Member, Obstruction, Operation, OperationCase, Referral
from .queries import operation_report
from .serializers import CaseMeasuresSerializer, OperationListSerializer, OperationReportSerializer

TAGS = [gettext_lazy("强制措施与外勤")]


def board_courts(user: Any) -> QuerySet[Court]:
    """The courts whose operations `user` may see (permissions.check_use_board's roles)."""
    if getattr(user, "is_superuser", False):
        return Court.objects.order_by("path")
    return courts_for(user, permissions.BOARD_ROLES).order_by("path")


def chosen_court(user: Any, code: str) -> Court | None:
    """The court `?court=CODE` names among the user's, else the first of them (None: no court)."""
    courts = list(board_courts(user))
    return next((c for c in courts if c.code == code), courts[0] if courts else None)


def case_measures(case: Any) -> dict:
    """Everything the case endpoint shows, in a fixed number of queries whatever the rows."""
    measures = (
        CoerciveMeasure.objects.filter(case=case)
        .select_related("document")
        .prefetch_related("obstructions", "informants")
        .order_by("proposed_on", "id")
    )
    return {
        "case": case.pk,
        "case_number": case.case_number,
        "obstructions": list(Obstruction.objects.filter(case=case).select_related("party")),
        "measures": list(measures),
        "referrals": list(
            Referral.objects.filter(case=case).prefetch_related("obstructions").order_by("drafted_on", "id")
        ),
        "evidence": list(Evidence.objects.filter(case=case).select_related("uploaded_by")),
    }


def operations_on(court: Court, on: dt.date) -> list[Operation]:
    """The operations of `court` and the courts below it planned to run on `on` (any part of the day)."""
    start = timezone.make_aware(dt.datetime.combine(on, dt.time.min))
    end = start + dt.timedelta(days=1)
    return list(
        Operation.objects.filter(court__path__startswith=court.path, starts_at__lt=end, ends_at__gt=start)
        .select_related("court", "leader")
        .prefetch_related(
            Prefetch("targets", queryset=OperationCase.objects.select_related("case")),
            Prefetch("members", queryset=Member.objects.select_related("user")),
            "bookings__equipment",
            "witnesses",
        )
        .order_by("starts_at", "id")
    )


@extend_schema(tags=TAGS)
class CaseMeasuresView(ZhixingAPIView, APIView):
    """一案的强制措施：妨害执行行为、强制措施（拘传、罚款、拘留、搜查、限制出境、悬赏，含举报人，电话和账号脱敏）、
    拒执罪移送及其期限、外勤证据（SHA-256 指纹）。仅限本案承办人及本院执行人员、法官、院领导和指挥中心。"""

    @extend_schema(
        summary=gettext_lazy("案件的强制措施"),
        responses={
            200: CaseMeasuresSerializer,
            403: OpenApiResponse(DetailSerializer, description=gettext_lazy("没有所需角色")),
            404: OpenApiResponse(DetailSerializer, description=gettext_lazy("案件不存在或无权查看")),
        },
    )
    def get(self, request, case_id: int):
        case = get_object_or_404(visible_cases(request.user).select_related("court"), pk=case_id)
        if not permissions.may_read_measures(request.user, case):
            raise PermissionDenied(_("只有本案承办人及本院执行人员、法官、院领导和指挥中心可以查看强制措施"))
        return Response(CaseMeasuresSerializer(case_measures(case)).data)


@extend_schema(tags=TAGS)
class OperationsView(ZhixingAPIView, APIView):
    """一个法院及其下级法院某日的外勤行动：案件和地点、队员、装备预约、见证人。`court` 为法院代码，缺省为用户的第一个法院；
    `date` 为 YYYY-MM-DD，缺省为今天。"""

    @extend_schema(
        summary=gettext_lazy("某日的外勤行动"),
        parameters=[
            OpenApiParameter("court", str, description=gettext_lazy("法院代码")),
            OpenApiParameter("date", dt.date, description=gettext_lazy("日期 YYYY-MM-DD，缺省为今天")),
        ],
        responses={
            200: OperationListSerializer,
            400: OpenApiResponse(DetailSerializer, description=gettext_lazy("日期无效")),
            403: OpenApiResponse(DetailSerializer, description=gettext_lazy("没有所需角色")),
        },
    )
    def get(self, request):
        court = chosen_court(request.user, request.query_params.get("court", ""))
        if court is None or not permissions.may_use_board(request.user, court):
            raise PermissionDenied(_("只有执行人员、法官、院领导、指挥中心和财务可以查看外勤行动"))
        text = request.query_params.get("date", "")
        try:
            on = dt.date.fromisoformat(text) if text else today()
        except ValueError:
            return Response({"detail": _("日期“%(text)s”无效，应为 YYYY-MM-DD") % {"text": text}}, status=400)
        data = {"court": court.code, "date": on, "operations": operations_on(court, on)}
        return Response(OperationListSerializer(data).data)


@extend_schema(tags=TAGS)
class OperationReportView(ZhixingAPIView, APIView):
    """外勤行动报告：结案数、执行到位金额、拘传、拘留、纳入失信名单人数、见证人、证据和现场记录数，逐案明细。"""

    @extend_schema(
        summary=gettext_lazy("外勤行动报告"),
        responses={
            200: OperationReportSerializer,
            403: OpenApiResponse(DetailSerializer, description=gettext_lazy("没有所需角色")),
            404: OpenApiResponse(DetailSerializer, description=gettext_lazy("行动不存在或无权查看")),
        },
    )
    def get(self, request, operation_id: int):
        operation = Operation.objects.filter(pk=operation_id).select_related("court").first()
        if operation is None or not board_courts(request.user).filter(pk=operation.court_id).exists():
            raise Http404(_("行动不存在或无权查看"))
        if not permissions.may_use_board(request.user, operation.court):
            raise PermissionDenied(_("只有执行人员、法官、院领导、指挥中心和财务可以查看外勤行动"))
        return Response(OperationReportSerializer(operation_report(operation)).data)


# Mounted under /api/v1/measures/ (zhixing.api_urls).
urlpatterns = [
    path("cases/<int:case_id>/", CaseMeasuresView.as_view(), name="measures-case"),
    path("operations/", OperationsView.as_view(), name="measures-operations"),
    path("operations/<int:operation_id>/report/", OperationReportView.as_view(), name="measures-report"),
]
