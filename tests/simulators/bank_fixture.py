"""The reference bank as a real subprocess, and a tiny notification receiver, for any test to use.

    from tests.simulators.bank_fixture import BankProcess, NotifyReceiver

    receiver = NotifyReceiver().start()
    bank = BankProcess().start(receiver.url, "secret", pooled=["11050162540000000088"])
    bank.pay("11050162540000000088", "1105016254000000008800012", "100.00")
    ...
    bank.stop(); receiver.stop()

Or the pytest fixtures ``notify_receiver`` and ``bank`` (import them into the test module or a conftest).
The bank starts on this process's clock (``time.time()``, which the suite's time-machine travels), so
signatures' timestamps agree both ways; after ``clock.move_to(...)`` call ``bank.sync_clock()``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import selectors
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SECRET = "test-bank-secret"
POOLED = "11050162540000000088"
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def sign(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_ok(secret: str, headers: Any, body: bytes, max_skew: int = 300) -> bool:
    """Whether a request the bank sent carries a good X-Bank-Signature (and a fresh timestamp)."""
    timestamp = headers.get("X-Bank-Timestamp") or ""
    signature = headers.get("X-Bank-Signature") or ""
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > max_skew:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def http(method: str, url: str, body: bytes | None = None, headers: dict | None = None, timeout: float = 15):
    """(status, headers, body bytes) — no proxies, HTTP errors returned rather than raised."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with _NO_PROXY.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class NotifyReceiver:
    """A stand-in for the platform's notification endpoints: records every request, answers ``status``."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.status = 200
        self.url = ""
        self._lock = threading.Condition()
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> NotifyReceiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    parsed = json.loads(raw.decode())
                except ValueError:
                    parsed = None
                with receiver._lock:
                    receiver.requests.append(
                        {
                            "path": self.path,
                            "headers": dict(self.headers.items()),
                            "body": raw,
                            "json": parsed,
                        }
                    )
                    status = receiver.status
                    receiver._lock.notify_all()
                out = b'{"ok": true}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/notifications/"
        return self

    def of(self, kind: str) -> list[dict]:
        """The requests to ``<url><kind>`` ("receipt" or "payout")."""
        with self._lock:
            return [r for r in self.requests if r["path"].rstrip("/").endswith("/" + kind)]

    def wait(self, kind: str, count: int, timeout: float = 10) -> list[dict]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.of(kind)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{len(self.of(kind))} {kind} notifications, wanted {count}")
                self._lock.wait(left)
            return self.of(kind)

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class BankProcess:
    """``python -m simulators.bank`` in a subprocess, with a small client for its endpoints."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.url = ""
        self.secret = SECRET
        self.pooled: list[str] = []
        self.log_path: Path | None = None
        self._log = None

    def start(
        self,
        notify_url: str = "",
        secret: str = SECRET,
        pooled: list[str] | tuple[str, ...] = (POOLED,),
        payout_delay: float = 0.0,
        extra_args: list[str] | tuple[str, ...] = (),
        timeout: float = 20,
    ) -> BankProcess:
        self.secret = secret
        self.pooled = list(pooled)
        args = [sys.executable, "-m", "simulators.bank", "--host", "127.0.0.1", "--port", "0"]
        args += ["--secret", secret, "--notify-url", notify_url, "--payout-delay", str(payout_delay)]
        args += ["--now", repr(time.time())]
        if self.pooled:
            args += ["--pooled", *self.pooled]
        args += list(extra_args)
        handle, name = tempfile.mkstemp(prefix="bank-", suffix=".log")
        os.close(handle)
        self.log_path = Path(name)
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(args, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=self._log)
        assert self.proc.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(self.proc.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout)
        selector.close()
        line = self.proc.stdout.readline().decode().strip() if ready else ""
        if not line.startswith("listening on "):
            self.stop()
            raise RuntimeError(f"the bank did not start ({line!r}); log: {self.log()}")
        self.url = line.removeprefix("listening on ").rstrip("/")
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            if self.proc.stdout:
                self.proc.stdout.close()
            self.proc = None
        if self._log is not None:
            self._log.close()
            self._log = None
        if self.log_path is not None:
            self.log_path.unlink(missing_ok=True)
            self.log_path = None

    # --- client ---------------------------------------------------------------------------------------
    def request(self, method: str, path: str, payload: Any = None, signed: bool = False, **kw: Any):
        """(status, parsed JSON or raw bytes). ``signed`` signs the body as the platform would."""
        body = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8"} if body is not None else {}
        if signed:
            timestamp = str(int(time.time()))
            headers |= {
                "X-Bank-Timestamp": timestamp,
                "X-Bank-Signature": sign(self.secret, timestamp, body or b""),
            }
        headers |= kw.get("headers", {})
        status, response_headers, raw = http(method, self.url + path, body, headers)
        if (response_headers.get("Content-Type") or "").startswith("application/json"):
            return status, json.loads(raw.decode())
        return status, raw

    def _ok(self, method: str, path: str, payload: Any = None, signed: bool = False) -> Any:
        status, out = self.request(method, path, payload, signed)
        if status != 200:
            raise AssertionError(f"{method} {path} -> {status}: {out!r}")
        return out

    def pay(
        self,
        pooled_account: str | None = None,
        sub_account: str = "",
        amount: str = "100.00",
        channel: str = "transfer",
        payer_name: str = "张三",
        payer_account: str = "6222020200112233445",
        remittance: str = "",
        **extra: Any,
    ) -> dict:
        """POST /pay; → {"transaction_id", "delivered"}."""
        body = {
            "pooled_account": pooled_account or self.pooled[0],
            "sub_account": sub_account,
            "amount": amount,
            "channel": channel,
            "payer_name": payer_name,
            "payer_account": payer_account,
            "remittance": remittance,
            **extra,
        }
        return self._ok("POST", "/pay", body)

    def payout(self, body: dict, signed: bool = True):
        """POST /payouts signed with the shared secret; → (status, JSON)."""
        return self.request("POST", "/payouts", body, signed=signed)

    def get_payout(self, key: str):
        return self.request("GET", "/payouts/" + urllib.parse.quote(key, safe=""))

    def state(self) -> dict:
        return self._ok("GET", "/state")

    def statement(self, account: str | None = None, date: Any = None, fmt: str = "xml") -> bytes:
        query = {"account": account or self.pooled[0], "format": fmt}
        if date is not None:
            query["date"] = str(date)
        return self._ok("GET", "/statement?" + urllib.parse.urlencode(query))

    def notify(self, transaction_id: str, times: int = 1, concurrent: bool = False) -> list:
        out = self._ok(
            "POST",
            "/control/notify",
            {"transaction_id": transaction_id, "times": times, "concurrent": concurrent},
        )
        return out["statuses"]

    def bounce(self, account: str) -> None:
        self._ok("POST", "/control/bounce", {"account": account})

    def configure(self, **settings: Any) -> dict:
        return self._ok("POST", "/control/configure", settings)

    def redeliver(self) -> dict:
        return self._ok("POST", "/control/redeliver", {})

    def reset(self) -> None:
        self._ok("POST", "/control/reset", {})

    def sync_clock(self) -> None:
        """Put the bank's clock at this process's (travelled) ``time.time()``."""
        self._ok("POST", "/control/clock", {"now": time.time()})


@pytest.fixture
def notify_receiver():
    receiver = NotifyReceiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def bank(notify_receiver):
    process = BankProcess().start(notify_receiver.url, SECRET, pooled=[POOLED])
    yield process
    process.stop()
