"""Pushes of the dishonest list to the agencies that subscribe to it (rules §7.1.7–7.1.8; addendum
§3.7; issue 11 item 3): each agency is a row an administrator configures, each message an outbox row
with its idempotency key, sent signed until the agency acknowledges it (ARCHITECTURE §8)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    KINDS = [
        ("credit_office", _("社会信用信息平台")),
        ("credit_reporting", _("征信机构")),
        ("airline", _("民航售票")),
        ("rail", _("铁路售票")),
        ("market_regulator", _("市场监管部门")),
        ("household_registration", _("公安户籍部门")),
        ("other", _("其他联合惩戒单位")),
    ]
    LIST, CHANGE, REMOVE = "list", "change", "remove"
    ACTIONS = [(LIST, _("纳入")), (CHANGE, _("变更")), (REMOVE, _("删除"))]

    code = models.CharField(_("单位代码"), max_length=32, unique=True)
    name = models.CharField(_("单位名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=24, choices=KINDS)
    url = models.CharField(_("接口地址"), max_length=200, blank=True)
    public_key = models.CharField(_("公钥"), max_length=64, blank=True)
    # The actions it subscribes to, a list of LIST / CHANGE / REMOVE.
    subscribes = models.JSONField(_("订阅"), default=list)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("联合惩戒单位")
        verbose_name_plural = _("联合惩戒单位")

    def __str__(self) -> str:
        return self.name


class Push(models.Model):
    PENDING, ACKED, FAILED = "pending", "acked", "failed"
    STATUSES = [(PENDING, _("待发送")), (ACKED, _("已确认")), (FAILED, _("发送失败"))]

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="pushes")
    listing = models.ForeignKey("credit.Listing", on_delete=models.PROTECT, related_name="pushes")
    action = models.CharField(_("动作"), max_length=8, choices=Agency.ACTIONS)
    key = models.CharField(_("幂等键"), max_length=64, unique=True)
    payload = models.JSONField(_("报文"), default=dict)
    status = models.CharField(_("状态"), max_length=8, choices=STATUSES, default=PENDING)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    next_at = models.DateTimeField(_("下次发送"))
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    ack_id = models.CharField(_("回执编号"), max_length=64, blank=True)
    acked_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    # A removal must reach the agencies within the removal's 3 working days (issue 11 item 3).
    due_on = models.DateField(_("应送达日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("生成时间"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("名单推送")
        verbose_name_plural = _("名单推送")
        indexes = [
            models.Index(fields=["next_at"], condition=Q(status="pending"), name="credit_push_due"),
        ]

    def __str__(self) -> str:
        return self.key
