"""The reference credit agencies (simulators/agencies) as real subprocesses, for any test to use.

    from tests.simulators.agency_fixture import AgencyProcess, RECORD
    from tests.simulators.institution_fixture import CourtKey, write_trust

    court = CourtKey("HE96")
    trust = write_trust(tmp_path / "trust.json", {court.code: court.public_key})
    agency = AgencyProcess("credit_office", "CREDIT-HE", "河北省社会信用信息中心").start(
        trust=trust, data_dir=tmp_path / "credit")
    agency.url, agency.public_key                    # address, and the key from GET /key
    status, ack = agency.send(court, "list", "L-1", RECORD)          # 200 and the acknowledgement
    ack = agency.deliver(court, "remove", "L-1")     # retries 503s, checks the answer's signature
    agency.state()["records"]["L-1"]                 # {"listed", "record", "actions", "applied_count"}
    agency.kill(); agency.restart()                  # SIGKILL, then the same data dir (and key)
    agency.stop()

Or the pytest fixture ``agency`` (with ``court_key`` and ``trust_file`` from institution_fixture: import
all three into the test module). The process starts on this process's clock (``time.time()``, which the
suite's time-machine travels); after ``clock.move_to(...)`` call ``sync_clock()``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.simulators.bank_fixture import http
from tests.simulators.institution_fixture import CourtKey, verify_answer

REPO = Path(__file__).resolve().parents[2]

# One published record (rules §7.1.6 / addendum §3.5), as the platform sends it.
RECORD = {
    "name": "王某某",
    "party_type": "自然人",
    "id_code_masked": "1306291990****1234",
    "sex": "男",
    "age": 36,
    "legal_representative": "",
    "province": "河北",
    "case_number": "（2026）冀9601执123号",
    "filed_on": "2026-03-02",
    "court_name": "雄安新区中级人民法院",
    "basis_number": "（2025）冀9601民初45号",
    "basis_unit": "雄安新区中级人民法院",
    "duty": "支付货款 120000 元及利息",
    "performance": "全部未履行",
    "conduct": "有履行能力而拒不履行生效法律文书确定义务",
    "published_on": "2026-11-20",
}


class ServiceProcess:
    """``python -m <module>`` in a subprocess (a signed-message service), with a small client."""

    module = ""
    post_path = ""

    def __init__(self, code: str, fail_rate: float = 0.0):
        self.code = code
        self.fail_rate = fail_rate
        self.proc: subprocess.Popen | None = None
        self.url = ""
        self.data_dir: Path | None = None
        self.trust: Path | None = None
        self.host = "127.0.0.1"
        self._own_dir = False
        self._public_key = ""
        self.log_path: Path | None = None

    def arguments(self) -> list[str]:
        return ["--code", self.code]

    # --- life -----------------------------------------------------------------------------------------
    def start(
        self,
        trust: Path | str,
        data_dir: Path | str | None = None,
        host: str = "127.0.0.1",
        timeout: float = 20,
    ) -> ServiceProcess:
        if data_dir is None:
            data_dir, self._own_dir = tempfile.mkdtemp(prefix=f"{self.module}-{self.code}-"), True
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.trust = Path(trust)
        self.host = host
        return self._launch(timeout)

    def _launch(self, timeout: float) -> ServiceProcess:
        assert self.data_dir is not None and self.trust is not None
        args = [sys.executable, "-m", self.module, *self.arguments()]
        args += ["--host", self.host, "--port", "0", "--data-dir", str(self.data_dir)]
        args += ["--trust", str(self.trust), "--fail-rate", str(self.fail_rate), "--now", repr(time.time())]
        self.log_path = self.data_dir / "process.log"
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
        if self.host == "0.0.0.0":  # listening everywhere: talk to it over loopback
            self.url = self.url.replace("//0.0.0.0:", "//127.0.0.1:")
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

    def restart(self, timeout: float = 20) -> ServiceProcess:
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
        """The service's public key from GET /key (as the platform records it at registration)."""
        if not self._public_key:
            self._public_key = self._ok("GET", "/key")["public_key"]
        return self._public_key

    def state(self) -> dict:
        return self._ok("GET", "/state")

    def set_faults(self, fail_rate: float) -> dict:
        return self._ok("POST", "/admin/faults", {"fail_rate": fail_rate})

    def sync_clock(self) -> None:
        """Put the service's clock at this process's (travelled) ``time.time()``."""
        self._ok("POST", "/admin/clock", {"now": time.time()})

    def post_raw(self, raw: bytes, headers: dict[str, str] | None = None) -> tuple[int, Any, bytes]:
        """POST exactly these bytes and headers: (status, response headers, raw body)."""
        return http(
            "POST", self.url + self.post_path, raw, {"Content-Type": "application/json", **(headers or {})}
        )

    def post(self, raw: bytes, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        """POST exactly these bytes and headers: (status, parsed JSON)."""
        status, _, out = self.post_raw(raw, headers)
        return status, json.loads(out.decode()) if out else None

    def signed(self, court: CourtKey, body: dict) -> tuple[int, Any, bytes]:
        """Sign ``body`` with the court's key and POST it: (status, headers, raw body)."""
        raw = json.dumps(body, ensure_ascii=False).encode()
        return self.post_raw(raw, court.headers(raw))

    def verified(self, court: CourtKey, body: dict, expect: int, attempts: int = 50) -> dict:
        """Send (retrying 503s with the same body), expect ``expect``, check the answer's signature."""
        for _ in range(attempts):
            status, headers, raw = self.signed(court, body)
            if status == 503:
                continue
            if status != expect:
                raise AssertionError(f"{body.get('message_id')} -> {status}: {raw!r}")
            if not verify_answer(self.public_key, self.code, headers, raw):
                raise AssertionError(f"{self.code}'s answer is not signed by its key")
            return json.loads(raw.decode())
        raise AssertionError(f"{body.get('message_id')}: 503 {attempts} times")


class AgencyProcess(ServiceProcess):
    """``python -m simulators.agencies`` in a subprocess."""

    module = "simulators.agencies"
    post_path = "/v1/records"

    def __init__(
        self,
        kind: str = "credit_office",
        code: str = "CREDIT-HE",
        name: str = "河北省社会信用信息中心",
        fail_rate: float = 0.0,
    ):
        super().__init__(code, fail_rate)
        self.kind, self.name = kind, name

    def arguments(self) -> list[str]:
        return ["--kind", self.kind, "--code", self.code, "--name", self.name]

    def body(
        self,
        court: CourtKey,
        action: str,
        record_id: str,
        record: dict | None = None,
        message_id: str | None = None,
        **extra: Any,
    ) -> dict:
        """A message as the platform writes it (``record`` left out when None)."""
        body: dict[str, Any] = {
            "message_id": message_id or uuid.uuid4().hex,
            "court": court.code,
            "action": action,
            "record_id": record_id,
        }
        if record is not None:
            body["record"] = record
        body["sent_at"] = (
            dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).replace(microsecond=0).isoformat()
        )
        return {**body, **extra}

    def send(
        self,
        court: CourtKey,
        action: str,
        record_id: str,
        record: dict | None = None,
        message_id: str | None = None,
        **extra: Any,
    ) -> tuple[int, Any]:
        """Sign and send a message; (status, parsed JSON), 200 and the acknowledgement when applied."""
        status, _, raw = self.signed(court, self.body(court, action, record_id, record, message_id, **extra))
        return status, json.loads(raw.decode()) if raw else None

    def deliver(
        self,
        court: CourtKey,
        action: str,
        record_id: str,
        record: dict | None = None,
        message_id: str | None = None,
    ) -> dict:
        """Send until acknowledged (503s retried with the same message id); the signed acknowledgement."""
        return self.verified(court, self.body(court, action, record_id, record, message_id), 200)


@pytest.fixture
def agency(tmp_path: Path, trust_file: Path):
    """A reference credit office (CREDIT-HE, no faults) on its own data dir under tmp_path."""
    process = AgencyProcess().start(trust=trust_file, data_dir=tmp_path / "agency")
    yield process
    process.stop()
