"""Serializers of the disposal read API: a case's disposals with their reference-price procedures and
reports, rounds with votes, and distribution; and the auction desk's lists. Dates ISO, money as
two-decimal strings; a buyer's identity code only masked (as stored)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from . import rules
from .models import Auction, Disposal, Distribution, PriceProcedure

MONEY = {"max_digits": 18, "decimal_places": 2}


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    platform = serializers.CharField(source="platform.code", default="", help_text=gettext_lazy("平台代码"))
    source = serializers.CharField(help_text=gettext_lazy("出具机构"))
    price = serializers.DecimalField(allow_null=True, **MONEY)
    valid = serializers.BooleanField()
    reason = serializers.CharField()
    asked_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)
    reported_on = serializers.DateField(allow_null=True)


class ProcedureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    method = serializers.ChoiceField(choices=rules.METHODS, help_text=gettext_lazy("确定参考价方式"))
    method_label = serializers.CharField(source="get_method_display")
    status = serializers.ChoiceField(choices=PriceProcedure.STATUSES)
    status_label = serializers.CharField(source="get_status_display")
    started_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)
    price = serializers.DecimalField(allow_null=True, **MONEY)
    reported_on = serializers.DateField(allow_null=True)
    objection_due_on = serializers.DateField(allow_null=True)
    objection_by = serializers.CharField()
    objection = serializers.CharField()
    objection_ruling = serializers.CharField()
    reports = ReportSerializer(many=True, source="reports.all")


class VoteSerializer(serializers.Serializer):
    member = serializers.CharField(help_text=gettext_lazy("合议庭成员"))
    at = serializers.DateTimeField()
    opinion = serializers.CharField()


class AuctionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    round_no = serializers.IntegerField(help_text=gettext_lazy("轮次（变卖为 3）"))
    stage = serializers.ChoiceField(choices=Auction.STAGES)
    label = serializers.CharField()
    status = serializers.ChoiceField(choices=Auction.STATUSES)
    status_label = serializers.CharField(source="get_status_display")
    platform = serializers.CharField(source="platform.code")
    platform_name = serializers.CharField(source="platform.name")
    lot_id = serializers.CharField()
    reference_price = serializers.DecimalField(**MONEY)
    start_price = serializers.DecimalField(**MONEY)
    increment = serializers.DecimalField(**MONEY)
    deposit = serializers.DecimalField(**MONEY)
    notice_on = serializers.DateField()
    bidding_starts_at = serializers.DateTimeField()
    bidding_ends_at = serializers.DateTimeField()
    parties_notified_on = serializers.DateField(allow_null=True)
    preemption = serializers.JSONField()
    decided_at = serializers.DateTimeField(allow_null=True)
    listed_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    bids = serializers.IntegerField()
    price = serializers.DecimalField(allow_null=True, **MONEY)
    buyer_name = serializers.CharField()
    buyer_id_masked = serializers.CharField(help_text=gettext_lazy("买受人证件号（脱敏）"))
    deposit_received = serializers.DecimalField(**MONEY)
    balance_received = serializers.DecimalField(**MONEY)
    balance_due_on = serializers.DateField(allow_null=True)
    losers_released_at = serializers.DateTimeField(allow_null=True)
    votes = VoteSerializer(many=True, source="votes.all")


class LineSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    category = serializers.ChoiceField(choices=rules.CATEGORIES)
    case = serializers.IntegerField(source="case_id", allow_null=True)
    creditor = serializers.CharField()
    basis = serializers.CharField()
    seized_on = serializers.DateField(allow_null=True)
    claim = serializers.DecimalField(**MONEY)
    share = serializers.DecimalField(**MONEY)
    transferred = serializers.BooleanField()


class ObjectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    creditor = serializers.CharField()
    reason = serializers.CharField()
    filed_on = serializers.DateField()
    decided_on = serializers.DateField(allow_null=True)
    upheld = serializers.BooleanField(allow_null=True)


class DistributionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    proceeds = serializers.DecimalField(**MONEY)
    status = serializers.ChoiceField(choices=Distribution.STATUSES)
    status_label = serializers.CharField(source="get_status_display")
    drawn_on = serializers.DateField()
    notified_on = serializers.DateField(allow_null=True)
    objection_due_on = serializers.DateField(allow_null=True)
    final_on = serializers.DateField(allow_null=True)
    paid_on = serializers.DateField(allow_null=True)
    lines = LineSerializer(many=True, source="lines.all")
    objections = ObjectionSerializer(many=True, source="objections.all")


class DisposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    asset = serializers.IntegerField(source="asset_id")
    measure = serializers.IntegerField(source="measure_id")
    kind = serializers.ChoiceField(choices=rules.KINDS)
    description = serializers.CharField()
    seized_on = serializers.DateField()
    reference_due_on = serializers.DateField(help_text=gettext_lazy("启动确定参考价期限"))
    status = serializers.ChoiceField(choices=Disposal.STATUSES)
    status_label = serializers.CharField(source="get_status_display")
    reference_price = serializers.DecimalField(allow_null=True, **MONEY)
    reference_method = serializers.CharField()
    reference_on = serializers.DateField(allow_null=True)
    platform = serializers.CharField(source="platform.code", default="")
    price = serializers.DecimalField(allow_null=True, **MONEY)
    buyer_name = serializers.CharField()
    buyer_id_masked = serializers.CharField()
    ruling_number = serializers.CharField()
    ruling_on = serializers.DateField(allow_null=True)
    served_on = serializers.DateField(allow_null=True)
    transfer_notice_number = serializers.CharField()
    transfer_notice_on = serializers.DateField(allow_null=True)
    applicant_refused_on = serializers.DateField(allow_null=True)
    suspended_since = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    procedures = ProcedureSerializer(many=True, source="procedures.all")
    auctions = AuctionSerializer(many=True, source="auctions.all")
    distribution = serializers.SerializerMethodField()

    def get_distribution(self, obj: Disposal) -> dict | None:
        from .queries import distribution_of

        dist = distribution_of(obj)
        return DistributionSerializer(dist).data if dist else None


class CaseDisposalSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    case_number = serializers.CharField()
    disposals = DisposalSerializer(many=True)


class DeskAuctionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="disposal.case_id")
    case_number = serializers.CharField(source="disposal.case.case_number")
    court = serializers.CharField(source="disposal.case.court.code")
    disposal = serializers.IntegerField(source="disposal_id")
    description = serializers.CharField(source="disposal.description")
    label = serializers.CharField()
    status = serializers.ChoiceField(choices=Auction.STATUSES)
    platform = serializers.CharField(source="platform.code")
    lot_id = serializers.CharField()
    start_price = serializers.DecimalField(**MONEY)
    deposit = serializers.DecimalField(**MONEY)
    notice_on = serializers.DateField()
    bidding_starts_at = serializers.DateTimeField()
    bidding_ends_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    price = serializers.DecimalField(allow_null=True, **MONEY)


class AwaitingSerializer(DeskAuctionSerializer):
    votes = VoteSerializer(many=True, source="votes.all")


class DueSerializer(serializers.Serializer):
    auction = DeskAuctionSerializer()
    failed_on = serializers.DateField(allow_null=True)
    reauction_by = serializers.DateField(
        allow_null=True, help_text=gettext_lazy("再次拍卖期限（流拍后 30 日）")
    )


class DeskDistributionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    case_number = serializers.CharField(source="case.case_number")
    description = serializers.CharField(source="disposal.description")
    proceeds = serializers.DecimalField(**MONEY)
    status = serializers.ChoiceField(choices=Distribution.STATUSES)
    objection_due_on = serializers.DateField(allow_null=True)


class DeskSerializer(serializers.Serializer):
    court = serializers.CharField()
    awaiting = AwaitingSerializer(many=True, help_text=gettext_lazy("待合议的拍卖方案"))
    decided = DeskAuctionSerializer(many=True, help_text=gettext_lazy("已合议待发布"))
    live = DeskAuctionSerializer(many=True, help_text=gettext_lazy("正在拍卖"))
    results = DeskAuctionSerializer(many=True, help_text=gettext_lazy("近期拍卖结果"))
    due = DueSerializer(many=True, help_text=gettext_lazy("流拍待再次拍卖"))
    sales = DeskAuctionSerializer(many=True, help_text=gettext_lazy("变卖"))
    distributions = DeskDistributionSerializer(many=True, help_text=gettext_lazy("异议期内的分配方案"))
