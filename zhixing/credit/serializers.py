"""Serializers of the credit read API: one case's dishonest listings (with their corrections),
consumption restrictions (with their bound persons, masked, and permits) and performance certificates.
Dates are ISO; identity codes are masked as on the pages (core.identity.mask_identity)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from zhixing.core.identity import mask_identity

from . import rules
from .models import ConsumptionPermit, Correction, Listing, Restriction


def _name(user) -> str:
    return str(user) if user is not None else ""


class CorrectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ground = serializers.ChoiceField(
        choices=list(rules.CORRECTION_GROUNDS.items()), help_text=gettext_lazy("纠正事由")
    )
    status = serializers.ChoiceField(choices=Correction.STATUSES, help_text=gettext_lazy("状态"))
    status_label = serializers.CharField(source="get_status_display")
    filed_on = serializers.DateField(help_text=gettext_lazy("申请日期"))
    review_due_on = serializers.DateField(help_text=gettext_lazy("审查期限（15 日）"))
    decided_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("审查决定日期"))
    correct_due_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("纠正期限（3 个工作日）"))
    corrected_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("纠正日期"))
    served_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("驳回决定送达日期"))
    reconsideration_deadline = serializers.DateField(allow_null=True, help_text=gettext_lazy("复议申请期限"))
    higher_due_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("上级法院复议期限"))


class ListingSerializer(serializers.Serializer):
    """失信被执行人名单。read with select_related("party", "document") and the corrections prefetched."""

    id = serializers.IntegerField()
    party = serializers.IntegerField(source="party_id")
    name = serializers.CharField(source="party.name", help_text=gettext_lazy("被执行人"))
    id_number = serializers.SerializerMethodField(help_text=gettext_lazy("证件号码（脱敏）"))
    ground = serializers.IntegerField(help_text=gettext_lazy("失信情形（1–6，失信规定第一条的顺序）"))
    ground_label = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Listing.STATUSES, help_text=gettext_lazy("状态"))
    status_label = serializers.CharField(source="get_status_display")
    proposed_on = serializers.DateField(help_text=gettext_lazy("提请日期"))
    decided_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("决定日期"))
    grace_months = serializers.IntegerField(help_text=gettext_lazy("宽限期（月）"))
    publish_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("公布日期"))
    published_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("实际公布日期"))
    term_end = serializers.DateField(allow_null=True, help_text=gettext_lazy("期限届满日；第一项为 null"))
    removal_trigger = serializers.CharField(help_text=gettext_lazy("删除事由"))
    removal_due_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("应删除日期"))
    removed_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("删除或撤销日期"))
    document = serializers.CharField(
        source="document.number", default="", help_text=gettext_lazy("决定书文号")
    )
    corrections = CorrectionSerializer(many=True, source="corrections.all")

    def get_id_number(self, obj: Listing) -> str:
        return mask_identity(obj.party.id_number)

    def get_ground_label(self, obj: Listing) -> str:
        return rules.GROUNDS.get(obj.ground, "")


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    capacity = serializers.ChoiceField(
        choices=list(rules.BOUND_CAPACITIES.items()), help_text=gettext_lazy("身份")
    )
    name = serializers.CharField()
    id_number = serializers.SerializerMethodField(help_text=gettext_lazy("身份证号码（脱敏）"))
    released_on = serializers.DateField(allow_null=True)

    def get_id_number(self, obj) -> str:
        return mask_identity(obj.id_code)


class PermitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(
        source="person_id", allow_null=True, help_text=gettext_lazy("约束人员；null 为被执行人本人")
    )
    reason = serializers.ChoiceField(
        choices=list(rules.PERMIT_REASONS.items()), help_text=gettext_lazy("事由")
    )
    item = serializers.CharField(help_text=gettext_lazy("消费事项"))
    valid_from = serializers.DateField()
    valid_to = serializers.DateField()
    status = serializers.ChoiceField(choices=ConsumptionPermit.STATUSES)
    status_label = serializers.CharField(source="get_status_display")
    requested_on = serializers.DateField()
    decided_on = serializers.DateField(allow_null=True)


class RestrictionSerializer(serializers.Serializer):
    """限制消费令。read with select_related("party", "document"), persons and permits prefetched."""

    id = serializers.IntegerField()
    party = serializers.IntegerField(source="party_id")
    name = serializers.CharField(source="party.name", help_text=gettext_lazy("被执行人"))
    id_number = serializers.SerializerMethodField(help_text=gettext_lazy("证件号码（脱敏）"))
    listing = serializers.IntegerField(
        source="listing_id", allow_null=True, help_text=gettext_lazy("引起限制的失信名单")
    )
    status = serializers.ChoiceField(choices=Restriction.STATUSES)
    status_label = serializers.CharField(source="get_status_display")
    proposed_on = serializers.DateField()
    decided_on = serializers.DateField(allow_null=True)
    lift_reason = serializers.CharField(help_text=gettext_lazy("解除事由"))
    lifted_on = serializers.DateField(allow_null=True)
    document = serializers.CharField(
        source="document.number", default="", help_text=gettext_lazy("限制消费令文号")
    )
    persons = PersonSerializer(many=True, source="persons.all", help_text=gettext_lazy("单位的约束人员"))
    permits = PermitSerializer(many=True, source="permits.all", help_text=gettext_lazy("必要消费许可"))

    def get_id_number(self, obj: Restriction) -> str:
        return mask_identity(obj.party.id_number)


class CertificateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    party = serializers.IntegerField(source="party_id")
    name = serializers.CharField(source="party.name")
    applicant_confirmed_on = serializers.DateField(help_text=gettext_lazy("申请执行人确认日期"))
    issued_on = serializers.DateField()
    document = serializers.CharField(source="document.number", help_text=gettext_lazy("证明文号"))


class CaseCreditSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    case_number = serializers.CharField()
    listings = ListingSerializer(many=True)
    restrictions = RestrictionSerializer(many=True)
    certificates = CertificateSerializer(many=True)
