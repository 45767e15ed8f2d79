"""Serializers of the funds API: receipts, payouts, a case's account and the funds report, and the
inputs of the actions an integrator calls. Money is a decimal string with two places; dates are ISO.
Account numbers of payers and payees are masked (zhixing.core.identity.mask_account)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhixing.cases.serializers import MAX_ID, MoneyField
from zhixing.core.identity import mask_account
from zhixing.courts import rules as court_rules

from .models import Payout, Receipt


class ReceiptSerializer(serializers.Serializer):
    """到账款。read with select_related("pooled__court", "case", "claim_requested_for")."""

    id = serializers.IntegerField()
    court = serializers.CharField(source="pooled.court.code", help_text=gettext_lazy("专户所属法院代字"))
    transaction_id = serializers.CharField(help_text=gettext_lazy("银行交易流水号"))
    channel = serializers.CharField(help_text=gettext_lazy("渠道"))
    channel_label = serializers.CharField(source="get_channel_display")
    amount = MoneyField(help_text=gettext_lazy("金额（元）"))
    booked_on = serializers.DateField(help_text=gettext_lazy("到账日期"))
    sub_account = serializers.CharField(help_text=gettext_lazy("收款子账号"))
    payer_name = serializers.CharField(help_text=gettext_lazy("付款人"))
    payer_account = serializers.SerializerMethodField(
        help_text=gettext_lazy("付款账号（脱敏，仅显示后四位）")
    )
    remittance = serializers.CharField(help_text=gettext_lazy("附言"))
    case = serializers.IntegerField(
        source="case_id", allow_null=True, help_text=gettext_lazy("所属案件 id；不明款为 null")
    )
    case_number = serializers.CharField(source="case.case_number", default=None, allow_null=True)
    matched_by = serializers.CharField(help_text=gettext_lazy("匹配方式"))
    matched_by_label = serializers.CharField(source="get_matched_by_display")
    unidentified = serializers.SerializerMethodField(help_text=gettext_lazy("是否不明款"))
    overdue = serializers.SerializerMethodField(help_text=gettext_lazy("是否超期款（超过发放期限仍未发放）"))
    claim_due_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("认领期限"))
    claim_requested_for = serializers.IntegerField(
        source="claim_requested_for_id", allow_null=True, help_text=gettext_lazy("待审批认领的案件 id")
    )
    claim_requested_for_number = serializers.CharField(
        source="claim_requested_for.case_number", default=None, allow_null=True
    )
    payable_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("可发放日"))
    payout_due_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("发放期限"))
    outstanding = MoneyField(help_text=gettext_lazy("未发放金额（元）"))
    reversed_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("冲正日期（误记已冲正）"))

    def get_payer_account(self, obj: Receipt) -> str:
        return mask_account(obj.payer_account) if obj.payer_account else ""

    def get_unidentified(self, obj: Receipt) -> bool:
        return obj.case_id is None and obj.reversed_on is None

    def get_overdue(self, obj: Receipt) -> bool:
        today: dt.date = self.context["today"]
        return bool(
            obj.case_id is not None
            and obj.outstanding > 0
            and obj.payout_due_on
            and obj.payout_due_on < today
        )


class PayoutSerializer(serializers.Serializer):
    """发放。read with select_related("case__court", "requested_by") and the approvals prefetched."""

    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    case_number = serializers.CharField(source="case.case_number")
    court = serializers.CharField(source="case.court.code", help_text=gettext_lazy("案件所属法院代字"))
    payee_name = serializers.CharField(help_text=gettext_lazy("收款人"))
    payee_account = serializers.SerializerMethodField(
        help_text=gettext_lazy("收款账号（脱敏，仅显示后四位）")
    )
    payee_bank = serializers.CharField(help_text=gettext_lazy("收款行"))
    account_confirmed = serializers.BooleanField(help_text=gettext_lazy("收款账户已书面确认"))
    amount = MoneyField(help_text=gettext_lazy("发放金额（元）"))
    fee = MoneyField(help_text=gettext_lazy("扣收执行费（元）"))
    status = serializers.CharField(
        help_text=gettext_lazy(
            "状态：requested、approved、sent、confirmed、bounced、refused（名称见 status_label）"
        )
    )
    status_label = serializers.CharField(source="get_status_display")
    steps = serializers.ListField(
        child=serializers.CharField(), help_text=gettext_lazy("审批环节（角色代码）")
    )
    approvals_done = serializers.SerializerMethodField(help_text=gettext_lazy("已完成的审批环节数"))
    next_step = serializers.SerializerMethodField(help_text=gettext_lazy("待审批环节的角色名称；无则为 null"))
    requested_by = serializers.CharField(source="requested_by.username")
    requested_at = serializers.DateTimeField()
    bank_reference = serializers.CharField()
    reason = serializers.CharField()
    settled_at = serializers.DateTimeField(allow_null=True)

    def get_payee_account(self, obj: Payout) -> str:
        return mask_account(obj.payee_account)

    def get_approvals_done(self, obj: Payout) -> int:
        return len(obj.approvals.all())

    @extend_schema_field(OpenApiTypes.STR)
    def get_next_step(self, obj: Payout) -> str | None:
        done = len(obj.approvals.all())
        if obj.status != Payout.REQUESTED or done >= len(obj.steps):
            return None
        role = obj.steps[done]
        return str(court_rules.ROLE_LABELS.get(role, role))


class CaseFundsSerializer(serializers.Serializer):
    """一案一账号：案件账户、余额、在途发放，及其到账款和发放。"""

    case = serializers.IntegerField()
    case_number = serializers.CharField()
    court = serializers.CharField()
    account_number = serializers.CharField(help_text=gettext_lazy("案件子账号（一案一账号）"))
    balance = MoneyField(help_text=gettext_lazy("余额（元）"))
    pending = MoneyField(help_text=gettext_lazy("在途发放（元）：已发送银行、尚未确认"))
    available = MoneyField(help_text=gettext_lazy("可发放（元）：余额减在途"))
    receipts = ReceiptSerializer(many=True)
    payouts = PayoutSerializer(many=True)


class CountAmountSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    amount = serializers.CharField(help_text=gettext_lazy("金额（元，两位小数）"))


class FundsReportSerializer(serializers.Serializer):
    """与 `zhixing funds report --json` 相同。"""

    pooled_balance = serializers.CharField(help_text=gettext_lazy("专户余额"))
    case_balance_total = serializers.CharField(help_text=gettext_lazy("案件账户合计"))
    suspense_balance = serializers.CharField(help_text=gettext_lazy("待认领款余额"))
    fees_balance = serializers.CharField(help_text=gettext_lazy("执行费余额"))
    fines_balance = serializers.CharField(help_text=gettext_lazy("罚款余额（待上缴）"))
    relief_balance = serializers.CharField(help_text=gettext_lazy("司法救助资金余额（待发放）"))
    unidentified = CountAmountSerializer(help_text=gettext_lazy("不明款"))
    overdue = CountAmountSerializer(help_text=gettext_lazy("超期款"))


class ApprovePayoutSerializer(serializers.Serializer):
    approved = serializers.BooleanField(default=True, help_text=gettext_lazy("同意为 true，不同意为 false"))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class ClaimSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=gettext_lazy("认领到的案件 id"))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
