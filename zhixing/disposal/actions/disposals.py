"""A seized asset's disposal: starting it from its seizure (the 30-day clock of the reference price,
rules §3.2 and §8), and suspending and resuming its auction (rules §8.15)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.actions.common import ActionError, today
from zhixing.cases.actions.nodes import open_node
from zhixing.core import audit
from zhixing.courts.actors import is_system
from zhixing.inquiry.models import Measure

from .. import connector, events, permissions, rules
from ..models import Auction, Disposal

REFERENCE_NODE = "disposal_reference_price"


def describe(asset: Any) -> str:
    """The property as the events, the audit and the notices name it (no identity code in it)."""
    text = (asset.description or "").strip() or str(asset.get_type_display())
    return text[:200]


@transaction.atomic
def start_disposal(measure: Measure, *, actor: Any) -> Disposal:
    """Begin disposing of the property `measure` holds: an active seal, seizure or freeze of real
    estate, a vehicle or securities (money is deducted, not sold: rules.disposal_kind). The seizure
    date is the measure's start; the reference-price procedure is due to start within 30 days of it
    (rules.reference_due), a node of the case with that deadline. One open disposal per measure."""
    measure = Measure.objects.select_for_update().select_related("asset", "case").get(pk=measure.pk)
    case = measure.case
    permissions.check_handle_disposal(actor, case)
    kind = rules.disposal_kind(measure.asset.type)
    if kind is None:
        raise ActionError(_("存款、公积金等款项应扣划，不经拍卖处置"))
    if measure.status != Measure.ACTIVE or measure.start is None:
        raise ActionError(_("只能处置查封、扣押、冻结措施生效中的财产"))
    if Disposal.objects.filter(measure=measure, status__in=Disposal.OPEN).exists():
        raise ActionError(_("该财产已在处置中"))
    if Disposal.objects.filter(measure=measure, status__in=[Disposal.SOLD, Disposal.TAKEN]).exists():
        # Sold or taken in payment: it belongs to the buyer or the applicant now, not to the debtor.
        raise ActionError(_("该财产已成交或以物抵债，不能再次处置"))
    asset = measure.asset
    description = describe(asset)
    due = rules.reference_due(measure.start)
    try:
        with transaction.atomic():
            disposal = Disposal.objects.create(
                case=case,
                asset=asset,
                measure=measure,
                kind=kind,
                description=description,
                seized_on=measure.start,
                reference_due_on=due.on,
                officer=None if is_system(actor) else actor,
                created_at=timezone.now(),
            )
    except IntegrityError as err:  # another request started it a moment ago
        raise ActionError(_("该财产已在处置中")) from err
    open_node(case, REFERENCE_NODE, due, actor=actor, note=description)
    case_events.emit(
        case, events.DISPOSAL_STARTED, actor, asset=description, reference_due_on=due.on.isoformat()
    )
    audit.append("disposal.start", disposal, {"case": case.case_number, "asset": description}, actor)
    return disposal


def _listed_round(disposal: Disposal, statuses: tuple[str, ...]) -> Auction | None:
    return (
        Auction.objects.select_for_update()
        .filter(disposal=disposal, status__in=statuses)
        .order_by("-round_no", "-id")
        .first()
    )


@transaction.atomic
def suspend_auction(disposal: Disposal, reason: str, *, actor: Any) -> Disposal:
    """Suspend (暂缓/中止) the auction of `disposal` (rules §8.15, art 28): the listed round's bidding
    stops on the platform, and the disposal records since when and why."""
    disposal = Disposal.objects.select_for_update().get(pk=disposal.pk)
    permissions.check_handle_disposal(actor, disposal.case)
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(_("请填写暂缓拍卖的事由"))
    if disposal.status not in (Disposal.AUCTION, Disposal.SALE):
        raise ActionError(_("该财产不在拍卖或变卖中，无需暂缓"))
    if disposal.suspended_since is not None:
        raise ActionError(_("该拍卖已暂缓"))
    on = today()
    auction = _listed_round(disposal, (Auction.LISTED,))
    if auction is not None:
        if auction.lot_id:
            try:
                connector.suspend(auction.platform, disposal.case.court, auction.lot_id)
            except connector.ConnectorError as err:
                raise ActionError(str(err)) from err
        auction.status, auction.suspended_on, auction.resume_by = Auction.SUSPENDED, on, None
        auction.save(update_fields=["status", "suspended_on", "resume_by"])
    disposal.suspended_since, disposal.suspension_reason = on, reason[:200]
    disposal.save(update_fields=["suspended_since", "suspension_reason"])
    case_events.emit(
        disposal.case, events.AUCTION_SUSPENDED, actor, asset=disposal.description, reason=reason
    )
    audit.append("disposal.suspend", disposal, {"case": disposal.case.case_number, "reason": reason}, actor)
    return disposal


@transaction.atomic
def resume_auction(disposal: Disposal, *, actor: Any, cause_ended_on: dt.date | None = None) -> Disposal:
    """Resume a suspended auction. The law wants it resumed within 5 days of the cause ending (rules
    §8.15: rules.resume_by); `cause_ended_on` (default today) is recorded on the round as its
    `resume_by`, so a late resumption shows as such. The platform's lot resumes."""
    disposal = Disposal.objects.select_for_update().get(pk=disposal.pk)
    permissions.check_handle_disposal(actor, disposal.case)
    if disposal.suspended_since is None:
        raise ActionError(_("该拍卖未暂缓"))
    on = today()
    ended = cause_ended_on or on
    if ended < disposal.suspended_since or ended > on:
        raise ActionError(_("暂缓事由消灭日应在暂缓日与今天之间"))
    auction = _listed_round(disposal, (Auction.SUSPENDED,))
    if auction is not None:
        if auction.lot_id:
            try:
                connector.resume(auction.platform, disposal.case.court, auction.lot_id)
            except connector.ConnectorError as err:
                raise ActionError(str(err)) from err
        auction.status, auction.resume_by = Auction.LISTED, rules.resume_by(ended)
        auction.save(update_fields=["status", "resume_by"])
    disposal.suspended_since, disposal.suspension_reason = None, ""
    disposal.save(update_fields=["suspended_since", "suspension_reason"])
    case_events.emit(disposal.case, events.AUCTION_RESUMED, actor, asset=disposal.description)
    audit.append("disposal.resume", disposal, {"case": disposal.case.case_number}, actor)
    return disposal
