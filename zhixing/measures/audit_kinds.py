"""The audit actions of measures, declared once with their Chinese labels (zhixing.core.audit)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.core import audit

_CASE = _("案号")
_KIND = _("措施")
_WHO = _("被采取措施人")
_OP = _("外勤行动")

audit.declare("measures.obstruction", _("记录妨害执行行为"), {"case": _CASE, "kind": _("行为")})
audit.declare("measures.propose", _("提请强制措施"), {"case": _CASE, "kind": _KIND, "who": _WHO})
audit.declare("measures.decide", _("审批强制措施"), {"case": _CASE, "kind": _KIND, "approved": _("批准")})
audit.declare("measures.carry_out", _("执行强制措施"), {"case": _CASE, "kind": _KIND, "at": _("时间")})
audit.declare("measures.end", _("结束强制措施"), {"case": _CASE, "kind": _KIND, "reason": _("事由")})
audit.declare("measures.cancel", _("撤销强制措施"), {"case": _CASE, "kind": _KIND, "reason": _("事由")})
audit.declare("measures.fine_paid", _("罚款入账"), {"case": _CASE, "amount": _("金额")})
audit.declare(
    "measures.informant", _("登记悬赏举报人"), {"case": _CASE, "seq": _("顺序号"), "phone": _("电话（遮蔽）")}
)
audit.declare("measures.informant_read", _("查看举报人联系方式"), {"case": _CASE, "purpose": _("用途")})
audit.declare(
    "measures.reward_paid", _("支付悬赏金"), {"case": _CASE, "seq": _("顺序号"), "amount": _("金额")}
)
audit.declare("measures.equipment", _("登记或变更装备"), {"code": _("编号"), "state": _("状态")})
audit.declare("measures.duty", _("排班"), {"user": _("人员"), "on": _("日期"), "role": _("岗位")})
audit.declare("measures.plan", _("部署外勤行动"), {"operation": _OP, "cases": _("案件数")})
audit.declare("measures.book", _("预约装备"), {"operation": _OP, "equipment": _("装备")})
audit.declare("measures.operation_status", _("外勤行动状态变更"), {"operation": _OP, "status": _("状态")})
audit.declare("measures.field_record", _("外勤现场记录"), {"operation": _OP, "kind": _("类别")})
audit.declare(
    "measures.field_cash", _("外勤现场收款"), {"operation": _OP, "case": _CASE, "amount": _("金额")}
)
audit.declare(
    "measures.cash_handover",
    _("现场收款移交财务"),
    {"case": _CASE, "amount": _("金额"), "receipt": _("收据号")},
)
audit.declare("measures.evidence", _("上传证据"), {"case": _CASE, "sha256": _("指纹"), "size": _("字节数")})
audit.declare(
    "measures.supersede", _("替代证据"), {"case": _CASE, "old": _("原证据指纹"), "reason": _("理由")}
)
audit.declare("measures.referral", _("拒执罪移送"), {"case": _CASE, "step": _("环节"), "status": _("状态")})
audit.declare(
    "measures.verify_lead", _("核实悬赏线索"), {"case": _CASE, "seq": _("顺序号"), "confirmed": _("属实")}
)
audit.declare(
    "measures.register_agency",
    _("登记协作机关"),
    {"code": _("单位代码"), "kind": _("类别"), "url": _("地址")},
)
audit.declare(
    "measures.refuse_message",
    _("拒收协作机关报文"),
    {"agency": _("协作机关"), "message": _("报文编号"), "reason": _("原因")},
)
