"""What a platform tells the court (the protocol's platform → court messages): a round's result, the
buyer's deposit and balance, the buyer reneging, a network-inquiry price report.

The court never trusts a message it cannot verify (issue 12 item 3). `accept_message`:

1. verifies the platform's Ed25519 signature under the key recorded for the Platform (X-Zx-Key = its
   code); a message that does not verify is refused, audited (`disposal.refuse_message`) and raises
   BadMessage;
2. applies each message id once: a repeat returns the stored message and changes nothing;
3. re-verifies a result against the round as the court decided it: the start price and increment,
   the close time recomputed from the bids by the 5-minute rule (rules.bidding_end), the winner
   recomputed (rules.winner: void bids below the start or after the close, the highest price,
   pre-emption at equal price), the winner's price at least the start, and the winner allowed to bid
   at all (rules.bidder_problem: nobody of the court or the platform, no barred reneger). Anything off
   refuses the whole message, audited, and nothing of it is applied;
4. books a payment into the case's account through funds (`receive`, channel Receipt.AUCTION), once
   per platform transaction id.

It is not one transaction: the refusal's audit entry must survive the refusal, so the message is
applied in its own atomic block and the refusal is written after it rolled back. A caller holding an
outer transaction (a request with ATOMIC_REQUESTS) would roll the refusal's audit back with it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.actions import open_node
from zhixing.cases.actions.common import ActionError, setting, today
from zhixing.core import audit
from zhixing.core.calendar import Deadline
from zhixing.core.identity import mask_identity
from zhixing.courts.models import Court
from zhixing.inquiry import signing

from .. import connector, events, rules, settings_keys
from ..actors import PLATFORM
from ..models import Auction, BarredBidder, Disposal, Platform, PlatformMessage

log = logging.getLogger(__name__)

RESULT, PAYMENT, RENEGED, PRICE_REPORT = "result", "payment", "reneged", "price_report"
KINDS = (RESULT, PAYMENT, RENEGED, PRICE_REPORT)


class BadMessage(ActionError):
    """A platform message refused: unsigned, forged, altered, or saying what the court cannot verify."""


def bidder_hash(id_code: str) -> str:
    """The keyed hash a barred bidder is kept by (never the identity code itself)."""
    return salted_hmac("disposal.bidder", (id_code or "").strip().upper()).hexdigest()


def _money(value: Any, what: str) -> Decimal:
    try:
        return Decimal(str(value)).quantize(rules.CENT)
    except (InvalidOperation, TypeError, ValueError) as err:
        raise BadMessage(_("报文中的%(what)s不是金额") % {"what": what}) from err


def _moment(value: Any, what: str) -> dt.datetime:
    at = parse_datetime(str(value or ""))
    if at is None:
        raise BadMessage(_("报文中的%(what)s不是时间") % {"what": what})
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    return at


def _refuse(platform: Platform, message_id: str, reason: str, actor: Any) -> None:
    with transaction.atomic():
        audit.append(
            "disposal.refuse_message",
            platform,
            {"platform": platform.code, "message": message_id[:64], "reason": reason},
            actor,
        )


def accept_message(platform: Platform, raw: bytes, headers: Any, *, actor: Any = PLATFORM) -> PlatformMessage:
    """Verify and apply one signed platform message (module docstring); the stored PlatformMessage."""
    message_id = ""
    try:
        try:
            signing.verify(headers, raw, platform.public_key, platform.code)
        except signing.BadSignature as err:
            raise BadMessage(str(err)) from err
        try:
            body = json.loads(raw)
        except ValueError as err:
            raise BadMessage(_("报文不是 JSON")) from err
        if not isinstance(body, dict) or not body.get("message_id") or body.get("kind") not in KINDS:
            raise BadMessage(_("报文缺少编号或类型不明"))
        message_id = str(body["message_id"])[:64]
        stored = PlatformMessage.objects.filter(platform=platform, message_id=message_id).first()
        if stored is not None:
            return stored
        try:
            with transaction.atomic():
                return _apply(platform, message_id, body, actor)
        except IntegrityError:  # the same message applied by a concurrent delivery
            stored = PlatformMessage.objects.filter(platform=platform, message_id=message_id).first()
            if stored is None:
                raise
            return stored
    except BadMessage as err:
        _refuse(platform, message_id, "；".join(err.messages), actor)
        raise


def _apply(platform: Platform, message_id: str, body: dict[str, Any], actor: Any) -> PlatformMessage:
    message = PlatformMessage.objects.create(
        platform=platform,
        message_id=message_id,
        kind=body["kind"],
        lot_id=str(body.get("lot_id") or "")[:64],
        body=body,
        received_at=timezone.now(),
    )
    if body["kind"] == PRICE_REPORT:
        _price_report(platform, body, actor)
    else:
        auction = (
            Auction.objects.select_for_update()
            .select_related("disposal__case__court", "platform")
            .filter(platform=platform, lot_id=message.lot_id)
            .exclude(lot_id="")
            .first()
        )
        if auction is None:
            raise BadMessage(
                _("平台报文所称标的 %(lot)s 不是本院在该平台发布的拍卖") % {"lot": message.lot_id[:40]}
            )
        {RESULT: _result, PAYMENT: _payment, RENEGED: _reneged}[body["kind"]](auction, message, body, actor)
    audit.append(
        "disposal.message",
        message,
        {"platform": platform.code, "message": message_id, "kind": message.kind, "lot": message.lot_id},
        actor,
    )
    return message


def _price_report(platform: Platform, body: dict[str, Any], actor: Any) -> None:
    """A network-inquiry report pushed by the platform: handed to the price procedure
    (prices.receive_price_report, which refuses and audits a report matching no open inquiry itself;
    the message is kept as received either way)."""
    from .prices import receive_price_report

    receive_price_report(platform, body, actor=actor)


# --- results ------------------------------------------------------------------------------------


def _court_codes(court: Court) -> set[str]:
    return {court.code, signing.signer(court)}


def verify_result(
    auction: Auction, body: dict[str, Any]
) -> tuple[rules.Bid | None, dt.datetime, list[rules.Bid]]:
    """(the winning bid or None, the close, the bids) of a result message, recomputed by the rules; a
    BadMessage when the message says anything else."""
    outcome = body.get("outcome")
    if outcome not in ("sold", "failed"):
        raise BadMessage(_("拍卖结果应为成交或流拍"))
    if body.get("listing_id") not in (None, f"A{auction.pk}"):
        raise BadMessage(_("结果报文的发布编号与本院发布的拍卖不符"))
    if _money(body.get("start_price"), _("起拍价")) != auction.start_price:
        raise BadMessage(_("结果报文的起拍价与合议庭确定的不符"))
    if body.get("increment") is not None and _money(body["increment"], _("加价幅度")) != auction.increment:
        raise BadMessage(_("结果报文的加价幅度与合议庭确定的不符"))
    # The scheduled end is the one listed, or later by the time a suspension stood still (the platform
    # gives the bidding back the time it had left, rules §8.15).
    scheduled = auction.bidding_ends_at
    if body.get("scheduled_end"):
        reported = _moment(body["scheduled_end"], _("计划结束时间"))
        suspended = auction.suspended_on is not None or auction.resume_by is not None
        if reported != scheduled and not (suspended and reported > scheduled):
            raise BadMessage(_("结果报文的计划结束时间与发布的不符"))
        scheduled = reported
    ranks = {int(h["rank"]) for h in auction.preemption}
    bids: list[rules.Bid] = []
    holders: dict[str, int] = {}
    raw_bids = body.get("bids") or []
    if not isinstance(raw_bids, list):
        raise BadMessage(_("出价记录格式不符"))
    for b in raw_bids:
        if not isinstance(b, dict) or not b.get("bidder"):
            raise BadMessage(_("出价记录格式不符"))
        bid = rules.Bid(
            str(b["bidder"]), _money(b.get("price"), _("出价")), _moment(b.get("at"), _("出价时间"))
        )
        if b.get("preemption_rank") is not None:
            rank = int(b["preemption_rank"])
            if rank not in ranks:
                raise BadMessage(_("出价人所称优先购买权顺序不在合议庭确定的名单内"))
            holders[bid.bidder] = rank
        bids.append(bid)
    end = rules.bidding_end(scheduled, [b.at for b in bids])
    closed = _moment(body.get("closed_at"), _("结束时间"))
    if closed != end:
        raise BadMessage(
            _("结果报文的结束时间 %(closed)s 与出价记录推算的 %(end)s 不符（每次最后五分钟内出价延时五分钟）")
            % {"closed": timezone.localtime(closed).isoformat(), "end": timezone.localtime(end).isoformat()}
        )
    win = rules.winner(bids, auction.start_price, holders, end)
    reported = body.get("winner")
    if outcome == "failed":
        if win is not None or reported:
            raise BadMessage(_("出价记录中有有效出价，不能报流拍"))
        return None, end, bids
    if win is None or not isinstance(reported, dict):
        raise BadMessage(_("出价记录中没有有效出价，不能报成交"))
    if str(reported.get("bidder")) != win.bidder or _money(reported.get("price"), _("成交价")) != win.price:
        raise BadMessage(
            _("结果报文的买受人不是依规则竞得的出价人（应为 %(bidder)s，%(price)s 元）")
            % {"bidder": win.bidder[:20], "price": win.price}
        )
    if win.price < auction.start_price:
        raise BadMessage(_("成交价低于起拍价"))
    if win.bidder in holders:
        names = {int(h["rank"]): h["name"] for h in auction.preemption}
        if names.get(holders[win.bidder]) != str(reported.get("name") or ""):
            raise BadMessage(_("以优先购买权竞得的买受人与优先购买权人名单不符"))
    disposal = auction.disposal
    barred = disposal.barred.filter(id_hash=bidder_hash(str(reported.get("id_code") or ""))).exists()
    affiliation = str(reported.get("affiliation") or "")
    for court_code in _court_codes(disposal.case.court):
        problem = rules.bidder_problem(affiliation, court_code, auction.platform.code, barred)
        if problem:
            raise BadMessage(problem)
    if not str(reported.get("name") or "").strip() or not str(reported.get("id_code") or "").strip():
        raise BadMessage(_("买受人须实名"))
    return win, end, bids


def _result(auction: Auction, message: PlatformMessage, body: dict[str, Any], actor: Any) -> None:
    if auction.status != Auction.LISTED:  # a suspended lot does not close (the platform said so)
        raise BadMessage(
            _("该拍卖不在竞价中，不能再有结果（%(status)s）") % {"status": auction.get_status_display()}
        )
    win, end, bids = verify_result(auction, body)
    if end > timezone.now():
        raise BadMessage(_("竞价尚未结束，不能有结果"))
    disposal = Disposal.objects.select_for_update().get(pk=auction.disposal_id)
    case = disposal.case
    auction.result_message, auction.ended_at, auction.bids = message, end, len(bids)
    released = body.get("losers_released_at")
    auction.losers_released_at = _moment(released, _("保证金退还时间")) if released else None
    if win is not None:
        buyer = body["winner"]
        auction.status, auction.price = Auction.SOLD, win.price
        auction.buyer_name = str(buyer["name"])[:100]
        auction.buyer_id_masked = mask_identity(str(buyer["id_code"]))[:24]
        days = int(setting(settings_keys.BALANCE_DAYS, case.court))
        auction.balance_due_on = timezone.localtime(end).date() + dt.timedelta(days=days)
        disposal.status, disposal.price = Disposal.SOLD, win.price
        disposal.buyer_name, disposal.buyer_id_masked = auction.buyer_name, auction.buyer_id_masked
        disposal.save(update_fields=["status", "price", "buyer_name", "buyer_id_masked"])
        case_events.emit(
            case,
            events.AUCTION_SOLD,
            actor,
            asset=disposal.description,
            round=auction.label,
            price=str(win.price),
        )
    else:
        auction.status = Auction.FAILED
        if auction.stage == Auction.AUCTION and auction.round_no == 1:
            by = rules.reauction_by(timezone.localtime(end).date())
            open_node(case, "reauction", Deadline(by, False), actor=actor, note=auction.lot_id)
        case_events.emit(case, events.AUCTION_FAILED, actor, asset=disposal.description, round=auction.label)
    auction.save()
    audit.append(
        "disposal.result",
        auction,
        {
            "case": case.case_number,
            "round": auction.label,
            "result": auction.get_status_display(),
            "price": str(auction.price) if auction.price is not None else "",
        },
        actor,
    )


# --- money ----------------------------------------------------------------------------------------


def case_accounts(case: Any) -> tuple[str, str]:
    """(the pooled account of the case's court, the case's own sub-account): where money of this case
    is paid (funds: 一案一账号, rules §5.4)."""
    from zhixing.funds.models import PooledAccount
    from zhixing.funds.queries import account_number

    pooled = (
        PooledAccount.objects.filter(court_id=case.court_id).values_list("account_number", flat=True).first()
    )
    if pooled is None:
        raise BadMessage(_("%(court)s尚未开立执行款专户，不能入账") % {"court": case.court.name})
    return pooled, account_number(case)


def _payment(auction: Auction, message: PlatformMessage, body: dict[str, Any], actor: Any) -> None:
    """The buyer's deposit (transferred by the platform at the close, rules §8.10) or balance: booked
    into the case account through funds, once per transaction id."""
    from zhixing.funds.actions.receipts import Incoming, receive
    from zhixing.funds.models import Receipt

    what = body.get("what")
    if what not in ("deposit", "balance"):
        raise BadMessage(_("款项应为保证金或余款"))
    amount = _money(body.get("amount"), _("金额"))
    txn = str(body.get("transaction_id") or "").strip()
    if amount <= 0 or not txn:
        raise BadMessage(_("款项报文缺少金额或交易流水号"))
    case = auction.disposal.case
    pooled, sub = case_accounts(case)
    prefix = f"{auction.platform.code}-"
    txn = (txn if txn.startswith(prefix) else prefix + txn)[:64]
    if Receipt.objects.filter(pooled__account_number=pooled, transaction_id=txn).exists():
        return  # the same transfer booked before (another message, the bank's notification)
    if what == "deposit":
        if auction.status not in (Auction.SOLD, Auction.RENEGED):
            raise BadMessage(_("该拍卖未成交，不应转入买受人保证金"))
        if amount != auction.deposit or auction.deposit_received:
            raise BadMessage(_("转入的保证金与拍卖公告的保证金不符或已转入"))
    else:
        if auction.status != Auction.SOLD or auction.price is None:
            raise BadMessage(_("该拍卖未成交，不能缴纳余款"))
        owed = auction.price - auction.deposit_received - auction.balance_received
        if amount > owed:
            raise BadMessage(_("余款 %(a)s 元超过应缴的 %(o)s 元") % {"a": amount, "o": owed})
    paid = _moment(body.get("paid_at"), _("付款时间")) if body.get("paid_at") else timezone.now()
    booked = min(timezone.localtime(paid).date(), today())
    try:
        receipt, new = receive(
            Incoming(
                pooled_account=pooled,
                transaction_id=txn,
                channel=Receipt.AUCTION,
                amount=amount,
                booked_on=booked,
                sub_account=sub,
                payer_name=str(body.get("payer_name") or auction.platform.name)[:100],
                remittance=_("%(case)s %(asset)s 拍卖%(what)s")
                % {
                    "case": case.case_number,
                    "asset": auction.disposal.description[:60],
                    "what": _("保证金") if what == "deposit" else _("余款"),
                },
            ),
            actor=actor,
        )
    except (ValidationError, PermissionDenied) as err:
        raise BadMessage(
            _("款项未能入账：%(err)s") % {"err": "；".join(getattr(err, "messages", [str(err)]))}
        ) from err
    if not new:
        return  # the same transaction booked before (by the bank's notification or an earlier message)
    if what == "deposit":
        auction.deposit_received += amount
    else:
        auction.balance_received += amount
    auction.save(update_fields=["deposit_received", "balance_received"])
    case_events.emit(
        case,
        events.PROCEEDS_RECEIVED,
        actor,
        asset=auction.disposal.description,
        what=_("保证金") if what == "deposit" else _("余款"),
        amount=str(amount),
    )


def _reneged(auction: Auction, message: PlatformMessage, body: dict[str, Any], actor: Any) -> None:
    """The buyer did not pay the balance (悔拍, rules §8.11): the round is RENEGED, the buyer barred
    from this property (by a keyed hash of the identity code), the deposit held (not refunded) until the
    re-auction's result says how it is applied (outcomes.apply_forfeit); the disposal is back to
    auctioning (or selling), and a re-auction node opens due in 30 days."""
    if auction.status != Auction.SOLD:
        raise BadMessage(_("该拍卖未成交，不存在悔拍"))
    name, code = str(body.get("name") or ""), str(body.get("id_code") or "")
    if name != auction.buyer_name or mask_identity(code)[:24] != auction.buyer_id_masked:
        raise BadMessage(_("悔拍报文所称买受人与成交结果不符"))
    forfeited = _money(body.get("forfeited", auction.deposit), _("保证金"))
    if forfeited != auction.deposit:
        raise BadMessage(_("不予退还的保证金与拍卖公告的保证金不符"))
    disposal = Disposal.objects.select_for_update().get(pk=auction.disposal_id)
    case = disposal.case
    auction.status = Auction.RENEGED
    auction.save(update_fields=["status"])
    BarredBidder.objects.get_or_create(
        disposal=disposal,
        id_hash=bidder_hash(code),
        defaults={
            "name": name[:100],
            "id_masked": mask_identity(code)[:24],
            "auction": auction,
            "forfeited": forfeited,
        },
    )
    disposal.status = Disposal.SALE if auction.stage == Auction.SALE else Disposal.AUCTION
    disposal.price, disposal.buyer_name, disposal.buyer_id_masked = None, "", ""
    disposal.save(update_fields=["status", "price", "buyer_name", "buyer_id_masked"])
    if auction.stage == Auction.AUCTION:
        open_node(
            case, "reauction", Deadline(rules.reauction_by(today()), False), actor=actor, note=auction.lot_id
        )
    case_events.emit(
        case,
        events.AUCTION_RENEGED,
        actor,
        asset=disposal.description,
        round=auction.label,
        forfeited=str(forfeited),
    )
    audit.append(
        "disposal.renege",
        auction,
        {"case": case.case_number, "round": auction.label, "forfeited": str(forfeited), "applied": ""},
        actor,
    )


# --- pulling ----------------------------------------------------------------------------------------


def _court_for(platform: Platform) -> Court:
    auction = (
        Auction.objects.filter(platform=platform)
        .select_related("disposal__case__court")
        .order_by("-id")
        .first()
    )
    if auction is not None:
        return auction.disposal.case.court
    court = Court.objects.order_by("pk").first()
    if court is None:
        raise ActionError(_("尚无法院"))
    return court


def pull_messages(
    platform: Platform, court: Court | None = None, *, actor: Any = PLATFORM
) -> tuple[list[PlatformMessage], list[str]]:
    """Fetch what the platform holds and accept each message in order: (accepted or already stored
    messages, the reasons of the refused ones). The whole ledger is read from the start every time
    (`after=0`): PlatformMessage keeps no sequence number, and a message already stored is recognised
    by its id and changes nothing, so nothing is skipped when the webhook delivered some out of order."""
    try:
        items = connector.messages(platform, court or _court_for(platform), 0)
    except connector.ConnectorError as err:
        raise ActionError(str(err)) from err
    accepted: list[PlatformMessage] = []
    refused: list[str] = []
    for _seq, raw, headers in items:
        try:
            accepted.append(accept_message(platform, raw, headers, actor=actor))
        except ActionError as err:
            refused.append("；".join(err.messages))
    return accepted, refused
