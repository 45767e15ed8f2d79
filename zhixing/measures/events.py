"""The case events of measures, declared once with their Chinese labels (zhixing.cases.events).
Details name the measure, the person's name and the amounts, never an identity code or a phone."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.cases.events import DATE, YUAN, Detail, declare

_KIND = Detail(_("措施"))
_WHO = Detail(_("被采取措施人"))
_REASON = Detail(_("事由"))
_DOCUMENT = Detail(_("文书编号"))
_OPERATION = Detail(_("外勤行动"))

OBSTRUCTION_RECORDED = declare(
    "obstruction_recorded",
    _("记录妨害执行行为"),
    kind=Detail(_("行为")),
    occurred_on=Detail(_("发生日期"), DATE),
)
MEASURE_PROPOSED = declare("coercive_proposed", _("提请采取强制措施"), kind=_KIND, who=_WHO, reason=_REASON)
MEASURE_APPROVED = declare("coercive_approved", _("批准强制措施"), kind=_KIND, who=_WHO, document=_DOCUMENT)
MEASURE_REFUSED = declare("coercive_refused", _("不批准强制措施"), kind=_KIND, who=_WHO, reason=_REASON)
MEASURE_CARRIED_OUT = declare(
    "coercive_carried_out", _("执行强制措施"), kind=_KIND, who=_WHO, at=Detail(_("时间"))
)
MEASURE_ENDED = declare("coercive_ended", _("强制措施结束"), kind=_KIND, who=_WHO, reason=_REASON)
MEASURE_CANCELLED = declare("coercive_cancelled", _("撤销强制措施"), kind=_KIND, who=_WHO, reason=_REASON)
FINE_PAID = declare("fine_paid", _("缴纳罚款"), who=_WHO, amount=Detail(_("金额"), YUAN))
INFORMANT_REGISTERED = declare("informant_registered", _("登记悬赏举报人"), seq=Detail(_("顺序号")))
REWARD_PAID = declare("reward_paid", _("支付悬赏金"), seq=Detail(_("顺序号")), amount=Detail(_("金额"), YUAN))
OPERATION_TARGETED = declare(
    "operation_targeted", _("列入外勤行动"), operation=_OPERATION, place=Detail(_("地点"))
)
FIELD_RECORDED = declare("field_recorded", _("外勤现场记录"), operation=_OPERATION, kind=Detail(_("类别")))
FIELD_CASH_TAKEN = declare(
    "field_cash_taken",
    _("外勤现场收款"),
    operation=_OPERATION,
    amount=Detail(_("金额"), YUAN),
    receipt=Detail(_("收据号")),
)
FIELD_CASH_HANDED = declare(
    "field_cash_handed", _("现场收款移交财务"), amount=Detail(_("金额"), YUAN), receipt=Detail(_("收据号"))
)
EVIDENCE_ADDED = declare("evidence_added", _("上传证据"), title=Detail(_("说明")), sha256=Detail(_("指纹")))
EVIDENCE_SUPERSEDED = declare("evidence_superseded", _("证据被替代"), title=Detail(_("说明")), reason=_REASON)
REFERRAL_DRAFTED = declare(
    "referral_drafted", _("拟移送拒执罪线索"), crime=Detail(_("罪名")), suspects=Detail(_("犯罪嫌疑人"))
)
REFERRAL_SENT = declare("referral_sent", _("移送公安机关"), police=Detail(_("公安机关")), document=_DOCUMENT)
REFERRAL_PROGRESS = declare(
    "referral_progress", _("拒执罪移送进展"), status=Detail(_("状态")), on=Detail(_("日期"), DATE)
)
