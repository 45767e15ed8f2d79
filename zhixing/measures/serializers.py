"""Serializers of the measures read API: a case's obstructions, coercive measures (with informants),
referrals and evidence; a day's field operations; an operation's report. Dates ISO, money as
two-decimal strings. An informant's phone and account leave only masked (core.identity), a party's
identity code never leaves at all (the subject is named, as on the documents)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from zhixing.core.identity import mask_account, mask_phone

from . import rules
from .models import CoerciveMeasure, Informant, Operation, Referral

MONEY = {"max_digits": 18, "decimal_places": 2}


class ObstructionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=rules.OBSTRUCTIONS)
    kind_label = serializers.CharField(source="get_kind_display")
    party = serializers.CharField(source="party.name", default="")
    occurred_on = serializers.DateField()
    description = serializers.CharField()
    handled_on = serializers.DateField(
        allow_null=True, help_text=gettext_lazy("依法处理日期（空：尚未处理）")
    )
    handled_how = serializers.CharField()


class InformantSerializer(serializers.Serializer):
    seq = serializers.IntegerField(help_text=gettext_lazy("登记顺序"))
    name = serializers.CharField()
    phone_masked = serializers.SerializerMethodField(help_text=gettext_lazy("联系电话（脱敏）"))
    account_masked = serializers.SerializerMethodField(help_text=gettext_lazy("收款账号（脱敏）"))
    lead = serializers.CharField()
    registered_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=Informant.STATUSES)
    reward_paid = serializers.DecimalField(**MONEY)
    paid_on = serializers.DateField(allow_null=True)

    def get_phone_masked(self, obj: Informant) -> str:
        return mask_phone(obj.phone) if obj.phone else ""

    def get_account_masked(self, obj: Informant) -> str:
        return mask_account(obj.account) if obj.account else ""


class CoerciveMeasureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=rules.MEASURE_KINDS)
    kind_label = serializers.CharField(source="get_kind_display")
    status = serializers.ChoiceField(choices=CoerciveMeasure.STATUSES)
    status_label = serializers.CharField(source="get_status_display")
    subject_name = serializers.CharField(help_text=gettext_lazy("被采取措施人"))
    subject_role = serializers.ChoiceField(choices=rules.SUBJECT_ROLES)
    is_unit = serializers.BooleanField()
    reason = serializers.CharField()
    proposed_on = serializers.DateField()
    decided_on = serializers.DateField(allow_null=True)
    document_number = serializers.CharField(source="document.number", default="")
    amount = serializers.DecimalField(allow_null=True, **MONEY)
    paid_amount = serializers.DecimalField(**MONEY)
    days = serializers.IntegerField(allow_null=True)
    detention_may_follow = serializers.BooleanField()
    started_at = serializers.DateTimeField(allow_null=True)
    ends_by = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    end_reason = serializers.CharField()
    place = serializers.CharField()
    channel = serializers.CharField()
    obstructions = serializers.SerializerMethodField()
    informants = InformantSerializer(many=True, source="informants.all")

    def get_obstructions(self, obj: CoerciveMeasure) -> list[int]:
        return [o.pk for o in obj.obstructions.all()]


class ReferralSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    crime = serializers.ChoiceField(choices=rules.CRIMES)
    crime_label = serializers.CharField(source="get_crime_display")
    suspects = serializers.CharField()
    status = serializers.ChoiceField(choices=Referral.STATUSES)
    status_label = serializers.CharField(source="get_status_display")
    police_unit = serializers.CharField()
    agency_ref = serializers.CharField()
    drafted_on = serializers.DateField()
    approved_on = serializers.DateField(allow_null=True)
    sent_on = serializers.DateField(allow_null=True)
    received_on = serializers.DateField(allow_null=True)
    receipt_number = serializers.CharField()
    complex_case = serializers.BooleanField()
    decision_due_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("立案决定期限"))
    decided_on = serializers.DateField(allow_null=True)
    notice_due_on = serializers.DateField(allow_null=True)
    escalated_on = serializers.DateField(allow_null=True)
    procuratorate_reply_due_on = serializers.DateField(allow_null=True)
    file_by = serializers.DateField(allow_null=True)
    private_route_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("可转自诉日期"))
    outcome_on = serializers.DateField(allow_null=True)
    outcome_note = serializers.CharField()
    bundle_sha256 = serializers.CharField(help_text=gettext_lazy("证据清单指纹"))
    bundle_items = serializers.SerializerMethodField()
    obstructions = serializers.SerializerMethodField()

    def get_bundle_items(self, obj: Referral) -> int:
        return len(obj.bundle or [])

    def get_obstructions(self, obj: Referral) -> list[int]:
        return [o.pk for o in obj.obstructions.all()]


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=rules.EVIDENCE_KINDS)
    title = serializers.CharField()
    original_name = serializers.CharField()
    sha256 = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    taken_at = serializers.DateTimeField()
    uploaded_by = serializers.CharField(source="uploaded_by.get_full_name")
    uploaded_at = serializers.DateTimeField()
    operation = serializers.IntegerField(source="operation_id", allow_null=True)
    superseded_by = serializers.IntegerField(source="superseded_by_id", allow_null=True)
    supersede_reason = serializers.CharField()


class CaseMeasuresSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    case_number = serializers.CharField()
    obstructions = ObstructionSerializer(many=True)
    measures = CoerciveMeasureSerializer(many=True)
    referrals = ReferralSerializer(many=True)
    evidence = EvidenceSerializer(many=True)


class TargetSerializer(serializers.Serializer):
    case = serializers.IntegerField(source="case_id")
    case_number = serializers.CharField(source="case.case_number")
    place = serializers.CharField()
    task = serializers.CharField()
    takes_property = serializers.BooleanField()
    outcome = serializers.CharField()


class MemberSerializer(serializers.Serializer):
    user = serializers.CharField(source="user.get_full_name")
    # Text, not an enum: a second choice set under the name "role" would rename cases' RoleEnum.
    role = serializers.CharField(
        help_text=gettext_lazy("分工：leader 带队、officer 执行人员、police 司法警察、clerk 书记员")
    )
    role_label = serializers.CharField(source="get_role_display")


class BookingSerializer(serializers.Serializer):
    equipment = serializers.CharField(source="equipment.code")
    name = serializers.CharField(source="equipment.name")
    kind = serializers.ChoiceField(choices=rules.EQUIPMENT_KINDS, source="equipment.kind")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    released = serializers.BooleanField()


class WitnessSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=rules.WITNESS_KINDS)
    unit = serializers.CharField()
    attended = serializers.BooleanField()


class OperationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    court = serializers.CharField(source="court.code")
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=rules.OPERATION_KINDS)
    kind_label = serializers.CharField(source="get_kind_display")
    campaign = serializers.CharField()
    status = serializers.ChoiceField(choices=Operation.STATUSES)
    status_label = serializers.CharField(source="get_status_display")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    leader = serializers.CharField(source="leader.get_full_name")
    targets = TargetSerializer(many=True, source="targets.all")
    members = MemberSerializer(many=True, source="members.all")
    bookings = BookingSerializer(many=True, source="bookings.all")
    witnesses = WitnessSerializer(many=True, source="witnesses.all")


class OperationListSerializer(serializers.Serializer):
    court = serializers.CharField()
    date = serializers.DateField()
    operations = OperationSerializer(many=True)


class ReportRowSerializer(serializers.Serializer):
    case = serializers.IntegerField(source="case_id")
    case_number = serializers.CharField()
    place = serializers.CharField()
    task = serializers.CharField()
    outcome = serializers.CharField()
    closed_on = serializers.DateField(allow_null=True, help_text=gettext_lazy("行动开始后结案的日期"))
    field_cash = serializers.DecimalField(help_text=gettext_lazy("本次行动现场收款"), **MONEY)
    receipts = serializers.DecimalField(help_text=gettext_lazy("行动期间其他到账款"), **MONEY)
    recovered = serializers.DecimalField(**MONEY)
    summoned = serializers.IntegerField()
    detained = serializers.IntegerField()
    listed = serializers.IntegerField()
    records = serializers.IntegerField()
    evidence = serializers.IntegerField()


class OperationReportSerializer(serializers.Serializer):
    operation = serializers.IntegerField(source="operation.pk")
    name = serializers.CharField(source="operation.name")
    court = serializers.CharField(source="operation.court.code")
    status = serializers.ChoiceField(choices=Operation.STATUSES, source="operation.status")
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    cases = serializers.IntegerField()
    cases_closed = serializers.IntegerField()
    money_recovered = serializers.DecimalField(help_text=gettext_lazy("执行到位金额"), **MONEY)
    field_cash = serializers.DecimalField(**MONEY)
    receipts = serializers.DecimalField(**MONEY)
    summoned = serializers.IntegerField()
    detained = serializers.IntegerField()
    listed = serializers.IntegerField()
    witnesses_attended = serializers.IntegerField()
    records = serializers.IntegerField()
    evidence = serializers.IntegerField()
    rows = ReportRowSerializer(many=True)
    witnesses = WitnessSerializer(many=True)
