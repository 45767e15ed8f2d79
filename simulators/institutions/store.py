"""The institution's state in SQLite under --data-dir (WAL, synchronous FULL).

Every request is stored, applied and committed in one transaction before it is acknowledged, so a process
killed with SIGKILL and restarted on the same directory keeps every request, measure and deduction, and a
retried request id is never applied twice. One connection, one lock: the simulator's writes are one per
request (of up to 1,000 debtors), not one per debtor.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS requests (
    request_id TEXT PRIMARY KEY,
    court TEXT NOT NULL,
    action TEXT NOT NULL,
    body BLOB NOT NULL,
    body_sha TEXT NOT NULL,
    received_at REAL NOT NULL,
    ready_at REAL NOT NULL,
    received INTEGER NOT NULL,
    applied INTEGER NOT NULL,
    queried INTEGER,
    results BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS measures (
    seq INTEGER PRIMARY KEY,
    measure_id TEXT NOT NULL UNIQUE,
    court TEXT NOT NULL,
    asset_id TEXT NOT NULL,
    id_code TEXT NOT NULL,
    type TEXT NOT NULL,
    kind TEXT NOT NULL,
    amount TEXT,
    deducted TEXT NOT NULL DEFAULT '0.00',
    start TEXT NOT NULL,
    expiry TEXT NOT NULL,
    position INTEGER NOT NULL,
    released_on TEXT,
    request_id TEXT NOT NULL,
    ref TEXT NOT NULL,
    case_number TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS measures_asset ON measures (asset_id);
CREATE INDEX IF NOT EXISTS measures_debtor ON measures (id_code);
CREATE TABLE IF NOT EXISTS deductions (
    seq INTEGER PRIMARY KEY,
    transaction_id TEXT NOT NULL UNIQUE,
    measure_id TEXT NOT NULL,
    asset_id TEXT NOT NULL,
    id_code TEXT NOT NULL,
    court TEXT NOT NULL,
    amount TEXT NOT NULL,
    to_account TEXT NOT NULL,
    to_sub_account TEXT NOT NULL,
    request_id TEXT NOT NULL,
    ref TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS deductions_asset ON deductions (asset_id);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


class Conflict(Exception):
    """The same request id with a different body."""


def sha(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


class Store:
    def __init__(self, data_dir: Path):
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / "institution.sqlite3"
        self.lock = threading.RLock()
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        with self.lock:
            self.db.close()

    def transaction(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run ``work(db)`` in one IMMEDIATE transaction, committed before returning."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                out = work(self.db)
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
            return out

    def accept(
        self,
        request_id: str,
        court: str,
        action: str,
        raw: bytes,
        body: dict,
        now: float,
        delay: float,
        apply: Callable[[sqlite3.Connection], tuple[list[dict], int | None]],
    ) -> bool:
        """Store and apply a request once; True when new, False for a retry of the same body.

        ``apply(db)`` runs inside the transaction and returns (results, queried)."""
        digest = sha(raw)

        def work(db: sqlite3.Connection) -> bool:
            row = db.execute(
                "SELECT body, body_sha FROM requests WHERE request_id = ?", (request_id,)
            ).fetchone()
            if row is not None:
                if row["body_sha"] != digest and json.loads(row["body"]) != body:
                    raise Conflict(request_id)
                db.execute("UPDATE requests SET received = received + 1 WHERE request_id = ?", (request_id,))
                return False
            results, queried = apply(db)
            encoded = json.dumps(results, ensure_ascii=False, separators=(",", ":")).encode()
            db.execute(
                "INSERT INTO requests VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?)",
                (request_id, court, action, raw, digest, now, now + delay, queried, encoded),
            )
            return True

        return bool(self.transaction(work))

    def answer(self, request_id: str) -> sqlite3.Row | None:
        with self.lock:
            return self.db.execute(
                "SELECT request_id, action, ready_at, queried, results FROM requests WHERE request_id = ?",
                (request_id,),
            ).fetchone()

    def bump(self, name: str) -> None:
        self.transaction(
            lambda db: db.execute(
                "INSERT INTO counters VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1",
                (name,),
            )
        )

    def counter(self, name: str) -> int:
        with self.lock:
            row = self.db.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
        return int(row["value"]) if row else 0

    def rows(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self.db.execute(sql, params).fetchall()
