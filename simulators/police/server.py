"""A reference public-security bureau or border administration over HTTP (PROTOCOL.md): the court's
signed referrals and exit bans in; signed receipts and acknowledgements back; the police's filing
decisions as signed, numbered messages in a feed. Stdlib plus ``cryptography``; no Django.

Built on ``simulators.agencies.service`` (ledger, signature check, signed answers, clock, faults) and
``simulators.auction.outbox`` (the numbered, signed feed and its callback courier).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

from simulators.agencies.service import (
    CST,
    Problem,
    Service,
    common_arguments,
    dumps,
    parse,
    serve,
    text_id,
)
from simulators.auction import outbox
from simulators.institutions import signing

KINDS = {"police": "公安机关", "border": "出入境管理机关"}
# The crimes a court refers (zhixing.measures.rules.CRIMES): 拒不执行判决、裁定罪 (Criminal Law art 313)
# and 拒不支付劳动报酬罪 (art 276-1).
CRIMES = ("art313", "art276_1")

SCHEMA = (
    outbox.SCHEMA
    + """
CREATE TABLE IF NOT EXISTS referrals (
    ref TEXT PRIMARY KEY,
    court TEXT NOT NULL,
    referral_id TEXT NOT NULL,
    data TEXT NOT NULL,
    UNIQUE (court, referral_id)
);
CREATE TABLE IF NOT EXISTS bans (
    ref TEXT PRIMARY KEY,
    court TEXT NOT NULL,
    measure_id TEXT NOT NULL,
    id_code TEXT NOT NULL,
    data TEXT NOT NULL,
    UNIQUE (court, measure_id)
);
"""
)
LIFT_PATH = re.compile(r"^/exit-bans/([^/]+)/lift$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def bundle_sha256(bundle: list) -> str:
    """SHA-256 of the bundle's canonical JSON (sorted keys, no spaces, UTF-8): PROTOCOL.md."""
    canonical = json.dumps(bundle, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def text(body: dict, field: str, limit: int, required: bool = True) -> str:
    value = body.get(field, "")
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        raise Problem(400, f"{field} 应为{'' if required else '至多'} {limit} 字以内的字符串")
    return value


class Bureau(Service):
    """One agency: ``kind`` police (referrals, decisions) or border (exit bans)."""

    label = "police"

    def __init__(self, kind: str, code: str, name: str, data_dir: Path, trust: Path | None, **options: Any):
        callback = options.pop("callback", None)
        super().__init__(code, name, data_dir, trust, schema=SCHEMA, **options)
        self.kind = kind
        self.courier = outbox.Courier(self.ledger, code, callback, self.log) if callback else None

    def today(self) -> str:
        return dt.datetime.fromtimestamp(self.now(), CST).date().isoformat()

    # --- court messages -----------------------------------------------------------------------------
    def court_message(self, raw: bytes, headers: Any, apply: Any) -> bytes:
        """Check the court's signature and that ``court_code`` is the signer, then apply once under the
        message id (the same id and body again: the stored answer, byte for byte)."""
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

    def emit(self, db: sqlite3.Connection, payload: dict, now: float) -> None:
        outbox.add(db, self.key, self.code, {**payload, "sent_at": self.iso(now)}, now)
        if self.courier is not None:
            self.courier.wake.set()

    # --- police: referrals (rules §10.3.3) -----------------------------------------------------------
    def receive_referral(self, db: sqlite3.Connection, body: dict, now: float) -> dict:
        referral_id = text_id(body, "referral_id")
        if body.get("crime") not in CRIMES:
            raise Problem(400, f"crime 应为 {' | '.join(CRIMES)}")
        for field, limit in (("case_number", 60), ("suspects", 200), ("facts", 20000)):
            text(body, field, limit)
        bundle = body.get("bundle")
        if not isinstance(bundle, list) or not all(isinstance(item, dict) for item in bundle):
            raise Problem(400, "bundle 应为证据材料清单（对象数组）")
        if body.get("bundle_sha256") != bundle_sha256(bundle):
            raise Problem(400, "证据材料清单的指纹与清单内容不符")
        court = body["court_code"]
        row = db.execute(
            "SELECT data FROM referrals WHERE court = ? AND referral_id = ?", (court, referral_id)
        ).fetchone()
        if row is not None:  # sent again (a new message id): the same case, the same receipt
            return receipt(json.loads(row["data"]))
        count = int(db.execute("SELECT COUNT(*) FROM referrals").fetchone()[0]) + 1
        received_on = dt.datetime.fromtimestamp(now, CST).date()
        referral = {
            "ref": f"{self.code}-R{count:06d}",
            "referral_id": referral_id,
            "court_code": court,
            "receipt_number": f"{self.code}受案〔{received_on.year}〕{count}号",
            "received_on": received_on.isoformat(),
            "status": "received",
            "complex": False,
            "request": {k: body[k] for k in ("case_number", "crime", "suspects", "facts", "bundle")},
            "bundle_sha256": body["bundle_sha256"],
            "decision": None,
        }
        db.execute(
            "INSERT INTO referrals (ref, court, referral_id, data) VALUES (?, ?, ?, ?)",
            (referral["ref"], court, referral_id, json.dumps(referral, ensure_ascii=False)),
        )
        # The receipt is also a message, so a court that lost the answer still learns it.
        self.emit(db, {"kind": "receipt", **receipt(referral)}, now)
        return receipt(referral)

    def decide(self, body: dict) -> dict:
        """The bureau's decision on a received referral (a test's control): filed or not, complex."""
        ref = text_id(body, "ref")
        filed = body.get("filed")
        complex_case = body.get("complex", False)
        if not isinstance(filed, bool) or not isinstance(complex_case, bool):
            raise Problem(400, "filed 与 complex 应为 true 或 false")
        reason = text(body, "reason", 300, required=not filed)
        decided_on = body.get("decided_on") or self.today()
        if not isinstance(decided_on, str) or not DATE.match(decided_on):
            raise Problem(400, "decided_on 应为 YYYY-MM-DD")
        now = self.now()

        def work(db: sqlite3.Connection) -> dict:
            row = db.execute("SELECT data FROM referrals WHERE ref = ?", (ref,)).fetchone()
            if row is None:
                raise Problem(404, f"没有受案 {ref}")
            referral = json.loads(row["data"])
            if referral["decision"] is not None:
                raise Problem(409, "该案已作出决定")
            decision = {
                "kind": "decision",
                "ref": ref,
                "referral_id": referral["referral_id"],
                "court_code": referral["court_code"],
                "filed": filed,
                "complex": complex_case,
                "decided_on": decided_on,
                "reason": reason,
            }
            referral.update(status="filed" if filed else "not_filed", complex=complex_case, decision=decision)
            db.execute(
                "UPDATE referrals SET data = ? WHERE ref = ?", (json.dumps(referral, ensure_ascii=False), ref)
            )
            self.emit(db, dict(decision), now)
            return decision

        return self.ledger.transaction(work)

    # --- border: exit bans (rules §6.16) -------------------------------------------------------------
    def ban(self, db: sqlite3.Connection, body: dict, now: float) -> dict:
        measure_id = text_id(body, "measure_id")
        name = text(body, "name", 100)
        # A unit's representative whose identity number the court does not hold is sent without one:
        # the administration then identifies the person by name and case (PROTOCOL.md).
        id_code = text(body, "id_code", 64, required=False)
        case_number = text(body, "case_number", 60, required=False)
        court = body["court_code"]
        row = db.execute(
            "SELECT data FROM bans WHERE court = ? AND measure_id = ?", (court, measure_id)
        ).fetchone()
        if row is not None:
            return ban_answer(json.loads(row["data"]))
        count = int(db.execute("SELECT COUNT(*) FROM bans").fetchone()[0]) + 1
        ban = {
            "ref": f"{self.code}-E{count:06d}",
            "measure_id": measure_id,
            "court_code": court,
            "name": name,
            "id_code": id_code,
            "case_number": case_number,
            "status": "in_force",
            "effective_at": self.iso(now),
            "lifted_at": None,
            "reason": "",
        }
        db.execute(
            "INSERT INTO bans (ref, court, measure_id, id_code, data) VALUES (?, ?, ?, ?, ?)",
            (ban["ref"], court, measure_id, id_code, json.dumps(ban, ensure_ascii=False)),
        )
        return ban_answer(ban)

    def lift(self, ref: str) -> Any:
        def apply(db: sqlite3.Connection, body: dict, now: float) -> dict:
            if body.get("ref", ref) != ref:
                raise Problem(400, "ref 与地址不符")
            reason = text(body, "reason", 300)
            row = db.execute("SELECT data FROM bans WHERE ref = ?", (ref,)).fetchone()
            if row is None:
                raise Problem(404, f"没有限制出境 {ref}")
            ban = json.loads(row["data"])
            if ban["court_code"] != body["court_code"]:
                raise Problem(403, "无权解除其他法院决定的限制出境")
            if ban["status"] != "lifted":  # lifted already: acknowledged as it was lifted
                ban.update(status="lifted", lifted_at=self.iso(now), reason=reason)
                db.execute(
                    "UPDATE bans SET data = ? WHERE ref = ?", (json.dumps(ban, ensure_ascii=False), ref)
                )
            return lift_answer(ban)

        return apply

    def traveller(self, id_code: str) -> dict:
        """What a border post sees for one identity code: may the person leave, and under which bans."""
        rows = self.ledger.rows("SELECT data FROM bans WHERE id_code = ? ORDER BY ref", (id_code,))
        bans = [json.loads(r["data"]) for r in rows]
        held = [b["ref"] for b in bans if b["status"] == "in_force"]
        return {"may_leave": not held, "bans": held}

    # --- reading ------------------------------------------------------------------------------------
    def state(self) -> dict:
        referrals = {
            r["ref"]: json.loads(r["data"]) for r in self.ledger.rows("SELECT data, ref FROM referrals")
        }
        bans = {r["ref"]: json.loads(r["data"]) for r in self.ledger.rows("SELECT data, ref FROM bans")}
        return {
            "agency": self.code,
            "kind": self.kind,
            "now": self.now(),
            **self.ledger.counts(),
            "refused_signatures": self.ledger.counter("refused_signatures"),
            "failed": self.ledger.counter("failed"),
            "referrals": referrals,
            "bans": bans,
            "messages": outbox.summary(self.ledger),
        }

    def one(self, table: str, ref: str) -> dict:
        rows = self.ledger.rows(f"SELECT data FROM {table} WHERE ref = ?", (ref,))  # noqa: S608 - fixed names
        if not rows:
            raise Problem(404, f"没有 {ref}")
        return json.loads(rows[0]["data"])

    def get(self, path: str, query: dict[str, str], client: str) -> tuple[int, bytes]:
        if path == "/state":
            return 200, dumps(self.state())
        if path == "/health":
            return 200, dumps({"ok": True, "code": self.code, "name": self.name, "kind": self.kind})
        if path == "/clock":
            return 200, dumps({"now": self.now(), "iso": self.iso(self.now())})
        if self.kind == "police" and path == "/messages":
            after = query.get("after", "0")
            if not after.isdigit():
                raise Problem(400, "after 应为非负整数")
            return 200, dumps({"messages": outbox.since(self.ledger, self.code, int(after))})
        if self.kind == "police" and path.startswith("/referrals/"):
            return 200, dumps(self.one("referrals", path.removeprefix("/referrals/")))
        if self.kind == "border" and path.startswith("/exit-bans/"):
            return 200, dumps(self.one("bans", path.removeprefix("/exit-bans/")))
        if self.kind == "border" and path.startswith("/travellers/"):
            return 200, dumps(self.traveller(path.removeprefix("/travellers/")))
        return super().get(path, query, client)

    def post(self, path: str, raw: bytes, headers: Any) -> tuple[int, bytes]:
        if self.kind == "police" and path == "/referrals":
            return 200, self.court_message(raw, headers, self.receive_referral)
        if self.kind == "police" and path == "/control/decide":
            return 200, dumps(self.decide(parse(raw)))
        if self.kind == "border" and path == "/exit-bans":
            return 200, self.court_message(raw, headers, self.ban)
        match = LIFT_PATH.match(path)
        if self.kind == "border" and match:
            return 200, self.court_message(raw, headers, self.lift(match.group(1)))
        if path == "/control/clock":
            path = "/admin/clock"
        return super().post(path, raw, headers)


def receipt(referral: dict) -> dict:
    return {
        k: referral[k] for k in ("ref", "referral_id", "status", "received_on", "receipt_number", "complex")
    } | {"status": "received"}


def ban_answer(ban: dict) -> dict:
    return {
        "ref": ban["ref"],
        "measure_id": ban["measure_id"],
        "status": "in_force",
        "effective_at": ban["effective_at"],
    }


def lift_answer(ban: dict) -> dict:
    return {
        "ref": ban["ref"],
        "measure_id": ban["measure_id"],
        "status": "lifted",
        "lifted_at": ban["lifted_at"],
        "reason": ban["reason"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m simulators.police",
        description="A reference public-security bureau (referrals) or border administration (exit bans).",
    )
    parser.add_argument(
        "--kind", required=True, choices=tuple(KINDS), help="police 公安机关, border 出入境管理机关"
    )
    parser.add_argument("--code", required=True, help="the agency's code, e.g. XAPSB")
    parser.add_argument("--name", required=True, help="the agency's name, e.g. 雄安新区公安局")
    parser.add_argument("--callback", help="police: POST every message here too, retried until 2xx")
    common_arguments(parser)
    args = parser.parse_args(argv)
    bureau = Bureau(
        args.kind,
        args.code,
        args.name,
        args.data_dir,
        args.trust,
        callback=args.callback,
        fail_rate=args.fail_rate,
        key_file=args.key_file,
        max_skew=args.max_skew,
    )
    if bureau.courier is not None:
        bureau.courier.start()
    return serve(bureau, args, f"{KINDS[args.kind]} {args.code} {args.name}")
