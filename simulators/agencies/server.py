"""A reference credit agency over HTTP (PROTOCOL.md): the court's signed dishonest-list records in,
signed acknowledgements out, each message applied once. Stdlib plus ``cryptography``; no Django.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

from simulators.agencies.service import Problem, Service, common_arguments, dumps, serve, text_id

# The subscribers of rules §7.1.8 / addendum §3.7 the platform pushes to.
KINDS = {
    "credit_office": "信用办",
    "credit_reporting": "征信中心",
    "airline": "民航",
    "rail": "铁路",
    "market_regulator": "市场监管",
    "household_registration": "公安户籍",
}
ACTIONS = ("list", "change", "remove")

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    record_id TEXT PRIMARY KEY,
    listed INTEGER NOT NULL,
    record TEXT,
    actions TEXT NOT NULL,
    applied_count INTEGER NOT NULL,
    updated_at REAL NOT NULL
);
"""


class Agency(Service):
    label = "agency"

    def __init__(self, kind: str, code: str, name: str, data_dir: Path, trust: Path | None, **options: Any):
        super().__init__(code, name, data_dir, trust, schema=SCHEMA, **options)
        self.kind = kind

    def receive(self, raw: bytes, headers: Any) -> bytes:
        court, body = self.signed_body(raw, headers)
        message_id = text_id(body, "message_id")
        action = body.get("action")
        if action not in ACTIONS:
            raise Problem(400, f"action 应为 {' | '.join(ACTIONS)}")
        record_id = text_id(body, "record_id")
        record = body.get("record")
        if action == "remove" and record is None:
            pass
        elif not isinstance(record, dict):
            raise Problem(
                400, "record 应为 JSON 对象（公布的信息项）" + ("" if action != "remove" else "或省略")
            )
        sent_at = body.get("sent_at")
        if sent_at is not None:
            try:
                dt.datetime.fromisoformat(sent_at)
            except (TypeError, ValueError):
                raise Problem(400, "sent_at 应为 ISO 8601 时间") from None
        self.busy()
        now = self.now()

        def apply(db: sqlite3.Connection, seq: int) -> dict:
            row = db.execute("SELECT * FROM records WHERE record_id = ?", (record_id,)).fetchone()
            known = row is not None
            actions = json.loads(row["actions"]) if known else []
            kept = row["record"] if known else None
            if action == "list":
                listed = True
            elif action == "change":
                listed = bool(row["listed"]) if known else True
            else:
                listed = False
            stored = json.dumps(record, ensure_ascii=False) if record is not None else kept
            db.execute(
                "INSERT INTO records VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT(record_id) DO UPDATE SET"
                " listed = excluded.listed, record = excluded.record, actions = excluded.actions,"
                " applied_count = applied_count + 1, updated_at = excluded.updated_at",
                (record_id, int(listed), stored, json.dumps([*actions, action]), now),
            )
            return {
                "message_id": message_id,
                "status": "acknowledged",
                "ack_id": f"{self.code}-{seq:08d}",
                "record_id": record_id,
                "action": action,
                "known": known,
                "agency": self.code,
                "acknowledged_at": self.iso(now),
            }

        answer, new = self.ledger.accept(message_id, court, raw, body, now, apply)
        self.log(f"{'applied' if new else 'again'} {action} {record_id} ({message_id}) from {court}")
        return answer

    def state(self) -> dict:
        records = {}
        for row in self.ledger.rows("SELECT * FROM records ORDER BY record_id"):
            records[row["record_id"]] = {
                "listed": bool(row["listed"]),
                "record": json.loads(row["record"]) if row["record"] is not None else None,
                "actions": json.loads(row["actions"]),
                "applied_count": row["applied_count"],
            }
        return {
            "agency": self.code,
            "kind": self.kind,
            **self.ledger.counts(),
            "refused_signatures": self.ledger.counter("refused_signatures"),
            "failed": self.ledger.counter("failed"),
            "records": records,
        }

    def get(self, path: str, query: dict[str, str], client: str) -> tuple[int, bytes]:
        if path == "/state":
            return 200, dumps(self.state())
        if path == "/health":
            return 200, dumps({"ok": True, "code": self.code, "name": self.name, "kind": self.kind})
        return super().get(path, query, client)

    def post(self, path: str, raw: bytes, headers: Any) -> tuple[int, bytes]:
        if path == "/v1/records":
            return 200, self.receive(raw, headers)
        return super().post(path, raw, headers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m simulators.agencies", description="A reference credit agency."
    )
    parser.add_argument(
        "--kind", required=True, choices=tuple(KINDS), help=", ".join(f"{k} {v}" for k, v in KINDS.items())
    )
    parser.add_argument("--code", required=True, help="the agency's code, e.g. CREDIT-HE")
    parser.add_argument("--name", required=True, help="the agency's name, e.g. 河北省社会信用信息中心")
    common_arguments(parser)
    args = parser.parse_args(argv)
    agency = Agency(
        args.kind,
        args.code,
        args.name,
        args.data_dir,
        args.trust,
        fail_rate=args.fail_rate,
        key_file=args.key_file,
        max_skew=args.max_skew,
    )
    return serve(agency, args, f"{args.kind} {args.code} {args.name}")
