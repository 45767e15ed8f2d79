"""The audit actions of the credit app, declared once with their Chinese labels (zhixing.core.audit).

The pushes to the agencies (issue 11 item 3): each push acknowledged, refused (an acknowledgement
that did not verify), failed and sent again, and the file export of the records. (Registering an
agency, credit.register_agency, is declared with the listing decisions in audit_decisions.)
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.core import audit

_AGENCY = _("联合惩戒单位")
_KEY = _("报文编号")
_ACTION = _("动作")

audit.declare(
    "credit.push_ack",
    _("失信信息推送已确认"),
    {"key": _KEY, "agency": _AGENCY, "action": _ACTION, "ack_id": _("回执编号")},
)
audit.declare(
    "credit.push_refuse_ack",
    _("拒收未通过验签的推送回执"),
    {"key": _KEY, "agency": _AGENCY, "action": _ACTION, "reason": _("原因")},
)
audit.declare(
    "credit.push_fail",
    _("失信信息推送失败"),
    {"key": _KEY, "agency": _AGENCY, "action": _ACTION, "error": _("原因")},
)
audit.declare(
    "credit.push_requeue",
    _("重新推送失信信息"),
    {"key": _KEY, "agency": _AGENCY, "action": _ACTION},
)
audit.declare(
    "credit.export",
    _("导出失信信息文件"),
    {
        "agency": _AGENCY,
        "since": _("起始日期"),
        "format": _("格式"),
        "records": _("记录数"),
        "file": _("文件"),
    },
)
