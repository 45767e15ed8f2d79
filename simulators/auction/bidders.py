"""What a bidder does on a lot (PROTOCOL.md "Bidders"): real-name registration, the deposit, bids, the
balance, and (a test's control) reneging. Each runs inside the platform's transaction on the lot dict;
``platform`` gives the code, the clock's ISO form and the outgoing messages."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from typing import Any

from simulators.agencies.service import Problem
from simulators.auction import lots


def register(platform: Any, db: sqlite3.Connection, lot: dict, body: dict, now: float) -> dict:
    fields = {}
    for field in ("name", "id_code", "affiliation"):
        value = body.get(field, "")
        if not isinstance(value, str) or (field != "affiliation" and not value.strip()):
            raise Problem(400, f"缺少 {field}")
        fields[field] = value.strip()
    if lot["closed"]:
        raise Problem(409, "竞价已结束")
    if fields["affiliation"] and fields["affiliation"] in {lot["court_code"], platform.code}:
        raise Problem(403, lots.REFUSED_AFFILIATION)
    for previous in lot["previous_lots"]:
        if platform.load(db, previous).get("reneger") == fields["id_code"]:
            raise Problem(403, lots.REFUSED_RENEGER)
    for bidder_id, bidder in lot["bidders"].items():
        if bidder["id_code"] == fields["id_code"]:
            return {"bidder_id": bidder_id, "preemption_rank": bidder["preemption_rank"]}
    bidder_id = f"B{len(lot['bidders']) + 1}"
    rank = lots.rank_of(lot, fields["name"])
    lot["bidders"][bidder_id] = {**fields, "preemption_rank": rank, "deposit": "none"}
    return {"bidder_id": bidder_id, "preemption_rank": rank}


def deposit(platform: Any, db: sqlite3.Connection, lot: dict, body: dict, now: float) -> dict:
    bidder = named(lot, body)
    if lot["closed"]:
        raise Problem(409, "竞价已结束")
    if bidder["deposit"] == "none":
        bidder["deposit"] = "frozen"
    return {"bidder_id": body["bidder_id"], "deposit": lot["deposit"], "status": bidder["deposit"]}


def bids(platform: Any, db: sqlite3.Connection, lot: dict, body: dict, now: float) -> dict:
    named(lot, body)
    placed = lots.bid(lot, body["bidder_id"], lots.money(body.get("price"), "price"), now)
    return {**placed, "at": lots.iso(placed["at"]), "ends_at": lots.iso(lot["end"])}


def pay(platform: Any, db: sqlite3.Connection, lot: dict, body: dict, now: float) -> dict:
    buyer = named(lot, body)
    if lot["outcome"] != "sold" or lot["winner"] != body["bidder_id"] or lot["reneged"]:
        raise Problem(409, "仅买受人可在成交后支付余款")
    amount = lots.money(body.get("amount"), "amount")
    if amount > lots.outstanding(lot):
        raise Problem(400, f"支付金额超过应付余款 {lots.fen(lots.outstanding(lot))} 元")
    lot["paid"] = lots.fen(Decimal(lot["paid"]) + amount)
    payment = {"kind": "payment", "lot_id": lot["lot_id"], "what": "balance", "amount": lots.fen(amount)}
    platform.emit(db, {**payment, "paid_at": platform.iso(now), "payer_name": buyer["name"]}, now)
    return {"lot_id": lot["lot_id"], "paid": lot["paid"], "outstanding": lots.fen(lots.outstanding(lot))}


def renege(platform: Any, db: sqlite3.Connection, lot: dict, body: dict, now: float) -> dict:
    if lot["outcome"] != "sold" or lot["reneged"] or lots.outstanding(lot) <= 0:
        raise Problem(409, "仅成交且未付清余款的拍品可悔拍")
    buyer = lot["bidders"][lot["winner"]]
    lot.update(reneged=True, reneger=buyer["id_code"])
    buyer["deposit"] = "forfeited"
    message = {"kind": "reneged", "lot_id": lot["lot_id"], "bidder": lot["winner"]}
    platform.emit(
        db,
        {**message, "name": buyer["name"], "id_code": buyer["id_code"], "forfeited": lot["deposit"]},
        now,
    )
    return {"lot_id": lot["lot_id"], "status": "reneged", "forfeited": lot["deposit"]}


def named(lot: dict, body: dict) -> dict:
    bidder_id = body.get("bidder_id")
    if not isinstance(bidder_id, str) or bidder_id not in lot["bidders"]:
        raise Problem(404, f"没有竞买人 {bidder_id}")
    return lot["bidders"][bidder_id]


ACTIONS = {"register": register, "deposit": deposit, "bids": bids, "pay": pay, "renege": renege}
