"""The bidding rules of one lot (PROTOCOL.md "Bidding"), on the lot as a plain dict. No I/O here.

Times are whole Unix seconds (a bid at 10:00:00.7 is at 10:00:00): the result reports them as ISO
seconds and the court recomputes the close and the winner from exactly those numbers (rules §8.8–8.9;
``zhixing.disposal.rules.bidding_end`` / ``winner`` do the same arithmetic).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from simulators.agencies.service import CST, Problem

CENT = Decimal("0.01")
MIN_BIDDING = 24 * 3600  # rules §8.8: bidding lasts at least 24 hours
EXTENSION = 300  # rules §8.8: a bid in the last 5 minutes extends the end to the bid + 5 minutes
REFUSED_AFFILIATION = "法院、拍卖平台及其工作人员不得竞买"
REFUSED_RENEGER = "悔拍的买受人不得参加该财产的再次拍卖"


def money(value: Any, field: str, positive: bool = True) -> Decimal:
    """A sum of money (a string or a number) to the fen; 400 when it is not one."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Problem(400, f'{field} 应为金额（如 "1234.00"）')
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise Problem(400, f'{field} 应为金额（如 "1234.00"）') from None
    if not amount.is_finite() or amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise Problem(400, f"{field} 应为精确到分的金额")
    if positive and amount <= 0:
        raise Problem(400, f"{field} 应大于零")
    return amount.quantize(CENT)


def fen(amount: Decimal) -> str:
    return str(Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP))


def moment(value: Any, field: str) -> int:
    """An ISO 8601 time (naive = China Standard Time) or Unix seconds, as whole Unix seconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    if not isinstance(value, str):
        raise Problem(400, f"{field} 应为 ISO 8601 时间")
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise Problem(400, f"{field} 应为 ISO 8601 时间") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=CST)
    return int(parsed.timestamp())


def iso(seconds: float) -> str:
    return dt.datetime.fromtimestamp(int(seconds), CST).isoformat()


def listing(body: dict, platform_code: str) -> dict:
    """A new lot's dict from the court's listing (POST /lots), every field checked."""
    lot: dict[str, Any] = {}
    for field in ("listing_id", "court_code", "case_number", "title"):
        value = body.get(field)
        if not isinstance(value, str) or not value.strip():
            raise Problem(400, f"缺少 {field}")
        lot[field] = value
    for field in ("description", "kind", "stage"):
        value = body.get(field, "")
        if not isinstance(value, str):
            raise Problem(400, f"{field} 应为字符串")
        lot[field] = value
    round_no = body.get("round")
    if isinstance(round_no, bool) or not isinstance(round_no, int) or round_no < 1:
        raise Problem(400, "round 应为正整数")
    lot["round"] = round_no
    for field in ("start_price", "increment", "deposit"):
        lot[field] = fen(money(body.get(field), field))
    lot["notice_at"] = body.get("notice_at")
    if lot["notice_at"] is not None:
        moment(lot["notice_at"], "notice_at")
    starts, ends = moment(body.get("starts_at"), "starts_at"), moment(body.get("ends_at"), "ends_at")
    if ends - starts < MIN_BIDDING:
        raise Problem(400, "竞价时间不得少于二十四小时")
    preemption = body.get("preemption") or []
    if not isinstance(preemption, list) or not all(
        isinstance(p, dict)
        and isinstance(p.get("name"), str)
        and p["name"].strip()
        and isinstance(p.get("rank"), int)
        and not isinstance(p.get("rank"), bool)
        and p["rank"] >= 1
        for p in preemption
    ):
        raise Problem(400, 'preemption 应为 [{"name": 姓名, "rank": 顺位（1 起）}]')
    previous = body.get("previous_lots") or []
    if not isinstance(previous, list) or not all(isinstance(p, str) for p in previous):
        raise Problem(400, "previous_lots 应为拍品编号的列表")
    lot.update(
        platform=platform_code,
        starts=starts,
        scheduled_end=ends,
        end=ends,
        preemption=[{"name": p["name"], "rank": p["rank"]} for p in preemption],
        previous_lots=previous,
        suspended_at=None,
        closed=False,
        outcome=None,
        closed_at=None,
        winner=None,
        paid="0.00",
        reneged=False,
        bidders={},
        bids=[],
    )
    return lot


def rank_of(lot: dict, name: str) -> int | None:
    ranks = [p["rank"] for p in lot["preemption"] if p["name"] == name]
    return min(ranks) if ranks else None


def leader(lot: dict) -> dict | None:
    """The bid now winning (rules §8.9): the highest price; at that price a pre-emption holder before
    anyone, the better rank first, then the earlier bid (the earlier placed at the same second)."""
    bids = [
        b for b in lot["bids"] if Decimal(b["price"]) >= Decimal(lot["start_price"]) and b["at"] <= lot["end"]
    ]
    if not bids:
        return None
    top = max(Decimal(b["price"]) for b in bids)
    at_top = [b for b in bids if Decimal(b["price"]) == top]
    held = [b for b in at_top if b["preemption_rank"] is not None]
    if held:
        return min(held, key=lambda b: (b["preemption_rank"], b["at"]))
    return min(at_top, key=lambda b: b["at"])


def status(lot: dict, now: float) -> str:
    if lot["reneged"]:
        return "reneged"
    if lot["closed"]:
        return lot["outcome"]
    if lot["suspended_at"] is not None:
        return "suspended"
    return "bidding" if now >= lot["starts"] else "announced"


def bid(lot: dict, bidder_id: str, price: Decimal, now: float) -> dict:
    """Place a bid (refused with a Chinese reason); the bid, with the end it leaves."""
    at = int(now)
    if lot["closed"]:
        raise Problem(409, "竞价已结束")
    if lot["suspended_at"] is not None:
        raise Problem(409, "拍卖已中止")
    if at < lot["starts"]:
        raise Problem(409, "竞价尚未开始")
    if at > lot["end"]:
        raise Problem(409, "竞价已结束")
    bidder = lot["bidders"].get(bidder_id)
    if bidder is None:
        raise Problem(404, f"没有竞买人 {bidder_id}")
    if bidder["deposit"] != "frozen":
        raise Problem(403, "未交纳保证金，不得出价")
    start, step = Decimal(lot["start_price"]), Decimal(lot["increment"])
    if price < start:
        raise Problem(400, f"出价低于起拍价 {lot['start_price']} 元，无效")
    current = leader(lot)
    if current is not None:
        top = Decimal(current["price"])
        rank = bidder["preemption_rank"]
        same = price == top and rank is not None
        beats = current["preemption_rank"] is None or rank is not None and rank < current["preemption_rank"]
        if same and current["bidder"] != bidder_id and beats:
            pass  # a pre-emption holder takes the lead at the same price (rules §8.9)
        elif price < top + step:
            raise Problem(400, f"出价应不低于当前最高价 {fen(top)} 元加加价幅度 {lot['increment']} 元")
    placed = {
        "bidder": bidder_id,
        "price": fen(price),
        "at": at,
        "preemption_rank": bidder["preemption_rank"],
    }
    lot["bids"].append(placed)
    if lot["end"] - at < EXTENSION:
        lot["end"] = at + EXTENSION
    return placed


def close(lot: dict) -> list[dict]:
    """Close a lot whose end has passed: the result, and for a sale the buyer's deposit to the court
    (the message payloads, in order). Losers' deposits are released at the close."""
    win = leader(lot)
    lot.update(closed=True, closed_at=lot["end"], outcome="sold" if win else "failed")
    lot["winner"] = win["bidder"] if win else None
    for bidder_id, bidder in lot["bidders"].items():
        if bidder["deposit"] == "frozen":
            bidder["deposit"] = "transferred" if win and bidder_id == win["bidder"] else "released"
    buyer = lot["bidders"][win["bidder"]] if win else None
    result = {
        "kind": "result",
        "lot_id": lot["lot_id"],
        "outcome": lot["outcome"],
        "listing_id": lot["listing_id"],
        "start_price": lot["start_price"],
        "increment": lot["increment"],
        "scheduled_end": iso(lot["scheduled_end"]),
        "closed_at": iso(lot["end"]),
        "bids": [
            {
                "bidder": b["bidder"],
                "price": b["price"],
                "at": iso(b["at"]),
                "preemption_rank": b["preemption_rank"],
            }
            for b in lot["bids"]
        ],
        "winner": None
        if buyer is None
        else {
            "bidder": win["bidder"],
            "name": buyer["name"],
            "id_code": buyer["id_code"],
            "affiliation": buyer["affiliation"],
            "price": win["price"],
        },
        "deposit": lot["deposit"],
        "losers_released_at": iso(lot["end"]),
    }
    if buyer is None:
        return [result]
    payment = {
        "kind": "payment",
        "lot_id": lot["lot_id"],
        "what": "deposit",
        "amount": lot["deposit"],
        "paid_at": iso(lot["end"]),
        "payer_name": buyer["name"],
    }
    return [result, payment]


def outstanding(lot: dict) -> Decimal:
    """What the buyer still owes: the price less the deposit and the balance paid."""
    win = leader(lot)
    if win is None:
        return Decimal(0)
    return Decimal(win["price"]) - Decimal(lot["deposit"]) - Decimal(lot["paid"])
