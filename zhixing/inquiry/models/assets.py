"""The asset register (what the institutions found, per debtor on a case) and the measures taken on
it: freezes, seals and seizures with their term, queue position, renewals and release (rules §6.8)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import rules
from .batches import InquiryBatch
from .institutions import Institution

MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 2}


class Asset(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assets")
    party = models.ForeignKey("cases.Party", on_delete=models.CASCADE, related_name="assets")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="assets")
    type = models.CharField(_("财产类型"), max_length=16, choices=rules.ASSET_TYPES)
    asset_id = models.CharField(_("机构财产标识"), max_length=64)
    description = models.CharField(_("财产描述"), max_length=200, blank=True)
    account = models.CharField(_("账号或权证号"), max_length=64, blank=True)
    value = models.DecimalField(_("余额或价值"), null=True, blank=True, **MONEY)
    currency = models.CharField(_("币种"), max_length=3, default="CNY")
    encumbrances = models.JSONField(_("权利负担"), default=list)
    # Other courts' measures on the asset, in their order (轮候), as the institution reported them.
    other_measures = models.JSONField(_("他案查控"), default=list)
    found_by = models.ForeignKey(InquiryBatch, null=True, on_delete=models.SET_NULL, related_name="found")
    found_at = models.DateTimeField(_("发现时间"))
    last_seen_by = models.ForeignKey(InquiryBatch, null=True, on_delete=models.SET_NULL, related_name="+")
    last_seen = models.DateTimeField(_("最近查询到"))

    class Meta:
        ordering = ["case", "party", "institution", "asset_id"]
        verbose_name = _("财产")
        verbose_name_plural = _("财产")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "party", "institution", "asset_id"], name="inquiry_asset_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.description}"


class Measure(models.Model):
    REQUESTED, ACTIVE, REFUSED, RELEASED, LAPSED, DEDUCTED = (
        "requested", "active", "refused", "released", "lapsed", "deducted",
    )  # fmt: skip
    STATUSES = [
        (REQUESTED, _("已发送待回执")),
        (ACTIVE, _("生效")),
        (REFUSED, _("被拒绝")),
        (RELEASED, _("已解除")),
        (LAPSED, _("已失效")),
        (DEDUCTED, _("已扣划")),
    ]

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="measures")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField(_("措施"), max_length=8, choices=rules.MEASURE_KINDS)
    amount = models.DecimalField(_("金额"), null=True, blank=True, **MONEY)
    days = models.PositiveIntegerField(_("期限（日）"))
    start = models.DateField(_("起始日"), null=True, blank=True)
    expiry = models.DateField(_("到期日"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("顺位"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=REQUESTED)
    measure_id = models.CharField(_("机构措施编号"), max_length=64, blank=True)
    document_number = models.CharField(_("裁定书文号"), max_length=80)
    document_sha256 = models.CharField(_("裁定书摘要"), max_length=64)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # An instruction (renew, release, deduct) sent and not yet answered: no second one meanwhile.
    pending = models.CharField(_("待回执指令"), max_length=10, blank=True)
    refused_reason = models.CharField(_("拒绝原因"), max_length=200, blank=True)
    release_reason = models.CharField(_("解除原因"), max_length=10, choices=rules.RELEASE_REASONS, blank=True)
    released_on = models.DateField(_("解除日期"), null=True, blank=True)
    deducted_amount = models.DecimalField(_("扣划金额"), null=True, blank=True, **MONEY)
    transaction_id = models.CharField(_("扣划交易流水号"), max_length=64, blank=True)
    # The renewal reminder was raised (once) on this date; cleared by a renewal.
    renewal_due_since = models.DateField(_("续行提醒日"), null=True, blank=True)
    lapsed_on = models.DateField(_("失效日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        ordering = ["expiry", "id"]
        verbose_name = _("查控措施")
        verbose_name_plural = _("查控措施")
        indexes = [
            models.Index(fields=["expiry"], condition=Q(status="active"), name="inquiry_measure_active"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["transaction_id"], condition=~Q(transaction_id=""), name="inquiry_deduction_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.asset_id}"


class Renewal(models.Model):
    """One link of a measure's renewal chain (续行, rules §6.8)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="renewals")
    days = models.PositiveIntegerField(_("续行期限（日）"))
    old_expiry = models.DateField(_("原到期日"))
    new_expiry = models.DateField(_("新到期日"))
    renewed_at = models.DateTimeField(_("续行时间"))

    class Meta:
        ordering = ["measure", "renewed_at"]
