"""The case events of relief, declared once with their Chinese labels (zhixing.cases.events). Details
name amounts, dates and numbers, never an identity code or a phone."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.cases.events import DATE, YUAN, Detail, declare

_CAMPAIGN = Detail(_("专项行动"))
_AMOUNT = Detail(_("金额"), YUAN)

CAMPAIGN_ENTERED = declare(
    "campaign_entered", _("纳入专项行动"), campaign=_CAMPAIGN, source=Detail(_("纳入方式"))
)
CAMPAIGN_LEFT = declare("campaign_left", _("移出专项行动"), campaign=_CAMPAIGN, reason=Detail(_("理由")))
SETTLEMENT_RECORDED = declare(
    "settlement_recorded",
    _("记录执行和解协议"),
    agreed_on=Detail(_("签订日期"), DATE),
    amount=_AMOUNT,
    instalments=Detail(_("期数")),
    mode=Detail(_("和解后程序")),
)
SETTLEMENT_BREACHED = declare(
    "settlement_breached", _("和解协议未按约履行"), seq=Detail(_("期数")), due_on=Detail(_("履行日期"), DATE)
)
SETTLEMENT_PERFORMED = declare("settlement_performed", _("和解协议履行完毕"), amount=_AMOUNT)
SETTLEMENT_RESUMED = declare(
    "settlement_resumed", _("和解后恢复执行"), resumed_as=Detail(_("恢复执行案号")), claim=_AMOUNT
)
SETTLEMENT_SUED = declare("settlement_sued", _("就和解协议提起诉讼"), sued_on=Detail(_("起诉日期"), DATE))
RELIEF_APPLIED = declare("relief_applied", _("申请司法救助"), number=Detail(_("救助案号")), amount=_AMOUNT)
RELIEF_DECIDED = declare(
    "relief_decided",
    _("司法救助决定"),
    number=Detail(_("救助案号")),
    amount=_AMOUNT,
    approved=Detail(_("决定")),
)
RELIEF_PAID = declare("relief_paid", _("发放司法救助金"), number=Detail(_("救助案号")), amount=_AMOUNT)
RELIEF_RECOVERED = declare(
    "relief_recovered", _("追回司法救助金"), number=Detail(_("救助案号")), amount=_AMOUNT
)
