"""The audit actions of relief, declared once with their Chinese labels (zhixing.core.audit)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.core import audit

_CASE = _("案号")
_CAMPAIGN = _("专项行动")
_NUMBER = _("救助案号")
_AMOUNT = _("金额")

audit.declare("relief.campaign", _("设立或变更专项行动"), {"campaign": _CAMPAIGN, "courts": _("参加法院数")})
audit.declare("relief.campaign_enrol", _("纳入专项行动案件"), {"campaign": _CAMPAIGN, "cases": _("案件数")})
audit.declare("relief.campaign_remove", _("移出专项行动案件"), {"campaign": _CAMPAIGN, "case": _CASE})
audit.declare("relief.settlement", _("记录执行和解协议"), {"case": _CASE, "amount": _AMOUNT})
audit.declare("relief.settlement_state", _("和解协议履行情况"), {"case": _CASE, "status": _("状态")})
audit.declare(
    "relief.settlement_resume", _("和解后恢复执行"), {"case": _CASE, "resumed_as": _("恢复执行案号")}
)
audit.declare("relief.settlement_sue", _("就和解协议起诉"), {"case": _CASE})
audit.declare(
    "relief.wage", _("设置职工月平均工资"), {"province": _("省份"), "year": _("年度"), "monthly": _AMOUNT}
)
audit.declare("relief.apply", _("登记司法救助申请"), {"case": _CASE, "number": _NUMBER})
audit.declare(
    "relief.decide", _("司法救助决定"), {"number": _NUMBER, "amount": _AMOUNT, "approved": _("决定")}
)
audit.declare("relief.pay", _("发放司法救助金"), {"number": _NUMBER, "amount": _AMOUNT})
audit.declare("relief.recover", _("追回司法救助金"), {"number": _NUMBER, "amount": _AMOUNT})
