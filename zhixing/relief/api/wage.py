"""Read API of the migrant-worker wage cases' priority list under /api/v1/relief/: GET wage-cases/ (the
same query as the page /relief/wage-cases/: the open wage cases of the courts the caller may read, with
the money received and not yet paid out and its payout deadline, over-clock first; the figures and the
days left to the festival deadline). `court` narrows it to a court code and those below it, `awaiting=1`
to the cases with money awaiting payout. Paginated as every list; no party data leaves."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import APIView

from zhixing.cases.actions.common import today
from zhixing.cases.serializers import DetailSerializer
from zhixing.courts.api import ZhixingAPIView

from .. import permissions
from ..queries import wage as queries
from ..views.wage import state_label

TAGS = [gettext_lazy("涉农民工工资案件")]
MONEY = {"max_digits": 18, "decimal_places": 2}


class WageCaseSerializer(serializers.Serializer):
    case = serializers.IntegerField(source="case.pk")
    case_number = serializers.CharField(source="case.case_number")
    court = serializers.CharField(source="case.court.code")
    court_name = serializers.CharField(source="case.court.name")
    handler = serializers.CharField(source="case.handler_name")
    filed_on = serializers.DateField(source="case.filed_on")
    applied_amount = serializers.DecimalField(source="case.applied_amount", **MONEY)
    realized_amount = serializers.DecimalField(source="case.realized_amount", **MONEY)
    awaiting = serializers.DecimalField(help_text=gettext_lazy("已到账未发放金额"), **MONEY)
    held = serializers.DecimalField(help_text=gettext_lazy("其中暂缓发放（无发放期限）"), **MONEY)
    overdue_amount = serializers.DecimalField(help_text=gettext_lazy("超过发放期限未发放金额"), **MONEY)
    payout_due_on = serializers.DateField(
        source="due_on", allow_null=True, help_text=gettext_lazy("待发放案款最早的发放期限")
    )
    state = serializers.ChoiceField(
        choices=[queries.OVERDUE, queries.DUE, queries.HELD, queries.NONE],
        help_text=gettext_lazy("overdue 超期未发放、due 待发放、held 暂缓发放、none 无待发放款"),
    )
    state_label = serializers.SerializerMethodField()
    days_left = serializers.IntegerField(
        source="days", allow_null=True, help_text=gettext_lazy("距发放期限天数（负数为超期天数）")
    )
    after_festival = serializers.BooleanField(help_text=gettext_lazy("发放期限晚于春节前发放期限（除夕）"))

    def get_state_label(self, obj) -> str:
        return state_label(obj.state)


FESTIVAL = inline_serializer(
    "WageFestival",
    {
        "day": serializers.DateField(allow_null=True, help_text=gettext_lazy("春节（正月初一）")),
        "deadline": serializers.DateField(allow_null=True, help_text=gettext_lazy("节前发放期限（除夕）")),
        "days_left": serializers.IntegerField(allow_null=True),
    },
)
TOTALS = inline_serializer(
    "WageTotals",
    {
        "cases": serializers.IntegerField(),
        "awaiting_cases": serializers.IntegerField(),
        "awaiting": serializers.DecimalField(**MONEY),
        "overdue_cases": serializers.IntegerField(),
        "overdue": serializers.DecimalField(**MONEY),
    },
)


class WagePage(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    on = serializers.DateField()
    festival = FESTIVAL
    totals = TOTALS
    results = WageCaseSerializer(many=True)


@extend_schema(tags=TAGS)
class WageCasesView(ZhixingAPIView, APIView):
    """涉农民工工资案件优先清单：用户可查看的法院（含下级法院）在办的涉农民工工资案件，已到账未发放的案款及其最早发放期限，
    超期的在前；另附合计（案件数、待发放金额、超期件数和金额）和距春节前发放期限（除夕）的天数（春节日期表用完时为 null）。
    限执行人员、法官、院领导和指挥中心。"""

    @extend_schema(
        summary=gettext_lazy("涉农民工工资案件优先清单"),
        parameters=[
            OpenApiParameter("court", str, description=gettext_lazy("法院代码（含下级法院），缺省为全部")),
            OpenApiParameter("awaiting", str, description=gettext_lazy("为 1 时只列有待发放案款的案件")),
            OpenApiParameter("page", int, description=gettext_lazy("页码")),
        ],
        responses={
            200: WagePage,
            403: OpenApiResponse(DetailSerializer, description=gettext_lazy("没有所需角色")),
        },
    )
    def get(self, request):
        permissions.check_read_wage_cases(request.user)
        courts, _chosen, listed = queries.scope(request.user, request.query_params.get("court", ""))
        on = today()
        cases = queries.wage_cases(listed, on, request.query_params.get("awaiting") == "1")
        fest = queries.festival(on)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(cases, request, view=self)
        rows = [queries.row(c, on, fest) for c in page or []]
        response = paginator.get_paginated_response(WageCaseSerializer(rows, many=True).data)
        t = queries.totals(listed, on)
        response.data["on"] = on.isoformat()
        response.data["festival"] = {
            "day": fest.day.isoformat() if fest.day else None,
            "deadline": fest.deadline.isoformat() if fest.deadline else None,
            "days_left": fest.days_left,
        }
        response.data["totals"] = {
            "cases": t.cases,
            "awaiting_cases": t.awaiting_cases,
            "awaiting": f"{t.awaiting:.2f}",
            "overdue_cases": t.overdue_cases,
            "overdue": f"{t.overdue:.2f}",
        }
        return response


urls: list = [path("wage-cases/", WageCasesView.as_view(), name="relief-wage-cases")]
