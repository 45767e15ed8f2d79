"""The audit actions of the dishonest list, consumption restriction and certificates, declared once
with their Chinese labels (zhixing.core.audit). Details carry masked identity codes only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.core import audit

_CASE = _("案号")
_DEBTOR = _("被执行人")
_CODE = _("证件号码（已遮蔽）")

for action, label, extra in (
    ("credit.propose_listing", _("提请纳入失信名单"), {"ground": _("失信情形")}),
    (
        "credit.decide_listing",
        _("审批失信名单"),
        {"approved": _("批准"), "reason": _("理由"), "document": _("文书编号")},
    ),
    ("credit.publish_listing", _("公布失信信息"), {"published_on": _("公布日期")}),
    ("credit.note_trigger", _("登记失信信息删除事由"), {"trigger": _("删除事由"), "due_on": _("应删除日期")}),
    ("credit.remove_listing", _("删除失信信息"), {"trigger": _("删除事由"), "removed_on": _("删除日期")}),
    ("credit.revoke_listing", _("撤销失信决定"), {"reason": _("理由")}),
    ("credit.correct_listing", _("更正失信信息"), {"changes": _("更正事项")}),
    (
        "credit.record_correction",
        _("登记纠正申请"),
        {"ground": _("纠正事由"), "review_due_on": _("审查期限")},
    ),
    ("credit.decide_correction", _("审查纠正申请"), {"outcome": _("审查结果"), "note": _("审查意见")}),
    (
        "credit.reconsideration",
        _("登记纠正复议"),
        {"stage": _("环节"), "on": _("日期"), "outcome": _("结果")},
    ),
    ("credit.propose_restriction", _("提请限制消费"), {"persons": _("限制人员")}),
    (
        "credit.issue_restriction",
        _("审批限制消费令"),
        {"approved": _("批准"), "reason": _("理由"), "document": _("文书编号")},
    ),
    ("credit.lift_restriction", _("解除限制消费令"), {"reason": _("解除事由")}),
    ("credit.request_permit", _("登记必要消费申请"), {"item": _("消费事项"), "reason": _("事由")}),
    ("credit.decide_permit", _("审批必要消费申请"), {"item": _("消费事项"), "granted": _("准许")}),
    ("credit.issue_certificate", _("出具自动履行证明"), {"document": _("文书编号")}),
    (
        "credit.register_agency",
        _("登记联合惩戒单位"),
        {"code": _("单位代码"), "name": _("单位名称"), "url": _("接口地址")},
    ),
):
    audit.declare(action, label, {"case": _CASE, "debtor": _DEBTOR, "code": _CODE, **extra})
