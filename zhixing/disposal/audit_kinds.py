"""The audit actions of disposal, declared once with their Chinese labels (zhixing.core.audit)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.core import audit

_CASE = _("案号")
_ASSET = _("处置财产")
_PRICE = _("价格")
_ROUND = _("轮次")
_PLATFORM = _("拍卖平台")
_MESSAGE = _("报文编号")

audit.declare(
    "disposal.register_platform", _("登记网络司法拍卖平台"), {"code": _("平台代码"), "url": _("地址")}
)
audit.declare("disposal.start", _("启动财产处置"), {"case": _CASE, "asset": _ASSET})
audit.declare(
    "disposal.price_start", _("启动确定参考价"), {"case": _CASE, "asset": _ASSET, "method": _("方式")}
)
audit.declare(
    "disposal.price_report",
    _("收到询价评估报告"),
    {"case": _CASE, "source": _("出具机构"), "price": _PRICE, "valid": _("有效")},
)
audit.declare(
    "disposal.price_set",
    _("确定参考价"),
    {"case": _CASE, "asset": _ASSET, "method": _("方式"), "price": _PRICE},
)
audit.declare(
    "disposal.price_fail", _("确定参考价未果"), {"case": _CASE, "method": _("方式"), "reason": _("原因")}
)
audit.declare(
    "disposal.price_objection", _("参考价异议"), {"case": _CASE, "by": _("异议人"), "ruling": _("处理")}
)
audit.declare(
    "disposal.propose",
    _("提请合议拍卖方案"),
    {"case": _CASE, "asset": _ASSET, "round": _ROUND, "start": _("起拍价"), "deposit": _("保证金")},
)
audit.declare(
    "disposal.vote", _("合议庭成员同意拍卖方案"), {"case": _CASE, "round": _ROUND, "member": _("合议庭成员")}
)
audit.declare(
    "disposal.list",
    _("在平台发布拍卖"),
    {"case": _CASE, "platform": _PLATFORM, "lot": _("标的编号"), "round": _ROUND},
)
audit.declare(
    "disposal.message",
    _("收到平台报文"),
    {"platform": _PLATFORM, "message": _MESSAGE, "kind": _("类型"), "lot": _("标的编号")},
)
audit.declare(
    "disposal.refuse_message",
    _("拒收未通过验证的平台报文"),
    {"platform": _PLATFORM, "message": _MESSAGE, "reason": _("原因")},
)
audit.declare(
    "disposal.result",
    _("记录拍卖结果"),
    {"case": _CASE, "round": _ROUND, "result": _("结果"), "price": _PRICE},
)
audit.declare(
    "disposal.renege",
    _("悔拍处理"),
    {"case": _CASE, "round": _ROUND, "forfeited": _("不予退还保证金"), "applied": _("保证金用途")},
)
audit.declare("disposal.suspend", _("暂缓拍卖"), {"case": _CASE, "reason": _("事由")})
audit.declare("disposal.resume", _("恢复拍卖"), {"case": _CASE})
audit.declare(
    "disposal.confirm", _("作出成交确认裁定"), {"case": _CASE, "price": _PRICE, "document": _("文书编号")}
)
audit.declare("disposal.serve", _("成交确认裁定送达"), {"case": _CASE, "served_on": _("送达日")})
audit.declare("disposal.transfer_notice", _("发出协助过户通知书"), {"case": _CASE, "document": _("文书编号")})
audit.declare("disposal.take", _("以物抵债"), {"case": _CASE, "price": _PRICE})
audit.declare("disposal.refuse_taking", _("申请执行人拒绝以物抵债"), {"case": _CASE, "price": _PRICE})
audit.declare(
    "disposal.forfeit",
    _("悔拍保证金的处理"),
    {
        "case": _CASE,
        "round": _ROUND,
        "costs": _("执行费用"),
        "shortfall": _("差价"),
        "debt": _("冲抵债务"),
        "returned": _("退还"),
    },
)
audit.declare("disposal.release", _("不能处置解除查封"), {"case": _CASE, "asset": _ASSET})
audit.declare("disposal.distribution", _("分配方案"), {"case": _CASE, "step": _("环节"), "amount": _("金额")})
