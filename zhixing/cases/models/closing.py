"""Requests to close a case and their approval (rules §2.2, §12 separation of powers)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import rules


class ClosureRequest(models.Model):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    STATUSES = [(PENDING, _("待审批")), (APPROVED, _("已批准")), (REFUSED, _("未批准"))]

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="closure_requests")
    method = models.CharField(
        _("结案方式"), max_length=24, choices=[(k, v) for k, v in rules.CLOSURE_LABELS.items()]
    )
    closed_on = models.DateField(_("结案日期"))
    reason = models.CharField(_("结案理由"), max_length=500, blank=True)
    # 执行完毕 with less realised than applied: why (rules.SHORTFALL_LABELS).
    shortfall = models.CharField(
        _("差额原因"), max_length=12, blank=True, choices=[(k, v) for k, v in rules.SHORTFALL_LABELS.items()]
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请人")
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审批人"),
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=500, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("结案审批")
        verbose_name_plural = _("结案审批")
