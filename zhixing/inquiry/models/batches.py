"""Inquiry batches and their outbox (ARCHITECTURE §8): one request row per institution and chunk of
at most 1,000 debtors, sent with an idempotency key, retried with back-off, polled for its answer.
Only what was found is kept (assets); empty answers are counted in the per-institution summary, never
stored per debtor."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .institutions import Institution


class InquiryBatch(models.Model):
    CASE, OPEN, TERMINATED_DUE = "case", "open", "terminated_due"
    SCOPES = [(CASE, _("单个案件")), (OPEN, _("全部未结案件")), (TERMINATED_DUE, _("终本案件定期复查"))]
    RUNNING, DONE, PARTIAL = "running", "done", "partial"
    STATUSES = [(RUNNING, _("进行中")), (DONE, _("已完成")), (PARTIAL, _("部分失败"))]

    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("法院")
    )
    scope = models.CharField(_("范围"), max_length=16, choices=SCOPES)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_by_system = models.CharField(_("系统发起"), max_length=40, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=RUNNING)
    cases = models.PositiveIntegerField(_("案件数"), default=0)
    debtors = models.PositiveIntegerField(_("被执行人数"), default=0)
    requests = models.PositiveIntegerField(_("请求数"), default=0)
    created_at = models.DateTimeField(_("发起时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("查询批次")
        verbose_name_plural = _("查询批次")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_scope_display()}"


class InquiryRequest(models.Model):
    """One instruction to one institution: a query chunk, or a freeze/renew/release/deduct."""

    QUERY, FREEZE, RENEW, RELEASE, DEDUCT = "query", "freeze", "renew", "release", "deduct"
    ACTIONS = [
        (QUERY, _("查询")),
        (FREEZE, _("冻结/查封/扣押")),
        (RENEW, _("续行")),
        (RELEASE, _("解除")),
        (DEDUCT, _("扣划")),
    ]
    PENDING, SENT, ANSWERED, FAILED = "pending", "sent", "answered", "failed"
    STATUSES = [(PENDING, _("待发送")), (SENT, _("已发送")), (ANSWERED, _("已答复")), (FAILED, _("失败"))]

    key = models.CharField(_("幂等键"), max_length=64, unique=True)
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="requests")
    batch = models.ForeignKey(
        InquiryBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="outbox"
    )
    measure = models.ForeignKey(
        "inquiry.Measure", null=True, blank=True, on_delete=models.CASCADE, related_name="instructions"
    )
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("指令"), max_length=10, choices=ACTIONS)
    body = models.JSONField(_("报文"))
    items = models.PositiveIntegerField(_("条目数"), default=0)
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"))
    # A worker holds a row until then (a conditional UPDATE claims it); one that died lets it go.
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("查控指令")
        verbose_name_plural = _("查控指令")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "sent"]),
                name="inquiry_request_due",
            ),
        ]

    def __str__(self) -> str:
        return self.key


class BatchInstitutionSummary(models.Model):
    """Per batch × institution: how many debtors were asked, how many had something, how many assets,
    how many requests failed. The only record of empty answers."""

    batch = models.ForeignKey(InquiryBatch, on_delete=models.CASCADE, related_name="summaries")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    requests = models.PositiveIntegerField(_("请求数"), default=0)
    answered = models.PositiveIntegerField(_("已答复"), default=0)
    debtors = models.PositiveIntegerField(_("查询人数"), default=0)
    queried = models.PositiveIntegerField(_("已查询人数"), default=0)
    hits = models.PositiveIntegerField(_("有财产人数"), default=0)
    assets = models.PositiveIntegerField(_("财产数"), default=0)
    failures = models.PositiveIntegerField(_("失败请求数"), default=0)

    class Meta:
        ordering = ["batch", "institution"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "institution"], name="inquiry_summary_unique"),
        ]
