"""A reference online judicial-auction platform over HTTP (PROTOCOL.md): the court's signed listings
and price inquiries in; real-name bidders, deposits and ascending bids with the 5-minute extension;
signed results, payments and reneging back to the court, in order. Stdlib plus ``cryptography``.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import threading
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from simulators.agencies.service import Problem, Service, common_arguments, dumps, parse, serve, text_id
from simulators.auction import bidders, lots, outbox
from simulators.institutions import signing

SCHEMA = (
    outbox.SCHEMA
    + """
CREATE TABLE IF NOT EXISTS lots (
    lot_id TEXT PRIMARY KEY,
    listing_id TEXT NOT NULL UNIQUE,
    open INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS inquiries (
    inquiry_id TEXT PRIMARY KEY,
    court TEXT NOT NULL,
    due REAL NOT NULL,
    request TEXT NOT NULL,
    report_seq INTEGER
);
"""
)
LOT_PATH = re.compile(r"^/lots/([^/]+)(?:/(register|deposit|bids|pay|suspend|resume))?$")
NO_DATA = "无可比交易数据"


class Platform(Service):
    label = "auction"

    def __init__(self, code: str, name: str, data_dir: Path, trust: Path | None, **options: Any):
        self.price_factor = Decimal(str(options.pop("price_factor", "1.00")))
        self.report_delay = float(options.pop("report_delay", 0.0))
        callback = options.pop("callback", None)
        super().__init__(code, name, data_dir, trust, schema=SCHEMA, **options)
        self.courier = outbox.Courier(self.ledger, code, callback, self.log) if callback else None

    # --- storage ------------------------------------------------------------------------------------
    def load(self, db: sqlite3.Connection, lot_id: str) -> dict:
        row = db.execute("SELECT data FROM lots WHERE lot_id = ?", (lot_id,)).fetchone()
        if row is None:
            raise Problem(404, f"没有拍品 {lot_id}")
        return json.loads(row["data"])

    def save(self, db: sqlite3.Connection, lot: dict) -> None:
        db.execute(
            "UPDATE lots SET data = ?, open = ? WHERE lot_id = ?",
            (json.dumps(lot, ensure_ascii=False), int(not lot["closed"]), lot["lot_id"]),
        )

    def emit(self, db: sqlite3.Connection, payload: dict, now: float) -> None:
        """Keep one message to the court: kind, lot_id, sent_at, then the payload's own fields."""
        body = {"kind": payload.pop("kind"), "lot_id": payload.pop("lot_id"), "sent_at": self.iso(now)}
        if body["kind"] == "payment":
            count = db.execute("SELECT COUNT(*) FROM outbox WHERE kind = 'payment'").fetchone()[0]
            payload = {"transaction_id": f"{self.code}-T{count + 1:06d}", **payload}
            payload = {k: payload[k] for k in ("what", "amount", "transaction_id", "paid_at", "payer_name")}
        outbox.add(db, self.key, self.code, {**body, **payload}, now)
        if self.courier is not None:
            self.courier.wake.set()

    # --- the clock: lots close, reports are made, whenever anyone looks --------------------------------
    def sweep(self) -> None:
        now = self.now()

        def work(db: sqlite3.Connection) -> None:
            for row in db.execute("SELECT data FROM lots WHERE open = 1 ORDER BY lot_id").fetchall():
                lot = json.loads(row["data"])
                if lot["suspended_at"] is None and int(now) > lot["end"]:
                    for payload in lots.close(lot):
                        self.emit(db, payload, now)
                    self.save(db, lot)
                    self.log(f"closed {lot['lot_id']}: {lot['outcome']}")
            due = db.execute(
                "SELECT * FROM inquiries WHERE report_seq IS NULL AND due <= ? ORDER BY rowid", (now,)
            ).fetchall()
            for row in due:
                self.report(db, row, now)

        self.ledger.transaction(work)

    def report(self, db: sqlite3.Connection, row: sqlite3.Row, now: float) -> None:
        hint = Decimal(json.loads(row["request"])["asset"]["value_hint"])
        valid = hint > 0
        price = (hint * self.price_factor).quantize(lots.CENT, rounding=ROUND_HALF_UP) if valid else None
        body = {
            "kind": "price_report",
            "inquiry_id": row["inquiry_id"],
            "price": lots.fen(price) if price is not None else None,
            "valid": valid,
            "reason": "" if valid else NO_DATA,
            "reported_at": self.iso(row["due"]),  # when it was due: the report is made then
        }
        seq, _ = outbox.add(db, self.key, self.code, body, now)
        db.execute("UPDATE inquiries SET report_seq = ? WHERE inquiry_id = ?", (seq, row["inquiry_id"]))
        if self.courier is not None:
            self.courier.wake.set()

    def ticking(self) -> None:
        def tick() -> None:
            while True:
                threading.Event().wait(0.5)
                try:
                    self.sweep()
                except Exception as error:  # keep ticking; the next request shows the error
                    self.log(f"tick failed: {error!r}")

        threading.Thread(target=tick, daemon=True, name="tick").start()
        if self.courier is not None:
            self.courier.start()

    # --- court messages -----------------------------------------------------------------------------
    def court_message(self, raw: bytes, headers: Any, apply: Any) -> bytes:
        """Check the court's signature and that ``court_code`` is the signer, then apply once."""
        court, why = signing.check(self.trust, headers, raw, self.now(), self.max_skew)
        if why:
            self.ledger.bump("refused_signatures")
            raise Problem(401, why)
        body = parse(raw)
        if body.get("court_code") != court:
            self.ledger.bump("refused_signatures")
            raise Problem(401, f"报文中的法院（{body.get('court_code')}）与签名法院（{court}）不一致")
        message_id = text_id(body, "message_id")
        self.busy()
        now = self.now()
        answer, new = self.ledger.accept(
            message_id, court, raw, body, now, lambda db, seq: apply(db, body, now)
        )
        self.log(f"{'applied' if new else 'again'} {message_id} from {court}")
        return answer

    def inquire(self, db: sqlite3.Connection, body: dict, now: float) -> dict:
        inquiry_id = text_id(body, "inquiry_id")
        asset = body.get("asset")
        if not isinstance(asset, dict) or "value_hint" not in asset:
            raise Problem(400, "asset 应为 {type, description, value_hint}")
        try:
            Decimal(str(asset["value_hint"]))
        except InvalidOperation:
            raise Problem(400, "value_hint 应为金额") from None
        if db.execute("SELECT 1 FROM inquiries WHERE inquiry_id = ?", (inquiry_id,)).fetchone() is None:
            db.execute(
                "INSERT INTO inquiries (inquiry_id, court, due, request) VALUES (?, ?, ?, ?)",
                (
                    inquiry_id,
                    body["court_code"],
                    int(now) + self.report_delay,
                    json.dumps(body, ensure_ascii=False),
                ),
            )
        return {"inquiry_id": inquiry_id, "status": "accepted"}

    def list_lot(self, db: sqlite3.Connection, body: dict, now: float) -> dict:
        lot = lots.listing(body, self.code)
        row = db.execute("SELECT lot_id FROM lots WHERE listing_id = ?", (lot["listing_id"],)).fetchone()
        if row is not None:
            return {"lot_id": row["lot_id"], "status": "listed"}
        for previous in lot["previous_lots"]:
            self.load(db, previous)  # 404 for a lot this platform never held
        count = db.execute("SELECT COUNT(*) FROM lots").fetchone()[0]
        lot["lot_id"] = f"{self.code}-L{count + 1:05d}"
        db.execute(
            "INSERT INTO lots (lot_id, listing_id, open, data) VALUES (?, ?, 1, ?)",
            (lot["lot_id"], lot["listing_id"], json.dumps(lot, ensure_ascii=False)),
        )
        return {"lot_id": lot["lot_id"], "status": "listed"}

    def pause(self, lot_id: str, suspend: bool) -> Any:
        def apply(db: sqlite3.Connection, body: dict, now: float) -> dict:
            lot = self.load(db, lot_id)
            if lot["court_code"] != body["court_code"]:
                raise Problem(403, "无权处理其他法院的拍品")
            if lot["closed"]:
                raise Problem(409, "拍卖已结束，不能中止或恢复")
            if suspend and lot["suspended_at"] is None:
                lot["suspended_at"] = int(now)
            elif not suspend and lot["suspended_at"] is not None:
                # the time it stood still is given back: the bidding keeps the time it had left
                paused = int(now) - lot["suspended_at"]
                if lot["suspended_at"] < lot["starts"]:
                    lot["starts"] += paused
                lot["scheduled_end"] += paused
                lot["end"] += paused
                lot["suspended_at"] = None
            self.save(db, lot)
            return {"lot_id": lot_id, "status": lots.status(lot, now), "ends_at": lots.iso(lot["end"])}

        return apply

    # --- bidders (public; bidders.py) ---------------------------------------------------------------
    def bidder_action(self, lot_id: str, action: str, body: dict) -> dict:
        now = self.now()

        def work(db: sqlite3.Connection) -> dict:
            lot = self.load(db, lot_id)
            out = bidders.ACTIONS[action](self, db, lot, body, now)
            self.save(db, lot)
            return out

        return self.ledger.transaction(work)

    # --- reading ------------------------------------------------------------------------------------
    def public(self, lot: dict) -> dict:
        now = self.now()
        bidders = {
            k: {"preemption_rank": v["preemption_rank"], "deposit": v["deposit"]}
            for k, v in lot["bidders"].items()
        }
        top = lots.leader(lot)
        return {
            **{
                k: lot[k]
                for k in ("lot_id", "listing_id", "court_code", "case_number", "title", "description")
            },
            **{
                k: lot[k]
                for k in ("kind", "round", "stage", "start_price", "increment", "deposit", "notice_at")
            },
            "status": lots.status(lot, now),
            "starts_at": lots.iso(lot["starts"]),
            "scheduled_end": lots.iso(lot["scheduled_end"]),
            "ends_at": lots.iso(lot["end"]),
            "highest": top["price"] if top else None,
            "leader": top["bidder"] if top else None,
            "bids": [{**b, "at": lots.iso(b["at"])} for b in lot["bids"]],
            "bidders": bidders,
            "closed_at": lots.iso(lot["closed_at"]) if lot["closed_at"] is not None else None,
            "paid": lot["paid"],
        }

    def state(self) -> dict:
        now = self.now()
        found = {}
        for row in self.ledger.rows("SELECT data FROM lots ORDER BY lot_id"):
            lot = json.loads(row["data"])
            found[lot["lot_id"]] = {**lot, "status": lots.status(lot, now)}
        inquiries = {r["inquiry_id"]: r["report_seq"] for r in self.ledger.rows("SELECT * FROM inquiries")}
        return {
            "platform": self.code,
            "now": now,
            **self.ledger.counts(),
            "refused_signatures": self.ledger.counter("refused_signatures"),
            "lots": found,
            "inquiries": inquiries,
            "messages": outbox.summary(self.ledger),
        }

    def get(self, path: str, query: dict[str, str], client: str) -> tuple[int, bytes]:
        self.sweep()
        if path == "/state":
            return 200, dumps(self.state())
        if path == "/clock":
            return 200, dumps({"now": self.now(), "iso": self.iso(self.now())})
        if path == "/messages":
            after = query.get("after", "0")
            if not after.isdigit():
                raise Problem(400, "after 应为非负整数")
            return 200, dumps({"messages": outbox.since(self.ledger, self.code, int(after))})
        if path.startswith("/inquiries/"):
            rows = self.ledger.rows(
                "SELECT o.body FROM inquiries i JOIN outbox o ON o.seq = i.report_seq WHERE i.inquiry_id = ?",
                (path.removeprefix("/inquiries/"),),
            )
            if not rows:
                raise Problem(404, "询价报告尚未出具")
            return 200, bytes(rows[0]["body"])
        match = LOT_PATH.match(path)
        if match and match.group(2) is None:
            return 200, dumps(self.public(self.ledger.transaction(lambda db: self.load(db, match.group(1)))))
        return super().get(path, query, client)

    def post(self, path: str, raw: bytes, headers: Any) -> tuple[int, bytes]:
        self.sweep()
        if path == "/inquiries":
            return 200, self.court_message(raw, headers, self.inquire)
        if path == "/lots":
            return 200, self.court_message(raw, headers, self.list_lot)
        if path in ("/control/clock", "/admin/clock"):
            value = parse(raw).get("now")
            now = self.set_clock(lots.moment(value, "now") if isinstance(value, str) else value)
            self.sweep()
            return 200, dumps({"now": now, "iso": self.iso(now)})
        if path == "/control/renege":
            lot_id = text_id(parse(raw), "lot_id")
            return 200, dumps(self.bidder_action(lot_id, "renege", {}))
        match = LOT_PATH.match(path)
        if match and match.group(2) in ("suspend", "resume"):
            return 200, self.court_message(
                raw, headers, self.pause(match.group(1), match.group(2) == "suspend")
            )
        if match and match.group(2) is not None:
            return 200, dumps(self.bidder_action(match.group(1), match.group(2), parse(raw)))
        return super().post(path, raw, headers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m simulators.auction",
        description="A reference online judicial-auction platform.",
        conflict_handler="resolve",
    )
    parser.add_argument("--code", required=True, help="the platform's code, e.g. TAOBAO")
    parser.add_argument("--name", required=True, help="the platform's name, e.g. 淘宝网司法拍卖")
    parser.add_argument("--price-factor", default="1.00", help="a price report = value_hint × this")
    parser.add_argument(
        "--report-delay", type=float, default=0.0, help="seconds (platform clock) to a report"
    )
    parser.add_argument("--callback", help="POST every message here too, retried until 2xx")
    common_arguments(parser)
    parser.add_argument("--now", help="start the clock here (ISO 8601 or Unix seconds); it ticks from there")
    args = parser.parse_args(argv)
    if args.now is not None:
        args.now = (
            float(args.now)
            if re.fullmatch(r"-?\d+(\.\d*)?", args.now)
            else float(lots.moment(args.now, "--now"))
        )
    platform = Platform(
        args.code,
        args.name,
        args.data_dir,
        args.trust,
        price_factor=args.price_factor,
        report_delay=args.report_delay,
        callback=args.callback,
        fail_rate=args.fail_rate,
        key_file=args.key_file,
        max_skew=args.max_skew,
    )
    platform.ticking()
    return serve(platform, args, f"auction platform {args.code} {args.name}")
