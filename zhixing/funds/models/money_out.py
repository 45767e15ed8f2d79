"""Money out: payout requests with their approval chain, holds (暂存) that stop the payout clock,
and the outbox that carries instructions to the bank exactly once (ARCHITECTURE §8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .ledger import MONEY, Entry


class Payout(models.Model):
    REQUESTED = "requested"
    APPROVED = "approved"
    SENT = "sent"
    CONFIRMED = "confirmed"
    BOUNCED = "bounced"
    REFUSED = "refused"
    STATUSES = [
        (REQUESTED, _("审批中")),
        (APPROVED, _("已批准")),
        (SENT, _("已发送银行")),
        (CONFIRMED, _("已到账")),
        (BOUNCED, _("已退回")),
        (REFUSED, _("未批准")),
    ]

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="payouts")
    party = models.ForeignKey(
        "cases.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payee_name = models.CharField(_("收款人"), max_length=100)
    payee_account = models.CharField(_("收款账号"), max_length=40)
    payee_bank = models.CharField(_("收款行"), max_length=100)
    # The applicant's receiving account confirmed in writing (rules §5.9, addendum §1.4.5).
    account_confirmed = models.BooleanField(_("收款账户已书面确认"), default=False)
    amount = models.DecimalField(_("发放金额"), **MONEY)
    fee = models.DecimalField(_("扣收执行费"), default=0, **MONEY)
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=REQUESTED)
    steps = models.JSONField(_("审批环节"), default=list)  # role codes, in order
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"))
    idempotency_key = models.CharField(max_length=64, unique=True)
    bank_reference = models.CharField(_("银行流水号"), max_length=64, blank=True)
    reason = models.CharField(_("说明"), max_length=200, blank=True)
    entry = models.OneToOneField(
        Entry, null=True, blank=True, on_delete=models.PROTECT, related_name="payout"
    )
    fee_entry = models.OneToOneField(
        Entry, null=True, blank=True, on_delete=models.PROTECT, related_name="fee_payout"
    )
    settled_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("发放")
        verbose_name_plural = _("发放")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payout_amount_positive"),
            models.CheckConstraint(condition=models.Q(fee__gte=0), name="payout_fee_ge_0"),
        ]
        indexes = [models.Index(fields=["status", "case"], name="payout_status_case")]

    def __str__(self) -> str:
        return f"{self.payee_name} {self.amount}"


class PayoutApproval(models.Model):
    payout = models.ForeignKey(Payout, on_delete=models.CASCADE, related_name="approvals")
    step = models.PositiveSmallIntegerField(_("环节"))
    role = models.CharField(_("角色"), max_length=20)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved = models.BooleanField(_("同意"))
    note = models.CharField(_("意见"), max_length=200, blank=True)
    at = models.DateTimeField(_("时间"))

    class Meta:
        ordering = ["step"]
        constraints = [models.UniqueConstraint(fields=["payout", "step"], name="payoutapproval_one_per_step")]


class Hold(models.Model):
    """暂存: money kept in the case account for a listed reason (addendum §1.1.2, §1.4.6). It stops the
    payout clock only once approved; when it ends the clock restarts (10 days by default)."""

    REASONS = [
        ("distribution", _("需参与分配")),
        ("dispute", _("款项存在争议")),
        ("frozen", _("款项被冻结或保全")),
        ("suspended", _("案件中止或暂缓执行")),
        ("applicant_debt", _("申请执行人在其他案件中负有债务")),
        ("bankruptcy", _("被执行人破产申请已受理")),
        ("applicant_waits", _("申请执行人书面同意暂缓领取")),
    ]

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="fund_holds")
    reason = models.CharField(_("暂存事由"), max_length=20, choices=REASONS)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("暂存款")
        verbose_name_plural = _("暂存款")
        ordering = ["-start_on", "-id"]


class Outbox(models.Model):
    """An instruction to the bank, sent until the bank has it; its key is the idempotency key, so a
    retry after a crash or a timeout never pays twice (ARCHITECTURE §8)."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
    key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=20)
    payload = models.JSONField()
    status = models.CharField(max_length=10, default=PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_pending")]
