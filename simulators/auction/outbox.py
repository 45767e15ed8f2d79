"""The platform's messages to the court (PROTOCOL.md "Messages"): numbered, signed once when made,
kept in order, read with ``GET /messages?after=<seq>`` and, with ``--callback URL``, POSTed there in
order, each retried until the court answers 2xx."""

from __future__ import annotations

import json
import sqlite3
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from simulators.agencies.service import Ledger, dumps
from simulators.institutions import signing

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    lot_id TEXT,
    body BLOB NOT NULL,
    timestamp TEXT NOT NULL,
    signature TEXT NOT NULL,
    delivered INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);
"""

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def message_id(code: str, seq: int) -> str:
    return f"P-{code}-{seq:06d}"


def add(db: sqlite3.Connection, key: Any, code: str, body: dict, now: float) -> tuple[int, bytes]:
    """Number, sign and keep one message (inside the caller's transaction); (seq, the exact bytes).

    ``body`` without ``message_id``: it is put first; the rest keeps its order."""
    seq = int(db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox").fetchone()[0])
    raw = dumps({"message_id": message_id(code, seq), **body})
    headers = signing.signed_headers(key, code, raw, now)
    db.execute(
        "INSERT INTO outbox (seq, message_id, kind, lot_id, body, timestamp, signature) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            seq,
            message_id(code, seq),
            body["kind"],
            body.get("lot_id"),
            raw,
            headers[signing.TIMESTAMP],
            headers[signing.SIGNATURE],
        ),
    )
    return seq, raw


def item(row: sqlite3.Row, code: str) -> dict:
    """One message as ``GET /messages`` lists it: the exact body text and its signature headers."""
    return {
        "seq": row["seq"],
        "body": bytes(row["body"]).decode(),
        "headers": {
            signing.TIMESTAMP: row["timestamp"],
            signing.KEY: code,
            signing.SIGNATURE: row["signature"],
        },
    }


def since(ledger: Ledger, code: str, after: int) -> list[dict]:
    return [item(r, code) for r in ledger.rows("SELECT * FROM outbox WHERE seq > ? ORDER BY seq", (after,))]


def summary(ledger: Ledger) -> list[dict]:
    rows = ledger.rows(
        "SELECT seq, message_id, kind, lot_id, delivered, attempts, last_error, body FROM outbox"
    )
    return [
        {
            "seq": r["seq"],
            "message_id": r["message_id"],
            "kind": r["kind"],
            "lot_id": r["lot_id"],
            "delivered": bool(r["delivered"]),
            "attempts": r["attempts"],
            "last_error": r["last_error"],
            "body": json.loads(bytes(r["body"]).decode()),
        }
        for r in rows
    ]


class Courier:
    """POSTs each message to the callback URL in order, the next only once the court took this one
    (a 2xx); a failure is retried after 0.1 s, doubling to at most 2 s."""

    def __init__(self, ledger: Ledger, code: str, url: str, log: Callable[[str], None]):
        self.ledger, self.code, self.url, self.log = ledger, code, url, log
        self.wake = threading.Event()
        self.stopped = False

    def start(self) -> None:
        threading.Thread(target=self.run, daemon=True, name="courier").start()

    def run(self) -> None:
        pause = 0.1
        while not self.stopped:
            rows = self.ledger.rows("SELECT * FROM outbox WHERE delivered = 0 ORDER BY seq LIMIT 1")
            if not rows:
                self.wake.wait(1.0)
                self.wake.clear()
                continue
            error = self.post(rows[0])
            self.mark(rows[0]["seq"], error)
            if error:
                self.wake.wait(pause)
                self.wake.clear()
                pause = min(pause * 2, 2.0)
            else:
                pause = 0.1
                self.log(f"delivered {rows[0]['message_id']} ({rows[0]['kind']})")

    def mark(self, seq: int, error: str) -> None:
        self.ledger.transaction(
            lambda db: db.execute(
                "UPDATE outbox SET attempts = attempts + 1, delivered = ?, last_error = ? WHERE seq = ?",
                (int(not error), error, seq),
            )
        )

    def post(self, row: sqlite3.Row) -> str:
        """'' when the court answered 2xx, else what went wrong."""
        headers = {"Content-Type": "application/json; charset=utf-8", **item(row, self.code)["headers"]}
        request = urllib.request.Request(self.url, data=bytes(row["body"]), method="POST", headers=headers)
        try:
            with _NO_PROXY.open(request, timeout=10) as response:
                response.read()
                return "" if 200 <= response.status < 300 else f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            return f"HTTP {error.code}"
        except (OSError, ValueError) as error:
            return f"{type(error).__name__}: {error}"
