"""The party portal's rows (issue 11 item 5): the SMS gateway the platform sends through, the SMS outbox
and the one-time codes a party signs in with (rules §11.1–11.2: parties are told of every disclosed
node, by SMS among other channels; they authenticate by case number and identity code)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SmsGateway(models.Model):
    """An SMS gateway (12368 or an operator) as an administrator, or `zhixing simulators`, registers it:
    its address and the public key its answers are verified under (never a key sent with an answer)."""

    code = models.CharField(_("网关代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    url = models.CharField(_("接口地址"), max_length=200)
    public_key = models.CharField(_("公钥"), max_length=64)
    active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("短信网关")
        verbose_name_plural = _("短信网关")

    def __str__(self) -> str:
        return self.name


class SmsMessage(models.Model):
    """One text message in the outbox, written in the transaction that causes it and sent, signed by
    the court, until the gateway accepts it. `key` is the message id the gateway applies once."""

    OTP, NODE = "otp", "node"
    PURPOSES = [(OTP, _("验证码")), (NODE, _("节点通知"))]
    PENDING, SENT, FAILED = "pending", "sent", "failed"
    STATUSES = [(PENDING, _("待发送")), (SENT, _("已送达网关")), (FAILED, _("发送失败"))]

    key = models.CharField(_("幂等键"), max_length=64, unique=True)
    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="+", verbose_name=_("法院")
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("案件"),
    )
    phone = models.CharField(_("手机号码"), max_length=11)
    text = models.CharField(_("内容"), max_length=500)
    purpose = models.CharField(_("用途"), max_length=8, choices=PURPOSES)
    status = models.CharField(_("状态"), max_length=8, choices=STATUSES, default=PENDING)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    next_at = models.DateTimeField(_("下次发送"))
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    acked_at = models.DateTimeField(_("网关受理时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("生成时间"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("短信")
        verbose_name_plural = _("短信")
        indexes = [
            models.Index(fields=["next_at"], condition=Q(status="pending"), name="portal_sms_due"),
        ]

    def __str__(self) -> str:
        return self.key


class PortalChallenge(models.Model):
    """A one-time code sent to a party's phone, and once it is entered, that party's portal session.
    The code itself is never stored: only an HMAC of it under a per-row nonce."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+", verbose_name=_("案件"))
    party = models.ForeignKey(
        "cases.Party", on_delete=models.CASCADE, related_name="+", verbose_name=_("当事人")
    )
    phone = models.CharField(_("手机号码"), max_length=11)
    nonce = models.CharField(max_length=32)
    code_hash = models.CharField(_("验证码摘要"), max_length=64)
    created_at = models.DateTimeField(_("发送时间"))
    expires_at = models.DateTimeField(_("失效时间"))
    attempts = models.PositiveSmallIntegerField(_("错误次数"), default=0)
    used_at = models.DateTimeField(_("登录时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("退出时间"), null=True, blank=True)
    client = models.CharField(_("客户端地址"), max_length=45, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("当事人验证码")
        verbose_name_plural = _("当事人验证码")
        indexes = [models.Index(fields=["party", "created_at"], name="portal_challenge_party")]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.party_id}"
