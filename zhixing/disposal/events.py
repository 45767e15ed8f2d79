"""The case events of disposal, declared once with their Chinese labels (zhixing.cases.events).
Details name the property and the amounts, never a buyer's identity code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.cases.events import DATE, YUAN, Detail, declare

_ASSET = Detail(_("处置财产"))
_PRICE = Detail(_("价格"), YUAN)
_ROUND = Detail(_("轮次"))
_REASON = Detail(_("事由"))
_DOCUMENT = Detail(_("文书编号"))

DISPOSAL_STARTED = declare(
    "disposal_started", _("启动财产处置"), asset=_ASSET, reference_due_on=Detail(_("确定参考价期限"), DATE)
)
PRICE_STARTED = declare("price_started", _("启动确定参考价"), asset=_ASSET, method=Detail(_("方式")))
PRICE_SET = declare("price_set", _("确定参考价"), asset=_ASSET, method=Detail(_("方式")), price=_PRICE)
PRICE_FAILED = declare(
    "price_failed", _("确定参考价未果"), asset=_ASSET, method=Detail(_("方式")), reason=_REASON
)
PRICE_OBJECTION = declare(
    "price_objection", _("对参考价提出异议"), asset=_ASSET, by=Detail(_("异议人")), ruling=Detail(_("处理"))
)
AUCTION_PROPOSED = declare(
    "auction_proposed", _("提请合议拍卖方案"), asset=_ASSET, round=_ROUND, start=_PRICE
)
AUCTION_DECIDED = declare(
    "auction_decided", _("合议庭确定拍卖方案"), asset=_ASSET, round=_ROUND, start=_PRICE
)
AUCTION_LISTED = declare(
    "auction_listed", _("发布拍卖公告"), asset=_ASSET, round=_ROUND, starts=Detail(_("竞价开始"))
)
AUCTION_SOLD = declare("auction_sold", _("拍卖成交"), asset=_ASSET, round=_ROUND, price=_PRICE)
AUCTION_FAILED = declare("auction_failed", _("流拍"), asset=_ASSET, round=_ROUND)
AUCTION_RENEGED = declare(
    "auction_reneged",
    _("买受人悔拍"),
    asset=_ASSET,
    round=_ROUND,
    forfeited=Detail(_("不予退还保证金"), YUAN),
)
AUCTION_SUSPENDED = declare("auction_suspended", _("暂缓拍卖"), asset=_ASSET, reason=_REASON)
AUCTION_RESUMED = declare("auction_resumed", _("恢复拍卖"), asset=_ASSET)
PROCEEDS_RECEIVED = declare(
    "auction_proceeds", _("拍卖款到账"), asset=_ASSET, what=Detail(_("款项")), amount=Detail(_("金额"), YUAN)
)
CONFIRMED = declare(
    "auction_confirmed", _("作出成交确认裁定"), asset=_ASSET, price=_PRICE, document=_DOCUMENT
)
RULING_SERVED = declare(
    "auction_ruling_served", _("成交确认裁定送达买受人"), asset=_ASSET, served_on=Detail(_("送达日"), DATE)
)
TRANSFER_NOTICE = declare("transfer_notice", _("发出协助过户通知书"), asset=_ASSET, document=_DOCUMENT)
TAKEN_IN_PAYMENT = declare("taken_in_payment", _("以物抵债"), asset=_ASSET, price=_PRICE)
TAKING_REFUSED = declare("taking_refused", _("申请执行人拒绝以物抵债"), asset=_ASSET, price=_PRICE)
FORFEIT_APPLIED = declare(
    "forfeit_applied",
    _("悔拍保证金冲抵"),
    asset=_ASSET,
    costs=Detail(_("执行费用"), YUAN),
    shortfall=Detail(_("差价"), YUAN),
    debt=Detail(_("冲抵债务"), YUAN),
    returned=Detail(_("退还悔拍人"), YUAN),
)
RELEASED = declare("disposal_released", _("财产不能处置，解除查封"), asset=_ASSET, reason=_REASON)
DISTRIBUTION_DRAWN = declare(
    "distribution_drawn",
    _("制作分配方案"),
    amount=Detail(_("分配金额"), YUAN),
    creditors=Detail(_("债权人数")),
)
DISTRIBUTION_NOTIFIED = declare(
    "distribution_notified", _("送达分配方案"), objection_due_on=Detail(_("异议期限"), DATE)
)
DISTRIBUTION_OBJECTED = declare("distribution_objected", _("分配方案异议"), by=Detail(_("异议人")))
DISTRIBUTION_RULED = declare(
    "distribution_ruled", _("分配方案异议处理"), by=Detail(_("异议人")), ruling=Detail(_("处理结果"))
)
DISTRIBUTION_FINAL = declare("distribution_final", _("分配方案确定"), amount=Detail(_("分配金额"), YUAN))
DISTRIBUTION_SHARE = declare(
    "distribution_share", _("分得执行款"), amount=Detail(_("金额"), YUAN), source=Detail(_("来源案件"))
)
