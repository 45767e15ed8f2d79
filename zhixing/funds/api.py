"""REST API for case funds under /api/v1/funds/ (ARCHITECTURE "Contracts"): receipts, payouts, a case's
account, the funds report, and the two actions a system integrator needs (approving a payout step,
claiming an unidentified receipt).

Reads show only the receipts and payouts of courts where the caller holds a role
(permissions.READING_ROLES, courts below included; a superuser sees all); anything else does not exist
for them (404). Writes call the same functions in `actions` as the pages, with `actor=request.user`;
their predicates' Chinese refusals come back as 403 `{"detail": ...}` (a missing role) or 400
`{"errors": [...]}` (a rule). The bank's signed webhooks stay in zhixing.funds.api_urls."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from zhixing.cases.actions.common import ActionError, today
from zhixing.cases.models import Case
from zhixing.cases.serializers import DetailSerializer, ErrorSerializer
from zhixing.courts.api import ZhixingAPIView
from zhixing.courts.models import Court

from . import actions, queries
from .models import Payout, PayoutApproval, Receipt
from .serializers import (
    ApprovePayoutSerializer,
    CaseFundsSerializer,
    ClaimSerializer,
    FundsReportSerializer,
    PayoutSerializer,
    ReceiptSerializer,
)
from .views.access import reading_courts

TAGS = [gettext_lazy("案款")]
REFUSED = {
    400: OpenApiResponse(ErrorSerializer, description=gettext_lazy("规则不允许：errors 列出原因")),
    403: OpenApiResponse(DetailSerializer, description=gettext_lazy("没有所需角色")),
    404: OpenApiResponse(DetailSerializer, description=gettext_lazy("对象不存在或无权查看")),
}
TRUE = ("1", "true", "yes")


def _flag(request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in TRUE


def _int_param(request, name: str) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise exceptions.ValidationError({name: [_("须为正整数")]})
    return int(raw)


def visible_receipts(user: Any) -> QuerySet[Receipt]:
    """Receipts at the pooled accounts of courts whose funds the user may read."""
    qs = Receipt.objects.all()
    if not getattr(user, "is_superuser", False):
        qs = qs.filter(pooled__court__in=reading_courts(user))
    return qs


def visible_payouts(user: Any) -> QuerySet[Payout]:
    qs = Payout.objects.all()
    if not getattr(user, "is_superuser", False):
        qs = qs.filter(case__court__in=reading_courts(user))
    return qs


def _receipt_rows(qs: QuerySet[Receipt]) -> QuerySet[Receipt]:
    return qs.select_related("pooled__court", "case", "claim_requested_for")


def _payout_rows(qs: QuerySet[Payout]) -> QuerySet[Payout]:
    return qs.select_related("case__court", "requested_by").prefetch_related(
        Prefetch("approvals", queryset=PayoutApproval.objects.order_by("step"))
    )


RECEIPT_FILTERS = [
    OpenApiParameter(
        "court", OpenApiTypes.STR, description=gettext_lazy("法院代字（如 冀96）：该法院专户的到账款")
    ),
    OpenApiParameter("unidentified", OpenApiTypes.BOOL, description=gettext_lazy("为 true 时只列不明款")),
    OpenApiParameter(
        "overdue", OpenApiTypes.BOOL, description=gettext_lazy("为 true 时只列超期款（超过发放期限仍未发放）")
    ),
    OpenApiParameter("case", OpenApiTypes.INT, description=gettext_lazy("案件 id：该案件的到账款")),
]


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("到账款列表（仅限本人有权查看的法院）"), parameters=RECEIPT_FILTERS
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("到账款详情"), responses={200: ReceiptSerializer, 404: REFUSED[404]}
    ),
)
@extend_schema(tags=TAGS)
class ReceiptViewSet(
    ZhixingAPIView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """到账款：只列出本人所在法院及其下级法院专户的到账款；付款账号脱敏。
    不明款可认领（claim），认领须由另一人审批（approve-claim）。"""

    serializer_class = ReceiptSerializer
    filter_backends: list = []
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[Receipt]:
        qs = _receipt_rows(visible_receipts(self.request.user))
        if self.action != "list":
            return qs
        params = self.request.query_params
        if code := params.get("court", "").strip():
            qs = qs.filter(pooled__court__code=code)
        # The report's own definitions (queries.unidentified, queries.overdue), so the list adds up to it.
        if _flag(self.request, "unidentified"):
            qs = qs & queries.unidentified()
        if _flag(self.request, "overdue"):
            qs = qs & queries.overdue(today())
        if (case_id := _int_param(self.request, "case")) is not None:
            qs = qs.filter(case_id=case_id)
        return qs.order_by("-booked_on", "-id")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": today()}

    def _fresh(self, receipt: Receipt) -> Response:
        fresh = _receipt_rows(Receipt.objects.all()).get(pk=receipt.pk)
        return Response(ReceiptSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(
        summary=gettext_lazy("认领不明款（申请，待另一人审批）"),
        request=ClaimSerializer,
        responses={200: ReceiptSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="claim")
    def claim(self, request, pk=None):
        receipt = self.get_object()
        s = ClaimSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        case = Case.objects.select_related("court").filter(pk=s.validated_data["case"]).first()
        if case is None:
            raise ActionError(_("未找到案件：id %(id)s") % {"id": s.validated_data["case"]})
        done = actions.request_claim(receipt, case, s.validated_data["note"], actor=request.user)
        return self._fresh(done)

    @extend_schema(
        summary=gettext_lazy("审批认领（同意后款项转入案件账户）"),
        request=None,
        responses={200: ReceiptSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="approve-claim")
    def approve_claim(self, request, pk=None):
        done = actions.approve_claim(self.get_object(), actor=request.user)
        return self._fresh(done)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("发放列表（仅限本人有权查看的法院）"),
        parameters=[
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=[code for code, _label in Payout.STATUSES],
                description=gettext_lazy(
                    "状态：requested 审批中、approved 已批准、sent 已发送银行、"
                    "confirmed 已到账、bounced 已退回、refused 未批准"
                ),
            ),
            OpenApiParameter("case", OpenApiTypes.INT, description=gettext_lazy("案件 id")),
        ],
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("发放详情"), responses={200: PayoutSerializer, 404: REFUSED[404]}
    ),
)
@extend_schema(tags=TAGS)
class PayoutViewSet(
    ZhixingAPIView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """发放：只列出本人所在法院及其下级法院案件的发放；收款账号脱敏。
    审批（approve）按规则设置的审批链逐级进行，申请人不得审批本人的申请。"""

    serializer_class = PayoutSerializer
    filter_backends: list = []
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[Payout]:
        qs = _payout_rows(visible_payouts(self.request.user))
        if self.action != "list":
            return qs
        status = self.request.query_params.get("status", "").strip()
        if status:
            if status not in dict(Payout.STATUSES):
                raise exceptions.ValidationError({"status": [_("未知的状态：%(s)s") % {"s": status}]})
            qs = qs.filter(status=status)
        if (case_id := _int_param(self.request, "case")) is not None:
            qs = qs.filter(case_id=case_id)
        return qs

    @extend_schema(
        summary=gettext_lazy("审批发放（当前环节）"),
        request=ApprovePayoutSerializer,
        responses={200: PayoutSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="approve")
    def approve(self, request, pk=None):
        payout = self.get_object()
        s = ApprovePayoutSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        actions.approve_payout(
            payout, s.validated_data["approved"], s.validated_data["note"], actor=request.user
        )
        fresh = _payout_rows(Payout.objects.all()).get(pk=payout.pk)
        return Response(PayoutSerializer(fresh).data)


@extend_schema(tags=TAGS)
class CaseFundsView(ZhixingAPIView, APIView):
    """一案一账号：案件账户的账号、余额、在途发放，及该案件的到账款和发放。"""

    @extend_schema(
        summary=gettext_lazy("案件账户（账号、余额、到账款、发放）"),
        responses={200: CaseFundsSerializer, 404: REFUSED[404]},
    )
    def get(self, request, case_id: int):
        cases = Case.objects.select_related("court")
        if not getattr(request.user, "is_superuser", False):
            cases = cases.filter(court__in=reading_courts(request.user))
        case = get_object_or_404(cases, pk=case_id)
        balance, pending = queries.case_balance(case)
        data = {
            "case": case.pk,
            "case_number": case.case_number,
            "court": case.court.code,
            "account_number": queries.account_number(case),
            "balance": balance,
            "pending": pending,
            "available": balance - pending,
            "receipts": _receipt_rows(Receipt.objects.filter(case=case)).order_by("booked_on", "id"),
            "payouts": _payout_rows(Payout.objects.filter(case=case)),
        }
        return Response(CaseFundsSerializer(data, context={"request": request, "today": today()}).data)


@extend_schema(tags=TAGS)
class ReportView(ZhixingAPIView, APIView):
    """案款汇总（与 `zhixing funds report --json` 相同）：专户、案件账户、待认领款和执行费余额，
    不明款与超期款的笔数和金额。汇总涵盖全部法院，仅限对全部法院有查看权限的用户（如在高级人民法院
    有角色的用户）。"""

    @extend_schema(
        summary=gettext_lazy("案款汇总"),
        parameters=[
            OpenApiParameter("on", OpenApiTypes.DATE, description=gettext_lazy("统计日期，默认今天"))
        ],
        responses={200: FundsReportSerializer, 400: REFUSED[400], 403: REFUSED[403]},
    )
    def get(self, request):
        user = request.user
        if not getattr(user, "is_superuser", False):
            if reading_courts(user).count() < Court.objects.count():
                raise exceptions.PermissionDenied(_("案款汇总涵盖全部法院，需要对全部法院具有查看案款的权限"))
        raw = request.query_params.get("on", "").strip()
        try:
            on = dt.date.fromisoformat(raw) if raw else today()
        except ValueError:
            raise exceptions.ValidationError({"on": [_("日期格式应为 YYYY-MM-DD")]})
        return Response(queries.report(on).as_json())


router = SimpleRouter(use_regex_path=False)
router.register("receipts", ReceiptViewSet, basename="funds-receipt")
router.register("payouts", PayoutViewSet, basename="funds-payout")

# Mounted under /api/v1/funds/ beside the bank's webhooks (zhixing.funds.api_urls).
urlpatterns = [
    *router.urls,
    path("cases/<int:case_id>/", CaseFundsView.as_view(), name="funds-case"),
    path("report/", ReportView.as_view(), name="funds-report"),
]
