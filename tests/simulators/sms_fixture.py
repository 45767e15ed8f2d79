"""The reference SMS gateway (simulators/sms) as a real subprocess, for any test to use.

    from tests.simulators.sms_fixture import SmsProcess
    from tests.simulators.institution_fixture import CourtKey, write_trust

    court = CourtKey("HE96")
    trust = write_trust(tmp_path / "trust.json", {court.code: court.public_key})
    sms = SmsProcess("SMS-HE").start(trust=trust, data_dir=tmp_path / "sms")
    sms.url, sms.public_key                           # address, and the key from GET /key
    status, out = sms.send(court, "13800138000", "您的验证码是 123456")   # 202 {"message_id", "status"}
    sms.inbox("13800138000")[-1]["text"]              # the newest message to that phone
    sms.kill(); sms.restart(); sms.stop()

Or the pytest fixture ``sms_gateway`` (with ``court_key`` and ``trust_file`` from institution_fixture).
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.simulators.agency_fixture import ServiceProcess
from tests.simulators.institution_fixture import CourtKey


class SmsProcess(ServiceProcess):
    """``python -m simulators.sms`` in a subprocess."""

    module = "simulators.sms"
    post_path = "/v1/messages"

    def __init__(self, code: str = "SMS-HE", name: str = "12368 短信平台", fail_rate: float = 0.0):
        super().__init__(code, fail_rate)
        self.name = name

    def arguments(self) -> list[str]:
        return ["--code", self.code, "--name", self.name]

    def body(
        self, court: CourtKey, phone: str, text: str, message_id: str | None = None, **extra: Any
    ) -> dict:
        return {
            "message_id": message_id or uuid.uuid4().hex,
            "court": court.code,
            "phone": phone,
            "text": text,
            **extra,
        }

    def send(
        self, court: CourtKey, phone: str, text: str, message_id: str | None = None, **extra: Any
    ) -> tuple[int, Any]:
        """Sign and send a text; (status, parsed JSON), 202 {"message_id", "status": "accepted"}."""
        status, _, raw = self.signed(court, self.body(court, phone, text, message_id, **extra))
        return status, json.loads(raw.decode()) if raw else None

    def deliver(self, court: CourtKey, phone: str, text: str, message_id: str | None = None) -> dict:
        """Send until accepted (503s retried with the same id); the signed answer."""
        return self.verified(court, self.body(court, phone, text, message_id), 202)

    def inbox(self, phone: str | None = None) -> list[dict]:
        """The messages to ``phone`` (every phone when None), oldest first."""
        path = "/v1/messages" + (f"?phone={phone}" if phone else "")
        return self._ok("GET", path)["messages"]


@pytest.fixture
def sms_gateway(tmp_path: Path, trust_file: Path):
    """A reference SMS gateway (SMS-HE, no faults) on its own data dir under tmp_path."""
    process = SmsProcess().start(trust=trust_file, data_dir=tmp_path / "sms")
    yield process
    process.stop()
