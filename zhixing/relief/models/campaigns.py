"""Concentrated enforcement campaigns (专项行动 / 集中执行, rules §10.1): a named date window over the
courts taking part, the case kinds it targets (rules.KINDS over case facts) and its targets. Cases
enter by those rules or by hand; field operations run under it carry its code (measures.Operation)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 2}


class Campaign(models.Model):
    code = models.CharField(_("行动代号"), max_length=40, unique=True)
    name = models.CharField(_("行动名称"), max_length=100)
    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("组织法院")
    )
    courts = models.ManyToManyField("courts.Court", related_name="+", verbose_name=_("参加法院"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    kinds = models.JSONField(_("重点案件类型"), default=list)  # codes of rules.KINDS
    target_closed = models.PositiveIntegerField(_("目标结案数"), null=True, blank=True)
    target_amount = models.DecimalField(_("目标执行到位金额"), null=True, blank=True, **MONEY)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("专项行动")
        verbose_name_plural = _("专项行动")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="campaign_window"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CampaignCase(models.Model):
    RULE, HAND = "rule", "hand"
    SOURCES = [(RULE, _("按规则纳入")), (HAND, _("人工纳入"))]

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="entries")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="campaign_entries")
    source = models.CharField(_("纳入方式"), max_length=8, choices=SOURCES)
    kinds = models.JSONField(_("符合类型"), default=list)
    added_on = models.DateField(_("纳入日期"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("专项行动案件")
        verbose_name_plural = _("专项行动案件")
        constraints = [models.UniqueConstraint(fields=["campaign", "case"], name="campaigncase_once")]
