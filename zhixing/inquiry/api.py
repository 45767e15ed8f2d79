"""REST API of network inquiry and control under /api/v1/inquiry/ (ARCHITECTURE "Contracts"): batches
(list, start a court-wide one, detail with per-institution progress), one case's inquiry and its
results, and measures with the actions freeze, renew, release and deduct.

Batches are seen by the command centre and leaders of their court (courts below included) and by
whoever started them. A case's results are for the staff on the case only (rules §6.6): they are read
through queries.results_for_case, which refuses anyone else (403) and logs each read with its purpose.
Measures are listed for the cases whose results the caller may see. Writes call the same actions as
the pages with `actor=request.user`; refusals come back as 403 `{"detail": ...}` (a missing role) or
400 `{"errors": [...]}` (a rule), in Chinese."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from zhixing.cases.actions.common import ActionError
from zhixing.cases.queries import visible_cases
from zhixing.cases.serializers import DetailSerializer, ErrorSerializer
from zhixing.courts.api import ZhixingAPIView
from zhixing.courts.models import Court

from . import actions, page_queries, queries
from .models import Asset, InquiryBatch, Measure
from .serializers import (
    BatchDetailSerializer,
    BatchSerializer,
    CaseResultsSerializer,
    DeductSerializer,
    FreezeSerializer,
    InstitutionProgressSerializer,
    MeasureSerializer,
    ReleaseSerializer,
    RenewSerializer,
    StartBatchSerializer,
)

TAGS = [gettext_lazy("网络查控")]
REFUSED = {
    400: OpenApiResponse(ErrorSerializer, description=gettext_lazy("规则不允许：errors 列出原因")),
    403: OpenApiResponse(DetailSerializer, description=gettext_lazy("没有所需角色")),
    404: OpenApiResponse(DetailSerializer, description=gettext_lazy("对象不存在或无权查看")),
}
# Why a caller read the register, when it does not say (the audit entry records it either way).
API_PURPOSE = "接口查询网络查控结果"


def visible_batches(user: Any) -> QuerySet[InquiryBatch]:
    qs = InquiryBatch.objects.select_related("court", "started_by")
    if getattr(user, "is_superuser", False):
        return qs
    return qs.filter(Q(court__in=page_queries.watching_courts(user)) | Q(started_by_id=user.pk))


def _choice(request, name: str, choices) -> str:
    value = request.query_params.get(name, "").strip()
    if value and value not in dict(choices):
        raise exceptions.ValidationError({name: [_("未知的取值：%(v)s") % {"v": value}]})
    return value


def _case_param(request) -> int | None:
    raw = request.query_params.get("case", "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise exceptions.ValidationError({"case": [_("须为正整数")]})
    return int(raw)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("查询批次列表（本人可查看的法院）"),
        parameters=[
            OpenApiParameter("court", OpenApiTypes.STR, description=gettext_lazy("法院代字（如 冀96）")),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=[c for c, _l in InquiryBatch.STATUSES],
                description=gettext_lazy("状态：running 进行中、done 已完成、partial 部分失败"),
            ),
        ],
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("批次详情及各机构进度"),
        responses={200: BatchDetailSerializer, 404: REFUSED[404]},
    ),
    create=extend_schema(
        summary=gettext_lazy("发起批量查控（全部未结案件，或终本案件定期复查）"),
        request=StartBatchSerializer,
        responses={201: BatchDetailSerializer, **REFUSED},
    ),
)
@extend_schema(tags=TAGS)
class BatchViewSet(
    ZhixingAPIView,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """查询批次：指挥中心和院领导可查看本院及下级法院的批次，发起人可查看本人发起的批次。"""

    serializer_class = BatchSerializer
    filter_backends: list = []
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[InquiryBatch]:
        qs = visible_batches(self.request.user)
        if self.action != "list":
            return qs
        if code := self.request.query_params.get("court", "").strip():
            qs = qs.filter(court__code=code)
        if st := _choice(self.request, "status", InquiryBatch.STATUSES):
            qs = qs.filter(status=st)
        return qs.order_by("-created_at", "-id")

    @staticmethod
    def detail_data(batch: InquiryBatch) -> dict[str, Any]:
        progress = InstitutionProgressSerializer(queries.batch_progress(batch), many=True).data
        return {**BatchSerializer(batch).data, "progress": progress}

    def retrieve(self, request, *args, **kwargs):
        return Response(self.detail_data(self.get_object()))

    def create(self, request, *args, **kwargs):
        s = StartBatchSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        court = Court.objects.filter(code=s.validated_data["court"]).first()
        if court is None:
            raise ActionError(_("未找到法院：%(c)s") % {"c": s.validated_data["court"]})
        batch = actions.start_batch(court, s.validated_data["scope"], actor=request.user)
        fresh = InquiryBatch.objects.select_related("court", "started_by").get(pk=batch.pk)
        return Response(self.detail_data(fresh), status=status.HTTP_201_CREATED)


def _visible_case(request, case_id: int):
    return get_object_or_404(visible_cases(request.user).select_related("court"), pk=case_id)


@extend_schema(tags=TAGS)
class CaseResultsView(ZhixingAPIView, APIView):
    """一案的查控结果：按被执行人列出财产及其措施；账号、证件号码脱敏。仅限本案承办人及监督本案的
    法官、院领导和指挥中心；每次查看都记入审计日志（查看人、时间、案件、用途）。"""

    @extend_schema(
        summary=gettext_lazy("案件的网络查控结果（查看记入审计日志）"),
        parameters=[
            OpenApiParameter(
                "purpose",
                OpenApiTypes.STR,
                description=gettext_lazy("查看用途（记入审计日志），默认“接口查询网络查控结果”"),
            )
        ],
        responses={200: CaseResultsSerializer, 403: REFUSED[403], 404: REFUSED[404]},
    )
    def get(self, request, case_id: int):
        case = _visible_case(request, case_id)
        purpose = request.query_params.get("purpose", "").strip()[:100] or API_PURPOSE
        debtors = queries.results_for_case(case, request.user, purpose)
        data = {"case": case.pk, "case_number": case.case_number, "purpose": purpose, "debtors": debtors}
        return Response(CaseResultsSerializer(data).data)


@extend_schema(tags=TAGS)
class CaseInquiryView(ZhixingAPIView, APIView):
    """为一个案件发起网络查控（向全部已连接机构查询本案被执行人的财产）。"""

    @extend_schema(
        summary=gettext_lazy("为案件发起网络查控"),
        request=None,
        responses={201: BatchDetailSerializer, **REFUSED},
    )
    def post(self, request, case_id: int):
        batch = actions.start_case_inquiry(_visible_case(request, case_id), actor=request.user)
        fresh = InquiryBatch.objects.select_related("court", "started_by").get(pk=batch.pk)
        return Response(BatchViewSet.detail_data(fresh), status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("查控措施列表（本人可查看结果的案件）"),
        parameters=[
            OpenApiParameter("case", OpenApiTypes.INT, description=gettext_lazy("案件 id")),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=[c for c, _l in Measure.STATUSES],
                description=gettext_lazy("状态：requested、active、refused、released、lapsed、deducted"),
            ),
        ],
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("查控措施详情"), responses={200: MeasureSerializer, 404: REFUSED[404]}
    ),
)
@extend_schema(tags=TAGS)
class MeasureViewSet(
    ZhixingAPIView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """查控措施（冻结、查封、扣押）：金额、起止日期、顺位（轮候）和状态。只列出本人有权查看查控结果的
    案件的措施。续行、解除、扣划和对财产采取措施均发出指令，机构回执后生效。"""

    serializer_class = MeasureSerializer
    filter_backends: list = []
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[Measure]:
        qs = page_queries.reading_measures(self.request.user).select_related("case", "asset__institution")
        if self.action != "list":
            return qs
        if (case_id := _case_param(self.request)) is not None:
            qs = qs.filter(case_id=case_id)
        if st := _choice(self.request, "status", Measure.STATUSES):
            qs = qs.filter(status=st)
        return qs.order_by("expiry", "id")

    def _fresh(self, measure: Measure, code: int = status.HTTP_200_OK) -> Response:
        fresh = Measure.objects.select_related("case", "asset__institution").get(pk=measure.pk)
        return Response(MeasureSerializer(fresh).data, status=code)

    @extend_schema(
        summary=gettext_lazy("对财产采取措施（冻结、查封或扣押，机构回执后生效）"),
        request=FreezeSerializer,
        responses={201: MeasureSerializer, **REFUSED},
    )
    @action(detail=False, methods=["post"], url_path="freeze")
    def freeze(self, request):
        s = FreezeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        assets = Asset.objects.filter(case__in=visible_cases(request.user))
        asset = get_object_or_404(assets, pk=s.validated_data["asset"])
        measure = actions.freeze(
            asset,
            actor=request.user,
            days=s.validated_data.get("days"),
            amount=s.validated_data.get("amount"),
        )
        return self._fresh(measure, status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("续行"), request=RenewSerializer, responses={200: MeasureSerializer, **REFUSED}
    )
    @action(detail=True, methods=["post"], url_path="renew")
    def renew(self, request, pk=None):
        s = RenewSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return self._fresh(
            actions.renew(self.get_object(), actor=request.user, days=s.validated_data.get("days"))
        )

    @extend_schema(
        summary=gettext_lazy("解除"), request=ReleaseSerializer, responses={200: MeasureSerializer, **REFUSED}
    )
    @action(detail=True, methods=["post"], url_path="release")
    def release(self, request, pk=None):
        s = ReleaseSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return self._fresh(actions.release(self.get_object(), s.validated_data["reason"], actor=request.user))

    @extend_schema(
        summary=gettext_lazy("扣划（款项到账后计入本案账户）"),
        request=DeductSerializer,
        responses={200: MeasureSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="deduct")
    def deduct(self, request, pk=None):
        s = DeductSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return self._fresh(actions.deduct(self.get_object(), s.validated_data["amount"], actor=request.user))


router = SimpleRouter(use_regex_path=False)
router.register("batches", BatchViewSet, basename="inquiry-batch")
router.register("measures", MeasureViewSet, basename="inquiry-measure")

# Mounted under /api/v1/inquiry/ (zhixing.api_urls).
urlpatterns = [
    *router.urls,
    path("cases/<int:case_id>/results/", CaseResultsView.as_view(), name="inquiry-case-results"),
    path("cases/<int:case_id>/start/", CaseInquiryView.as_view(), name="inquiry-case-start"),
]
