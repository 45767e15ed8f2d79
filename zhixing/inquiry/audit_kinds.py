"""The audit actions of network inquiry and control, declared once with their Chinese labels
(zhixing.core.audit)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.core import audit

_CASE = _("案号")
_INSTITUTION = _("机构")
_KEY = _("幂等键")

audit.declare(
    "inquiry.register_institution",
    _("登记查控机构"),
    {
        "code": _("机构代码"),
        "name": _("机构名称"),
        "kind": _("类别"),
        "link": _("连接方式"),
        "url": _("接口地址"),
    },
)
audit.declare(
    "inquiry.start_batch",
    _("发起网络查控批次"),
    {
        "court": _("法院"),
        "scope": _("范围"),
        "cases": _("案件数"),
        "debtors": _("被执行人数"),
        "requests": _("请求数"),
    },
)
audit.declare(
    "inquiry.send", _("发送查控指令"), {"key": _KEY, "institution": _INSTITUTION, "action": _("指令")}
)
audit.declare(
    "inquiry.answer",
    _("接收查控回执"),
    {"key": _KEY, "institution": _INSTITUTION, "action": _("指令"), "results": _("结果条数")},
)
audit.declare(
    "inquiry.fail", _("查控指令失败"), {"key": _KEY, "institution": _INSTITUTION, "error": _("原因")}
)
audit.declare(
    "inquiry.refuse_answer",
    _("拒收未通过验签的回执"),
    {"key": _KEY, "institution": _INSTITUTION, "reason": _("原因")},
)
audit.declare(
    "inquiry.measure",
    _("发出冻结/查封/扣押指令"),
    {
        "case": _CASE,
        "kind": _("措施"),
        "asset": _("财产"),
        "amount": _("金额"),
        "days": _("期限（日）"),
        "document": _("裁定书文号"),
        "sha256": _("裁定书摘要"),
    },
)
audit.declare(
    "inquiry.renew", _("发出续行指令"), {"case": _CASE, "asset": _("财产"), "days": _("期限（日）")}
)
audit.declare("inquiry.release", _("发出解除指令"), {"case": _CASE, "asset": _("财产"), "reason": _("原因")})
audit.declare("inquiry.deduct", _("发出扣划指令"), {"case": _CASE, "asset": _("财产"), "amount": _("金额")})
audit.declare(
    "inquiry.measure_result",
    _("查控措施回执"),
    {"case": _CASE, "asset": _("财产"), "action": _("指令"), "ok": _("成功"), "detail": _("说明")},
)
audit.declare(
    "inquiry.scan_measures",
    _("查控措施到期扫描"),
    {"on": _("日期"), "lapsed": _("失效"), "reminders": _("续行提醒")},
)
audit.declare(
    "inquiry.read_results",
    _("查看被执行人财产信息"),
    {"case": _CASE, "party": _("被执行人"), "purpose": _("用途")},
)
audit.declare("inquiry.court_key", _("生成法院签名密钥"), {"court": _("法院"), "signer": _("签名代码")})
audit.declare(
    "inquiry.outcomes",
    _("记录案件查询结果"),
    {"batch": _("批次"), "cases": _("案件数"), "found": _("查询到财产的案件数"), "told": _("告知申请执行人")},
)
