"""The audit actions this app writes, declared once with their Chinese labels (zhixing.core.audit).
The case events are declared in zhixing.cases.events."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.core import audit

from . import events

_CASE = _("案号")
_NODE = {"case": _CASE, "node": _("节点"), "done_on": _("完成日期")}
_IMPORT = {"case": _CASE, "file": _("文件"), "row": _("行号")}

audit.declare("case.file", _("立案"), {"case_number": _CASE, "applied_amount": _("申请执行标的")})
audit.declare("case.assign_handler", _("分配承办人"), {"case": _CASE, "handler": _("承办人")})
audit.declare("case.request_closure", _("提请结案"), {"case": _CASE, "method": _("结案方式")})
audit.declare("case.refuse_closure", _("不批准结案"), {"case": _CASE, "note": _("意见")})
audit.declare("case.close", _("结案"), {"case": _CASE, "method": _("结案方式"), "closed_on": _("结案日期")})
audit.declare("case.resume", _("恢复执行"), {"case": _CASE, "resumed_as": _("恢复执行案号")})
audit.declare("case.extend", _("延长执行期限"), {"case": _CASE, "months": _("月数")})
audit.declare("case.import", _("导入案件"), _IMPORT)
audit.declare(
    "case.import_update",
    _("导入更新案件"),
    {**_IMPORT, "changed": _("变更")},
    fields={name: detail.label for name, detail in events.CASE_FIELDS.items()},
)
audit.declare("party.add", _("增加当事人"), {"case": _CASE, "role": _("诉讼地位"), "name": _("名称")})
audit.declare(
    "party.read_identity",
    _("查看完整证件号码"),
    {"case": _CASE, "party": _("当事人"), "role": _("诉讼地位"), "purpose": _("用途")},
)
audit.declare("period.start", _("开始扣除期限"), {"case": _CASE, "kind": _("事由"), "start_on": _("起始日")})
audit.declare("period.end", _("结束扣除期限"), {"case": _CASE, "end_on": _("终止日")})
audit.declare("node.record", _("记录流程节点"), _NODE)
audit.declare("node.scan_overdue", _("超期节点扫描"), {"on": _("日期"), "marked": _("标记数")})
audit.declare(
    "node.recompute_provisional",
    _("重算暂定期限"),
    {"year": _("年份"), "recomputed": _("重算节点数"), "moved": _("期限变动数"), "due_on": _("期限")},
)
