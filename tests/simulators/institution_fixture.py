"""The reference institutions (simulators/institutions) as real subprocesses, for any test to use.

    from tests.simulators.institution_fixture import CourtKey, InstitutionProcess, write_trust

    court = CourtKey("J96")
    trust = write_trust(tmp_path / "trust.json", {court.code: court.public_key})
    icbc = InstitutionProcess("bank", "ICBC", "中国工商银行").start(trust=trust, data_dir=tmp_path / "icbc")
    status, out = icbc.send(court, "query", [{"ref": "d1", "name": "王某某", "id_code": "..."}])
    answer = icbc.wait(out["request_id"])          # polls until done; the signature is checked
    icbc.kill(); icbc.restart()                    # SIGKILL, then the same data dir
    icbc.stop()

Or the pytest fixtures ``court_key``, ``trust_file`` and ``institution`` (import them into the test
module). The institution starts on this process's clock (``time.time()``, which the suite's time-machine
travels), so signature timestamps and measure dates agree; after ``clock.move_to(...)`` call
``sync_clock()``.
"""

from __future__ import annotations

import base64
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.simulators.bank_fixture import http

REPO = Path(__file__).resolve().parents[2]
COURT = "J96"
OFFICER = {"name": "张执行", "badge": "J96-0007"}
DOCUMENT = {"number": "（2026）冀9601执123号之一", "kind": "freeze_ruling", "sha256": "0" * 64}


class CourtKey:
    """A court's Ed25519 key, signing instructions as the platform does."""

    def __init__(self, code: str = COURT, private: Ed25519PrivateKey | None = None):
        self.code = code
        self.private = private or Ed25519PrivateKey.generate()

    @property
    def public_key(self) -> str:
        return base64.b64encode(
            self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        ).decode()

    def headers(self, body: bytes, now: float | None = None) -> dict[str, str]:
        timestamp = str(int(time.time() if now is None else now))
        signature = self.private.sign(timestamp.encode() + b"." + body)
        return {
            "X-Zx-Timestamp": timestamp,
            "X-Zx-Key": self.code,
            "X-Zx-Signature": base64.b64encode(signature).decode(),
        }


def write_trust(path: Path | str, keys: dict[str, str]) -> Path:
    """Write a trust file ``{court_code: public_key_b64}`` (atomically: institutions re-read it live)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(keys, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    return path


def verify_answer(public_key: str, code: str, headers: Any, body: bytes) -> bool:
    """Whether an institution's answer is signed by ``code`` under ``public_key`` (raw, base64)."""
    timestamp = headers.get("X-Zx-Timestamp") or ""
    if headers.get("X-Zx-Key") != code or not timestamp:
        return False
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
        key.verify(base64.b64decode(headers.get("X-Zx-Signature") or ""), timestamp.encode() + b"." + body)
    except (InvalidSignature, ValueError):
        return False
    return True


class InstitutionProcess:
    """``python -m simulators.institutions`` in a subprocess, with a small client for its endpoints."""

    def __init__(
        self,
        kind: str = "bank",
        code: str = "ICBC",
        name: str = "中国工商银行",
        delay_ms: int = 0,
        fail_rate: float = 0.0,
        hit_rate: float = 0.3,
    ):
        self.kind, self.code, self.name = kind, code, name
        self.delay_ms, self.fail_rate, self.hit_rate = delay_ms, fail_rate, hit_rate
        self.proc: subprocess.Popen | None = None
        self.url = ""
        self.data_dir: Path | None = None
        self.trust: Path | None = None
        self.seed: Path | None = None
        self._own_dir = False
        self._public_key = ""
        self.log_path: Path | None = None

    # --- life -----------------------------------------------------------------------------------------
    def start(
        self,
        trust: Path | str,
        seed: Path | str | dict | None = None,
        data_dir: Path | str | None = None,
        timeout: float = 20,
    ) -> InstitutionProcess:
        if data_dir is None:
            data_dir, self._own_dir = tempfile.mkdtemp(prefix=f"institution-{self.code}-"), True
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.trust = Path(trust)
        if isinstance(seed, dict):
            seed_path = self.data_dir / "seed.json"
            seed_path.write_text(json.dumps(seed, ensure_ascii=False), encoding="utf-8")
            seed = seed_path
        self.seed = Path(seed) if seed is not None else None
        return self._launch(timeout)

    def _launch(self, timeout: float) -> InstitutionProcess:
        assert self.data_dir is not None and self.trust is not None
        args = [sys.executable, "-m", "simulators.institutions", "--kind", self.kind, "--code", self.code]
        args += [
            "--name",
            self.name,
            "--port",
            "0",
            "--data-dir",
            str(self.data_dir),
            "--trust",
            str(self.trust),
        ]
        args += ["--delay-ms", str(self.delay_ms), "--fail-rate", str(self.fail_rate)]
        args += ["--hit-rate", str(self.hit_rate), "--now", repr(time.time())]
        if self.seed is not None:
            args += ["--seed", str(self.seed)]
        self.log_path = self.data_dir / "institution.log"
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(args, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=log)
        assert self.proc.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(self.proc.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout)
        selector.close()
        line = self.proc.stdout.readline().decode().strip() if ready else ""
        if not line.startswith("READY "):
            self._halt(signal.SIGKILL)
            raise RuntimeError(f"{self.code} did not start ({line!r}); log: {self.log()}")
        self.url = line.removeprefix("READY ").rstrip("/")
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""

    def _halt(self, how: int) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(how)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()
        self.proc = None

    def kill(self) -> None:
        """SIGKILL: no clean shutdown; the data dir stays for restart()."""
        self._halt(signal.SIGKILL)

    def restart(self, timeout: float = 20) -> InstitutionProcess:
        """Stop it if it runs and start it again on the same data dir (and so the same key)."""
        self._halt(signal.SIGTERM)
        return self._launch(timeout)

    def stop(self) -> None:
        """Stop it; a data dir the fixture made itself is removed."""
        self._halt(signal.SIGTERM)
        if self._own_dir and self.data_dir is not None:
            shutil.rmtree(self.data_dir, ignore_errors=True)
            self.data_dir, self._own_dir = None, False

    # --- client ---------------------------------------------------------------------------------------
    def call(self, method: str, path: str, payload: Any = None) -> tuple[int, Any]:
        """(status, parsed JSON) of an unsigned call."""
        body = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8"} if body is not None else {}
        status, _, raw = http(method, self.url + path, body, headers)
        return status, json.loads(raw.decode()) if raw else None

    def _ok(self, method: str, path: str, payload: Any = None) -> Any:
        status, out = self.call(method, path, payload)
        if status != 200:
            raise AssertionError(f"{method} {path} -> {status}: {out!r}")
        return out

    @property
    def public_key(self) -> str:
        """The institution's public key from GET /key (as the platform records it at registration)."""
        if not self._public_key:
            self._public_key = self._ok("GET", "/key")["public_key"]
        return self._public_key

    def state(self) -> dict:
        return self._ok("GET", "/state")

    def holdings(self, id_codes: list[str] | tuple[str, ...]) -> dict[str, list[dict]]:
        """{id_code: [asset, ...]} for every id code asked for ([] when nothing is held)."""
        return self._ok("POST", "/v1/holdings", {"id_codes": list(id_codes)})["holdings"]

    def set_faults(self, fail_rate: float | None = None, delay_ms: int | None = None) -> dict:
        settings: dict[str, Any] = {}
        if fail_rate is not None:
            settings["fail_rate"] = fail_rate
        if delay_ms is not None:
            settings["delay_ms"] = delay_ms
        return self._ok("POST", "/admin/faults", settings)

    def sync_clock(self) -> None:
        """Put the institution's clock at this process's (travelled) ``time.time()``."""
        self._ok("POST", "/admin/clock", {"now": time.time()})

    def body(
        self, court: CourtKey, action: str, items: list[dict], request_id: str | None = None, **extra: Any
    ) -> dict:
        """An instruction as the platform writes it."""
        return {
            "request_id": request_id or uuid.uuid4().hex,
            "court": court.code,
            "officer": OFFICER,
            "document": DOCUMENT,
            "action": action,
            "items": items,
            **extra,
        }

    def post(self, raw: bytes, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        """POST /v1/requests with exactly these bytes and headers; (status, parsed JSON)."""
        status, _, out = http(
            "POST", self.url + "/v1/requests", raw, {"Content-Type": "application/json", **(headers or {})}
        )
        return status, json.loads(out.decode()) if out else None

    def send(
        self, court: CourtKey, action: str, items: list[dict], request_id: str | None = None, **extra: Any
    ) -> tuple[int, Any]:
        """Sign and send an instruction; (status, parsed JSON), 202 {"request_id", "status"} when accepted."""
        raw = json.dumps(self.body(court, action, items, request_id, **extra), ensure_ascii=False).encode()
        return self.post(raw, court.headers(raw))

    def fetch(self, request_id: str) -> tuple[int, Any, bytes]:
        """GET /v1/requests/<id>: (status, headers, raw body)."""
        return http("GET", self.url + "/v1/requests/" + urllib.parse.quote(request_id, safe=""))

    def wait(self, request_id: str, timeout: float = 15) -> dict:
        """Poll until the answer is done; its signature must verify under GET /key's key."""
        deadline = time.monotonic() + timeout
        while True:
            status, headers, raw = self.fetch(request_id)
            if status == 200:
                if not verify_answer(self.public_key, self.code, headers, raw):
                    raise AssertionError(f"{self.code}'s answer to {request_id} is not signed by its key")
                answer = json.loads(raw.decode())
                if answer["status"] == "done":
                    return answer
            elif status != 503:
                raise AssertionError(f"GET /v1/requests/{request_id} -> {status}: {raw!r}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.code} did not answer {request_id} in {timeout} s")
            time.sleep(0.02)

    def run(self, court: CourtKey, action: str, items: list[dict], request_id: str | None = None) -> dict:
        """Send (retrying 503s with the same id) and wait for the answer."""
        request_id = request_id or uuid.uuid4().hex
        for _ in range(50):
            status, out = self.send(court, action, items, request_id)
            if status == 202:
                return self.wait(request_id)
            if status != 503:
                raise AssertionError(f"{action} -> {status}: {out!r}")
        raise AssertionError(f"{action} {request_id}: 503 fifty times")


@pytest.fixture
def court_key() -> CourtKey:
    return CourtKey(COURT)


@pytest.fixture
def trust_file(tmp_path: Path, court_key: CourtKey) -> Path:
    return write_trust(tmp_path / "trust.json", {court_key.code: court_key.public_key})


@pytest.fixture
def institution(tmp_path: Path, trust_file: Path):
    """A reference bank (ICBC, no delay, no faults, hit rate 0.3) on its own data dir under tmp_path."""
    process = InstitutionProcess("bank", "ICBC", "中国工商银行").start(
        trust=trust_file, data_dir=tmp_path / "icbc"
    )
    yield process
    process.stop()
