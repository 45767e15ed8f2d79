"""A reference SMS gateway over HTTP (PROTOCOL.md): signed messages in, accepted once each, and an inbox per
phone that only loopback clients may read (tests read one-time codes there). Stdlib plus ``cryptography``.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
from pathlib import Path
from typing import Any

from simulators.agencies.service import (
    Problem,
    Service,
    common_arguments,
    dumps,
    is_loopback,
    serve,
    text_id,
)

PHONE = re.compile(r"\A1[3-9][0-9]{9}\Z")  # a mainland mobile number, 11 digits
MAX_TEXT = 500

SCHEMA = """
CREATE TABLE IF NOT EXISTS texts (
    seq INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL UNIQUE,
    court TEXT NOT NULL,
    phone TEXT NOT NULL,
    text TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS texts_phone ON texts (phone);
"""


def valid_phone(value: Any) -> str:
    if not isinstance(value, str) or not PHONE.match(value):
        raise Problem(400, "手机号码应为 11 位中国大陆手机号（1 开头，第二位 3 至 9）")
    return value


class Gateway(Service):
    label = "sms"

    def __init__(self, code: str, name: str, data_dir: Path, trust: Path | None, **options: Any):
        super().__init__(code, name, data_dir, trust, schema=SCHEMA, **options)

    def receive(self, raw: bytes, headers: Any) -> bytes:
        court, body = self.signed_body(raw, headers)
        message_id = text_id(body, "message_id")
        phone = valid_phone(body.get("phone"))
        text = body.get("text")
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
            raise Problem(400, f"短信内容应为 1 至 {MAX_TEXT} 个字符")
        self.busy()
        now = self.now()

        def apply(db: sqlite3.Connection, seq: int) -> dict:
            db.execute(
                "INSERT INTO texts (seq, message_id, court, phone, text, received_at) VALUES (?, ?, ?, ?, ?, ?)",
                (seq, message_id, court, phone, text, self.iso(now)),
            )
            return {"message_id": message_id, "status": "accepted"}

        answer, new = self.ledger.accept(message_id, court, raw, body, now, apply)
        self.log(f"{'accepted' if new else 'again'} {message_id} from {court} to {phone[:3]}****{phone[-4:]}")
        return answer

    def inbox(self, phone: str | None) -> list[dict]:
        sql = "SELECT message_id, phone, text, received_at FROM texts"
        rows = (
            self.ledger.rows(sql + " WHERE phone = ? ORDER BY seq", (phone,))
            if phone is not None
            else self.ledger.rows(sql + " ORDER BY seq")
        )
        return [dict(row) for row in rows]

    def state(self) -> dict:
        phones = self.ledger.rows("SELECT phone, COUNT(*) AS n FROM texts GROUP BY phone ORDER BY phone")
        return {
            "gateway": self.code,
            **self.ledger.counts(),
            "refused_signatures": self.ledger.counter("refused_signatures"),
            "failed": self.ledger.counter("failed"),
            "phones": {row["phone"]: row["n"] for row in phones},
        }

    def get(self, path: str, query: dict[str, str], client: str) -> tuple[int, bytes]:
        if path == "/v1/messages":
            if not is_loopback(client):
                raise Problem(403, "收件箱只对本机（回环地址）开放")
            phone = valid_phone(query["phone"]) if "phone" in query else None
            return 200, dumps({"messages": self.inbox(phone)})
        if path == "/state":
            return 200, dumps(self.state())
        return super().get(path, query, client)

    def post(self, path: str, raw: bytes, headers: Any) -> tuple[int, bytes]:
        if path == "/v1/messages":
            return 202, self.receive(raw, headers)
        return super().post(path, raw, headers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulators.sms", description="A reference SMS gateway.")
    parser.add_argument("--code", required=True, help="the gateway's code, e.g. SMS-HE")
    parser.add_argument("--name", default="12368 短信平台", help="the gateway's name")
    common_arguments(parser)
    args = parser.parse_args(argv)
    gateway = Gateway(
        args.code,
        args.name,
        args.data_dir,
        args.trust,
        fail_rate=args.fail_rate,
        key_file=args.key_file,
        max_skew=args.max_skew,
    )
    return serve(gateway, args, f"SMS gateway {args.code} {args.name}")
