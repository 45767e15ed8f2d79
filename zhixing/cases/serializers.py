"""Serializers of the cases API: what the API shows of cases, parties and nodes, and the shapes of the
inputs its actions take. Money is a decimal string with two places; dates are ISO (YYYY-MM-DD)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhixing.core.identity import mask_identity
from zhixing.core.money import InvalidAmount, parse_yuan
from zhixing.core.rules import validate_name

from . import catalogue, rules
from .models import Case, ClosureRequest, Node, Party

MAX_ID = 2**63 - 1  # the largest row id PostgreSQL's bigint and SQLite's integer hold


class MoneyField(serializers.DecimalField):
    """Yuan as a decimal string with two places (`"50000.00"`). Input is read by the platform's one
    amount parser, so `"1,234.50"` and full-width digits are accepted and errors are in Chinese."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 2)
        kwargs["coerce_to_string"] = True
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> Decimal:
        try:
            value = parse_yuan(data)
        except InvalidAmount as exc:
            raise serializers.ValidationError(str(exc))
        return super().to_internal_value(value)


class ErrorSerializer(serializers.Serializer):
    """Every refusal (HTTP 400): the reasons, in Chinese; `field_errors` names the input fields at fault
    when the input itself was malformed."""

    errors = serializers.ListField(child=serializers.CharField())
    field_errors = serializers.DictField(required=False)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


# --- Parties --------------------------------------------------------------------------------


def shows_full_identity(party: Party, reveal: bool) -> bool:
    return reveal or not party.has_personal_code


class PartySerializer(serializers.ModelSerializer):
    """A party. A natural person's ID number is masked unless the request asked to reveal it (a
    logged read, see cases.api)."""

    role_label = serializers.CharField(source="get_role_display", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    id_number = serializers.SerializerMethodField(help_text=gettext_lazy("自然人的身份证号码默认脱敏显示"))
    id_number_masked = serializers.SerializerMethodField()

    class Meta:
        model = Party
        fields = [
            "id",
            "role",
            "role_label",
            "kind",
            "kind_label",
            "name",
            "id_number",
            "id_number_masked",
            "id_kind",
            "position",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_id_number(self, party: Party) -> str:
        if shows_full_identity(party, self.context.get("reveal", False)):
            return party.id_number
        return mask_identity(party.id_number)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_id_number_masked(self, party: Party) -> bool:
        return bool(party.id_number) and not shows_full_identity(party, self.context.get("reveal", False))


class PartyInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Party.ROLES, label=gettext_lazy("诉讼地位"))
    name = serializers.CharField(max_length=100, label=gettext_lazy("名称"), validators=[validate_name])
    id_number = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="", label=gettext_lazy("证件号码")
    )
    kind = serializers.ChoiceField(
        choices=Party.KINDS,
        required=False,
        allow_blank=True,
        default="",
        label=gettext_lazy("类型"),
        help_text=gettext_lazy("可不填：由证件号码推定"),
    )


# --- Nodes ----------------------------------------------------------------------------------


class NodeSerializer(serializers.ModelSerializer):
    """A process node with its state on the day of the request (`context["today"]`, and the due-soon
    window `context["soon_days"]`, read once per request rather than once per row)."""

    case_number = serializers.CharField(source="case.case_number", read_only=True)
    kind = serializers.CharField(source="kind.code", read_only=True)
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    done_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("记录人用户名；系统记录时为空"),
    )
    state = serializers.SerializerMethodField()
    state_label = serializers.SerializerMethodField()
    provisional = serializers.BooleanField(
        source="due_provisional",
        read_only=True,
        help_text="期限暂定：所在年度节假日安排尚未发布，暂按周末休息计算，发布后自动重算",
    )

    class Meta:
        model = Node
        fields = [
            "id",
            "case",
            "case_number",
            "kind",
            "kind_name",
            "sequence",
            "due_on",
            "provisional",
            "done_on",
            "done_by",
            "overdue_since",
            "note",
            "state",
            "state_label",
        ]

    def _state(self, node: Node) -> str:
        return rules.node_state(
            node.due_on, node.done_on, self.context["today"], self.context["soon_days"], node.cancelled_on
        )

    @extend_schema_field(serializers.ChoiceField(choices=list(rules.STATE_LABELS)))
    def get_state(self, node: Node) -> str:
        return self._state(node)

    @extend_schema_field(OpenApiTypes.STR)
    def get_state_label(self, node: Node) -> str:
        return rules.STATE_LABELS[self._state(node)]


def validate_kind_code(code: str) -> str:
    if code not in catalogue.kinds():
        raise serializers.ValidationError(_("未知的节点类型：%(code)s") % {"code": code})
    return code


class RecordNodeSerializer(serializers.Serializer):
    kind = serializers.CharField(label=gettext_lazy("节点类型代码"), validators=[validate_kind_code])
    done_on = serializers.DateField(required=False, allow_null=True, label=gettext_lazy("完成日期"))
    note = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", label=gettext_lazy("备注")
    )


class RecordCaseNodeSerializer(RecordNodeSerializer):
    case = serializers.IntegerField(label=gettext_lazy("案件ID"), min_value=1, max_value=MAX_ID)


# --- Cases ----------------------------------------------------------------------------------


class CaseSerializer(serializers.ModelSerializer):
    """A case as lists show it (court, handler and basis are joined, never fetched per row)."""

    court = serializers.CharField(source="court.code", read_only=True)
    court_name = serializers.CharField(source="court.name", read_only=True)
    type_label = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    # Plain strings, not enums: the schema names one enum per choice set, and the method enum belongs
    # to the closing inputs (`method`); these are documented by their help text instead.
    closure_method = serializers.CharField(
        read_only=True,
        help_text=format_lazy(
            "{}{}", gettext_lazy("结案方式代码（未结为空）："), "、".join(rules.CLOSURE_LABELS)
        ),
    )
    closure_method_label = serializers.CharField(source="get_closure_method_display", read_only=True)
    handler = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("承办人用户名；未分配时为空"),
    )
    basis_number = serializers.CharField(source="basis.number", read_only=True, default="")
    applied_amount = MoneyField(read_only=True)
    realized_amount = MoneyField(read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "case_number",
            "legacy_number",
            "year",
            "court",
            "court_name",
            "type_code",
            "type_label",
            "serial",
            "filed_on",
            "cause",
            "is_livelihood",
            "is_migrant_wage",
            "non_litigation",
            "basis_number",
            "applied_amount",
            "realized_amount",
            "handler",
            "handler_name",
            "handler_assigned_on",
            "status",
            "status_label",
            "closed_on",
            "closure_method",
            "closure_method_label",
            "statutory_due_on",
            "extension_months",
            "excluded_days",
            "resumed_from",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_type_label(self, case: Case) -> str:
        return rules.ENFORCEMENT_TYPES.get(case.type_code, case.type_code)


class ClosureRequestSerializer(serializers.ModelSerializer):
    method_label = serializers.CharField(source="get_method_display", read_only=True)
    status = serializers.CharField(
        read_only=True, help_text=gettext_lazy("审批状态：pending 待审批、approved 已批准、refused 未批准")
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    decided_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("审批人用户名；未审批时为空"),
    )

    class Meta:
        model = ClosureRequest
        fields = [
            "id",
            "method",
            "method_label",
            "closed_on",
            "reason",
            "shortfall",
            "requested_by",
            "requested_at",
            "status",
            "status_label",
            "decided_by",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class CaseDetailSerializer(CaseSerializer):
    """One case with its parties (ID numbers masked), nodes and closure requests."""

    parties = PartySerializer(many=True, read_only=True)
    nodes = NodeSerializer(many=True, read_only=True)
    closure_requests = ClosureRequestSerializer(many=True, read_only=True)
    resumed_from_number = serializers.CharField(source="resumed_from.case_number", read_only=True, default="")

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "resumed_from_number", "parties", "nodes", "closure_requests"]
        read_only_fields = fields


class FileCaseSerializer(serializers.Serializer):
    """Input of filing (立案): resolved to objects here, checked by actions.file_case."""

    court = serializers.CharField(max_length=10, label=gettext_lazy("法院代字"))
    type_code = serializers.CharField(max_length=4, label=gettext_lazy("类型代字"))
    filed_on = serializers.DateField(required=False, allow_null=True, label=gettext_lazy("立案日期"))
    applied_amount = MoneyField(label=gettext_lazy("申请执行标的金额"))
    basis_number = serializers.CharField(
        max_length=80, required=False, allow_blank=True, default="", label=gettext_lazy("执行依据文号")
    )
    cause = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default="", label=gettext_lazy("案由")
    )
    non_litigation = serializers.BooleanField(required=False, default=False, label=gettext_lazy("非诉执行"))
    parties = PartyInputSerializer(many=True, label=gettext_lazy("当事人"))
    handler = serializers.CharField(
        required=False, allow_blank=True, default="", label=gettext_lazy("承办人用户名")
    )


class AssignHandlerSerializer(serializers.Serializer):
    handler = serializers.CharField(label=gettext_lazy("承办人用户名"))
    on = serializers.DateField(required=False, allow_null=True, label=gettext_lazy("分案日期"))


class RequestClosureSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=Case.METHODS, label=gettext_lazy("结案方式"))
    closed_on = serializers.DateField(required=False, allow_null=True, label=gettext_lazy("结案日期"))
    reason = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", label=gettext_lazy("结案理由")
    )
    shortfall = serializers.ChoiceField(
        choices=list(rules.SHORTFALL_LABELS.items()),
        required=False,
        allow_blank=True,
        default="",
        label=gettext_lazy("差额原因（执行完毕但到位金额少于申请执行标的时必填）"),
    )


class ApproveClosureSerializer(serializers.Serializer):
    method = serializers.ChoiceField(
        choices=Case.METHODS,
        required=False,
        allow_blank=True,
        default="",
        label=gettext_lazy("结案方式"),
        help_text=gettext_lazy("可不填；填写时须与待审批的结案申请一致（审批人不能改变结案方式）"),
    )
    closed_on = serializers.DateField(required=False, allow_null=True, label=gettext_lazy("结案日期"))
    note = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", label=gettext_lazy("审批意见")
    )


class ResumeSerializer(serializers.Serializer):
    filed_on = serializers.DateField(required=False, allow_null=True, label=gettext_lazy("恢复执行立案日期"))
    reason = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", label=gettext_lazy("恢复执行理由")
    )


class CaseEventSerializer(serializers.Serializer):
    # The docstring is the schema's description in /api/docs/, so it is written for the reader.
    """案件动态：kind 与 data 为原始代码和数据（供系统使用），kind_label 与 summary 为中文说明；
    actor 为操作人用户名，系统自动产生的事件为 null。"""

    id = serializers.IntegerField(source="event.id", label=gettext_lazy("事件ID"))
    at = serializers.DateTimeField(label=gettext_lazy("时间"))
    kind = serializers.CharField(label=gettext_lazy("事件类型代码"))
    kind_label = serializers.CharField(source="label", label=gettext_lazy("事件"))
    summary = serializers.CharField(label=gettext_lazy("内容"))
    actor = serializers.SerializerMethodField(label=gettext_lazy("操作人用户名"))
    actor_name = serializers.CharField(source="actor", label=gettext_lazy("操作人"))
    data = serializers.JSONField(source="event.data", label=gettext_lazy("原始数据"))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, described) -> str | None:
        # null for the platform itself (系统)
        actor = described.event.actor
        return actor.username if actor is not None else None
