"""Distribution of proceeds among the debtor's creditors (参与分配, rules §5.15): the plan, its lines
in the legal order, the creditors' objections within 15 days, and the payout once final."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import rules
from .disposals import MONEY, Disposal


class Distribution(models.Model):
    DRAFT, NOTIFIED, OBJECTED, FINAL, PAID = "draft", "notified", "objected", "final", "paid"
    STATUSES = [
        (DRAFT, _("拟定")),
        (NOTIFIED, _("已通知债权人")),
        (OBJECTED, _("有异议")),
        (FINAL, _("已确定")),
        (PAID, _("已发放")),
    ]

    disposal = models.OneToOneField(Disposal, on_delete=models.PROTECT, related_name="distribution")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="distributions")
    proceeds = models.DecimalField(_("可供分配金额"), **MONEY)
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=DRAFT)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_on = models.DateField(_("制作日"))
    notified_on = models.DateField(_("通知日"), null=True, blank=True)
    objection_due_on = models.DateField(_("异议期限"), null=True, blank=True)
    final_on = models.DateField(_("确定日"), null=True, blank=True)
    paid_on = models.DateField(_("发放日"), null=True, blank=True)

    class Meta:
        ordering = ["-drawn_on", "-id"]
        verbose_name = _("分配方案")
        verbose_name_plural = _("分配方案")


class DistributionLine(models.Model):
    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField(_("受偿顺序"))
    category = models.CharField(_("类别"), max_length=10, choices=rules.CATEGORIES)
    # The creditor's own enforcement case in this court (None for the costs).
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="distribution_lines"
    )
    creditor = models.CharField(_("债权人"), max_length=100)
    basis = models.CharField(_("受偿依据"), max_length=200, blank=True)  # the seizure date, the priority
    seized_on = models.DateField(_("查封日"), null=True, blank=True)
    claim = models.DecimalField(_("债权金额"), **MONEY)
    share = models.DecimalField(_("分配金额"), **MONEY)
    transferred = models.BooleanField(_("已划入该案账户"), default=False)

    class Meta:
        ordering = ["distribution", "order"]
        verbose_name = _("分配明细")
        verbose_name_plural = _("分配明细")


class DistributionObjection(models.Model):
    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="objections")
    creditor = models.CharField(_("异议人"), max_length=100)
    reason = models.CharField(_("异议理由"), max_length=500)
    filed_on = models.DateField(_("提出日"))
    decided_on = models.DateField(_("处理日"), null=True, blank=True)
    upheld = models.BooleanField(_("异议成立"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["distribution", "filed_on", "id"]
        verbose_name = _("分配方案异议")
        verbose_name_plural = _("分配方案异议")
