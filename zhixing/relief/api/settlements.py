"""Read API of relief's settlements under /api/v1/relief/: GET cases/<id>/settlements/ (a case's
agreements with their instalments and each one's state, what was paid, the resumption limit and the
resumed case) and GET settlements/rates/ (the settlement figures per court and officer, the same query
as the page). A case the caller cannot see is a 404, one they see without the role a 403. No identity
code leaves: parties are named with their role."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from zhixing.cases.actions.common import today
from zhixing.cases.queries import visible_cases
from zhixing.cases.serializers import DetailSerializer
from zhixing.courts.api import ZhixingAPIView

from .. import permissions, rules
from ..actions import settlements as actions
from ..models import Settlement
from ..views.settlements import period, rate_figures, settlements_of

TAGS = [gettext_lazy("执行和解")]
MONEY = {"max_digits": 18, "decimal_places": 2}


class InstalmentSerializer(serializers.Serializer):
    seq = serializers.IntegerField(help_text=gettext_lazy("期数"))
    due_on = serializers.DateField(help_text=gettext_lazy("履行日期"))
    amount = serializers.DecimalField(**MONEY)
    paid = serializers.DecimalField(help_text=gettext_lazy("按期序分配的已履行金额"), **MONEY)
    state = serializers.ChoiceField(choices=list(rules.INSTALMENT_STATES.items()))
    state_label = serializers.SerializerMethodField()

    def get_state_label(self, obj) -> str:
        return str(rules.INSTALMENT_STATES[obj.state])


class PartySerializer(serializers.Serializer):
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    name = serializers.CharField()


class SettlementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agreed_on = serializers.DateField()
    parties = serializers.SerializerMethodField()
    outstanding = serializers.DecimalField(help_text=gettext_lazy("和解时未执行金额"), **MONEY)
    agreed_amount = serializers.DecimalField(**MONEY)
    paid = serializers.DecimalField(help_text=gettext_lazy("协议签订后到账金额（未冲正）"), **MONEY)
    mode = serializers.ChoiceField(choices=Settlement.MODES)
    status = serializers.ChoiceField(choices=Settlement.STATUSES)
    status_label = serializers.CharField(source="get_status_display")
    guarantee = serializers.CharField()
    terms = serializers.CharField()
    last_day = serializers.DateField(help_text=gettext_lazy("约定履行期限最后一日"))
    resumption_limit = serializers.SerializerMethodField(help_text=gettext_lazy("申请恢复执行期限"))
    performed_on = serializers.DateField(allow_null=True)
    breached_on = serializers.DateField(allow_null=True)
    resumed_on = serializers.DateField(allow_null=True)
    resumed_case = serializers.CharField(source="resumed_case.case_number", default=None, allow_null=True)
    resumed_claim = serializers.DecimalField(
        source="resumed_case.applied_amount", default=None, allow_null=True, **MONEY
    )
    sued_on = serializers.DateField(allow_null=True)
    suit_note = serializers.CharField()
    instalments = serializers.SerializerMethodField()

    def get_parties(self, obj) -> list[dict]:
        return PartySerializer(list(obj.parties.all()), many=True).data

    def get_resumption_limit(self, obj) -> str:
        return rules.resumption_limit(obj.last_day).isoformat()

    def get_instalments(self, obj) -> list[dict]:
        return InstalmentSerializer(actions.states_of(obj, self.context["on"]), many=True).data


class CaseSettlementsSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    case_number = serializers.CharField()
    settlements = SettlementSerializer(many=True)


class RateRowSerializer(serializers.Serializer):
    key = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()
    court = serializers.CharField(
        required=False, help_text=gettext_lazy("承办人所在法院（仅按承办人统计的行）")
    )
    recorded = serializers.IntegerField()
    performed = serializers.IntegerField()
    breached = serializers.IntegerField()
    resumed = serializers.IntegerField()
    sued = serializers.IntegerField()
    closed = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    performance_rate = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)


class RatesSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    courts = RateRowSerializer(many=True)
    officers = RateRowSerializer(many=True)
    total = RateRowSerializer()


@extend_schema(tags=TAGS)
class CaseSettlementsView(ZhixingAPIView, APIView):
    """一案的执行和解协议：分期履行计划及每期履行情况（已履行、部分履行、未到期、逾期未履行）、已履行金额、申请恢复执行期限、
    恢复执行案件及其标的（已扣除已履行部分）、就和解协议起诉情况。仅限本案承办人及本院执行人员、法官、院领导和指挥中心。"""

    @extend_schema(
        summary=gettext_lazy("案件的执行和解"),
        responses={
            200: CaseSettlementsSerializer,
            403: OpenApiResponse(DetailSerializer, description=gettext_lazy("没有所需角色")),
            404: OpenApiResponse(DetailSerializer, description=gettext_lazy("案件不存在或无权查看")),
        },
    )
    def get(self, request, case_id: int):
        case = get_object_or_404(visible_cases(request.user).select_related("court"), pk=case_id)
        if not permissions.may_read_settlement(request.user, case):
            raise PermissionDenied(_("只有本案承办人及本院执行人员、法官、院领导和指挥中心可以查看执行和解"))
        data = {"case": case.pk, "case_number": case.case_number, "settlements": settlements_of(case)}
        return Response(CaseSettlementsSerializer(data, context={"on": today()}).data)


@extend_schema(tags=TAGS)
class SettlementRatesView(ZhixingAPIView, APIView):
    """执行和解情况：按法院和承办人统计期间内记录的和解协议、履行完毕、未按约履行、恢复执行、就协议起诉、结案数，和解率
    （和解数 ÷ 结案数）和履行率（履行完毕数 ÷ 和解数）。`start`、`end` 为 YYYY-MM-DD，缺省为本年初至今天。"""

    @extend_schema(
        summary=gettext_lazy("执行和解率"),
        parameters=[
            OpenApiParameter("start", str, description=gettext_lazy("起始日期 YYYY-MM-DD")),
            OpenApiParameter("end", str, description=gettext_lazy("截止日期 YYYY-MM-DD")),
        ],
        responses={
            200: RatesSerializer,
            403: OpenApiResponse(DetailSerializer, description=gettext_lazy("没有所需角色")),
        },
    )
    def get(self, request):
        start, end = period(request)
        data = rate_figures(request.user, start, end)
        if not data["courts"]:
            raise PermissionDenied(_("只有执行人员、法官、院领导和指挥中心可以查看执行和解情况"))
        data["courts"] = [r.as_dict() for r in data["courts"]]
        data["officers"] = [r.as_dict() for r in data["officers"]]
        data["total"] = data["total"].as_dict()
        return Response(RatesSerializer(data).data)


urls: list = [
    path("cases/<int:case_id>/settlements/", CaseSettlementsView.as_view(), name="relief-case-settlements"),
    path("settlements/rates/", SettlementRatesView.as_view(), name="relief-settlement-rates"),
]
