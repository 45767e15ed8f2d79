"""Serializers of the inquiry API: batches with their per-institution progress, a case's asset
register per debtor, measures, and the inputs of the actions an integrator calls. Money is a decimal
string with two places; dates are ISO. Account and identity numbers are masked, as on the pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from zhixing.cases.serializers import MAX_ID, MoneyField
from zhixing.core.identity import mask_account

from . import rules
from .forms import BATCH_SCOPES
from .models import InquiryBatch, Measure


class BatchSerializer(serializers.Serializer):
    """查询批次。read with select_related("court", "started_by")."""

    id = serializers.IntegerField()
    court = serializers.CharField(source="court.code", help_text=gettext_lazy("法院代字"))
    scope = serializers.ChoiceField(choices=InquiryBatch.SCOPES, help_text=gettext_lazy("范围"))
    scope_label = serializers.CharField(source="get_scope_display")
    status = serializers.ChoiceField(
        choices=InquiryBatch.STATUSES,
        help_text=gettext_lazy("状态：running 进行中、done 已完成、partial 部分失败"),
    )
    status_label = serializers.CharField(source="get_status_display")
    started_by = serializers.SerializerMethodField(help_text=gettext_lazy("发起人（或发起的系统）"))
    cases = serializers.IntegerField(help_text=gettext_lazy("案件数"))
    debtors = serializers.IntegerField(help_text=gettext_lazy("被执行人数"))
    requests = serializers.IntegerField(help_text=gettext_lazy("请求数"))
    created_at = serializers.DateTimeField(help_text=gettext_lazy("发起时间"))
    finished_at = serializers.DateTimeField(allow_null=True, help_text=gettext_lazy("完成时间"))

    def get_started_by(self, obj: InquiryBatch) -> str:
        return str(obj.started_by) if obj.started_by_id else obj.started_by_system


class InstitutionProgressSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=gettext_lazy("机构代码"))
    name = serializers.CharField(help_text=gettext_lazy("机构名称"))
    kind = serializers.CharField(help_text=gettext_lazy("类别"))
    link = serializers.CharField(help_text=gettext_lazy("连接方式"))
    requests = serializers.IntegerField(help_text=gettext_lazy("请求数"))
    answered = serializers.IntegerField(help_text=gettext_lazy("已答复请求数"))
    failed = serializers.IntegerField(help_text=gettext_lazy("失败请求数"))
    outstanding = serializers.IntegerField(help_text=gettext_lazy("待答复请求数"))
    debtors = serializers.IntegerField(help_text=gettext_lazy("应查询人数"))
    queried = serializers.IntegerField(help_text=gettext_lazy("已查询人数"))
    hits = serializers.IntegerField(help_text=gettext_lazy("有财产人数"))
    assets = serializers.IntegerField(help_text=gettext_lazy("财产数"))


class BatchDetailSerializer(BatchSerializer):
    progress = InstitutionProgressSerializer(many=True, help_text=gettext_lazy("各机构进度"))


class StartBatchSerializer(serializers.Serializer):
    court = serializers.CharField(help_text=gettext_lazy("法院代字（如 冀96）"))
    scope = serializers.ChoiceField(
        choices=BATCH_SCOPES, help_text=gettext_lazy("open 全部未结案件；terminated_due 终本案件定期复查")
    )


class MeasureSerializer(serializers.Serializer):
    """查控措施。read with select_related("case", "asset__institution")."""

    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    case_number = serializers.CharField(source="case.case_number")
    asset = serializers.IntegerField(source="asset_id")
    institution = serializers.CharField(source="asset.institution.name", help_text=gettext_lazy("机构"))
    asset_type = serializers.CharField(source="asset.type", help_text=gettext_lazy("财产类型"))
    asset_type_label = serializers.CharField(source="asset.get_type_display")
    account = serializers.SerializerMethodField(help_text=gettext_lazy("账号或权证号（脱敏）"))
    kind = serializers.ChoiceField(
        choices=rules.MEASURE_KINDS, help_text=gettext_lazy("freeze 冻结、seal 查封、seize 扣押")
    )
    kind_label = serializers.CharField(source="get_kind_display")
    amount = MoneyField(allow_null=True, help_text=gettext_lazy("金额（元）；不动产、车辆为 null"))
    days = serializers.IntegerField(help_text=gettext_lazy("期限（日）"))
    start = serializers.DateField(allow_null=True, help_text=gettext_lazy("起始日"))
    expiry = serializers.DateField(allow_null=True, help_text=gettext_lazy("到期日"))
    position = serializers.IntegerField(allow_null=True, help_text=gettext_lazy("顺位（轮候）"))
    status = serializers.ChoiceField(choices=Measure.STATUSES, help_text=gettext_lazy("状态"))
    status_label = serializers.CharField(source="get_status_display")
    pending = serializers.CharField(
        help_text=gettext_lazy("待回执的指令（renew、release、deduct），无则为空")
    )
    document_number = serializers.CharField(help_text=gettext_lazy("裁定书文号"))
    renewal_due_since = serializers.DateField(allow_null=True, help_text=gettext_lazy("续行提醒日"))
    lapsed_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("失效日期"))
    released_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("解除日期"))
    release_reason = serializers.CharField(help_text=gettext_lazy("解除原因"))
    deducted_amount = MoneyField(allow_null=True, help_text=gettext_lazy("已扣划金额（元）"))

    def get_account(self, obj: Measure) -> str:
        return mask_account(obj.asset.account) if obj.asset.account else ""


class AssetSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="asset.pk")
    institution = serializers.CharField(help_text=gettext_lazy("机构"))
    type = serializers.CharField(source="asset.type", help_text=gettext_lazy("财产类型"))
    type_label = serializers.CharField(source="type")
    description = serializers.CharField(source="asset.description")
    account = serializers.CharField(help_text=gettext_lazy("账号或权证号（脱敏）"))
    value = MoneyField(allow_null=True, help_text=gettext_lazy("余额或价值（元）"))
    encumbrances = serializers.JSONField(help_text=gettext_lazy("权利负担"))
    other_measures = serializers.JSONField(help_text=gettext_lazy("他案查控（轮候），按机构报告的顺序"))
    measures = MeasureSerializer(many=True)


class DebtorResultsSerializer(serializers.Serializer):
    party = serializers.IntegerField(source="party_id")
    name = serializers.CharField(help_text=gettext_lazy("被执行人"))
    id_number = serializers.CharField(source="id_masked", help_text=gettext_lazy("证件号码（脱敏）"))
    assets = AssetSerializer(many=True)


class CaseResultsSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    case_number = serializers.CharField()
    purpose = serializers.CharField(help_text=gettext_lazy("本次查看的用途（已记入审计日志）"))
    debtors = DebtorResultsSerializer(many=True)


class FreezeSerializer(serializers.Serializer):
    asset = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=gettext_lazy("财产 id"))
    amount = MoneyField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("冻结金额（元，仅资金类；默认为未执行到位金额）"),
    )
    days = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text=gettext_lazy("期限（日），默认为规则允许的最长期限"),
    )


class RenewSerializer(serializers.Serializer):
    days = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text=gettext_lazy("续行期限（日），默认最长期限")
    )


class ReleaseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=rules.RELEASE_REASONS,
        help_text=gettext_lazy("paid 已履行完毕、closed 案件结案、ruling 裁定解除"),
    )


class DeductSerializer(serializers.Serializer):
    amount = MoneyField(help_text=gettext_lazy("扣划金额（元）"))
