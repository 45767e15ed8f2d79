"""The reference SMS gateway (simulators/sms) as the platform and a browser test see it: a separate process."""

from __future__ import annotations

import json
import socket
import time
import urllib.parse

import pytest

from simulators.agencies.service import is_loopback
from tests.simulators import institution_fixture, sms_fixture
from tests.simulators.bank_fixture import http
from tests.simulators.institution_fixture import CourtKey, verify_answer
from tests.simulators.sms_fixture import SmsProcess

court_key = institution_fixture.court_key  # pytest fixtures
trust_file = institution_fixture.trust_file
sms_gateway = sms_fixture.sms_gateway

PHONE = "13800138000"
OTHER = "19912345678"


def test_a_message_is_accepted_signed_and_lands_in_the_phones_inbox_newest_last(sms_gateway, court_key):
    status, headers, raw = sms_gateway.signed(
        court_key, sms_gateway.body(court_key, PHONE, "您的验证码是 111111", message_id="c-1")
    )
    assert status == 202 and json.loads(raw) == {"message_id": "c-1", "status": "accepted"}
    assert verify_answer(sms_gateway.public_key, "SMS-HE", headers, raw)
    assert not verify_answer(CourtKey().public_key, "SMS-HE", headers, raw)
    sms_gateway.deliver(court_key, OTHER, "另一位当事人", message_id="o-1")
    sms_gateway.deliver(court_key, PHONE, "您的验证码是 222222", message_id="c-2")
    inbox = sms_gateway.inbox(PHONE)
    assert [(m["message_id"], m["phone"], m["text"]) for m in inbox] == [
        ("c-1", PHONE, "您的验证码是 111111"),
        ("c-2", PHONE, "您的验证码是 222222"),
    ]
    assert inbox[-1]["received_at"].endswith("+08:00")
    assert [m["message_id"] for m in sms_gateway.inbox()] == ["c-1", "o-1", "c-2"]
    assert sms_gateway.inbox("13900000000") == []
    state = sms_gateway.state()
    assert (state["received"], state["applied"], state["duplicates"]) == (3, 3, 0)
    assert state["phones"] == {PHONE: 2, OTHER: 1}
    assert sms_gateway.call("GET", "/key")[1] == {"code": "SMS-HE", "public_key": sms_gateway.public_key}


def test_unsigned_tampered_stale_or_unknown_messages_are_refused(sms_gateway, court_key):
    body = sms_gateway.body(court_key, PHONE, "您的验证码是 333333", message_id="bad")
    raw = json.dumps(body, ensure_ascii=False).encode()
    headers = court_key.headers(raw)
    assert sms_gateway.post(raw)[0] == 401
    status, out = sms_gateway.post(raw.replace(b"333333", b"999999"), headers)
    assert status == 401 and out["error"] == "签名验证失败"
    assert sms_gateway.post(raw, court_key.headers(raw, now=time.time() + 400))[0] == 401
    stranger = CourtKey("HE99")
    other = json.dumps({**body, "court": "HE99"}, ensure_ascii=False).encode()
    status, out = sms_gateway.post(other, stranger.headers(other))
    assert status == 401 and "HE99" in out["error"]
    assert sms_gateway.post(other, court_key.headers(other))[0] == 401  # names another court
    state = sms_gateway.state()
    assert (state["received"], state["refused_signatures"]) == (0, 5)
    assert sms_gateway.inbox(PHONE) == []


def test_a_message_is_accepted_once_and_a_reused_id_is_refused(sms_gateway, court_key):
    assert sms_gateway.send(court_key, PHONE, "验证码 444444", message_id="d-1")[0] == 202
    assert sms_gateway.send(court_key, PHONE, "验证码 444444", message_id="d-1") == (
        202,
        {"message_id": "d-1", "status": "accepted"},
    )
    status, out = sms_gateway.send(court_key, PHONE, "验证码 555555", message_id="d-1")
    assert status == 409 and out["error"]
    assert sms_gateway.send(court_key, OTHER, "验证码 444444", message_id="d-1")[0] == 409
    assert [m["text"] for m in sms_gateway.inbox(PHONE)] == ["验证码 444444"]
    state = sms_gateway.state()
    assert (state["received"], state["applied"], state["duplicates"]) == (2, 1, 1)


@pytest.mark.parametrize(
    ("phone", "text", "message_id"),
    [
        ("12800138000", "验证码", "x"),  # no such mobile prefix
        ("1380013800", "验证码", "x"),  # 10 digits
        ("138001380001", "验证码", "x"),  # 12 digits
        ("+8613800138000", "验证码", "x"),
        ("138-0013-8000", "验证码", "x"),
        (13800138000, "验证码", "x"),  # a number, not a string
        (PHONE, "", "x"),
        (PHONE, "字" * 501, "x"),
        (PHONE, "验证码", "m" * 65),
        (PHONE, "验证码", ""),
    ],
)
def test_a_bad_phone_text_or_id_is_refused_with_a_chinese_reason(
    sms_gateway, court_key, phone, text, message_id
):
    body = {"message_id": message_id, "court": court_key.code, "phone": phone, "text": text}
    status, _, raw = sms_gateway.signed(court_key, body)
    assert status == 400
    assert any("\u4e00" <= ch <= "\u9fff" for ch in json.loads(raw)["error"])
    assert sms_gateway.state()["applied"] == 0


def test_five_hundred_characters_are_accepted(sms_gateway, court_key):
    assert sms_gateway.send(court_key, PHONE, "字" * 500)[0] == 202
    status, out = sms_gateway.call("GET", "/v1/messages?phone=12345")
    assert status == 400 and "手机" in out["error"]


def test_failures_answer_503_before_accepting_and_retries_accept_once(tmp_path, trust_file, court_key):
    failing = SmsProcess(fail_rate=1.0).start(trust=trust_file, data_dir=tmp_path / "failing")
    try:
        assert failing.send(court_key, PHONE, "验证码 666666", message_id="f-1")[0] == 503
        assert failing.inbox(PHONE) == [] and failing.state()["failed"] == 1
        failing.set_faults(0.5)
        for n in range(10):
            failing.deliver(court_key, PHONE, f"验证码 {n:06d}", message_id=f"f-{n}")
            failing.deliver(court_key, PHONE, f"验证码 {n:06d}", message_id=f"f-{n}")
        assert [m["message_id"] for m in failing.inbox(PHONE)] == [f"f-{n}" for n in range(10)]
        assert failing.state()["applied"] == 10
    finally:
        failing.stop()


def test_kill_9_and_restart_keep_the_inbox_and_the_key(sms_gateway, court_key):
    key = sms_gateway.public_key
    sms_gateway.deliver(court_key, PHONE, "验证码 777777", message_id="k-1")
    before = (sms_gateway.state(), sms_gateway.inbox())
    sms_gateway.kill()
    sms_gateway.restart()
    assert (sms_gateway.state(), sms_gateway.inbox()) == before
    assert sms_gateway.call("GET", "/key")[1]["public_key"] == key
    assert sms_gateway.send(court_key, PHONE, "验证码 777777", message_id="k-1")[0] == 202
    assert len(sms_gateway.inbox(PHONE)) == 1 and sms_gateway.state()["duplicates"] == 1


def test_only_loopback_clients_may_read_the_inbox():
    for host in ("127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"):
        assert is_loopback(host), host
    for host in ("192.0.2.2", "10.0.0.1", "::ffff:10.0.0.1", "2001:db8::1", "", "localhost"):
        assert not is_loopback(host), host


def outside_address() -> str | None:
    """This machine's address on a non-loopback interface, if it has one."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.254", 9))  # no packet is sent: this only picks the outgoing interface
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if is_loopback(address) else address


def test_the_inbox_refuses_a_client_from_another_address(tmp_path, trust_file, court_key):
    address = outside_address()
    if address is None:
        pytest.skip("no non-loopback interface here")
    gateway = SmsProcess().start(trust=trust_file, data_dir=tmp_path / "open", host="0.0.0.0")
    try:
        gateway.deliver(court_key, PHONE, "验证码 888888")
        port = urllib.parse.urlsplit(gateway.url).port
        status, _, raw = http("GET", f"http://{address}:{port}/v1/messages?phone={PHONE}")
        assert status == 403 and "回环" in json.loads(raw)["error"]
        status, _, raw = http("GET", f"http://{address}:{port}/state")  # the rest answers anyone
        assert status == 200
        assert gateway.inbox(PHONE)[0]["text"] == "验证码 888888"  # over loopback
    finally:
        gateway.stop()
