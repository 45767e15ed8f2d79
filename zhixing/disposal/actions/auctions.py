"""The rounds of an online judicial auction (rules §8): the officer proposes a round's terms, a collegial
panel of three decides them (rules §8.14), and the officer lists the decided round on the platform.

Which round comes next is read from the disposal's earlier rounds:

- none yet → the first auction (round 1);
- the first auction failed (流拍) → the second auction (round 2): start ≥ 80% of the first start, its
  bidding beginning within 30 days of the failure (rules §8.12);
- the second auction failed → the sale (变卖, round 3, stage "sale") on the same platform (rules §8.13),
  on the terms of the rule setting `disposal.sale`: its price is `price_ratio` × the second start, its
  notice `notice_days`, its period at most `period_days`;
- a round whose buyer reneged (悔拍) → a re-auction proposed as round 2 (after a reneged first or second
  auction) or as a sale again (after a reneged sale): it is checked like a second auction, the reneged
  round's start as the previous start and the day the platform reported the reneging as the day it
  failed (the reneger is barred, rules §8.11; the reneged round's deposit is applied once this round's
  result is known, outcomes.apply_forfeit);
- a failed sale ends the rounds: the applicant takes the property in payment or refuses (outcomes).

The platform is the disposal's: chosen by the applicant or designated by the court on the first
proposal (rules §8.2) and the same for every later round (rules §8.12, §8.13).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.actions import record_node
from zhixing.cases.actions.common import ActionError, setting, today
from zhixing.cases.actions.periods import start_excluded_period
from zhixing.core import audit
from zhixing.courts.actors import is_system
from zhixing.inquiry import signing

from .. import connector, events, permissions, rules, settings_keys
from ..models import Auction, Disposal, PanelVote, Platform, PlatformMessage

APPLICANT, COURT = "applicant", "court"
SALE_ROUND = 3
AUCTION_PERIOD = "auction"  # the excluded period of the execution period (rules §3.1)


def _local_date(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date() if timezone.is_aware(at) else at.date()


def _money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(rules.CENT)


def failed_on(auction: Auction) -> dt.date | None:
    """The day a round failed: the close of a failed round, or the day the platform reported that its
    buyer reneged."""
    if auction.status == Auction.FAILED and auction.ended_at:
        return _local_date(auction.ended_at)
    if auction.status == Auction.RENEGED:
        msg = (
            PlatformMessage.objects.filter(platform=auction.platform, lot_id=auction.lot_id, kind="reneged")
            .order_by("received_at")
            .first()
        )
        return _local_date(msg.received_at) if msg else None
    return None


def next_round(disposal: Disposal) -> tuple[int, str, Auction | None]:
    """(round number, stage, the earlier round it follows) of the next proposal; ActionError when no
    round may be proposed now (see the module docstring)."""
    last = disposal.auctions.exclude(status=Auction.CANCELLED).order_by("-round_no", "-id").first()
    if last is None:
        return 1, Auction.AUCTION, None
    if last.status in Auction.OPEN:
        raise ActionError(_("本财产已有进行中的拍卖（%(label)s），不能再提出方案") % {"label": last.label})
    if last.status == Auction.SOLD:
        raise ActionError(_("本财产已经成交"))
    if last.status == Auction.RENEGED:
        if last.stage == Auction.SALE:
            return SALE_ROUND, Auction.SALE, last
        return 2, Auction.AUCTION, last
    # FAILED
    if last.stage == Auction.SALE:
        raise ActionError(_("变卖未成交：申请执行人可以接受以物抵债，否则解除查封"))
    if last.round_no == 1:
        return 2, Auction.AUCTION, last
    return SALE_ROUND, Auction.SALE, last


def _sale_terms(disposal: Disposal) -> dict[str, Any]:
    terms = setting(settings_keys.SALE, disposal.case.court)
    return {
        "notice_days": int(terms["notice_days"]),
        "period_days": int(terms["period_days"]),
        "price_ratio": Decimal(str(terms["price_ratio"])),
    }


def sale_price(disposal: Disposal) -> Decimal:
    """The sale's price: `price_ratio` × the second auction's start (setting `disposal.sale`)."""
    second = disposal.auctions.filter(stage=Auction.AUCTION, round_no=2).order_by("-id").first()
    if second is None:
        raise ActionError(_("尚无第二次拍卖，不能变卖"))
    ratio = _sale_terms(disposal)["price_ratio"]
    return (second.start_price * ratio).quantize(rules.CENT, rounding=ROUND_HALF_UP)


def sale_problems(
    disposal: Disposal,
    start: Decimal,
    increment: Decimal,
    deposit: Decimal,
    notice_on: dt.date,
    starts: dt.datetime,
    ends: dt.datetime,
    parties_notified_on: dt.date | None,
) -> list[str]:
    """The sale's terms checked by rules.sale_problems with the setting's numbers."""
    terms = _sale_terms(disposal)
    return rules.sale_problems(
        rules.Sale(
            start=start,
            floor=sale_price(disposal),
            increment=increment,
            deposit=deposit,
            notice_on=notice_on,
            starts_on=_local_date(starts),
            ends_on=_local_date(ends),
            ends_after_start=ends > starts,
            parties_notified_on=parties_notified_on,
            notice_days=int(terms["notice_days"]),
            period_days=int(terms["period_days"]),
        )
    )


def _preemption(holders: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for h in holders or []:
        name = str(h.get("name") or "").strip()
        if not name:
            raise ActionError(_("优先购买权人须写明姓名或名称"))
        try:
            rank = int(h.get("rank") or 1)
        except (TypeError, ValueError) as err:
            raise ActionError(_("优先购买权人的顺序应为正整数")) from err
        if rank < 1:
            raise ActionError(_("优先购买权人的顺序应为正整数"))
        out.append({"name": name, "rank": rank, "basis": str(h.get("basis") or "")})
    return sorted(out, key=lambda h: h["rank"])


@transaction.atomic
def propose_auction(
    disposal: Disposal,
    *,
    actor: Any,
    start: Decimal | None,
    increment: Decimal,
    deposit: Decimal,
    notice_on: dt.date,
    bidding_starts_at: dt.datetime,
    bidding_ends_at: dt.datetime,
    parties_notified_on: dt.date | None,
    preemption: Iterable[dict[str, Any]] = (),
    platform: Platform | None = None,
    platform_chosen_by: str = APPLICANT,
) -> Auction:
    """The officer's plan of the next round (module docstring), checked against rules §8
    (rules.plan_problems; the sale against its settings) and put to the collegial panel. For the sale
    `start` may be None: the sale price is then computed."""
    disposal = Disposal.objects.select_for_update().select_related("case__court").get(pk=disposal.pk)
    case = disposal.case
    permissions.check_handle_disposal(actor, case)
    if not disposal.is_open:
        raise ActionError(_("该财产处置已经结束"))
    if disposal.reference_price is None:
        raise ActionError(_("尚未确定参考价，不能拍卖"))
    round_no, stage, previous = next_round(disposal)

    if disposal.platform_id is None:
        if platform is None:
            raise ActionError(_("请选定网络司法拍卖平台（申请执行人选定或由法院指定）"))
        if platform_chosen_by not in (APPLICANT, COURT):
            raise ActionError(_("平台选定方式应为申请执行人选定或法院指定"))
        disposal.platform = platform
        disposal.platform_chosen_by = platform_chosen_by
    elif platform is not None and platform.pk != disposal.platform_id:
        raise ActionError(_("再次拍卖和变卖应在同一网络司法拍卖平台进行"))
    chosen = disposal.platform
    assert chosen is not None
    if not chosen.active:
        raise ActionError(_("该平台已不在名单库内"))

    increment, deposit = _money(increment), _money(deposit)
    if stage == Auction.SALE:
        start = _money(start) if start is not None else sale_price(disposal)
        problems = sale_problems(
            disposal,
            start,
            increment,
            deposit,
            notice_on,
            bidding_starts_at,
            bidding_ends_at,
            parties_notified_on,
        )
    else:
        if start is None:
            raise ActionError(_("请填写起拍价"))
        start = _money(start)
        plan = rules.Plan(
            kind=disposal.kind,
            round_no=round_no,
            reference=disposal.reference_price,
            start=start,
            increment=increment,
            deposit=deposit,
            notice_on=notice_on,
            bidding_starts=timezone.localtime(bidding_starts_at)
            if timezone.is_aware(bidding_starts_at)
            else bidding_starts_at,
            bidding_ends=bidding_ends_at,
            parties_notified_on=parties_notified_on,
            previous_start=previous.start_price if previous is not None else None,
            failed_on=failed_on(previous) if previous is not None else None,
        )
        problems = rules.plan_problems(plan)
    if problems:
        raise ActionError(problems)

    auction = Auction.objects.create(
        disposal=disposal,
        round_no=round_no,
        stage=stage,
        platform=chosen,
        reference_price=disposal.reference_price,
        start_price=start,
        increment=increment,
        deposit=deposit,
        notice_on=notice_on,
        bidding_starts_at=bidding_starts_at,
        bidding_ends_at=bidding_ends_at,
        parties_notified_on=parties_notified_on,
        preemption=_preemption(preemption),
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    disposal.status = Disposal.SALE if stage == Auction.SALE else Disposal.AUCTION
    disposal.save(update_fields=["platform", "platform_chosen_by", "status"])
    case_events.emit(
        case,
        events.AUCTION_PROPOSED,
        actor,
        asset=disposal.description,
        round=auction.label,
        start=str(start),
    )
    audit.append(
        "disposal.propose",
        auction,
        {
            "case": case.case_number,
            "asset": disposal.description,
            "round": auction.label,
            "start": str(start),
            "deposit": str(deposit),
        },
        actor,
    )
    return auction


@transaction.atomic
def vote_auction(auction: Auction, *, actor: Any, opinion: str = "") -> Auction:
    """One member of the collegial panel agrees to the round's terms (rules §8.14); the third distinct
    judge or leader makes it DECIDED. A system actor is no member of a panel."""
    auction = Auction.objects.select_for_update().select_related("disposal__case__court").get(pk=auction.pk)
    if is_system(actor) or not getattr(actor, "pk", None):
        raise ActionError(_("合议庭成员须为法官或院领导本人"))
    permissions.check_vote_auction(actor, auction)
    case = auction.disposal.case
    PanelVote.objects.create(auction=auction, member=actor, at=timezone.now(), opinion=opinion[:300])
    audit.append(
        "disposal.vote",
        auction,
        {"case": case.case_number, "round": auction.label, "member": getattr(actor, "full_name", str(actor))},
        actor,
    )
    members = auction.votes.values("member").distinct().count()
    if members >= permissions.PANEL_SIZE:
        auction.status, auction.decided_at = Auction.DECIDED, timezone.now()
        auction.save(update_fields=["status", "decided_at"])
        case_events.emit(
            case,
            events.AUCTION_DECIDED,
            actor,
            asset=auction.disposal.description,
            round=auction.label,
            start=str(auction.start_price),
        )
    return auction


def listing_id(auction: Auction) -> str:
    return f"A{auction.pk}"


def _iso(at: dt.datetime) -> str:
    return timezone.localtime(at).isoformat() if timezone.is_aware(at) else at.isoformat()


def lot_body(auction: Auction) -> dict[str, Any]:
    """The protocol's POST /lots body of a decided round."""
    disposal = auction.disposal
    case = disposal.case
    previous = [
        a.lot_id
        for a in disposal.auctions.exclude(pk=auction.pk).exclude(lot_id="").order_by("round_no", "id")
    ]
    return {
        "message_id": f"LIST-{signing.signer(case.court)}-{listing_id(auction)}",
        "listing_id": listing_id(auction),
        "court_code": signing.signer(case.court),
        "case_number": case.case_number,
        "title": f"{disposal.description}（{auction.label}）",
        "description": disposal.description,
        "kind": disposal.kind,
        "round": auction.round_no,
        "stage": auction.stage,
        "start_price": str(auction.start_price),
        "increment": str(auction.increment),
        "deposit": str(auction.deposit),
        "notice_at": auction.notice_on.isoformat(),
        "starts_at": _iso(auction.bidding_starts_at),
        "ends_at": _iso(auction.bidding_ends_at),
        "preemption": [{"name": h["name"], "rank": h["rank"]} for h in auction.preemption],
        "previous_lots": previous,
    }


def _start_auction_period(case: Any, on: dt.date, actor: Any) -> None:
    if not case.excluded_periods.filter(kind=AUCTION_PERIOD, end_on__isnull=True).exists():
        start_excluded_period(case, AUCTION_PERIOD, on, _("网络司法拍卖、变卖"), actor=actor)


@transaction.atomic
def list_auction(auction: Auction, *, actor: Any) -> Auction:
    """Publish a decided round on the platform (connector.list_lot; the same listing id again gives the
    same lot): LISTED with the platform's lot id; records the node `auction_notice` (the first
    auction), or `reauction` (the second); the "auction" period starts to be excluded from the
    execution period (rules §3.1) unless it already is."""
    auction = (
        Auction.objects.select_for_update()
        .select_related("disposal__case__court", "platform")
        .get(pk=auction.pk)
    )
    case = auction.disposal.case
    permissions.check_handle_disposal(actor, case)
    if auction.status != Auction.DECIDED:
        raise ActionError(_("拍卖方案须经合议庭确定后才能发布"))
    try:
        answer = connector.list_lot(auction.platform, case.court, lot_body(auction))
    except connector.ConnectorError as err:
        raise ActionError(str(err)) from err
    on = today()
    auction.status, auction.lot_id, auction.listed_at = (
        Auction.LISTED,
        str(answer["lot_id"])[:64],
        timezone.now(),
    )
    auction.save(update_fields=["status", "lot_id", "listed_at"])
    if auction.stage == Auction.AUCTION:
        node = "auction_notice" if auction.round_no == 1 else "reauction"
        record_node(case, node, on, actor=actor, note=auction.lot_id, checked=True)
    _start_auction_period(case, on, actor)
    case_events.emit(
        case,
        events.AUCTION_LISTED,
        actor,
        asset=auction.disposal.description,
        round=auction.label,
        starts=_iso(auction.bidding_starts_at),
    )
    audit.append(
        "disposal.list",
        auction,
        {
            "case": case.case_number,
            "platform": auction.platform.code,
            "lot": auction.lot_id,
            "round": auction.label,
        },
        actor,
    )
    return auction
