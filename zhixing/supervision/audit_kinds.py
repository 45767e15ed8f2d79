"""The audit actions this app writes, declared once with their Chinese labels (zhixing.core.audit)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.core import audit

_COURT, _REASON, _CHANGES = _("法院"), _("理由"), _("变更")

audit.declare(
    "supervision.snapshot",
    _("生成案件快照"),
    {"as_of": _("截至"), "rows": _("行数"), "sha256": _("文件摘要")},
)
audit.declare("supervision.bulletin", _("生成周通报"), {"week": _("周次"), "court": _COURT})
audit.declare(
    "supervision.definition",
    _("设置指标定义"),
    {"key": _("指标键"), "court": _COURT, "effective_from": _("生效日期")},
)
audit.declare("assessment_round_created", _("新建考核"), {"year": _("年份"), "courts": _("考核法院")})
audit.declare("assessment_values_set", _("录入考核指标值"), {"changes": _CHANGES})
audit.declare(
    "assessment_values_filled",
    _("从周通报填入考核指标值"),
    {"bulletins": _("周通报"), "changes": _CHANGES, "out_of_range": _("超出范围")},
)
audit.declare("assessment_values_edited", _("修改考核指标值"), {"reason": _REASON, "changes": _CHANGES})
audit.declare(
    "assessment_quorum_decided",
    _("作出法定人数决定"),
    {"ballots_cast": _("已投票数"), "issued": _("发放数"), "reason": _REASON},
)
audit.declare("assessment_codes_issued", _("发放投票码"), {"issued": _("发放数")})
audit.declare("assessment_vote_cast", _("投票"))
audit.declare(
    "assessment_published",
    _("公布考核结果"),
    {
        "ballots_cast": _("已投票数"),
        "issued": _("发放数"),
        "quorum": _("法定人数"),
        "before_meeting": _("会前公布"),
        "pdf_sha256": _("文件摘要"),
    },
)
