"""The case events of case funds, declared once with their Chinese labels (zhixing.cases.events)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.cases.events import DATE, YUAN, Detail, declare

_AMOUNT = Detail(_("金额"), YUAN)
_CHANNEL = Detail(_("渠道"))

RECEIVED = declare(
    "funds_received",
    _("案款到账"),
    amount=_AMOUNT,
    channel=_CHANNEL,
    transaction_id=Detail(_("银行交易流水号")),
)
CLAIMED = declare(
    "funds_claimed", _("认领到账款"), amount=_AMOUNT, transaction_id=Detail(_("银行交易流水号"))
)
PAYOUT_REQUESTED = declare("payout_requested", _("申请发放案款"), amount=_AMOUNT, payee=Detail(_("收款人")))
PAYOUT_APPROVED = declare(
    "payout_approved", _("发放审批"), step=Detail(_("环节")), approved=Detail(_("同意"))
)
PAYOUT_CONFIRMED = declare(
    "payout_confirmed", _("案款已发放"), amount=_AMOUNT, fee=Detail(_("扣收执行费"), YUAN)
)
PAYOUT_BOUNCED = declare("payout_bounced", _("发放被退回"), amount=_AMOUNT, reason=Detail(_("原因")))
DIRECT_PAYMENT = declare(
    "direct_payment", _("被执行人直接支付"), amount=_AMOUNT, paid_on=Detail(_("支付日期"), DATE)
)
HOLD_STARTED = declare("funds_held", _("案款暂存"), reason=Detail(_("暂存事由")))
HOLD_ENDED = declare("funds_hold_ended", _("暂存结束"), end_on=Detail(_("结束日期"), DATE))
TRANSFERRED = declare(
    "funds_transferred",
    _("案件账户间划转案款"),
    amount=_AMOUNT,
    direction=Detail(_("方向")),
    other_case=Detail(_("对方案件")),
    memo=Detail(_("事由")),
)
