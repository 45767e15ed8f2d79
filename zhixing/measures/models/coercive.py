"""Coercive measures (rules §6.13–6.16): summons, fine, detention, search, exit ban, reward notice.
One row per decision; the columns a kind does not use stay empty. Each is proposed by the handler,
approved (the president for a fine, detention or search; a judge or leader otherwise, never the
proposer), then carried out with its document and its clock."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import rules
from .obstructions import Obstruction

MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 2}


class CoerciveMeasure(models.Model):
    PROPOSED, APPROVED, REFUSED, IN_FORCE, ENDED, CANCELLED = (
        "proposed",
        "approved",
        "refused",
        "in_force",
        "ended",
        "cancelled",
    )
    STATUSES = [
        (PROPOSED, _("待审批")),
        (APPROVED, _("已批准")),
        (REFUSED, _("不予批准")),
        (IN_FORCE, _("执行中")),
        (ENDED, _("已执行完毕")),
        (CANCELLED, _("已撤销")),
    ]
    OPEN = (PROPOSED, APPROVED, IN_FORCE)

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="coercive_measures")
    kind = models.CharField(_("措施"), max_length=10, choices=rules.MEASURE_KINDS)
    # Who it is against: a party of the case; for a unit, the representative named below (a unit's
    # legal representative, principal or person directly responsible, rules §6.14, §6.16).
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="coercive_measures")
    subject_name = models.CharField(_("被采取措施人"), max_length=100)
    subject_role = models.CharField(_("身份"), max_length=12, choices=rules.SUBJECT_ROLES)
    is_unit = models.BooleanField(_("对单位"), default=False)
    reason = models.CharField(_("事由"), max_length=500)
    obstructions = models.ManyToManyField(Obstruction, blank=True, related_name="measures")
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_on = models.DateField(_("提请日期"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=300, blank=True)
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # fine (罚款) and reward (悬赏金额)
    amount = models.DecimalField(_("金额"), null=True, blank=True, **MONEY)
    paid_amount = models.DecimalField(_("已缴罚款"), default=0, **MONEY)
    # detention (拘留) days; summons (拘传) whether detention may follow (24 h instead of 8 h)
    days = models.PositiveSmallIntegerField(_("拘留天数"), null=True, blank=True)
    detention_may_follow = models.BooleanField(_("可能采取拘留"), default=False)
    # summons: questioning start and end; detention: taken into custody and released; exit ban and
    # search: carried out at
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    ends_by = models.DateTimeField(_("最迟结束时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    end_reason = models.CharField(_("结束事由"), max_length=16, choices=rules.END_REASONS, blank=True)
    # search: the place in the warrant and the record of what was found
    place = models.CharField(_("地点"), max_length=200, blank=True)
    record = models.TextField(_("笔录"), blank=True)
    # exit ban: the border authority told; reward notice: where it was published
    channel = models.CharField(_("公布或通知渠道"), max_length=200, blank=True)
    # exit ban: the border authority's acknowledgement of the control (and of the lifting)
    agency_ref = models.CharField(_("协作机关回执号"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("强制措施")
        verbose_name_plural = _("强制措施")
        ordering = ["-proposed_on", "-id"]
        indexes = [
            models.Index(fields=["case", "kind"], name="coercive_case_kind"),
            models.Index(fields=["kind", "decided_on"], name="coercive_kind_decided"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gt=0),
                name="coercive_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject_name}"


class Informant(models.Model):
    """Someone who answered a reward notice (rules §6.13): registered in order (seq) so the first to
    give a lead that checks out is the one rewarded. The phone is kept for the handler only; pages and
    events show it masked."""

    PENDING, CONFIRMED, REJECTED = "pending", "confirmed", "rejected"
    STATUSES = [(PENDING, _("待核实")), (CONFIRMED, _("线索属实")), (REJECTED, _("线索不实"))]

    measure = models.ForeignKey(CoerciveMeasure, on_delete=models.PROTECT, related_name="informants")
    seq = models.PositiveIntegerField(_("登记顺序"))
    name = models.CharField(_("举报人"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    lead = models.CharField(_("线索"), max_length=500)
    # Where the reward is paid (a bank account; masked on every page)
    account = models.CharField(_("收款账号"), max_length=40, blank=True)
    registered_at = models.DateTimeField(_("登记时间"))
    status = models.CharField(_("核实结果"), max_length=10, choices=STATUSES, default=PENDING)
    reward_paid = models.DecimalField(_("已付悬赏金"), default=0, **MONEY)
    paid_on = models.DateField(_("支付日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("悬赏举报人")
        verbose_name_plural = _("悬赏举报人")
        ordering = ["measure", "seq"]
        constraints = [models.UniqueConstraint(fields=["measure", "seq"], name="informant_unique_seq")]

    def __str__(self) -> str:
        return f"{self.seq}. {self.name}"
