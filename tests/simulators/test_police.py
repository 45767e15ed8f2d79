"""The reference police bureau and border administration (simulators/police) as the court sees them:
separate processes speaking PROTOCOL.md (rules §10.3.3: the police must accept a referral and give a
receipt; §6.16: an exit ban enforced and lifted)."""

from __future__ import annotations

import json

from tests.simulators import institution_fixture, police_fixture
from tests.simulators.bank_fixture import NotifyReceiver
from tests.simulators.institution_fixture import CourtKey
from tests.simulators.police_fixture import ID_CODE, PoliceProcess, ban_body, referral_body

court_key = institution_fixture.court_key  # pytest fixtures
trust_file = institution_fixture.trust_file
police = police_fixture.police
border = police_fixture.border


def test_a_referral_is_received_with_a_signed_receipt_once(police, court_key):
    first = police.court_ok(court_key, "/referrals", referral_body("R-1"))
    assert first["status"] == "received" and first["ref"] == "XAPSB-R000001"
    assert first["referral_id"] == "R-1" and first["complex"] is False
    assert first["receipt_number"].startswith("XAPSB受案〔") and first["received_on"]
    # sent again under a new message id: the same referral, the same receipt
    assert police.court_ok(court_key, "/referrals", referral_body("R-1")) == first
    # the very same message again: the stored answer, byte for byte, applied once
    body = {"message_id": "m-1", **referral_body("R-2")}
    _, _, raw1 = police.court(court_key, "/referrals", body)
    _, _, raw2 = police.court(court_key, "/referrals", body)
    assert raw1 == raw2
    status, _, raw = police.court(court_key, "/referrals", {**body, "facts": "另一事实"})
    assert status == 409
    state = police.state()
    assert sorted(state["referrals"]) == ["XAPSB-R000001", "XAPSB-R000002"]
    assert state["duplicates"] == 1
    # the receipts are in the feed too, signed
    receipts = police.bodies()
    assert [m["kind"] for m in receipts] == ["receipt", "receipt"]
    assert receipts[0]["receipt_number"] == first["receipt_number"]
    assert receipts[0]["message_id"] == "P-XAPSB-000001"


def test_the_bundle_fingerprint_and_the_fields_are_checked(police, court_key):
    status, headers, raw = police.court(court_key, "/referrals", referral_body(bundle_sha256="0" * 64))
    assert status == 400 and json.loads(raw)["error"] == "证据材料清单的指纹与清单内容不符"
    assert police.verify(raw, headers)  # errors are signed too
    assert police.court(court_key, "/referrals", referral_body(crime="theft"))[0] == 400
    assert police.court(court_key, "/referrals", referral_body(suspects=""))[0] == 400
    assert police.court(court_key, "/referrals", referral_body(bundle="x", bundle_sha256="x"))[0] == 400
    assert police.state()["referrals"] == {} and police.bodies() == []


def test_requests_must_be_signed_by_the_court_they_name(police, court_key):
    body = referral_body()
    status, _, raw = police.court(court_key, "/referrals", body, headers={})
    assert status == 401 and "缺少签名" in json.loads(raw)["error"]
    status, _, raw = police.court(court_key, "/referrals", {**body, "court_code": "J99"})
    assert status == 401 and "不一致" in json.loads(raw)["error"]
    assert police.court(CourtKey(court_key.code), "/referrals", body)[0] == 401  # wrong key
    state = police.state()
    assert state["referrals"] == {} and state["refused_signatures"] == 3


def test_decisions_are_signed_numbered_messages(police, court_key):
    one = police.court_ok(court_key, "/referrals", referral_body("R-1"))["ref"]
    two = police.court_ok(court_key, "/referrals", referral_body("R-2"))["ref"]
    status, out = police.call("POST", "/control/decide", {"ref": one, "filed": False})
    assert status == 400  # not filing needs its reasons (rules §10.3.3)
    police.decide(one, filed=False, reason="现有证据不足以证明有能力履行", decided_on="2026-12-05")
    police.decide(two, filed=True, complex=True)
    assert police.call("POST", "/control/decide", {"ref": two, "filed": False, "reason": "x"})[0] == 409
    assert police.call("POST", "/control/decide", {"ref": "nope", "filed": True})[0] == 404
    after_receipts = police.bodies(after=2)
    assert [(m["kind"], m["ref"], m["filed"]) for m in after_receipts] == [
        ("decision", one, False),
        ("decision", two, True),
    ]
    not_filed = after_receipts[0]
    assert not_filed["decided_on"] == "2026-12-05" and not_filed["reason"].startswith("现有证据")
    assert not_filed["referral_id"] == "R-1" and not_filed["court_code"] == court_key.code
    assert after_receipts[1]["complex"] is True
    # the feed reads the same every time, and tampering shows
    seq, raw, headers = police.messages(after=3)[0]
    assert seq == 4 and police.verify(raw, headers)
    assert not police.verify(raw.replace(b"true", b"fals"), headers)
    assert police._ok("GET", f"/referrals/{one}")["status"] == "not_filed"


def test_a_restart_keeps_the_key_the_referrals_and_the_feed(police, court_key):
    key = police.public_key
    ref = police.court_ok(court_key, "/referrals", referral_body("R-1"))["ref"]
    police.kill()
    police.restart()
    police._public_key = ""
    assert police.public_key == key
    assert police.court_ok(court_key, "/referrals", referral_body("R-1"))["ref"] == ref
    police.decide(ref, filed=True)
    assert [m["kind"] for m in police.bodies()] == ["receipt", "decision"]


def test_messages_are_posted_to_the_callback_in_order(tmp_path, trust_file, court_key):
    receiver = NotifyReceiver().start()
    process = PoliceProcess(callback=receiver.url + "police").start(trust=trust_file, data_dir=tmp_path / "p")
    try:
        ref = process.court_ok(court_key, "/referrals", referral_body("R-1"))["ref"]
        process.decide(ref, filed=True)
        got = receiver.wait("police", 2)
        bodies = [json.loads(r["body"]) for r in got]
        assert [b["kind"] for b in bodies] == ["receipt", "decision"]
        assert all(process.verify(r["body"], r["headers"]) for r in got)
    finally:
        process.stop()
        receiver.stop()


def test_an_exit_ban_is_acknowledged_enforced_and_lifted(border, court_key):
    ack = border.court_ok(court_key, "/exit-bans", ban_body("M-1"))
    assert ack["status"] == "in_force" and ack["ref"] == "XABORDER-E000001" and ack["measure_id"] == "M-1"
    assert border.court_ok(court_key, "/exit-bans", ban_body("M-1")) == ack  # same measure, same ban
    assert border.traveller() == {"may_leave": False, "bans": [ack["ref"]]}
    assert border.traveller("110101199001010000")["may_leave"] is True
    status, _, raw = border.court(
        court_key, f"/exit-bans/{ack['ref']}/lift", {"ref": ack["ref"], "reason": ""}
    )
    assert status == 400  # a lift says why (paid, guarantee, consent)
    lifted = border.court_ok(
        court_key, f"/exit-bans/{ack['ref']}/lift", {"ref": ack["ref"], "reason": "已履行完毕"}
    )
    assert lifted["status"] == "lifted" and lifted["reason"] == "已履行完毕" and lifted["lifted_at"]
    again = border.court_ok(
        court_key, f"/exit-bans/{ack['ref']}/lift", {"ref": ack["ref"], "reason": "申请人同意"}
    )
    assert again == lifted  # lifted once; the first lift stands
    assert border.traveller() == {"may_leave": True, "bans": []}
    assert border.court(court_key, "/exit-bans/XABORDER-E999999/lift", {"reason": "x"})[0] == 404
    assert border.court(court_key, "/exit-bans", ban_body("M-2", name=""))[0] == 400
    # a unit's representative without an identity number on file: banned by name and case
    unit = border.court_ok(court_key, "/exit-bans", ban_body("M-3", name="钱法代", id_code=""))
    assert unit["status"] == "in_force" and border.state()["bans"][unit["ref"]]["id_code"] == ""
    assert border.traveller()["bans"] == []  # the person of M-1 is free; M-3 is someone else


def test_only_the_banning_court_lifts_and_each_kind_has_its_own_routes(tmp_path, border, court_key):
    other = CourtKey("J97")
    institution_fixture.write_trust(
        border.trust, {court_key.code: court_key.public_key, other.code: other.public_key}
    )
    ref = border.court_ok(court_key, "/exit-bans", ban_body("M-1"))["ref"]
    status, _, raw = border.court(other, f"/exit-bans/{ref}/lift", {"reason": "已履行"})
    assert status == 403 and "其他法院" in json.loads(raw)["error"]
    assert border.court(court_key, "/referrals", referral_body())[0] == 404  # no referrals at the border
    assert border.call("GET", "/messages")[0] == 404
    assert border.state()["bans"][ref]["id_code"] == ID_CODE
