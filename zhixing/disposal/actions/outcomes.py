"""How a disposal ends: the sale confirmed by ruling (成交确认裁定, rules §8.10), served on the buyer
(ownership passes), the registry asked to transfer; the property taken in payment (以物抵债) or, the
applicant refusing, released as property that cannot be disposed of (addendum §2.2); a reneger's
forfeited deposit applied (rules §8.11); and the closing check that holds 终本 while property is being
sold."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases import rules as case_rules
from zhixing.cases.actions import open_node, record_node
from zhixing.cases.actions.common import ActionError, today
from zhixing.cases.actions.periods import end_excluded_period
from zhixing.cases.models import Case, Party
from zhixing.core import audit
from zhixing.core.calendar import provisional_due
from zhixing.core.models import AuditEntry
from zhixing.core.money import format_yuan, plus
from zhixing.documents.rules import AUCTION_CONFIRMATION, TRANSFER_ASSISTANCE

from .. import documents, events, permissions, rules
from ..models import Auction, BarredBidder, Disposal
from .auctions import AUCTION_PERIOD

TRANSFER_NOTICE_DAYS = 5  # the notice to the registry within 5 days of service (rules §3.2)


def _locked(disposal: Disposal) -> Disposal:
    return (
        Disposal.objects.select_for_update(of=("self",))
        .select_related("case__court", "asset__institution", "measure", "platform")
        .get(pk=disposal.pk)
    )


def _end_auction_period(case: Case, on: dt.date, actor: Any) -> None:
    """The "auction" period stops being excluded from the execution period when the disposal ends
    (rules §3.1), unless another disposal of the case is still being auctioned."""
    others = Disposal.objects.filter(case=case, status__in=[Disposal.AUCTION, Disposal.SALE]).exists()
    period = case.excluded_periods.filter(kind=AUCTION_PERIOD, end_on__isnull=True).first()
    if period is not None and not others:
        end_excluded_period(period, max(on, period.start_on), actor=actor)


def sold_round(disposal: Disposal) -> Auction:
    auction = disposal.auctions.filter(status=Auction.SOLD).order_by("-id").first()
    if auction is None:
        raise ActionError(_("该财产尚未成交"))
    return auction


def _particulars(disposal: Disposal, auction: Auction | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "asset": disposal.description,
        "account": disposal.asset.account,
        "platform": disposal.platform.name if disposal.platform else "",
        "buyer": disposal.buyer_name,
        "buyer_code": disposal.buyer_id_masked,
        "price": format_yuan(disposal.price) if disposal.price is not None else "",
        "ruling_number": disposal.ruling_number,
    }
    if auction is not None:
        values["round"] = auction.label
        ended = auction.ended_at or auction.bidding_ends_at
        values["ended_on"] = documents.body_date(timezone.localtime(ended).date())
    return values


@transaction.atomic
def confirm_sale(disposal: Disposal, *, actor: Any) -> Disposal:
    """The confirmation ruling (执行裁定书, 成交确认) once the whole price is in the case account (the
    deposit transferred and the balance paid): issued as a PDF (documents kind `auction_confirmation`,
    which records the node of that name); the "auction" excluded period ends."""
    disposal = _locked(disposal)
    case = disposal.case
    permissions.check_confirm_sale(actor, disposal)
    if case.is_closed:
        raise ActionError(_("案件已结案，不能再处置财产"))
    if disposal.status != Disposal.SOLD:
        raise ActionError(_("该财产尚未成交"))
    if disposal.ruling_number:
        raise ActionError(_("已作出成交确认裁定（%(n)s）") % {"n": disposal.ruling_number})
    auction = sold_round(disposal)
    received = auction.deposit_received + auction.balance_received
    if auction.price is None or received != auction.price:
        raise ActionError(
            _("成交价款尚未全部到账（成交价 %(price)s 元，已到账 %(got)s 元）")
            % {"price": auction.price, "got": received}
        )
    document = documents.issue(case, AUCTION_CONFIRMATION, _particulars(disposal, auction), actor=actor)
    on = document.issued_on
    disposal.ruling_number, disposal.ruling_on, disposal.ended_on = document.number, on, on
    disposal.save(update_fields=["ruling_number", "ruling_on", "ended_on"])
    _end_auction_period(case, on, actor)
    case_events.emit(
        case,
        events.CONFIRMED,
        actor,
        asset=disposal.description,
        price=str(disposal.price),
        document=document.number,
    )
    audit.append(
        "disposal.confirm",
        disposal,
        {"case": case.case_number, "price": str(disposal.price), "document": document.number},
        actor,
    )
    return disposal


@transaction.atomic
def serve_ruling(disposal: Disposal, served_on: dt.date, *, actor: Any) -> Disposal:
    """The confirmation ruling served on the buyer: ownership passes that day (rules §8.10, 网拍规定
    art 22); the notice to the registry is due within 5 days (node `transfer_assistance`)."""
    disposal = _locked(disposal)
    case = disposal.case
    permissions.check_handle_disposal(actor, case)
    if not disposal.ruling_number or disposal.ruling_on is None:
        raise ActionError(_("尚未作出成交确认裁定"))
    if disposal.served_on is not None:
        raise ActionError(_("成交确认裁定已于 %(d)s 送达") % {"d": disposal.served_on})
    if not disposal.ruling_on <= served_on <= today():
        raise ActionError(_("送达日应在裁定日与今天之间"))
    disposal.served_on = served_on
    disposal.save(update_fields=["served_on"])
    open_node(
        case,
        "transfer_assistance",
        provisional_due(served_on, TRANSFER_NOTICE_DAYS, "days"),
        actor=actor,
        note=disposal.ruling_number,
    )
    case_events.emit(
        case, events.RULING_SERVED, actor, asset=disposal.description, served_on=served_on.isoformat()
    )
    audit.append("disposal.serve", disposal, {"case": case.case_number, "served_on": served_on}, actor)
    return disposal


@transaction.atomic
def send_transfer_notice(disposal: Disposal, *, actor: Any) -> Disposal:
    """The notice to the registry to assist the transfer (协助执行通知书, documents kind
    `transfer_assistance`, addressed to the institution the property is registered at), after the
    ruling was served; issuing it records the node `transfer_assistance`."""
    disposal = _locked(disposal)
    case = disposal.case
    permissions.check_handle_disposal(actor, case)
    if disposal.served_on is None:
        raise ActionError(_("成交确认裁定送达买受人后才能通知登记机关过户"))
    if disposal.transfer_notice_number:
        raise ActionError(_("已发出协助过户通知书（%(n)s）") % {"n": disposal.transfer_notice_number})
    particulars = {**_particulars(disposal), "addressee": disposal.asset.institution.name}
    document = documents.issue(case, TRANSFER_ASSISTANCE, particulars, actor=actor)
    disposal.transfer_notice_number, disposal.transfer_notice_on = document.number, document.issued_on
    disposal.save(update_fields=["transfer_notice_number", "transfer_notice_on"])
    case_events.emit(
        case, events.TRANSFER_NOTICE, actor, asset=disposal.description, document=document.number
    )
    audit.append(
        "disposal.transfer_notice", disposal, {"case": case.case_number, "document": document.number}, actor
    )
    return disposal


# --- after the sale failed ---------------------------------------------------------------------------


def _failed_sale(disposal: Disposal) -> Auction:
    last = disposal.auctions.exclude(status=Auction.CANCELLED).order_by("-round_no", "-id").first()
    if last is None or last.stage != Auction.SALE or last.status != Auction.FAILED:
        raise ActionError(_("须两次拍卖流拍且变卖未成交后，才能以物抵债或解除"))
    return last


@transaction.atomic
def take_in_payment(disposal: Disposal, *, actor: Any) -> Disposal:
    """The applicant takes the property in payment (以物抵债) at the last price, the failed sale's
    (rules §8.13, issue 12 item 4). The disposal is TAKEN; the "auction" period ends."""
    disposal = _locked(disposal)
    case = disposal.case
    permissions.check_handle_disposal(actor, case)
    if not disposal.is_open:
        raise ActionError(_("该财产处置已经结束"))
    sale = _failed_sale(disposal)
    if disposal.applicant_refused_on is not None:
        raise ActionError(_("申请执行人已于 %(d)s 拒绝以物抵债") % {"d": disposal.applicant_refused_on})
    on = today()
    applicants = "、".join(p.name for p in case.parties.filter(role=Party.APPLICANT))
    disposal.status, disposal.price, disposal.buyer_name = Disposal.TAKEN, sale.start_price, applicants[:100]
    disposal.ended_on = on
    disposal.save(update_fields=["status", "price", "buyer_name", "ended_on"])
    # The claim is satisfied up to the price (执行到位 without money passing): the case's realised
    # amount rises by the price, at most what was still owed; a price above it is the applicant's to
    # make up to the debtor (找补), outside the case account.
    owed = max(Decimal("0.00"), case.applied_amount - case.realized_amount)
    Case.objects.filter(pk=case.pk).update(
        realized_amount=plus("realized_amount", min(sale.start_price, owed))
    )
    _end_auction_period(case, on, actor)
    case_events.emit(
        case, events.TAKEN_IN_PAYMENT, actor, asset=disposal.description, price=str(sale.start_price)
    )
    audit.append("disposal.take", disposal, {"case": case.case_number, "price": str(sale.start_price)}, actor)
    return disposal


@transaction.atomic
def refuse_taking(disposal: Disposal, *, actor: Any) -> Disposal:
    """The applicant refuses (or may not legally receive) the property in payment (addendum §2.2)."""
    disposal = _locked(disposal)
    case = disposal.case
    permissions.check_handle_disposal(actor, case)
    if not disposal.is_open:
        raise ActionError(_("该财产处置已经结束"))
    sale = _failed_sale(disposal)
    if disposal.applicant_refused_on is not None:
        raise ActionError(_("申请执行人已于 %(d)s 拒绝以物抵债") % {"d": disposal.applicant_refused_on})
    disposal.applicant_refused_on = today()
    disposal.save(update_fields=["applicant_refused_on"])
    case_events.emit(
        case, events.TAKING_REFUSED, actor, asset=disposal.description, price=str(sale.start_price)
    )
    audit.append(
        "disposal.refuse_taking", disposal, {"case": case.case_number, "price": str(sale.start_price)}, actor
    )
    return disposal


@transaction.atomic
def release_undisposable(disposal: Disposal, *, actor: Any) -> Disposal:
    """Property that cannot be disposed of (addendum §2.2, 终本规定 art 4): both auctions failed, then the
    sale, and the applicant refused it in payment (rules.undisposable_problem). The seal is released by
    ruling through inquiry (an instruction to the registry) where it is still in force; the node
    `property_undisposable` is recorded, the disposal RELEASED, and the 终本 gate no longer waits for it."""
    from zhixing.inquiry import rules as inquiry_rules
    from zhixing.inquiry.actions.measures import release
    from zhixing.inquiry.models import Measure

    disposal = _locked(disposal)
    case = disposal.case
    permissions.check_handle_disposal(actor, case)
    if not disposal.is_open:
        raise ActionError(_("该财产处置已经结束"))
    rounds = disposal.auctions.filter(stage=Auction.AUCTION, status=Auction.FAILED)
    failed = len(set(rounds.values_list("round_no", flat=True)))
    sale_failed = disposal.auctions.filter(stage=Auction.SALE, status=Auction.FAILED).exists()
    problem = rules.undisposable_problem(failed, sale_failed, disposal.applicant_refused_on is not None)
    if problem:
        raise ActionError(problem)
    note = ""
    measure = disposal.measure
    if measure.status == Measure.ACTIVE and not measure.pending:
        try:
            with transaction.atomic():
                release(measure, inquiry_rules.RULING, actor=actor)
        except (ActionError, ValidationError, PermissionDenied) as err:
            note = "；".join(getattr(err, "messages", [str(err)]))
    on = today()
    disposal.status, disposal.ended_on = Disposal.RELEASED, on
    disposal.save(update_fields=["status", "ended_on"])
    record_node(case, "property_undisposable", on, actor=actor, note=disposal.description[:100], checked=True)
    _end_auction_period(case, on, actor)
    reason = _("两次拍卖流拍、变卖未成交，申请执行人拒绝以物抵债")
    if note:
        reason = f"{reason}（{_('解除查封未能发出')}：{note}）"
    case_events.emit(case, events.RELEASED, actor, asset=disposal.description, reason=reason)
    audit.append(
        "disposal.release", disposal, {"case": case.case_number, "asset": disposal.description}, actor
    )
    return disposal


# --- reneging ------------------------------------------------------------------------------------


def _next_result(auction: Auction) -> Decimal | None:
    """The price the property reached after the reneged round: a later round sold, or the applicant
    took it in payment; None while that is not known."""
    later = auction.disposal.auctions.filter(id__gt=auction.id, status=Auction.SOLD).order_by("id").first()
    if later is not None:
        return later.price
    if auction.disposal.status == Disposal.TAKEN:
        return auction.disposal.price
    return None


@transaction.atomic
def apply_forfeit(auction: Auction, *, actor: Any, costs: Decimal = Decimal("0.00")) -> dict[str, Decimal]:
    """Apply a reneger's forfeited deposit once the re-auction's result is known (rules §8.11, 网拍规定
    art 24), by rules.forfeited_deposit: first the `costs` of the failed sale (the court's figure), then
    the shortfall of the re-auction price below the reneged price, then the debt; what is left is to be
    returned to the reneger. The debt is what the debtor would still owe without this deposit
    (applied − realised + the deposit), less the shortfall part, which reaches the creditor as proceeds.
    Applied once (the audit entry `disposal.forfeit` of the round is the record)."""
    auction = Auction.objects.select_for_update().select_related("disposal__case").get(pk=auction.pk)
    case = auction.disposal.case
    permissions.check_handle_disposal(actor, case)
    if auction.status != Auction.RENEGED:
        raise ActionError(_("该轮拍卖没有悔拍"))
    if AuditEntry.objects.filter(action="disposal.forfeit", object_id=str(auction.pk)).exists():
        raise ActionError(_("该悔拍保证金已经处理"))
    barred = BarredBidder.objects.filter(auction=auction).first()
    forfeited = barred.forfeited if barred else auction.deposit
    price = _next_result(auction)
    if price is None:
        raise ActionError(_("再次拍卖尚无结果，不能确定悔拍保证金的用途"))
    costs = Decimal(costs).quantize(rules.CENT)
    if costs < 0:
        raise ActionError(_("执行费用不能为负数"))
    shortfall = max(Decimal(0), (auction.price or Decimal(0)) - price)
    case = Case.objects.get(pk=case.pk)
    owed = max(Decimal(0), case.applied_amount - (case.realized_amount - auction.deposit_received))
    debt = max(Decimal(0), owed - shortfall)
    parts = rules.forfeited_deposit(forfeited, costs, shortfall, debt)
    case_events.emit(
        case,
        events.FORFEIT_APPLIED,
        actor,
        asset=auction.disposal.description,
        **{k: str(v) for k, v in parts.items()},
    )
    audit.append(
        "disposal.forfeit",
        auction,
        {"case": case.case_number, "round": auction.label, **{k: str(v) for k, v in parts.items()}},
        actor,
    )
    return parts


# --- the 终本 gate -----------------------------------------------------------------------------------


def closing_problems(case: Any, method: str, closed_on: dt.date) -> list[str]:
    """cases.closing_checks: 终本 waits while any disposal of the case is open (addendum §2.2: property
    "cannot be disposed of" only once auction and sale failed and the applicant refused it; a
    RELEASED disposal records exactly that and does not block)."""
    if method != case_rules.TERMINATED_THIS_ROUND:
        return []
    open_ = list(
        Disposal.objects.filter(case_id=case.pk, status__in=Disposal.OPEN).values_list(
            "description", flat=True
        )
    )
    if not open_:
        return []
    return [_("财产尚在处置中（%(assets)s），不能终结本次执行程序") % {"assets": "、".join(open_)}]
