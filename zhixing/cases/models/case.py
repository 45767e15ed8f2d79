"""Enforcement cases, their parties and basis, serial counters, periods and the case event log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import rules

MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 2}  # Decimal yuan (ARCHITECTURE §3)


class Basis(models.Model):
    """执行依据: the judgment, ruling, award or notarised deed being enforced (rules §1.4)."""

    number = models.CharField(_("执行依据文号"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("执行依据")
        verbose_name_plural = _("执行依据")

    def __str__(self) -> str:
        return self.number


class SerialCounter(models.Model):
    """The last serial handed out per court, type code and year (rules §1.1.4)."""

    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT)
    type_code = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["court", "type_code", "year"], name="serialcounter_unique"),
        ]


class Case(models.Model):
    PENDING = "pending"
    CLOSED = "closed"
    STATUSES = [(PENDING, _("未结")), (CLOSED, _("已结"))]
    METHODS = [(k, v) for k, v in rules.CLOSURE_LABELS.items()]

    case_number = models.CharField(_("案号"), max_length=60, unique=True)
    legacy_number = models.BooleanField(_("旧式案号"), default=False)
    year = models.PositiveSmallIntegerField(_("收案年度"))
    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="cases", verbose_name=_("执行法院")
    )
    type_code = models.CharField(_("类型代字"), max_length=4)
    serial = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    filed_on = models.DateField(_("立案日期"))
    cause = models.CharField(_("案由"), max_length=60, blank=True)
    is_livelihood = models.BooleanField(_("涉民生"), default=False)
    is_migrant_wage = models.BooleanField(_("涉农民工工资"), default=False)
    non_litigation = models.BooleanField(_("非诉执行"), default=False)
    basis = models.ForeignKey(
        Basis,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("执行依据"),
    )
    applied_amount = models.DecimalField(_("申请执行标的金额"), **MONEY)
    realized_amount = models.DecimalField(_("已执行到位金额"), default=0, **MONEY)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_cases",
        verbose_name=_("承办人"),
    )
    handler_name = models.CharField(_("承办人姓名"), max_length=30, blank=True)
    handler_assigned_on = models.DateField(_("分案日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=PENDING)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    closure_method = models.CharField(_("结案方式"), max_length=24, choices=METHODS, blank=True)
    extension_months = models.PositiveSmallIntegerField(_("延长期限月数"), default=0)
    excluded_days = models.PositiveIntegerField(_("扣除期限天数"), default=0)
    statutory_due_on = models.DateField(_("法定期限届满日"))
    resumed_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resumptions",
        verbose_name=_("原案件"),
    )
    imported_from = models.CharField(_("导入文件"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = _("执行案件")
        verbose_name_plural = _("执行案件")
        indexes = [
            models.Index(fields=["court", "status", "filed_on"], name="case_court_status"),
            models.Index(fields=["handler", "status"], name="case_handler_status"),
            models.Index(fields=["filed_on"], name="case_filed_on"),
        ]

    def __str__(self) -> str:
        return self.case_number

    @property
    def is_closed(self) -> bool:
        return self.status == self.CLOSED


class Party(models.Model):
    APPLICANT = "applicant"
    DEBTOR = "debtor"
    ROLES = [(APPLICANT, _("申请执行人")), (DEBTOR, _("被执行人"))]
    PERSON = "person"
    UNIT = "unit"
    KINDS = [(PERSON, _("自然人")), (UNIT, _("单位"))]

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties", verbose_name=_("案件"))
    role = models.CharField(_("诉讼地位"), max_length=10, choices=ROLES)
    kind = models.CharField(_("类型"), max_length=8, choices=KINDS)
    name = models.CharField(_("名称"), max_length=100)
    id_number = models.CharField(_("证件号码"), max_length=20, blank=True)
    id_kind = models.CharField(_("证件类型"), max_length=12, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    # The mobile number the party portal sends one-time codes and node messages to (rules §11.1:
    # the 12368 SMS channel). Masked wherever it is shown.
    phone = models.CharField(_("手机号码"), max_length=11, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["case", "role", "position"]
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        indexes = [
            models.Index(fields=["name"], name="party_name"),
            models.Index(fields=["id_number"], name="party_id"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_personal_code(self) -> bool:
        """A natural person's number: masked wherever it is shown, and showing it whole is a logged
        read. The number's own kind counts as well as the party's, so that a row stored with the wrong
        kind before filing checked it never shows a resident ID whole."""
        return bool(self.id_number) and (self.kind == self.PERSON or self.id_kind in ("ric", "ric15"))


class ExcludedPeriod(models.Model):
    """A period not counted in the statutory period (rules §3.1.5)."""

    KINDS = [(k, v) for k, v in rules.EXCLUDED_KIND_LABELS.items()]
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="excluded_periods")
    kind = models.CharField(_("扣除事由"), max_length=12, choices=KINDS)
    start_on = models.DateField(_("起始日"))
    end_on = models.DateField(_("终止日"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["start_on"]
        verbose_name = _("扣除期限")
        verbose_name_plural = _("扣除期限")


class Extension(models.Model):
    """An approved extension of the statutory period (rules §3.1.2–3.1.3)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extensions")
    months = models.PositiveSmallIntegerField(_("延长月数"))
    reason = models.CharField(_("理由"), max_length=200)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("批准人")
    )
    approved_on = models.DateField(_("批准日期"))

    class Meta:
        ordering = ["approved_on"]
        verbose_name = _("延长审批")
        verbose_name_plural = _("延长审批")


class CaseEvent(models.Model):
    """A typed event in a case's life. Later capabilities (funds, inquiry, credit) listen to these
    through `zhixing.cases.events.case_event`, and append their own kinds."""

    # (case, at) serves lookups by case; no other index, so bulk event writes stay cheap.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", db_index=False)
    kind = models.CharField(max_length=40)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    # A named system actor's name (系统·导入 …) when no user acted: an event always says who.
    system_actor = models.CharField(max_length=40, blank=True, default="")
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="caseevent_case_at")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"
