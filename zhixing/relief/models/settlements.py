"""Settlement (执行和解, rules §10.2): the agreement recorded in a case, its instalments, and what came of
it: performed (the case closes as 执行完毕), broken (the applicant resumes, a linked 执恢 case, or sues
on the agreement instead), with the suspension (中止) the court granted on it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 2}


class Settlement(models.Model):
    PERFORMING, PERFORMED, BREACHED, RESUMED, SUED = "performing", "performed", "breached", "resumed", "sued"
    STATUSES = [
        (PERFORMING, _("履行中")),
        (PERFORMED, _("已履行完毕")),
        (BREACHED, _("未按约履行")),
        (RESUMED, _("已恢复执行")),
        (SUED, _("已就和解协议起诉")),
    ]
    OPEN = (PERFORMING, BREACHED)
    NONE, SUSPEND, WITHDRAW = "none", "suspend", "withdraw"
    MODES = [
        (NONE, _("继续执行")),
        (SUSPEND, _("裁定中止执行")),
        (WITHDRAW, _("申请执行人撤回执行申请（终结执行）")),
    ]

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="settlements")
    agreed_on = models.DateField(_("和解协议签订日期"))
    parties = models.ManyToManyField("cases.Party", related_name="+", verbose_name=_("协议当事人"))
    # What remained unexecuted when the parties agreed, and what they agreed instead (rules §10.2: the
    # parties may change the object, amount, period and manner).
    outstanding = models.DecimalField(_("和解时未执行金额"), **MONEY)
    agreed_amount = models.DecimalField(_("和解金额"), **MONEY)
    guarantee = models.CharField(_("担保"), max_length=300, blank=True)
    terms = models.CharField(_("其他约定"), max_length=1000, blank=True)
    mode = models.CharField(_("和解后程序"), max_length=10, choices=MODES, default=SUSPEND)
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=PERFORMING)
    # The money counted against the instalments: the case's receipts on or after agreed_on (funds).
    paid = models.DecimalField(_("已履行金额"), default=0, **MONEY)
    last_day = models.DateField(_("约定履行期限最后一日"))
    breached_on = models.DateField(_("违约日期"), null=True, blank=True)
    performed_on = models.DateField(_("履行完毕日期"), null=True, blank=True)
    resumed_case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("恢复执行案件"),
    )  # fmt: skip
    resumed_on = models.DateField(_("恢复执行日期"), null=True, blank=True)
    sued_on = models.DateField(_("起诉日期"), null=True, blank=True)
    suit_note = models.CharField(_("起诉情况"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-agreed_on", "-id"]
        verbose_name = _("执行和解")
        verbose_name_plural = _("执行和解")
        indexes = [models.Index(fields=["status"], name="settlement_status")]

    def __str__(self) -> str:
        return f"{self.case} 和解（{self.agreed_on}）"


class Instalment(models.Model):
    settlement = models.ForeignKey(Settlement, on_delete=models.CASCADE, related_name="instalments")
    seq = models.PositiveSmallIntegerField(_("期数"))
    due_on = models.DateField(_("履行日期"))
    amount = models.DecimalField(_("金额"), **MONEY)

    class Meta:
        ordering = ["settlement", "seq"]
        verbose_name = _("分期履行")
        verbose_name_plural = _("分期履行")
        constraints = [models.UniqueConstraint(fields=["settlement", "seq"], name="instalment_seq")]
