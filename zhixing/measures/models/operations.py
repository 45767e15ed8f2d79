"""Field operations (外勤, rules §5.3; glossary 外勤 / 集中行动 / 执法记录仪 / 见证人): the bureau's
register of vehicles and equipment, who is on duty, and an operation with its cases, team, bookings,
witnesses, the records officers make on the spot and the cash they take."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import rules

MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 2}


class Equipment(models.Model):
    """A vehicle or a piece of equipment of a court's bureau, booked for operations."""

    AVAILABLE, MAINTENANCE, RETIRED = "available", "maintenance", "retired"
    STATES = [(AVAILABLE, _("可用")), (MAINTENANCE, _("维修保养")), (RETIRED, _("已报废"))]

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="equipment")
    kind = models.CharField(_("类别"), max_length=12, choices=rules.EQUIPMENT_KINDS)
    code = models.CharField(_("编号或号牌"), max_length=40)
    name = models.CharField(_("名称"), max_length=100)
    state = models.CharField(_("状态"), max_length=12, choices=STATES, default=AVAILABLE)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("装备")
        verbose_name_plural = _("装备")
        ordering = ["court", "kind", "code"]
        constraints = [models.UniqueConstraint(fields=["court", "code"], name="equipment_unique_code")]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class Duty(models.Model):
    """Who is on duty on a day (值班), so the command centre can dispatch."""

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="duties")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="duties")
    on = models.DateField(_("值班日期"))
    role = models.CharField(_("值班岗位"), max_length=12, choices=rules.DUTY_ROLES)

    class Meta:
        verbose_name = _("值班")
        verbose_name_plural = _("值班")
        ordering = ["on", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "on"], name="duty_one_per_day")]


class Operation(models.Model):
    """A field operation planned by the command centre: a day's work at one or more places."""

    PLANNED, UNDERWAY, CLOSED, CANCELLED = "planned", "underway", "closed", "cancelled"
    STATUSES = [
        (PLANNED, _("已部署")),
        (UNDERWAY, _("行动中")),
        (CLOSED, _("已结束")),
        (CANCELLED, _("已取消")),
    ]

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="operations")
    name = models.CharField(_("行动名称"), max_length=100)
    kind = models.CharField(_("行动类型"), max_length=12, choices=rules.OPERATION_KINDS)
    # A campaign's code (issue 14's campaigns name their operations by it; blank for none).
    campaign = models.CharField(_("专项行动"), max_length=40, blank=True)
    starts_at = models.DateTimeField(_("计划开始"))
    ends_at = models.DateTimeField(_("计划结束"))
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=PLANNED)
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    briefing = models.TextField(_("行动方案"), blank=True)
    started_at = models.DateTimeField(_("实际开始"), null=True, blank=True)
    closed_at = models.DateTimeField(_("实际结束"), null=True, blank=True)
    summary = models.TextField(_("行动小结"), blank=True)

    class Meta:
        verbose_name = _("外勤行动")
        verbose_name_plural = _("外勤行动")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["court", "starts_at"], name="operation_court_starts")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="operation_ends_after"
            )
        ]

    def __str__(self) -> str:
        return self.name


class OperationCase(models.Model):
    """A case the operation acts on, at a place (the debtor's home, business, the property)."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="targets")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="operation_targets")
    place = models.CharField(_("地点"), max_length=200)
    task = models.CharField(_("任务"), max_length=200, blank=True)
    # Whether money or property may be taken there: then the team must hold at least two officers
    # (rules §5.3).
    takes_property = models.BooleanField(_("可能收取款物"), default=True)
    outcome = models.CharField(_("结果"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("行动案件")
        verbose_name_plural = _("行动案件")
        ordering = ["operation", "id"]
        constraints = [models.UniqueConstraint(fields=["operation", "case"], name="operationcase_unique")]


class Member(models.Model):
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("分工"), max_length=12, choices=rules.TEAM_ROLES)

    class Meta:
        verbose_name = _("行动队员")
        verbose_name_plural = _("行动队员")
        constraints = [models.UniqueConstraint(fields=["operation", "user"], name="member_unique")]


class Booking(models.Model):
    """Equipment booked for an operation over [starts_at, ends_at); two bookings of one item never
    overlap (actions/operations.py checks under a lock on the item)."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="bookings")
    equipment = models.ForeignKey(Equipment, on_delete=models.PROTECT, related_name="bookings")
    starts_at = models.DateTimeField(_("起"))
    ends_at = models.DateTimeField(_("止"))
    released = models.BooleanField(_("已释放"), default=False)

    class Meta:
        verbose_name = _("装备预约")
        verbose_name_plural = _("装备预约")
        indexes = [models.Index(fields=["equipment", "starts_at"], name="booking_equipment_starts")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after"
            )
        ]


class Witness(models.Model):
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="witnesses")
    name = models.CharField(_("姓名"), max_length=100)
    kind = models.CharField(_("身份"), max_length=12, choices=rules.WITNESS_KINDS)
    unit = models.CharField(_("单位或职务"), max_length=100, blank=True)
    attended = models.BooleanField(_("到场"), default=False)

    class Meta:
        verbose_name = _("见证人")
        verbose_name_plural = _("见证人")
        ordering = ["operation", "id"]


class FieldRecord(models.Model):
    """What an officer records on the spot (check-in, finding, cash, seizure, measure, note). Written
    once and never edited: a correction is a new record."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="records")
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="field_records"
    )
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=10, choices=rules.RECORD_KINDS)
    at = models.DateTimeField(_("时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    text = models.CharField(_("内容"), max_length=1000, blank=True)
    # a seizure on the spot: the inquiry app's measure it created
    control = models.ForeignKey(
        "inquiry.Measure", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("现场记录")
        verbose_name_plural = _("现场记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["operation", "at"], name="fieldrecord_operation_at")]


class FieldCash(models.Model):
    """Cash or a cheque taken in the field (rules §5.3): at least two officers present, a receipt on the
    spot, handed to finance the same day (then it is in the case account through funds.record_cash)."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="cash")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="field_cash")
    amount = models.DecimalField(_("金额"), **MONEY)
    receipt_number = models.CharField(_("收据号"), max_length=40)
    payer_name = models.CharField(_("交款人"), max_length=100)
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    taken_at = models.DateTimeField(_("收取时间"))
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    handover_due_on = models.DateField(_("移交财务期限"))
    handed_over_at = models.DateTimeField(_("移交时间"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    late_reason = models.CharField(_("未当日移交的理由"), max_length=200, blank=True)
    receipt = models.OneToOneField(
        "funds.Receipt", null=True, blank=True, on_delete=models.PROTECT, related_name="field_cash"
    )

    class Meta:
        verbose_name = _("现场收款")
        verbose_name_plural = _("现场收款")
        ordering = ["taken_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fieldcash_amount_positive"),
            models.UniqueConstraint(fields=["case", "receipt_number"], name="fieldcash_unique_receipt"),
        ]
