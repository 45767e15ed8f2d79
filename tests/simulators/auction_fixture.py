"""The reference auction platform (simulators/auction) as a real subprocess, for any test to use.

    from tests.simulators.auction_fixture import AuctionProcess, at
    from tests.simulators.institution_fixture import CourtKey, write_trust

    court = CourtKey("HE96")
    trust = write_trust(tmp_path / "trust.json", {court.code: court.public_key})
    taobao = AuctionProcess("TAOBAO", "淘宝网司法拍卖", price_factor="0.98").start(
        trust=trust, data_dir=tmp_path / "taobao")
    taobao.set_clock(at("2026-12-10 10:00"))              # the platform's clock (it ticks from there)
    lot_id = taobao.list_lot(court, starts_at=at("2026-12-11 10:00"), ends_at=at("2026-12-12 10:00"))
    taobao.set_clock(at("2026-12-11 12:00"))
    b1 = taobao.bidder(lot_id, "赵某", "110101199001011234")   # registered, deposit frozen
    taobao.bid(lot_id, b1, "700000.00")                     # (status, answer)
    taobao.set_clock(at("2026-12-12 10:00:01"))             # past the end: the lot closes
    [result, payment] = taobao.bodies()                     # the signed messages, checked and parsed
    taobao.messages(after=0)                                # [(seq, raw bytes, headers)], as the court reads
    taobao.stop()

Court-signed requests are signed at the *platform's* clock (read from ``GET /clock``), so a test may put
that clock anywhere. The process starts on this process's clock (``time.time()``, which the suite's
time-machine travels); ``sync_clock()`` puts it back there. With ``callback=URL`` every message is also
POSTed to URL (see ``bank_fixture.NotifyReceiver``), retried until it answers 2xx.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.simulators.agency_fixture import ServiceProcess
from tests.simulators.bank_fixture import http
from tests.simulators.institution_fixture import CourtKey, verify_answer

CST = dt.timezone(dt.timedelta(hours=8))


def at(text: str) -> dt.datetime:
    """A China Standard Time moment from ``YYYY-MM-DD HH:MM[:SS]``."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=CST)


def seconds(moment: dt.datetime | float) -> float:
    return moment.timestamp() if isinstance(moment, dt.datetime) else float(moment)


class AuctionProcess(ServiceProcess):
    """``python -m simulators.auction`` in a subprocess, with a client for the court and the bidders."""

    module = "simulators.auction"

    def __init__(
        self,
        code: str = "TAOBAO",
        name: str = "淘宝网司法拍卖",
        price_factor: str = "1.00",
        report_delay: float = 0.0,
        callback: str | None = None,
        fail_rate: float = 0.0,
    ):
        super().__init__(code, fail_rate)
        self.name, self.price_factor, self.report_delay, self.callback = (
            name,
            price_factor,
            report_delay,
            callback,
        )

    def arguments(self) -> list[str]:
        args = ["--code", self.code, "--name", self.name, "--price-factor", self.price_factor]
        args += ["--report-delay", str(self.report_delay)]
        return args + (["--callback", self.callback] if self.callback else [])

    # --- the clock ------------------------------------------------------------------------------------
    def clock(self) -> float:
        """The platform's clock (Unix seconds)."""
        return float(self._ok("GET", "/clock")["now"])

    def set_clock(self, moment: dt.datetime | float) -> float:
        """Put the platform's clock at ``moment``; lots whose end it passes close at once."""
        return float(self._ok("POST", "/control/clock", {"now": seconds(moment)})["now"])

    def advance(self, by: float) -> float:
        return self.set_clock(self.clock() + by)

    # --- the court ------------------------------------------------------------------------------------
    def court(
        self, court: CourtKey, path: str, body: dict, headers: dict | None = None
    ) -> tuple[int, Any, bytes]:
        """POST ``body`` (``court_code`` and a fresh ``message_id`` filled in unless given) signed by the
        court at the platform's clock, encoded as the court encodes (sorted keys): (status, headers, raw)."""
        body = {"message_id": uuid.uuid4().hex, "court_code": court.code, **body}
        raw = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
        signed = headers if headers is not None else court.headers(raw, now=self.clock())
        return http("POST", self.url + path, raw, {"Content-Type": "application/json", **signed})

    def court_ok(self, court: CourtKey, path: str, body: dict) -> dict:
        """As ``court`` expecting 200 and an answer signed by the platform; the answer."""
        status, headers, raw = self.court(court, path, body)
        if status != 200:
            raise AssertionError(f"POST {path} -> {status}: {raw.decode()}")
        assert self.verify(raw, headers), f"{self.code}'s answer is not signed by its key"
        return json.loads(raw.decode())

    def inquire(self, court: CourtKey, inquiry_id: str, value_hint: Any, **asset: Any) -> dict:
        asset = {
            "type": "real_estate",
            "description": "雄安新区某小区1号楼101室",
            "value_hint": value_hint,
            **asset,
        }
        return self.court_ok(court, "/inquiries", {"inquiry_id": inquiry_id, "asset": asset})

    def report(self, inquiry_id: str) -> tuple[int, dict, bool]:
        """(status, the report body, whether it is signed by the platform) of GET /inquiries/<id>."""
        status, headers, raw = http("GET", f"{self.url}/inquiries/{inquiry_id}")
        return status, json.loads(raw.decode()), self.verify(raw, headers)

    def listing(self, court: CourtKey, **terms: Any) -> dict:
        """A listing as the court sends it; times (datetimes) as ISO, money as strings."""
        body: dict[str, Any] = {
            "listing_id": uuid.uuid4().hex[:16],
            "case_number": "（2026）冀9601执123号",
            "title": "雄安新区某小区1号楼101室",
            "description": "住宅，建筑面积 98.5 平方米",
            "kind": "real-estate",
            "round": 1,
            "stage": "auction",
            "start_price": "700000.00",
            "increment": "5000.00",
            "deposit": "70000.00",
            "notice_at": None,
            "starts_at": None,
            "ends_at": None,
            "preemption": [],
            "previous_lots": [],
            **terms,
        }
        for field in ("notice_at", "starts_at", "ends_at"):
            if isinstance(body[field], dt.datetime):
                body[field] = body[field].isoformat()
        return body

    def list_lot(self, court: CourtKey, **terms: Any) -> str:
        return self.court_ok(court, "/lots", self.listing(court, **terms))["lot_id"]

    def suspend(self, court: CourtKey, lot_id: str) -> dict:
        return self.court_ok(court, f"/lots/{lot_id}/suspend", {"lot_id": lot_id})

    def resume(self, court: CourtKey, lot_id: str) -> dict:
        return self.court_ok(court, f"/lots/{lot_id}/resume", {"lot_id": lot_id})

    # --- bidders --------------------------------------------------------------------------------------
    def register(self, lot_id: str, name: str, id_code: str, affiliation: str = "") -> tuple[int, Any]:
        return self.call(
            "POST", f"/lots/{lot_id}/register", {"name": name, "id_code": id_code, "affiliation": affiliation}
        )

    def bidder(self, lot_id: str, name: str, id_code: str, affiliation: str = "") -> str:
        """Register and pay the deposit; the bidder id."""
        bidder_id = self._ok(
            "POST", f"/lots/{lot_id}/register", {"name": name, "id_code": id_code, "affiliation": affiliation}
        )["bidder_id"]
        self._ok("POST", f"/lots/{lot_id}/deposit", {"bidder_id": bidder_id})
        return bidder_id

    def bid(self, lot_id: str, bidder_id: str, price: str) -> tuple[int, Any]:
        return self.call("POST", f"/lots/{lot_id}/bids", {"bidder_id": bidder_id, "price": price})

    def pay(self, lot_id: str, bidder_id: str, amount: str) -> tuple[int, Any]:
        return self.call("POST", f"/lots/{lot_id}/pay", {"bidder_id": bidder_id, "amount": amount})

    def renege(self, lot_id: str) -> tuple[int, Any]:
        return self.call("POST", "/control/renege", {"lot_id": lot_id})

    def lot(self, lot_id: str) -> dict:
        return self._ok("GET", f"/lots/{lot_id}")

    # --- messages -------------------------------------------------------------------------------------
    def verify(self, raw: bytes, headers: Any) -> bool:
        """Whether ``raw`` is signed by this platform's code under the key from GET /key."""
        return verify_answer(self.public_key, self.code, headers, raw)

    def messages(self, after: int = 0) -> list[tuple[int, bytes, dict]]:
        """(seq, exact body bytes, signature headers) of each message after ``after``, as the court reads."""
        out = self._ok("GET", f"/messages?after={after}")["messages"]
        return [(m["seq"], m["body"].encode(), m["headers"]) for m in out]

    def bodies(self, after: int = 0, kind: str | None = None) -> list[dict]:
        """The messages' bodies, each signature checked (AssertionError on a bad one)."""
        found = []
        for seq, raw, headers in self.messages(after):
            assert self.verify(raw, headers), f"message {seq} is not signed by {self.code}"
            body = json.loads(raw.decode())
            if kind is None or body["kind"] == kind:
                found.append(body)
        return found


@pytest.fixture
def auction(tmp_path: Path, trust_file: Path):
    """A reference platform (TAOBAO, price factor 1.00, no callback) on its own data dir under tmp_path."""
    process = AuctionProcess().start(trust=trust_file, data_dir=tmp_path / "auction")
    yield process
    process.stop()
