"""The dishonest list (失信被执行人名单, rules §7.1; addendum §3) and the requests to correct it.

A listing is proposed by the officer, decided (signed) by a court leader who is someone else
(addendum §3.4: the president signs; ARCHITECTURE §10: maker-checker), published once its grace
period ends (rules §7.2.6), and removed within 3 working days of a removal trigger or of its term's
end (rules §7.1.10), or revoked when it was wrong (addendum §3.8). `record` is the published snapshot
(rules.PUBLISHED_FIELDS), masked; it is what the public search and the agencies receive."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def _user(label: Any) -> models.ForeignKey:
    """Who did a step: a user, or none when a named system actor did it (the audit log names it)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=label,
    )


class Listing(models.Model):
    PROPOSED, REFUSED, DECIDED, PUBLISHED, REMOVED, REVOKED = (
        "proposed", "refused", "decided", "published", "removed", "revoked",
    )  # fmt: skip
    STATUSES = [
        (PROPOSED, _("待审批")),
        (REFUSED, _("未批准")),
        (DECIDED, _("已决定（宽限期内）")),
        (PUBLISHED, _("已公布")),
        (REMOVED, _("已删除")),
        (REVOKED, _("已撤销")),
    ]
    LIVE = (PROPOSED, DECIDED, PUBLISHED)  # at most one per debtor party

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="listings")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="listings")
    ground = models.PositiveSmallIntegerField(_("失信情形"))
    facts = models.TextField(_("失信事实"), blank=True)
    applicant_requested = models.BooleanField(_("依申请纳入"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=PROPOSED)
    proposed_by = _user(_("提请人"))
    proposed_on = models.DateField(_("提请日期"))
    decided_by = _user(_("签发人"))
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    refusal_reason = models.CharField(_("不予批准理由"), max_length=200, blank=True)
    grace_months = models.PositiveSmallIntegerField(_("宽限期（月）"), default=0)
    publish_on = models.DateField(_("公布日期"), null=True, blank=True)
    published_on = models.DateField(_("实际公布日期"), null=True, blank=True)
    extension_years = models.PositiveSmallIntegerField(_("延长年数"), default=0)
    term_end = models.DateField(_("期限届满日"), null=True, blank=True)
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A removal trigger seen (rules §7.1.10) and the 3-working-day deadline it sets.
    removal_trigger = models.CharField(_("删除事由"), max_length=24, blank=True)
    removal_trigger_on = models.DateField(_("删除事由发生日"), null=True, blank=True)
    removal_due_on = models.DateField(_("应删除日期"), null=True, blank=True)
    removal_due_provisional = models.BooleanField(default=False)
    removed_on = models.DateField(_("删除日期"), null=True, blank=True)
    removed_by = _user(_("删除人"))
    relisting_locked_until = models.DateField(_("申请人不得申请再次纳入至"), null=True, blank=True)
    record = models.JSONField(_("公布信息"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-proposed_on", "-id"]
        verbose_name = _("失信被执行人名单")
        verbose_name_plural = _("失信被执行人名单")
        constraints = [
            models.UniqueConstraint(
                fields=["party"],
                condition=Q(status__in=("proposed", "decided", "published")),
                name="credit_listing_one_live",
            ),
        ]
        indexes = [
            models.Index(
                fields=["removal_due_on"], condition=Q(status="published"), name="credit_listing_removal_due"
            ),
            models.Index(fields=["status", "publish_on"], name="credit_listing_publish"),
            models.Index(fields=["status", "term_end"], name="credit_listing_term"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.party_id} ({self.ground})"


class Correction(models.Model):
    """A listed person's written request to correct (addendum §3.10–3.11): the court reviews within 15
    days; if founded it corrects within 3 working days; if rejected, reconsideration at the next-higher
    court within 10 days of service, decided within 15 days; no stay meanwhile."""

    FILED, FOUNDED, REJECTED, RECONSIDERING, UPHELD, OVERTURNED = (
        "filed", "founded", "rejected", "reconsidering", "upheld", "overturned",
    )  # fmt: skip
    STATUSES = [
        (FILED, _("审查中")),
        (FOUNDED, _("理由成立")),
        (REJECTED, _("驳回")),
        (RECONSIDERING, _("复议中")),
        (UPHELD, _("复议维持")),
        (OVERTURNED, _("复议撤销")),
    ]

    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="corrections")
    ground = models.CharField(_("纠正事由"), max_length=24)
    statement = models.TextField(_("申请理由"))
    filed_on = models.DateField(_("申请日期"))
    review_due_on = models.DateField(_("审查期限"))
    status = models.CharField(_("状态"), max_length=14, choices=STATUSES, default=FILED)
    recorded_by = _user(_("登记人"))
    decided_by = _user(_("审查人"))
    decided_on = models.DateField(_("审查决定日期"), null=True, blank=True)
    decision_note = models.CharField(_("审查意见"), max_length=300, blank=True)
    correct_due_on = models.DateField(_("纠正期限"), null=True, blank=True)
    corrected_on = models.DateField(_("纠正日期"), null=True, blank=True)
    served_on = models.DateField(_("驳回决定送达日期"), null=True, blank=True)
    reconsideration_deadline = models.DateField(_("复议申请期限"), null=True, blank=True)
    reconsideration_filed_on = models.DateField(_("复议申请日期"), null=True, blank=True)
    higher_due_on = models.DateField(_("上级法院复议期限"), null=True, blank=True)
    higher_decided_on = models.DateField(_("复议决定日期"), null=True, blank=True)

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = _("失信信息纠正申请")
        verbose_name_plural = _("失信信息纠正申请")

    def __str__(self) -> str:
        return f"{self.listing_id} {self.filed_on}"
