"""A reference institution over HTTP (PROTOCOL.md): signed instructions in, signed answers out.

Stdlib plus ``cryptography``; imports nothing of Django or ``zhixing``. See README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from simulators.institutions import signing
from simulators.institutions.holdings import KINDS, Holdings
from simulators.institutions.measures import CST, Book, today
from simulators.institutions.store import Conflict, Store

ACTIONS = ("query", "freeze", "renew", "release", "deduct")


def log(message: str) -> None:
    print(f"institution: {message}", file=sys.stderr, flush=True)


class Problem(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def dumps(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


class Institution:
    def __init__(
        self,
        kind: str,
        code: str,
        name: str,
        data_dir: Path,
        trust: Path | None,
        seed: dict | None = None,
        delay_ms: int = 200,
        fail_rate: float = 0.0,
        hit_rate: float = 0.3,
        key_file: Path | None = None,
        max_skew: int = signing.MAX_SKEW,
    ):
        self.kind, self.code, self.name = kind, code, name
        self.holdings = Holdings(kind, code, hit_rate, seed)
        self.store = Store(data_dir)
        self.key = signing.load_or_create(key_file or data_dir / "institution.key")
        self.public_key = signing.public_b64(self.key)
        self.trust = signing.Trust(trust)
        self.book = Book(self.holdings, code, self.store.db)
        self.delay_ms = delay_ms
        self.fail_rate = fail_rate
        self.max_skew = max_skew
        self.offset = 0.0  # seconds added to the wall clock (tests run on a travelled clock)
        self.random = random.Random()
        self.lock = threading.Lock()

    # --- clock and faults ---------------------------------------------------------------------------
    def now(self) -> float:
        return time.time() + self.offset

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
        if "delay_ms" in body:
            delay = body["delay_ms"]
            if isinstance(delay, bool) or not isinstance(delay, int | float) or delay < 0:
                raise Problem(400, "delay_ms 应为非负数")
            self.delay_ms = int(delay)
        return {"fail_rate": self.fail_rate, "delay_ms": self.delay_ms}

    def draw(self) -> float:
        with self.lock:
            return self.random.random()

    # --- the protocol ---------------------------------------------------------------------------------
    def receive(self, raw: bytes, headers: Any) -> dict:
        court, why = signing.check(self.trust, headers, raw, self.now(), self.max_skew)
        if why:
            self.store.bump("refused_signatures")
            log(f"refused a request: {why}")
            raise Problem(401, why)
        body = parse(raw)
        if body.get("court") != court:
            self.store.bump("refused_signatures")
            raise Problem(401, f"指令中的法院（{body.get('court')}）与签名法院（{court}）不一致")
        request_id = body.get("request_id")
        if not isinstance(request_id, str) or not request_id or len(request_id) > 64:
            raise Problem(400, "request_id 应为 1 至 64 个字符")
        action = body.get("action")
        if action not in ACTIONS:
            raise Problem(400, f"action 应为 {' | '.join(ACTIONS)}")
        items = body.get("items")
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise Problem(400, "items 应为对象数组")
        draw = self.draw()
        if draw < self.fail_rate / 2:
            raise Problem(503, "系统繁忙，请稍后重试")
        now = self.now()
        new = self.store.accept(
            request_id,
            court,
            action,
            raw,
            body,
            now,
            self.delay_ms / 1000,
            lambda db: self.book.apply(db, court, request_id, action, items, now),
        )
        log(f"{'applied' if new else 'again'} {action} {request_id} from {court}: {len(items)} items")
        if draw < self.fail_rate:
            raise Problem(503, "系统繁忙，请稍后重试")
        return {"request_id": request_id, "status": "accepted"}

    def answer(self, request_id: str) -> bytes:
        if self.fail_rate and self.draw() < self.fail_rate / 2:
            raise Problem(503, "系统繁忙，请稍后重试")
        row = self.store.answer(request_id)
        if row is None:
            raise Problem(404, f"未收到请求 {request_id}")
        if self.now() < row["ready_at"]:
            return dumps({"request_id": request_id, "status": "pending"})
        answered_at = dt.datetime.fromtimestamp(row["ready_at"], CST).replace(microsecond=0).isoformat()
        head = {
            "request_id": request_id,
            "status": "done",
            "institution": self.code,
            "answered_at": answered_at,
        }
        if row["queried"] is not None:
            head["queried"] = row["queried"]
        return dumps(head)[:-1] + b',"results":' + bytes(row["results"]) + b"}"

    def holdings_of(self, id_codes: list[str]) -> dict[str, list[dict]]:
        on = today(self.now())
        with self.store.lock:
            return {i: self.book.holdings_of(self.store.db, i, on) for i in id_codes}

    def state(self) -> dict:
        on = today(self.now()).isoformat()
        requests = self.store.rows("SELECT request_id, received, applied FROM requests ORDER BY rowid")
        measures = []
        for row in self.store.rows("SELECT * FROM measures ORDER BY seq"):
            measure = {k: row[k] for k in row.keys() if k not in ("seq", "released_on")}
            measure["released_on"] = row["released_on"]
            measure["status"] = (
                "released" if row["released_on"] else "lapsed" if row["expiry"] < on else "active"
            )
            measures.append(measure)
        deductions = [
            {k: row[k] for k in row.keys() if k != "seq"}
            for row in self.store.rows("SELECT * FROM deductions ORDER BY seq")
        ]
        return {
            "institution": self.code,
            "kind": self.kind,
            "received": {r["request_id"]: r["received"] for r in requests},
            "applied": {r["request_id"]: r["applied"] for r in requests},
            "measures": measures,
            "deductions": deductions,
            "refused_signatures": self.store.counter("refused_signatures"),
        }


def parse(raw: bytes) -> dict:
    try:
        body = json.loads(raw.decode() or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise Problem(400, "请求体不是 JSON") from None
    if not isinstance(body, dict):
        raise Problem(400, "请求体应为 JSON 对象")
    return body


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the platform sends many requests on one connection
    server_version = "ReferenceInstitution/1.0"
    institution: Institution  # set on the subclass made by make_server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass  # one line per request would cost more than the request; receive() logs what matters

    def _send(self, status: int, body: bytes, signed: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if signed:
            inst = self.institution
            for name, value in signing.signed_headers(inst.key, inst.code, body, inst.now()).items():
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
                status, body = self._get(path, query)
            else:
                status, body = self._post(path, raw)
            self._send(status, body)
        except Problem as problem:
            self._send(problem.status, dumps({"error": problem.message}))
        except Conflict:
            self._send(409, dumps({"error": "request_id 已用于内容不同的另一指令"}))
        except Exception as error:  # a bug in the simulator: say so rather than hang the client
            log(f"error on {method} {self.path}: {error!r}")
            self._send(500, dumps({"error": f"{type(error).__name__}: {error}"}))

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        self._dispatch("POST")

    def _get(self, path: str, query: dict[str, str]) -> tuple[int, bytes]:
        inst = self.institution
        if path.startswith("/v1/requests/"):
            return 200, inst.answer(urllib.parse.unquote(path[len("/v1/requests/") :]))
        if path == "/key":
            return 200, dumps({"code": inst.code, "public_key": inst.public_key})
        if path == "/v1/holdings":
            id_code = query.get("id_code", "")
            if not id_code:
                raise Problem(400, "缺少 id_code")
            return 200, dumps({"id_code": id_code, "assets": inst.holdings_of([id_code])[id_code]})
        if path == "/state":
            return 200, dumps(inst.state())
        if path == "/health":
            return 200, dumps({"ok": True, "code": inst.code, "name": inst.name, "kind": inst.kind})
        raise Problem(404, f"没有 GET {path}")

    def _post(self, path: str, raw: bytes) -> tuple[int, bytes]:
        inst = self.institution
        if path == "/v1/requests":
            return 202, dumps(inst.receive(raw, self.headers))
        body = parse(raw)
        if path == "/v1/holdings":
            id_codes = body.get("id_codes")
            if not isinstance(id_codes, list) or not all(isinstance(i, str) for i in id_codes):
                raise Problem(400, "id_codes 应为字符串数组")
            return 200, dumps({"holdings": inst.holdings_of(id_codes)})
        if path == "/admin/faults":
            return 200, dumps(inst.faults(body))
        if path == "/admin/clock":
            if "now" not in body:
                raise Problem(400, "缺少 now")
            return 200, dumps({"now": inst.set_clock(body["now"])})
        raise Problem(404, f"没有 POST {path}")


def make_server(institution: Institution, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    handler = type("InstitutionHandler", (Handler,), {"institution": institution})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def _watch_parent(server: ThreadingHTTPServer) -> None:
    """Stop serving once the parent is gone (this process is re-parented), so that an institution
    never outlives a killed `zhixing simulators` or demo. Polled, because Linux's parent-death signal
    follows the starting thread, not the process, and the platform starts institutions from threads."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        log("parent process gone: stopping")
        server.shutdown()

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m simulators.institutions", description="A reference institution."
    )
    parser.add_argument("--kind", required=True, choices=KINDS)
    parser.add_argument("--code", required=True, help="the institution's code, e.g. ICBC")
    parser.add_argument("--name", required=True, help="the institution's name, e.g. 中国工商银行")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--trust", type=Path, help='JSON {"<court code>": "<public key b64>"}')
    parser.add_argument(
        "--seed", type=Path, help='JSON {"<id_code>": [asset, ...]} instead of generated holdings'
    )
    parser.add_argument("--delay-ms", type=int, default=200)
    parser.add_argument("--fail-rate", type=float, default=0.0)
    parser.add_argument("--hit-rate", type=float, default=0.3)
    parser.add_argument(
        "--key-file", type=Path, help="default: <data-dir>/institution.key, made on first start"
    )
    parser.add_argument("--max-skew", type=int, default=signing.MAX_SKEW)
    parser.add_argument("--now", type=float, help="start the clock here (Unix seconds); it ticks from there")
    parser.add_argument(
        "--exit-with-parent", action="store_true", help="stop when the process that started this one dies"
    )
    args = parser.parse_args(argv)
    seed = json.loads(args.seed.read_text(encoding="utf-8")) if args.seed else None
    institution = Institution(
        args.kind,
        args.code,
        args.name,
        args.data_dir,
        args.trust,
        seed=seed,
        delay_ms=args.delay_ms,
        fail_rate=args.fail_rate,
        hit_rate=args.hit_rate,
        key_file=args.key_file,
        max_skew=args.max_skew,
    )
    if args.now is not None:
        institution.set_clock(args.now)
    server = make_server(institution, args.host, args.port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"READY http://{args.host}:{server.server_address[1]}", flush=True)
    if args.exit_with_parent:
        _watch_parent(server)
    log(f"{args.kind} {args.code} {args.name}: key {institution.public_key}, data {args.data_dir}")
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()
        institution.store.close()
    return 0
