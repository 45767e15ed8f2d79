"""The case events of network inquiry and control, declared once with their Chinese labels
(zhixing.cases.events). Details name institutions and masked accounts, never a full identity code or
account number."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.cases.events import DATE, YUAN, Detail, declare

_INSTITUTION = Detail(_("机构"))
_ASSET = Detail(_("财产"))
_EXPIRY = Detail(_("到期日"), DATE)
_KIND = Detail(_("措施"))

INQUIRY_SENT = declare(
    "inquiry_sent", _("发起网络查控"), batch=Detail(_("批次")), institutions=Detail(_("机构数"))
)
ASSETS_FOUND = declare(
    "assets_found",
    _("查询到财产"),
    institution=_INSTITUTION,
    assets=Detail(_("财产数")),
    debtor=Detail(_("被执行人")),
)
MEASURE_REQUESTED = declare(
    "measure_requested",
    _("发出查控措施"),
    measure=_KIND,
    asset=_ASSET,
    amount=Detail(_("金额"), YUAN),
    days=Detail(_("期限（日）")),
    document=Detail(_("裁定书文号")),
)
MEASURE_TAKEN = declare(
    "measure_taken",
    _("查控措施生效"),
    measure=_KIND,
    asset=_ASSET,
    expiry=_EXPIRY,
    position=Detail(_("顺位")),
)
MEASURE_REFUSED = declare(
    "measure_refused", _("查控措施被拒绝"), measure=_KIND, asset=_ASSET, reason=Detail(_("原因"))
)
MEASURE_RENEWED = declare(
    "measure_renewed", _("查控措施续行"), measure=_KIND, asset=_ASSET, old_expiry=_EXPIRY, expiry=_EXPIRY
)
MEASURE_RELEASED = declare(
    "measure_released", _("解除查控措施"), measure=_KIND, asset=_ASSET, reason=Detail(_("原因"))
)
MEASURE_DEDUCTED = declare(
    "measure_deducted",
    _("扣划存款"),
    asset=_ASSET,
    amount=Detail(_("金额"), YUAN),
    transaction_id=Detail(_("交易流水号")),
)
RENEWAL_DUE = declare(
    "measure_renewal_due", _("查控措施即将到期，需续行"), measure=_KIND, asset=_ASSET, expiry=_EXPIRY
)
MEASURE_LAPSED = declare("measure_lapsed", _("查控措施到期失效"), measure=_KIND, asset=_ASSET, expiry=_EXPIRY)
# After 终本 the court tells the applicant what each 6-monthly re-inquiry found (rules §2.3). The
# platform has no message channel to parties yet: this event on the case is the notice, for the party
# portal to show the applicant.
REINQUIRY_TOLD = declare(
    "reinquiry_result_told",
    _("告知申请执行人终本定期查询结果"),
    applicants=Detail(_("申请执行人")),
    result=Detail(_("查询结果")),
    assets=Detail(_("财产数")),
    batch=Detail(_("批次")),
)
