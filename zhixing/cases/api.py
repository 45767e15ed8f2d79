"""REST API for cases, parties and nodes (ARCHITECTURE "Contracts": /api/v1/).

Reads come from `queries` (what this user may see); every write calls the same function in `actions`
that the pages call, so the API can do nothing a page could not. Refusals keep one shape (see
zhixing.courts.api): a rule's refusal (ActionError) is HTTP 400 `{"errors": [...]}`, a missing role is
HTTP 403 `{"detail": ...}`, and a case the caller may not see does not exist for them (404).
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from zhixing.cases.actions.privacy import log_identity_reads
from zhixing.courts.api import ZhixingAPIView
from zhixing.courts.models import User
from zhixing.courts.queries import court_by_code

from . import actions, events, queries
from .actions.common import today
from .filters import CaseFilter, NodeFilter
from .models import Case, ClosureRequest, Node
from .serializers import (
    ApproveClosureSerializer,
    AssignHandlerSerializer,
    CaseDetailSerializer,
    CaseEventSerializer,
    CaseSerializer,
    ClosureRequestSerializer,
    DetailSerializer,
    ErrorSerializer,
    FileCaseSerializer,
    NodeSerializer,
    PartyInputSerializer,
    PartySerializer,
    RecordCaseNodeSerializer,
    RecordNodeSerializer,
    RequestClosureSerializer,
    ResumeSerializer,
)

REFUSED = {
    400: OpenApiResponse(ErrorSerializer, description=gettext_lazy("规则不允许：errors 列出原因")),
    403: OpenApiResponse(DetailSerializer, description=gettext_lazy("没有所需角色")),
    404: OpenApiResponse(DetailSerializer, description=gettext_lazy("案件不存在或无权查看")),
}
REVEAL = OpenApiParameter(
    "reveal",
    OpenApiTypes.BOOL,
    description=gettext_lazy("为 1 时显示自然人完整身份证号码；每次显示都记入审计日志"),
)


def _wants_reveal(request) -> bool:
    return request.query_params.get("reveal", "").lower() in ("1", "true")


# --- Cases ----------------------------------------------------------------------------------


def with_detail(qs: QuerySet[Case]) -> QuerySet[Case]:
    """What the case detail shows, joined or prefetched in a fixed number of queries."""
    return qs.select_related("court", "handler", "basis", "resumed_from").prefetch_related(
        "parties",
        Prefetch("nodes", queryset=Node.objects.select_related("kind", "done_by")),
        Prefetch(
            "closure_requests", queryset=ClosureRequest.objects.select_related("requested_by", "decided_by")
        ),
    )


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("案件列表（仅限本人有权查看的法院）")),
    retrieve=extend_schema(
        summary=gettext_lazy("案件详情（当事人身份证号码脱敏）"),
        responses={200: CaseDetailSerializer, 404: REFUSED[404]},
    ),
)
@extend_schema(tags=[gettext_lazy("案件")])
class CaseViewSet(ZhixingAPIView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    # The docstring is the operations' description in /api/docs/, so it is written for the reader.
    """执行案件：只列出本人所在法院及其下级法院的案件；写操作与页面调用同一业务函数，
    规则不允许时返回 400 和 errors 列表，缺少角色时返回 403。"""

    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    lookup_value_converter = "int"  # any other id is no address: a JSON 404 (courts.api.api_not_found)

    def get_queryset(self) -> QuerySet[Case]:
        qs = queries.visible_cases(self.request.user).select_related("court", "handler", "basis")
        return with_detail(qs) if self.action == "retrieve" else qs

    def get_serializer_class(self):
        return CaseSerializer if self.action == "list" else CaseDetailSerializer

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        # The due-soon window is a rule setting: read it once per request, not once per row.
        ctx.update(today=today(), soon_days=queries.due_soon_days())
        return ctx

    def _detail(self, case: Case, code: int = status.HTTP_200_OK) -> Response:
        """The case as it is after an action (actions run on their own locked copy)."""
        fresh = with_detail(queries.visible_cases(self.request.user)).get(pk=case.pk)
        return Response(CaseDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(
        summary=gettext_lazy("立案"),
        request=FileCaseSerializer,
        responses={201: CaseDetailSerializer, 400: REFUSED[400], 403: REFUSED[403]},
    )
    def create(self, request):
        s = FileCaseSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        court = court_by_code(d["court"].strip())
        if court is None:
            raise actions.ActionError(_("未知的法院代字：%(code)s") % {"code": d["court"]})
        case = actions.file_case(
            court=court,
            type_code=d["type_code"].strip(),
            filed_on=d.get("filed_on"),
            applied_amount=d["applied_amount"],
            parties=[actions.PartyInput(**p) for p in d["parties"]],
            basis_number=d["basis_number"],
            cause=d["cause"],
            non_litigation=d["non_litigation"],
            handler=_user(d["handler"]) if d["handler"].strip() else None,
            actor=request.user,
        )
        return self._detail(case, status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("分配承办人"),
        request=AssignHandlerSerializer,
        responses={200: CaseDetailSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="assign-handler")
    def assign_handler(self, request, pk=None):
        case = self.get_object()
        d = _valid(AssignHandlerSerializer, request)
        actions.assign_handler(case, _user(d["handler"]), on=d.get("on"), actor=request.user)
        return self._detail(case)

    @extend_schema(
        summary=gettext_lazy("提请结案"),
        request=RequestClosureSerializer,
        responses={201: ClosureRequestSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="request-closure")
    def request_closure(self, request, pk=None):
        case = self.get_object()
        d = _valid(RequestClosureSerializer, request)
        req = actions.request_closure(
            case,
            d["method"],
            closed_on=d.get("closed_on"),
            reason=d["reason"],
            shortfall=d["shortfall"],
            actor=request.user,
        )
        return Response(ClosureRequestSerializer(req).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("审批结案（须有待审批的结案申请；承办人、曾承办人和申请人不得审批）"),
        request=ApproveClosureSerializer,
        responses={200: CaseDetailSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="approve-closure")
    def approve_closure(self, request, pk=None):
        case = self.get_object()
        d = _valid(ApproveClosureSerializer, request)
        actions.approve_closure(
            case, d["method"] or None, d.get("closed_on"), actor=request.user, note=d["note"]
        )
        return self._detail(case)

    @extend_schema(
        summary=gettext_lazy("恢复执行（立执恢案件）"),
        request=ResumeSerializer,
        responses={201: CaseDetailSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="resume")
    def resume(self, request, pk=None):
        case = self.get_object()
        d = _valid(ResumeSerializer, request)
        new = actions.resume_case(case, filed_on=d.get("filed_on"), reason=d["reason"], actor=request.user)
        return self._detail(new, status.HTTP_201_CREATED)

    # --- Parties of a case --------------------------------------------------------------

    @extend_schema(
        summary=gettext_lazy("当事人列表"),
        parameters=[REVEAL],
        responses={200: PartySerializer(many=True), 404: REFUSED[404]},
    )
    # The whole list, not a page of it; the case filters do not apply to it.
    @action(detail=True, methods=["get"], url_path="parties", pagination_class=None, filter_backends=[])
    def parties(self, request, pk=None):
        case = self.get_object()
        rows = list(case.parties.all())
        for p in rows:
            p.case = case  # the audit detail names the case: no query per party
        reveal = _wants_reveal(request)
        if reveal:
            log_identity_reads(rows, request.user)
        return Response(PartySerializer(rows, many=True, context={"reveal": reveal}).data)

    @extend_schema(
        summary=gettext_lazy("增加当事人"),
        request=PartyInputSerializer,
        responses={201: PartySerializer, **REFUSED},
    )
    @parties.mapping.post
    def add_party(self, request, pk=None):
        case = self.get_object()
        d = _valid(PartyInputSerializer, request)
        party = actions.add_party(case, actions.PartyInput(**d), actor=request.user)
        return Response(PartySerializer(party).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("当事人详情"),
        parameters=[OpenApiParameter("party_id", int, OpenApiParameter.PATH), REVEAL],
        responses={200: PartySerializer, 404: REFUSED[404]},
    )
    @action(detail=True, methods=["get"], url_path="parties/<int:party_id>")
    def party(self, request, pk=None, party_id=None):
        case = self.get_object()
        row = get_object_or_404(case.parties.all(), pk=party_id)
        row.case = case
        reveal = _wants_reveal(request)
        if reveal:
            log_identity_reads([row], request.user)
        return Response(PartySerializer(row, context={"reveal": reveal}).data)

    @extend_schema(
        summary=gettext_lazy("案件动态"),
        description=gettext_lazy(
            "本案的事件，最新的在前：kind 与 data 为原始代码和数据，kind_label 与 summary 为中文说明"
        ),
        responses={200: CaseEventSerializer(many=True), 404: REFUSED[404]},
    )
    @action(detail=True, methods=["get"], url_path="events", pagination_class=None, filter_backends=[])
    def case_events(self, request, pk=None):
        case = self.get_object()
        rows = events.describe(case.events.select_related("actor").order_by("-at", "-id"))
        return Response(CaseEventSerializer(rows, many=True).data)

    # --- Nodes of a case ----------------------------------------------------------------

    @extend_schema(
        summary=gettext_lazy("记录本案流程节点"),
        request=RecordNodeSerializer,
        responses={200: NodeSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="nodes/record")
    def record_node(self, request, pk=None):
        case = self.get_object()
        d = _valid(RecordNodeSerializer, request)
        node = actions.record_node(case, d["kind"], d.get("done_on"), actor=request.user, note=d["note"])
        return Response(NodeSerializer(_fresh_node(node), context=self.get_serializer_context()).data)


def _valid(serializer_class, request) -> dict:
    s = serializer_class(data=request.data)
    s.is_valid(raise_exception=True)
    return s.validated_data


def _user(username: str) -> User:
    user = User.objects.filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise actions.ActionError(_("未找到用户：%(name)s") % {"name": username})
    return user


def _fresh_node(node: Node) -> Node:
    return Node.objects.select_related("case", "kind", "done_by").get(pk=node.pk)


# --- Nodes ----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("流程节点列表（含期限状态）")),
    retrieve=extend_schema(summary=gettext_lazy("流程节点详情")),
)
@extend_schema(tags=[gettext_lazy("流程节点")])
class NodeViewSet(ZhixingAPIView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """流程节点及其期限状态（state：overdue 超期、due_soon 临期、normal 正常、waiting 待起算、done 已完成）。"""

    serializer_class = NodeSerializer
    filterset_class = NodeFilter
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[Node]:
        return Node.objects.filter(case__in=queries.visible_cases(self.request.user)).select_related(
            "case", "kind", "done_by"
        )

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        ctx.update(today=today(), soon_days=queries.due_soon_days())
        return ctx

    @extend_schema(
        summary=gettext_lazy("记录流程节点"),
        request=RecordCaseNodeSerializer,
        responses={200: NodeSerializer, **REFUSED},
    )
    @action(detail=False, methods=["post"], url_path="record")
    def record(self, request):
        d = _valid(RecordCaseNodeSerializer, request)
        case = get_object_or_404(queries.visible_cases(request.user), pk=d["case"])
        node = actions.record_node(case, d["kind"], d.get("done_on"), actor=request.user, note=d["note"])
        return Response(NodeSerializer(_fresh_node(node), context=self.get_serializer_context()).data)
