"""The reference police bureau and border administration (simulators/police) as real subprocesses.

    from tests.simulators.police_fixture import PoliceProcess, referral_body
    from tests.simulators.institution_fixture import CourtKey, write_trust

    court = CourtKey("HE96")
    trust = write_trust(tmp_path / "trust.json", {court.code: court.public_key})
    police = PoliceProcess().start(trust=trust, data_dir=tmp_path / "police")
    receipt = police.court_ok(court, "/referrals", referral_body("R-1"))   # signed receipt, checked
    police.decide(receipt["ref"], filed=False, reason="证据不足")       # the bureau's decision
    [got, decided] = police.bodies()                                     # the signed feed, checked
    border = PoliceProcess("border", "XABORDER", "雄安出入境管理支队").start(trust=trust, ...)
    ack = border.court_ok(court, "/exit-bans", ban_body("M-1"))
    border.traveller("130629199001011234")                               # {"may_leave", "bans"}

Court-signed requests are signed on this process's clock (``time.time()``, which the suite's
time-machine travels); the process starts on that clock, and ``sync_clock()`` puts it back there.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.simulators.agency_fixture import ServiceProcess
from tests.simulators.bank_fixture import http
from tests.simulators.institution_fixture import CourtKey, verify_answer

ID_CODE = "130629199001011234"


def canonical_sha256(bundle: list[dict]) -> str:
    """The bundle's fingerprint as PROTOCOL.md defines it (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(bundle, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def referral_body(referral_id: str = "R-1", **fields: Any) -> dict:
    """A referral as the court sends it (its bundle's fingerprint computed unless given)."""
    bundle = fields.pop(
        "bundle",
        [
            {
                "title": "移送函",
                "kind": "referral_letter",
                "sha256": "a" * 64,
                "number": "（2026）冀9601执123号之三",
            },
            {"title": "现场照片", "kind": "photo", "sha256": "b" * 64, "number": ""},
        ],
    )
    body = {
        "referral_id": referral_id,
        "case_number": "（2026）冀9601执123号",
        "crime": "art313",
        "suspects": "王某某",
        "facts": "有能力履行而拒不履行，经罚款、拘留后仍转移财产。",
        "bundle": bundle,
        **fields,
    }
    body.setdefault("bundle_sha256", canonical_sha256(bundle))
    return body


def ban_body(measure_id: str = "M-1", **fields: Any) -> dict:
    return {
        "measure_id": measure_id,
        "name": "王某某",
        "id_code": ID_CODE,
        "case_number": "（2026）冀9601执123号",
        **fields,
    }


class PoliceProcess(ServiceProcess):
    """``python -m simulators.police`` in a subprocess, with a client for the court and the controls."""

    module = "simulators.police"

    def __init__(
        self,
        kind: str = "police",
        code: str = "XAPSB",
        name: str = "雄安新区公安局",
        callback: str | None = None,
        fail_rate: float = 0.0,
    ):
        super().__init__(code, fail_rate)
        self.kind, self.name, self.callback = kind, name, callback

    def arguments(self) -> list[str]:
        args = ["--kind", self.kind, "--code", self.code, "--name", self.name]
        return args + (["--callback", self.callback] if self.callback else [])

    def court(
        self, court: CourtKey, path: str, body: dict, headers: dict | None = None
    ) -> tuple[int, Any, bytes]:
        """POST ``body`` (``court_code`` and a fresh ``message_id`` filled in unless given) signed by the
        court, encoded as the court encodes (sorted keys): (status, headers, raw)."""
        body = {"message_id": uuid.uuid4().hex, "court_code": court.code, **body}
        raw = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
        signed = headers if headers is not None else court.headers(raw)
        return http("POST", self.url + path, raw, {"Content-Type": "application/json", **signed})

    def court_ok(self, court: CourtKey, path: str, body: dict) -> dict:
        """As ``court``, expecting 200 and an answer signed by the agency; the answer."""
        status, headers, raw = self.court(court, path, body)
        if status != 200:
            raise AssertionError(f"POST {path} -> {status}: {raw.decode()}")
        assert self.verify(raw, headers), f"{self.code}'s answer is not signed by its key"
        return json.loads(raw.decode())

    def decide(self, ref: str, filed: bool, reason: str = "", complex: bool = False, **more: Any) -> dict:
        return self._ok(
            "POST",
            "/control/decide",
            {"ref": ref, "filed": filed, "complex": complex, "reason": reason, **more},
        )

    def traveller(self, id_code: str = ID_CODE) -> dict:
        return self._ok("GET", f"/travellers/{id_code}")

    def verify(self, raw: bytes, headers: Any) -> bool:
        return verify_answer(self.public_key, self.code, headers, raw)

    def messages(self, after: int = 0) -> list[tuple[int, bytes, dict]]:
        out = self._ok("GET", f"/messages?after={after}")["messages"]
        return [(m["seq"], m["body"].encode(), m["headers"]) for m in out]

    def bodies(self, after: int = 0) -> list[dict]:
        """The feed's bodies, each signature checked (AssertionError on a bad one)."""
        found = []
        for seq, raw, headers in self.messages(after):
            assert self.verify(raw, headers), f"message {seq} is not signed by {self.code}"
            found.append(json.loads(raw.decode()))
        return found


@pytest.fixture
def police(tmp_path: Path, trust_file: Path):
    """A reference police bureau (XAPSB, no faults, no callback) under tmp_path."""
    process = PoliceProcess().start(trust=trust_file, data_dir=tmp_path / "police")
    yield process
    process.stop()


@pytest.fixture
def border(tmp_path: Path, trust_file: Path):
    """A reference border administration (XABORDER) under tmp_path."""
    process = PoliceProcess("border", "XABORDER", "雄安新区出入境管理支队").start(
        trust=trust_file, data_dir=tmp_path / "border"
    )
    yield process
    process.stop()
