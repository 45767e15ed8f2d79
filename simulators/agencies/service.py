"""The skeleton the reference agency and the reference SMS gateway share: a signed-message service.

One HTTP process; requests signed by a court (``simulators.institutions.signing``, the same Ed25519
scheme as the institutions); every message applied once under its ``message_id`` in SQLite (WAL,
``synchronous=FULL``), committed before the answer; the answer stored with the message so a retry gets
the same bytes back; every response signed with the service's own key. Stdlib plus ``cryptography``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import ipaddress
import json
import os
import random
import signal
import sqlite3
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from simulators.institutions import signing

CST = dt.timezone(dt.timedelta(hours=8), "CST")
MAX_ID = 64
BUSY = "系统繁忙，请稍后重试"

LEDGER = """
CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL UNIQUE,
    court TEXT NOT NULL,
    body BLOB NOT NULL,
    digest TEXT NOT NULL,
    received INTEGER NOT NULL,
    received_at REAL NOT NULL,
    answer BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


class Problem(Exception):
    """An answer other than success: ``status`` and a Chinese ``message`` (sent as ``{"error": ...}``)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class Conflict(Exception):
    """The same message id with a different body."""


def dumps(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def parse(raw: bytes) -> dict:
    try:
        body = json.loads(raw.decode() or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise Problem(400, "请求体不是 JSON") from None
    if not isinstance(body, dict):
        raise Problem(400, "请求体应为 JSON 对象")
    return body


def digest(body: dict) -> str:
    """What makes two deliveries "the same message": the body less ``sent_at`` (the delivery's own
    time, which a retry may renew), canonically encoded."""
    content = {k: v for k, v in body.items() if k != "sent_at"}
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def text_id(body: dict, field: str) -> str:
    value = body.get(field)
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_ID:
        raise Problem(400, f"{field} 应为 1 至 {MAX_ID} 个字符的字符串")
    return value


def is_loopback(host: str) -> bool:
    """Whether the client address is this machine (127.0.0.0/8, ::1, or IPv4-mapped loopback)."""
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


class Ledger:
    """SQLite under the data dir: the messages (each applied once) plus the service's own tables."""

    def __init__(self, path: Path, schema: str = ""):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.lock = threading.RLock()
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(LEDGER + schema)

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
        message_id: str,
        court: str,
        raw: bytes,
        body: dict,
        now: float,
        apply: Callable[[sqlite3.Connection, int], dict],
    ) -> tuple[bytes, bool]:
        """(the answer's bytes, whether new): the message applied and its answer stored in one
        transaction, or, for a retry of the same message, the stored answer and ``received`` + 1.

        ``apply(db, seq)`` runs inside the transaction (``seq``: the message's number here, from 1) and
        returns the answer. Raises Conflict for the same id with another body."""
        key = digest(body)

        def work(db: sqlite3.Connection) -> tuple[bytes, bool]:
            row = db.execute(
                "SELECT digest, answer FROM messages WHERE message_id = ?", (message_id,)
            ).fetchone()
            if row is not None:
                if row["digest"] != key:
                    raise Conflict(message_id)
                db.execute("UPDATE messages SET received = received + 1 WHERE message_id = ?", (message_id,))
                return bytes(row["answer"]), False
            seq = int(db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM messages").fetchone()[0])
            answer = dumps(apply(db, seq))
            db.execute(
                "INSERT INTO messages (seq, message_id, court, body, digest, received, received_at, answer)"
                " VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                (seq, message_id, court, raw, key, now, answer),
            )
            return answer, True

        return self.transaction(work)

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

    def counts(self) -> dict[str, int]:
        """received (deliveries acknowledged, retries included), applied (messages), duplicates."""
        with self.lock:
            row = self.db.execute("SELECT COUNT(*), COALESCE(SUM(received), 0) FROM messages").fetchone()
        applied, received = int(row[0]), int(row[1])
        return {"received": received, "applied": applied, "duplicates": received - applied}

    def rows(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self.db.execute(sql, params).fetchall()


class Service:
    """A court-signed message service: the clock, the faults, the keys, the ledger, the signature check."""

    label = "service"

    def __init__(
        self,
        code: str,
        name: str,
        data_dir: Path,
        trust: Path | None,
        schema: str = "",
        fail_rate: float = 0.0,
        key_file: Path | None = None,
        max_skew: int = signing.MAX_SKEW,
    ):
        self.code, self.name = code, name
        self.ledger = Ledger(data_dir / f"{self.label}.sqlite3", schema)
        self.key = signing.load_or_create(key_file or data_dir / f"{self.label}.key")
        self.public_key = signing.public_b64(self.key)
        self.trust = signing.Trust(trust)
        self.fail_rate = fail_rate
        self.max_skew = max_skew
        self.offset = 0.0  # seconds added to the wall clock (tests run on a travelled clock)
        self.random = random.Random()
        self.lock = threading.Lock()

    def log(self, message: str) -> None:
        print(f"{self.label} {self.code}: {message}", file=sys.stderr, flush=True)

    # --- clock and faults ---------------------------------------------------------------------------
    def now(self) -> float:
        return time.time() + self.offset

    def iso(self, moment: float) -> str:
        return dt.datetime.fromtimestamp(moment, CST).replace(microsecond=0).isoformat()

    def set_clock(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Problem(400, "now 应为 Unix 秒数")
        self.offset = float(value) - time.time()
        return self.now()

    def faults(self, body: dict) -> dict:
        if "fail_rate" in body:
            rate = body["fail_rate"]
            if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate <= 1:
                raise Problem(400, "fail_rate 应在 0 与 1 之间")
            self.fail_rate = float(rate)
        return {"fail_rate": self.fail_rate}

    def busy(self) -> None:
        """503 with probability ``fail_rate`` (before anything is applied)."""
        if not self.fail_rate:
            return
        with self.lock:
            draw = self.random.random()
        if draw < self.fail_rate:
            self.ledger.bump("failed")
            raise Problem(503, BUSY)

    # --- signed messages ------------------------------------------------------------------------------
    def signed_body(self, raw: bytes, headers: Any) -> tuple[str, dict]:
        """(court, body) of a request signed by a trusted court whose body names that court; else 401."""
        court, why = signing.check(self.trust, headers, raw, self.now(), self.max_skew)
        if why:
            self.ledger.bump("refused_signatures")
            self.log(f"refused a message: {why}")
            raise Problem(401, why)
        body = parse(raw)
        if body.get("court") != court:
            self.ledger.bump("refused_signatures")
            raise Problem(401, f"报文中的法院（{body.get('court')}）与签名法院（{court}）不一致")
        return court, body

    # --- routes (subclasses) --------------------------------------------------------------------------
    def get(self, path: str, query: dict[str, str], client: str) -> tuple[int, bytes]:
        if path == "/key":
            return 200, dumps({"code": self.code, "public_key": self.public_key})
        if path == "/health":
            return 200, dumps({"ok": True, "code": self.code, "name": self.name})
        raise Problem(404, f"没有 GET {path}")

    def post(self, path: str, raw: bytes, headers: Any) -> tuple[int, bytes]:
        if path == "/admin/faults":
            return 200, dumps(self.faults(parse(raw)))
        if path == "/admin/clock":
            body = parse(raw)
            if "now" not in body:
                raise Problem(400, "缺少 now")
            return 200, dumps({"now": self.set_clock(body["now"])})
        raise Problem(404, f"没有 POST {path}")

    def close(self) -> None:
        self.ledger.close()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ReferenceService/1.0"
    service: Service  # set on the subclass made by make_server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        service = self.service
        for name, value in signing.signed_headers(service.key, service.code, body, service.now()).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _dispatch(self, method: str) -> None:
        url = urllib.parse.urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        try:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if method == "GET":
                query = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
                status, body = self.service.get(path, query, self.client_address[0])
            else:
                status, body = self.service.post(path, raw, self.headers)
            self._send(status, body)
        except Problem as problem:
            self._send(problem.status, dumps({"error": problem.message}))
        except Conflict:
            self._send(409, dumps({"error": "message_id 已用于内容不同的另一报文"}))
        except Exception as error:  # a bug in the simulator: say so rather than hang the client
            self.service.log(f"error on {method} {self.path}: {error!r}")
            self._send(500, dumps({"error": f"{type(error).__name__}: {error}"}))

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        self._dispatch("POST")


def make_server(service: Service, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    handler = type(f"{type(service).__name__}Handler", (Handler,), {"service": service})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def watch_parent(server: ThreadingHTTPServer, service: Service) -> None:
    """Stop serving once the parent is gone (polled: the parent-death signal follows a thread)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        service.log("parent process gone: stopping")
        server.shutdown()

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--trust", type=Path, help='JSON {"<court code>": "<public key b64>"}')
    parser.add_argument(
        "--fail-rate", type=float, default=0.0, help="answer 503 (before applying) this often"
    )
    parser.add_argument(
        "--key-file", type=Path, help="default: <data-dir>/<service>.key, made on first start"
    )
    parser.add_argument("--max-skew", type=int, default=signing.MAX_SKEW)
    parser.add_argument("--now", type=float, help="start the clock here (Unix seconds); it ticks from there")
    parser.add_argument(
        "--exit-with-parent", action="store_true", help="stop when the process that started this one dies"
    )


def serve(service: Service, args: argparse.Namespace, description: str) -> int:
    """Print ``READY http://host:port`` and serve until SIGTERM (or the parent's death)."""
    if args.now is not None:
        service.set_clock(args.now)
    server = make_server(service, args.host, args.port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"READY http://{args.host}:{server.server_address[1]}", flush=True)
    if args.exit_with_parent:
        watch_parent(server, service)
    service.log(f"{description}: key {service.public_key}, data {args.data_dir}")
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()
        service.close()
    return 0
