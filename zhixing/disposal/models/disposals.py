"""A seized asset's way to money (财产处置) and its reference price (确定参考价, rules §8)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import rules
from .platforms import Platform

MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 2}


class Disposal(models.Model):
    """One sealed or seized asset of a case, from the seizure to its sale, its taking in payment, or
    its release as property that cannot be disposed of (addendum §2.2)."""

    PRICING, AUCTION, SALE, SOLD, TAKEN, RELEASED = "pricing", "auction", "sale", "sold", "taken", "released"
    STATUSES = [
        (PRICING, _("确定参考价")),
        (AUCTION, _("网络拍卖")),
        (SALE, _("变卖")),
        (SOLD, _("已成交")),
        (TAKEN, _("以物抵债")),
        (RELEASED, _("不能处置已解除")),
    ]
    OPEN = (PRICING, AUCTION, SALE)

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="disposals")
    asset = models.ForeignKey("inquiry.Asset", on_delete=models.PROTECT, related_name="disposals")
    measure = models.ForeignKey("inquiry.Measure", on_delete=models.PROTECT, related_name="disposals")
    kind = models.CharField(_("财产种类"), max_length=12, choices=rules.KINDS)
    description = models.CharField(_("处置财产"), max_length=200)
    seized_on = models.DateField(_("查封扣押日"))
    reference_due_on = models.DateField(_("启动确定参考价期限"))
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=PRICING)
    reference_price = models.DecimalField(_("参考价"), null=True, blank=True, **MONEY)
    reference_method = models.CharField(_("参考价确定方式"), max_length=10, choices=rules.METHODS, blank=True)
    reference_on = models.DateField(_("参考价确定日"), null=True, blank=True)
    platform = models.ForeignKey(
        Platform, null=True, blank=True, on_delete=models.PROTECT, related_name="disposals"
    )
    platform_chosen_by = models.CharField(_("平台选定方式"), max_length=10, blank=True)  # applicant | court
    # The outcome: the price reached (sale or the last price for taking in payment), the buyer's name
    # and masked identity code (never the full code), the confirmation ruling and its service.
    price = models.DecimalField(_("成交价"), null=True, blank=True, **MONEY)
    buyer_name = models.CharField(_("买受人"), max_length=100, blank=True)
    buyer_id_masked = models.CharField(_("买受人证件号（遮蔽）"), max_length=24, blank=True)
    ruling_number = models.CharField(_("成交确认裁定书文号"), max_length=80, blank=True)
    ruling_on = models.DateField(_("裁定日期"), null=True, blank=True)
    served_on = models.DateField(_("裁定送达日（所有权转移）"), null=True, blank=True)
    transfer_notice_number = models.CharField(_("协助过户通知书文号"), max_length=80, blank=True)
    transfer_notice_on = models.DateField(_("协助过户通知日"), null=True, blank=True)
    applicant_refused_on = models.DateField(_("申请执行人拒绝以物抵债日"), null=True, blank=True)
    suspended_since = models.DateField(_("暂缓或中止拍卖自"), null=True, blank=True)
    suspension_reason = models.CharField(_("暂缓或中止事由"), max_length=200, blank=True)
    ended_on = models.DateField(_("处置结束日"), null=True, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        ordering = ["case", "seized_on", "id"]
        verbose_name = _("财产处置")
        verbose_name_plural = _("财产处置")
        constraints = [
            # One disposal at a time for a seizure: a new one only once the last has ended.
            models.UniqueConstraint(
                fields=["measure"],
                condition=Q(status__in=["pricing", "auction", "sale"]),
                name="disposal_one_open_per_measure",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class PriceProcedure(models.Model):
    """One attempt at a reference price by one method (rules §8): its clock, its reports, the parties'
    objection and how it was handled."""

    OPEN, DONE, FAILED, SKIPPED = "open", "done", "failed", "skipped"
    STATUSES = [(OPEN, _("进行中")), (DONE, _("已确定")), (FAILED, _("未能确定")), (SKIPPED, _("不适用"))]
    UPHELD, REJECTED = "upheld", "rejected"
    RULINGS = [(UPHELD, _("异议成立")), (REJECTED, _("异议驳回"))]

    disposal = models.ForeignKey(Disposal, on_delete=models.CASCADE, related_name="procedures")
    method = models.CharField(_("方式"), max_length=10, choices=rules.METHODS)
    started_on = models.DateField(_("启动日"))
    due_on = models.DateField(_("报告期限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=STATUSES, default=OPEN)
    price = models.DecimalField(_("结果"), null=True, blank=True, **MONEY)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    # The report sent to the parties; they object within the window (a rule setting).
    reported_on = models.DateField(_("报告送达当事人日"), null=True, blank=True)
    objection_due_on = models.DateField(_("异议期限"), null=True, blank=True)
    objection_by = models.CharField(_("异议人"), max_length=100, blank=True)
    objection = models.CharField(_("异议理由"), max_length=500, blank=True)
    objection_on = models.DateField(_("异议日"), null=True, blank=True)
    objection_ruling = models.CharField(_("异议处理"), max_length=8, choices=RULINGS, blank=True)
    objection_ruled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_on = models.DateField(_("结束日"), null=True, blank=True)

    class Meta:
        ordering = ["disposal", "started_on", "id"]
        verbose_name = _("确定参考价程序")
        verbose_name_plural = _("确定参考价程序")

    def __str__(self) -> str:
        return self.get_method_display()


class PriceReport(models.Model):
    """One answer in a procedure: a platform's network-inquiry report (signed), an agency's directed
    answer or valuation report, or the parties' agreed price."""

    procedure = models.ForeignKey(PriceProcedure, on_delete=models.CASCADE, related_name="reports")
    platform = models.ForeignKey(Platform, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("出具机构"), max_length=100)
    price = models.DecimalField(_("价格"), null=True, blank=True, **MONEY)
    valid = models.BooleanField(_("有效"), default=True)
    reason = models.CharField(_("无效原因"), max_length=200, blank=True)
    message_id = models.CharField(_("报文编号"), max_length=64, blank=True)
    asked_on = models.DateField(_("询价日"))
    due_on = models.DateField(_("应出具日"), null=True, blank=True)
    reported_on = models.DateField(_("出具日"), null=True, blank=True)

    class Meta:
        ordering = ["procedure", "id"]
        verbose_name = _("询价评估报告")
        verbose_name_plural = _("询价评估报告")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "platform"],
                condition=Q(platform__isnull=False),
                name="disposal_report_once",
            ),
        ]

    def __str__(self) -> str:
        return self.source
