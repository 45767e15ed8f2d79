"""The reference credit agencies (simulators/agencies) as the platform sees them: separate processes."""

from __future__ import annotations

import json
import threading
import time

import pytest

from simulators.agencies.server import KINDS, main
from tests.simulators import agency_fixture, institution_fixture
from tests.simulators.agency_fixture import RECORD, AgencyProcess
from tests.simulators.institution_fixture import CourtKey, verify_answer, write_trust

court_key = institution_fixture.court_key  # pytest fixtures
trust_file = institution_fixture.trust_file
agency = agency_fixture.agency

CHANGED = {**RECORD, "performance": "部分未履行", "duty": "支付货款 80000 元"}


def test_list_change_remove_are_acknowledged_signed_and_kept(agency, court_key):
    listed = agency.deliver(court_key, "list", "L-1", RECORD, message_id="m-list")
    assert listed["status"] == "acknowledged" and listed["action"] == "list" and listed["record_id"] == "L-1"
    assert listed["message_id"] == "m-list" and listed["known"] is False and listed["ack_id"]
    changed = agency.deliver(court_key, "change", "L-1", CHANGED, message_id="m-change")
    assert changed["known"] is True and changed["ack_id"] != listed["ack_id"]
    assert agency.state()["records"]["L-1"] == {
        "listed": True,
        "record": CHANGED,
        "actions": ["list", "change"],
        "applied_count": 2,
    }
    removed = agency.deliver(court_key, "remove", "L-1", message_id="m-remove")
    assert removed["known"] is True
    state = agency.state()
    assert (state["received"], state["applied"], state["duplicates"]) == (3, 3, 0)
    assert state["records"]["L-1"] == {
        "listed": False,
        "record": CHANGED,  # the last record is kept, no longer listed
        "actions": ["list", "change", "remove"],
        "applied_count": 3,
    }
    # the platform records GET /key at registration and checks every answer against it
    assert agency.call("GET", "/key")[1] == {"code": "CREDIT-HE", "public_key": agency.public_key}


def test_the_acknowledgement_is_signed_by_the_agency_key_only(agency, court_key):
    status, headers, raw = agency.signed(court_key, agency.body(court_key, "list", "L-9", RECORD))
    assert status == 200 and headers["X-Zx-Key"] == "CREDIT-HE"
    assert verify_answer(agency.public_key, "CREDIT-HE", headers, raw)
    changed = raw.replace(b"acknowledged", b"acknowledgeD")
    assert not verify_answer(agency.public_key, "CREDIT-HE", headers, changed)
    assert not verify_answer(CourtKey().public_key, "CREDIT-HE", headers, raw)


def test_unsigned_tampered_stale_or_unknown_messages_are_refused_and_not_applied(agency, court_key):
    body = agency.body(court_key, "list", "L-1", RECORD, message_id="bad")
    raw = json.dumps(body, ensure_ascii=False).encode()
    headers = court_key.headers(raw)
    status, out = agency.post(raw)
    assert status == 401 and "缺少签名" in out["error"]
    status, out = agency.post(raw.replace("王某某".encode(), "李某某".encode()), headers)
    assert status == 401 and out["error"] == "签名验证失败"
    status, out = agency.post(raw, court_key.headers(raw, now=time.time() - 301))
    assert status == 401 and "300" in out["error"]
    assert agency.post(raw, CourtKey(court_key.code).headers(raw))[0] == 401  # right code, wrong key
    stranger = CourtKey("HE99")
    other = json.dumps({**body, "court": "HE99"}, ensure_ascii=False).encode()
    status, out = agency.post(other, stranger.headers(other))
    assert status == 401 and "HE99" in out["error"]
    # a trusted court signing a message in another court's name
    status, out = agency.post(other, court_key.headers(other))
    assert status == 401 and "不一致" in out["error"]
    state = agency.state()
    assert (state["received"], state["applied"], state["records"]) == (0, 0, {})
    assert state["refused_signatures"] == 6
    assert agency.post(raw, headers)[0] == 200  # the untouched original goes through


def test_a_court_added_to_the_trust_file_is_trusted_without_a_restart(agency, trust_file, court_key):
    newcomer = CourtKey("HE01")
    write_trust(trust_file, {court_key.code: court_key.public_key, newcomer.code: newcomer.public_key})
    assert agency.send(newcomer, "list", "L-1", RECORD)[0] == 200


def test_a_message_is_applied_once_and_a_reused_id_is_refused(agency, court_key):
    status, first = agency.send(court_key, "list", "L-1", RECORD, message_id="m-1")
    assert status == 200
    # a retry: the same message (a renewed sent_at is the delivery's, not the message's)
    status, again = agency.send(
        court_key, "list", "L-1", RECORD, message_id="m-1", sent_at="2026-12-01T08:00:00+08:00"
    )
    assert (status, again) == (200, first)
    status, out = agency.send(court_key, "list", "L-1", CHANGED, message_id="m-1")
    assert status == 409 and "message_id" in out["error"]
    assert agency.send(court_key, "remove", "L-1", message_id="m-1")[0] == 409
    state = agency.state()
    assert (state["received"], state["applied"], state["duplicates"]) == (2, 1, 1)
    assert state["records"]["L-1"]["applied_count"] == 1 and state["records"]["L-1"]["record"] == RECORD


def test_removing_an_unknown_record_is_acknowledged_as_unknown(agency, court_key):
    ack = agency.deliver(court_key, "remove", "L-404", message_id="m-404")
    assert ack["status"] == "acknowledged" and ack["known"] is False and ack["action"] == "remove"
    assert agency.state()["records"]["L-404"] == {
        "listed": False,
        "record": None,
        "actions": ["remove"],
        "applied_count": 1,
    }


@pytest.mark.parametrize(
    "change",
    [
        {"action": "delete"},
        {"message_id": ""},
        {"message_id": "m" * 65},
        {"message_id": 12},
        {"record_id": "r" * 65},
        {"record_id": None},
        {"record": None},
        {"record": ["not", "an", "object"]},
        {"record": "王某某"},
        {"sent_at": "yesterday"},
    ],
)
def test_an_invalid_message_is_refused_with_a_chinese_reason(agency, court_key, change):
    body = {**agency.body(court_key, "list", "L-1", RECORD), **change}
    status, _, raw = agency.signed(court_key, body)
    assert status == 400
    error = json.loads(raw)["error"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error)
    assert agency.state()["applied"] == 0


def test_a_non_json_body_is_refused(agency, court_key):
    raw = b"not json"
    assert agency.post(raw, court_key.headers(raw)) == (400, {"error": "请求体不是 JSON"})


def test_failures_answer_503_before_applying_and_retries_apply_once(tmp_path, trust_file, court_key):
    failing = AgencyProcess("airline", "CAAC", "中国民用航空局", fail_rate=1.0)
    failing.start(trust=trust_file, data_dir=tmp_path / "caac")
    try:
        for n in range(10):
            status, out = failing.send(court_key, "list", f"L-{n}", RECORD, message_id=f"m-{n}")
            assert status == 503 and out["error"] == "系统繁忙，请稍后重试"
        state = failing.state()
        assert (state["received"], state["applied"], state["records"], state["failed"]) == (0, 0, {}, 10)
        failing.set_faults(0.5)
        for n in range(10):
            failing.deliver(court_key, "list", f"L-{n}", RECORD, message_id=f"m-{n}")
        for n in range(10):
            failing.deliver(court_key, "list", f"L-{n}", RECORD, message_id=f"m-{n}")  # again
        state = failing.state()
        assert state["applied"] == 10 and state["duplicates"] == 10
        assert all(r["applied_count"] == 1 and r["listed"] for r in state["records"].values())
    finally:
        failing.stop()


def test_kill_9_and_restart_keep_records_acknowledgements_and_the_key(agency, court_key):
    key = agency.public_key
    first = agency.deliver(court_key, "list", "L-1", RECORD, message_id="k-1")
    agency.deliver(court_key, "remove", "L-1", message_id="k-2")
    before = agency.state()
    agency.kill()
    agency.restart()
    assert agency.state() == before
    assert agency.call("GET", "/key")[1]["public_key"] == key
    assert agency.deliver(court_key, "list", "L-1", RECORD, message_id="k-1") == first
    after = agency.state()
    assert after["applied"] == 2 and after["duplicates"] == 1 and after["records"]["L-1"]["listed"] is False


def test_kill_9_in_a_stream_of_messages_loses_and_doubles_nothing(agency, court_key):
    ids = [f"s-{n}" for n in range(60)]
    acknowledged: list[str] = []

    def stream() -> None:
        for message_id in ids:
            try:
                status, _ = agency.send(court_key, "list", f"R-{message_id}", RECORD, message_id=message_id)
            except OSError:
                return  # the agency died under us
            if status == 200:
                acknowledged.append(message_id)

    sender = threading.Thread(target=stream)
    sender.start()
    deadline = time.monotonic() + 10
    while len(acknowledged) < 5 and time.monotonic() < deadline:
        time.sleep(0.002)
    agency.kill()
    sender.join()
    agency.restart()
    records = agency.state()["records"]
    assert {f"R-{m}" for m in acknowledged} <= set(records)  # every acknowledged message survived
    for message_id in ids:  # the platform retries everything not known to be acknowledged
        agency.deliver(court_key, "list", f"R-{message_id}", RECORD, message_id=message_id)
    state = agency.state()
    assert state["applied"] == len(ids)
    assert all(r["applied_count"] == 1 and r["actions"] == ["list"] for r in state["records"].values())


def test_the_command_line_knows_the_six_subscriber_kinds(capsys):
    assert set(KINDS) == {
        "credit_office",
        "credit_reporting",
        "airline",
        "rail",
        "market_regulator",
        "household_registration",
    }
    with pytest.raises(SystemExit):
        main(["--kind", "bank", "--code", "X", "--name", "X", "--data-dir", "/nonexistent"])
    assert "invalid choice" in capsys.readouterr().err
