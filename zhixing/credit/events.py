"""The case events of credit measures, declared once with their Chinese labels (zhixing.cases.events).
Details name the debtor and the ground, never an identity code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.cases.events import DATE, Detail, declare

_DEBTOR = Detail(_("被执行人"))
_GROUND = Detail(_("失信情形"))
_DOCUMENT = Detail(_("文书编号"))
_REASON = Detail(_("理由"))
_TRIGGER = Detail(_("删除事由"))
_DUE = Detail(_("应删除日期"), DATE)

LISTING_PROPOSED = declare(
    "listing_proposed",
    _("提请纳入失信被执行人名单"),
    debtor=_DEBTOR,
    ground=_GROUND,
    requested=Detail(_("依申请")),
)
LISTING_REFUSED = declare("listing_refused", _("失信名单提请未获批准"), debtor=_DEBTOR, reason=_REASON)
LISTING_DECIDED = declare(
    "listing_decided",
    _("决定纳入失信被执行人名单"),
    debtor=_DEBTOR,
    ground=_GROUND,
    document=_DOCUMENT,
    term_end=Detail(_("期限届满日"), DATE),
    publish_on=Detail(_("公布日期"), DATE),
)
LISTING_PUBLISHED = declare("listing_published", _("公布失信被执行人信息"), debtor=_DEBTOR)
REMOVAL_DUE = declare(
    "listing_removal_due", _("出现失信信息删除事由"), debtor=_DEBTOR, trigger=_TRIGGER, due_on=_DUE
)
LISTING_REMOVED = declare("listing_removed", _("删除失信信息"), debtor=_DEBTOR, trigger=_TRIGGER, due_on=_DUE)
LISTING_REVOKED = declare("listing_revoked", _("撤销失信决定"), debtor=_DEBTOR, reason=_REASON)
LISTING_CORRECTED = declare(
    "listing_corrected", _("更正失信信息"), debtor=_DEBTOR, fields=Detail(_("更正事项"))
)
CORRECTION_FILED = declare(
    "correction_filed",
    _("收到失信信息纠正申请"),
    debtor=_DEBTOR,
    ground=Detail(_("纠正事由")),
    review_due_on=Detail(_("审查期限"), DATE),
)
CORRECTION_DECIDED = declare(
    "correction_decided",
    _("审查失信信息纠正申请"),
    debtor=_DEBTOR,
    outcome=Detail(_("审查结果")),
    note=_REASON,
)
RESTRICTION_PROPOSED = declare(
    "restriction_proposed", _("提请发出限制消费令"), debtor=_DEBTOR, persons=Detail(_("限制人员"))
)
RESTRICTION_REFUSED = declare(
    "restriction_refused", _("限制消费令提请未获批准"), debtor=_DEBTOR, reason=_REASON
)
RESTRICTION_ISSUED = declare(
    "restriction_issued",
    _("发出限制消费令"),
    debtor=_DEBTOR,
    document=_DOCUMENT,
    persons=Detail(_("限制人员")),
)
RESTRICTION_LIFTED = declare("restriction_lifted", _("解除限制消费令"), debtor=_DEBTOR, reason=_REASON)
PERMIT_REQUESTED = declare(
    "permit_requested",
    _("申请必要消费"),
    person=Detail(_("申请人")),
    item=Detail(_("消费事项")),
    reason=_REASON,
)
PERMIT_DECIDED = declare(
    "permit_decided",
    _("审批必要消费申请"),
    person=Detail(_("申请人")),
    item=Detail(_("消费事项")),
    granted=Detail(_("准许")),
)
CERTIFICATE_ISSUED = declare("certificate_issued", _("出具自动履行证明"), debtor=_DEBTOR, document=_DOCUMENT)

# What the parties are told in the party portal (rules §11.2: the measures taken, by ruling or
# decision): the decisions and their undoing, not the internal proposals and reviews.
DISCLOSED_TO_PARTIES = (
    LISTING_DECIDED,
    LISTING_PUBLISHED,
    LISTING_REMOVED,
    LISTING_REVOKED,
    LISTING_CORRECTED,
    RESTRICTION_ISSUED,
    RESTRICTION_LIFTED,
    PERMIT_DECIDED,
    CERTIFICATE_ISSUED,
)
