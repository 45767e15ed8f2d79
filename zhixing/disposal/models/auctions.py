"""The rounds of an online judicial auction (rules §8): the collegial panel's plan, its listing on the
platform, the signed result, and the messages the platform sent (each applied once)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import rules
from .disposals import MONEY, Disposal
from .platforms import Platform


class Auction(models.Model):
    """One round: the first auction, the re-auction, or the sale (变卖) on the same platform."""

    AUCTION, SALE = "auction", "sale"
    STAGES = [(AUCTION, _("拍卖")), (SALE, _("变卖"))]
    DRAFT, DECIDED, LISTED, SOLD, FAILED, RENEGED, SUSPENDED, CANCELLED = (
        "draft", "decided", "listed", "sold", "failed", "reneged", "suspended", "cancelled",
    )  # fmt: skip
    STATUSES = [
        (DRAFT, _("待合议")),
        (DECIDED, _("合议通过待发布")),
        (LISTED, _("已发布")),
        (SOLD, _("成交")),
        (FAILED, _("流拍")),
        (RENEGED, _("悔拍")),
        (SUSPENDED, _("暂缓")),
        (CANCELLED, _("撤回")),
    ]
    OPEN = (DRAFT, DECIDED, LISTED, SUSPENDED)

    disposal = models.ForeignKey(Disposal, on_delete=models.CASCADE, related_name="auctions")
    round_no = models.PositiveSmallIntegerField(_("拍卖轮次"))  # 1, 2; a sale is 3
    stage = models.CharField(_("方式"), max_length=8, choices=STAGES, default=AUCTION)
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="auctions")
    reference_price = models.DecimalField(_("参考价"), **MONEY)
    start_price = models.DecimalField(_("起拍价"), **MONEY)
    increment = models.DecimalField(_("加价幅度"), **MONEY)
    deposit = models.DecimalField(_("保证金"), **MONEY)
    notice_on = models.DateField(_("公告日"))
    bidding_starts_at = models.DateTimeField(_("竞价开始"))
    bidding_ends_at = models.DateTimeField(_("竞价结束（计划）"))
    parties_notified_on = models.DateField(_("通知当事人日"), null=True, blank=True)
    # [{"name": …, "rank": 1, "basis": "共有人"}]: the known pre-emption holders in their order.
    preemption = models.JSONField(_("优先购买权人"), default=list)
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=DRAFT)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("提出时间"))
    decided_at = models.DateTimeField(_("合议时间"), null=True, blank=True)
    lot_id = models.CharField(_("平台标的编号"), max_length=64, blank=True)
    listed_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    # The result as verified: the closing time after extensions, price, buyer, and the deposit flows.
    result_message = models.ForeignKey(
        "PlatformMessage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(_("竞价结束（实际）"), null=True, blank=True)
    bids = models.PositiveIntegerField(_("出价次数"), default=0)
    price = models.DecimalField(_("成交价"), null=True, blank=True, **MONEY)
    buyer_name = models.CharField(_("买受人"), max_length=100, blank=True)
    buyer_id_masked = models.CharField(_("买受人证件号（遮蔽）"), max_length=24, blank=True)
    deposit_received = models.DecimalField(_("已转入保证金"), default=0, **MONEY)
    balance_received = models.DecimalField(_("已到账余款"), default=0, **MONEY)
    balance_due_on = models.DateField(_("余款缴纳期限"), null=True, blank=True)
    losers_released_at = models.DateTimeField(_("未成交保证金退还时间"), null=True, blank=True)
    suspended_on = models.DateField(_("暂缓日"), null=True, blank=True)
    resume_by = models.DateField(_("应恢复日"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["disposal", "round_no", "id"]
        verbose_name = _("网络司法拍卖")
        verbose_name_plural = _("网络司法拍卖")
        constraints = [
            models.UniqueConstraint(
                fields=["disposal"],
                condition=Q(status__in=["draft", "decided", "listed", "suspended"]),
                name="disposal_one_open_round",
            ),
            models.UniqueConstraint(
                fields=["platform", "lot_id"], condition=~Q(lot_id=""), name="disposal_lot_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.disposal} 第{self.round_no}次"

    @property
    def losers_released_late(self) -> bool:
        """The platform gave the losers' deposits back later than 24 hours after the close (rules
        §8.10, art 23): shown on the case's page for the court to take up with the platform."""
        if self.losers_released_at is None or self.ended_at is None:
            return False
        return self.losers_released_at - self.ended_at > rules.RELEASE_WITHIN

    @property
    def label(self) -> str:
        if self.stage == self.SALE:
            return str(_("变卖"))
        return str(_("第一次拍卖") if self.round_no == 1 else _("第二次拍卖"))


class PanelVote(models.Model):
    """One member of the collegial panel agreeing to a round's terms (rules §8.14, §12.7): three
    different people make the decision."""

    auction = models.ForeignKey(Auction, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("表决时间"))
    opinion = models.CharField(_("意见"), max_length=300, blank=True)

    class Meta:
        ordering = ["auction", "at"]
        verbose_name = _("合议庭成员意见")
        verbose_name_plural = _("合议庭成员意见")
        constraints = [models.UniqueConstraint(fields=["auction", "member"], name="disposal_vote_once")]


class BarredBidder(models.Model):
    """A buyer who reneged: barred from bidding for this property again (rules §8.11). Kept by a keyed
    hash of the identity code and its masked form, never the code itself."""

    disposal = models.ForeignKey(Disposal, on_delete=models.CASCADE, related_name="barred")
    name = models.CharField(_("姓名或名称"), max_length=100)
    id_masked = models.CharField(_("证件号（遮蔽）"), max_length=24)
    id_hash = models.CharField(_("证件号摘要"), max_length=64)
    auction = models.ForeignKey(Auction, on_delete=models.PROTECT, related_name="+")
    forfeited = models.DecimalField(_("不予退还的保证金"), **MONEY)

    class Meta:
        verbose_name = _("悔拍人")
        verbose_name_plural = _("悔拍人")
        constraints = [models.UniqueConstraint(fields=["disposal", "id_hash"], name="disposal_barred_once")]


class PlatformMessage(models.Model):
    """A signed message from a platform (a result, a payment, a price report), verified and applied
    once: a repeat of the same message id changes nothing."""

    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="messages")
    message_id = models.CharField(_("报文编号"), max_length=64)
    kind = models.CharField(_("类型"), max_length=20)
    lot_id = models.CharField(_("标的编号"), max_length=64, blank=True)
    body = models.JSONField(_("报文"))
    received_at = models.DateTimeField(_("收到时间"))

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name = _("平台报文")
        verbose_name_plural = _("平台报文")
        constraints = [
            models.UniqueConstraint(fields=["platform", "message_id"], name="disposal_message_once"),
        ]
