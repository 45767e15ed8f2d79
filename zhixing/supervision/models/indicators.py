"""Indicator definitions (configuration), case-facts snapshots and stored bulletins.

The defaults of shared/domain/indicators.md are seeded by migration 0002; a high court may add its own
version of a definition (same key, its court, a later effective date) for the courts below it. The
JSON of `numerator` and `denominator` is read only by zhixing.supervision.definitions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Bulletin", "IndicatorDefinition", "Snapshot"]


class IndicatorDefinition(models.Model):
    RATE = "rate"
    COUNT = "count"
    AMOUNT = "amount"
    AVERAGE = "average"
    KINDS = [(RATE, _("比率")), (COUNT, _("件数")), (AMOUNT, _("金额")), (AVERAGE, _("平均值"))]

    key = models.CharField(_("指标代码"), max_length=40)
    name = models.CharField(_("指标名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=10, choices=KINDS)
    # Case type codes the indicator counts (indicators.md: 执 unless it says otherwise).
    scope = models.JSONField(_("案件类型范围"), default=list)
    numerator = models.JSONField(_("分子"), default=dict)
    denominator = models.JSONField(_("分母"), null=True, blank=True)
    # The snapshot date column that places a case of the "closed" set in the period.
    date_field = models.CharField(_("日期字段"), max_length=20, default="closed_on")
    # Ranking direction: most rates are better high, average days better low.
    higher_is_better = models.BooleanField(_("数值越高越好"), default=True)
    court = models.ForeignKey(
        "courts.Court",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("适用法院（空为全国）"),
    )
    effective_from = models.DateField(_("生效日期"))
    position = models.PositiveSmallIntegerField(_("顺序"), default=100)

    class Meta:
        ordering = ["position", "key", "-effective_from"]
        verbose_name = _("指标定义")
        verbose_name_plural = _("指标定义")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "court", "effective_from"], name="indicatordefinition_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.key}）"


class Snapshot(models.Model):
    """A frozen case-facts table (one row per case, Parquet under DATA_DIR/snapshots/)."""

    made_at = models.DateTimeField(_("生成时间"))
    as_of = models.DateField(_("截止日期"))
    path = models.CharField(_("文件"), max_length=300)
    rows = models.PositiveIntegerField(_("案件数"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = _("案件快照")
        verbose_name_plural = _("案件快照")

    def __str__(self) -> str:
        return f"{self.as_of} #{self.pk}"


class Bulletin(models.Model):
    """A weekly bulletin as made: `content` is the JSON text, shown again byte for byte."""

    week = models.CharField(_("周次"), max_length=8)  # "2026-W47"
    court = models.ForeignKey(
        "courts.Court",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("范围法院（空为全部）"),
    )
    start = models.DateField(_("起始日"))
    end = models.DateField(_("截止日"))
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="bulletins")
    made_at = models.DateTimeField(_("生成时间"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("内容（JSON）"))

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = _("周通报")
        verbose_name_plural = _("周通报")
        indexes = [models.Index(fields=["week", "court"], name="bulletin_week_court")]

    def __str__(self) -> str:
        return self.week
