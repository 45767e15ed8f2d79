"""Judicial relief (国家司法救助, rules §9): the province's average monthly wage per year (the cap's base)
and the applications, each its own 司救执 case number, once per applicant per enforcement case."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import rules

MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 2}


class ProvinceWage(models.Model):
    """The average monthly wage of employees in a province for one year (rules §9.4), set by an operator
    (`zhixing relief set-wage`). `province` is the high court's one-character code (courts.rules)."""

    province = models.CharField(_("省份代字"), max_length=2)
    year = models.PositiveSmallIntegerField(_("年度"))
    monthly = models.DecimalField(_("月平均工资"), **MONEY)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["province", "-year"]
        verbose_name = _("职工月平均工资")
        verbose_name_plural = _("职工月平均工资")
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="provincewage_once"),
            models.CheckConstraint(condition=models.Q(monthly__gt=0), name="provincewage_positive"),
        ]


class ReliefApplication(models.Model):
    APPLIED, APPROVED, REFUSED, PAID = "applied", "approved", "refused", "paid"
    STATUSES = [
        (APPLIED, _("待审批")),
        (APPROVED, _("已批准")),
        (REFUSED, _("不予救助")),
        (PAID, _("已发放")),
    ]
    GRANTED = (APPROVED, PAID)

    case_number = models.CharField(_("救助案号"), max_length=60, unique=True)
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("收案年度"))
    serial = models.PositiveIntegerField(_("序号"))
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="relief_applications")
    applicant = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="+")
    grounds = models.CharField(_("救助事由"), max_length=12, choices=list(rules.GROUNDS.items()))
    hardship = models.CharField(_("困难情况"), max_length=1000)
    evidence = models.JSONField(_("证明材料"), default=list)  # names of the papers handed in
    requested = models.DecimalField(_("申请金额"), **MONEY)
    applied_on = models.DateField(_("申请日期"))
    # Frozen at the decision: what remained unexecuted, the wage year and figure, and the cap.
    unexecuted = models.DecimalField(_("未执行到位金额"), null=True, blank=True, **MONEY)
    wage_year = models.PositiveSmallIntegerField(_("工资年度"), null=True, blank=True)
    monthly_wage = models.DecimalField(_("月平均工资"), null=True, blank=True, **MONEY)
    cap = models.DecimalField(_("救助上限"), null=True, blank=True, **MONEY)
    amount = models.DecimalField(_("决定救助金额"), null=True, blank=True, **MONEY)
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=APPLIED)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_note = models.CharField(_("决定意见"), max_length=500, blank=True)
    paid_on = models.DateField(_("发放日期"), null=True, blank=True)
    recovered = models.DecimalField(_("已追回金额"), default=0, **MONEY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-applied_on", "-id"]
        verbose_name = _("司法救助申请")
        verbose_name_plural = _("司法救助申请")
        # The desk lists the newest first, 50 a page: walked in this order, not sorted after joining
        # every case and party (benchmarks/relief.py, PostgreSQL).
        indexes = [models.Index(fields=["-applied_on", "-id"], name="relief_newest_first")]
        constraints = [
            # rules §9.2: relief once per applicant per case; a refused application does not count.
            models.UniqueConstraint(
                fields=["case", "applicant"], condition=~models.Q(status="refused"), name="relief_once"
            ),
        ]

    def __str__(self) -> str:
        return self.case_number
