"""Read API of judicial relief under /api/v1/relief/: GET applications/?court=&year= (the
applications of the courts the caller sees at the desk, with status, cap and amounts) and GET
applications/report/?court=&year= (relief paid per court in a year: count, people, amount, recovered; the same
query as the desk and the command). `court` is a court code (its courts below included) among the
caller's; an unknown or foreign code is a 404. Applicants are named; no identity code leaves."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from zhixing.cases.actions.common import today
from zhixing.cases.serializers import DetailSerializer
from zhixing.courts.api import ZhixingAPIView
from zhixing.courts.models import Court

from ..actions import relief as actions
from ..models import ReliefApplication
from ..views.relief import _recoverable, _wage, _wages, desk_courts

TAGS = [gettext_lazy("司法救助")]
MONEY = {"max_digits": 18, "decimal_places": 2}
PARAMETERS = [
    OpenApiParameter(
        "court", str, description=gettext_lazy("法院代码（含下级法院），缺省为可查看的全部法院")
    ),
    OpenApiParameter("year", int, description=gettext_lazy("年度，缺省为今年")),
]


class ReliefApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_number = serializers.CharField(help_text=gettext_lazy("救助案号（司救执）"))
    court = serializers.CharField(source="court.code")
    case = serializers.IntegerField(source="case_id")
    enforcement_case_number = serializers.CharField(source="case.case_number")
    applicant = serializers.CharField(source="applicant.name")
    grounds = serializers.CharField(help_text=gettext_lazy("救助事由代码：maintenance、injury、wage、other"))
    grounds_label = serializers.CharField(source="get_grounds_display")
    requested = serializers.DecimalField(**MONEY)
    applied_on = serializers.DateField()
    status = serializers.CharField(help_text=gettext_lazy("状态：applied、approved、refused、paid"))
    status_label = serializers.CharField(source="get_status_display")
    unexecuted = serializers.DecimalField(allow_null=True, help_text=gettext_lazy("未执行到位金额"), **MONEY)
    wage_year = serializers.IntegerField(allow_null=True)
    cap = serializers.DecimalField(allow_null=True, help_text=gettext_lazy("救助上限（决定后固定）"), **MONEY)
    amount = serializers.DecimalField(allow_null=True, help_text=gettext_lazy("决定救助金额"), **MONEY)
    decided_on = serializers.DateField(allow_null=True)
    paid_on = serializers.DateField(allow_null=True)
    recovered = serializers.DecimalField(**MONEY)
    recoverable = serializers.DecimalField(allow_null=True, help_text=gettext_lazy("现可追回金额"), **MONEY)


class ReliefApplicationListSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    applications = ReliefApplicationSerializer(many=True)


class ReliefYearRowSerializer(serializers.Serializer):
    court = serializers.CharField(source="court_code")
    court_name = serializers.CharField()
    count = serializers.IntegerField(help_text=gettext_lazy("救助件数"))
    people = serializers.IntegerField(help_text=gettext_lazy("救助人数"))
    amount = serializers.DecimalField(help_text=gettext_lazy("发放金额"), **MONEY)
    recovered = serializers.DecimalField(help_text=gettext_lazy("已追回金额"), **MONEY)


class ReliefTotalSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    people = serializers.IntegerField()
    amount = serializers.DecimalField(**MONEY)
    recovered = serializers.DecimalField(**MONEY)


class ReliefReportSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    courts = ReliefYearRowSerializer(many=True)
    total = ReliefTotalSerializer()


def _scope(request) -> tuple[Any, int]:
    courts = desk_courts(request.user)
    code = (request.query_params.get("court") or "").strip()
    if code:
        court = courts.filter(code=code).first()
        if court is None:
            raise Http404(_("法院不存在或无权查看"))
        courts = Court.objects.filter(path__startswith=court.path)
    text = (request.query_params.get("year") or "").strip()
    try:
        year = actions.check_year(text) if text else today().year
    except Exception:
        raise Http404(_("年度无效")) from None
    return courts, year


class _Row:
    """An application with the figures the desk shows (the cap as it would be decided today)."""

    def __init__(self, app: ReliefApplication, figures: actions.CapFigures, recoverable) -> None:
        self._app = app
        self.unexecuted = figures.unexecuted
        self.cap = figures.cap
        self.wage_year = app.wage_year or (figures.wage.year if figures.wage else None)
        self.recoverable = recoverable

    def __getattr__(self, name: str) -> Any:
        return getattr(self._app, name)


@extend_schema(tags=TAGS)
class ApplicationsView(ZhixingAPIView, APIView):
    """司法救助申请：可查看法院（含下级）某年度登记的救助申请，含状态、救助上限、决定金额、已追回与现可追回金额。
    限立案、执行人员、法官、院领导、指挥中心和财务。"""

    @extend_schema(
        summary=gettext_lazy("司法救助申请"),
        parameters=PARAMETERS,
        responses={
            200: ReliefApplicationListSerializer,
            404: OpenApiResponse(DetailSerializer, description=gettext_lazy("法院不存在或无权查看")),
        },
    )
    def get(self, request):
        courts, year = _scope(request)
        apps = list(actions.visible_applications(courts).filter(year=year).order_by("-applied_on", "-id"))
        wages = _wages()
        recoverable = _recoverable(apps)
        rows = [
            _Row(a, actions.cap_for(a, _wage(wages, a) if a.cap is None else None), recoverable.get(a.pk))
            for a in apps
        ]
        return Response(ReliefApplicationListSerializer({"year": year, "applications": rows}).data)


@extend_schema(tags=TAGS)
class ReportView(ZhixingAPIView, APIView):
    """司法救助年度统计：某年度各法院发放司法救助的件数、人数、金额和已追回金额（与救助工作台、命令行同一查询）。"""

    @extend_schema(
        summary=gettext_lazy("司法救助年度统计"),
        parameters=PARAMETERS,
        responses={
            200: ReliefReportSerializer,
            404: OpenApiResponse(DetailSerializer, description=gettext_lazy("法院不存在或无权查看")),
        },
    )
    def get(self, request):
        courts, year = _scope(request)
        rows = actions.yearly_report(courts, year)
        data = {"year": year, "courts": rows, "total": actions.totals(rows)}
        return Response(ReliefReportSerializer(data).data)


urls: list = [
    path("applications/", ApplicationsView.as_view(), name="relief-applications"),
    path("applications/report/", ReportView.as_view(), name="relief-report"),
]
