# ruff: noqa: F811  (the fixtures of tests/measures/referral_world.py, imported by name)
"""The police's messages about a referral (zhixing.measures.actions.referral_feed) and the hourly
measures_scan that pulls them: each verified under the bureau's recorded key, applied once by its seq
(the receipt already recorded from the answer changes nothing; the feed read again changes nothing), a
forged or misdirected one refused and audited; a bureau that does not answer is counted. Last, end to
end with the real reference police bureau (simulators/police) over HTTP."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.measures.referral_world import (  # noqa: F401
    approved,
    bureau,
    decision_body,
    draft,
    drafted,
    obstruction,
    police_key,
    receipt_body,
    signed,
)
from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import Node
from zhixing.core.models import AuditEntry
from zhixing.measures import actions, connector, scans
from zhixing.measures.actions import referral_feed
from zhixing.measures.actors import MEASURES_SCAN
from zhixing.measures.models import Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def by_bureau(person_case, debtor, cast, obstruction, bureau, monkeypatch, clock) -> Referral:
    """A referral to the bureau, approved and sent; the bureau's answer carries no receipt (it comes
    in the feed)."""
    referral = draft(person_case, debtor, cast, [obstruction], agency=bureau)
    actions.approve_referral(referral, actor=cast.president)
    sent_bodies = []

    def send(agency, court, body):
        sent_bodies.append(body)
        return {"ref": "XAPSB-R000001", "referral_id": body["referral_id"], "status": "received"}

    monkeypatch.setattr(connector, "send_referral", send)
    referral = actions.send_referral(referral, actor=cast.officer)
    assert sent_bodies[0]["bundle_sha256"] == referral.bundle_sha256
    return referral


def _feed(monkeypatch, items):
    monkeypatch.setattr(connector, "messages", lambda agency, court, after=0: list(items))


def test_a_receipt_and_a_decision_from_the_feed_are_applied_once(by_bureau, police_key, monkeypatch, clock):
    assert by_bureau.status == Referral.SENT and by_bureau.agency_ref == "XAPSB-R000001"
    items = [
        (1, *signed(police_key, receipt_body(by_bureau, clock.today, 1))),
        (2, *signed(police_key, decision_body(by_bureau, False, clock.today, 2))),
    ]
    _feed(monkeypatch, items)
    assert scans.run() == {"messages": 2, "refused": 0, "unreachable": 0}
    referral = Referral.objects.get(pk=by_bureau.pk)
    assert referral.status == Referral.NOT_FILED and referral.last_seq == 2
    assert referral.receipt_number == "XAPSB受案〔2026〕1号" and referral.noticed_on == clock.today
    assert referral.not_filed_reason == "证据不足，尚不构成犯罪"
    assert Node.objects.get(case=referral.case, kind__code="referral_decision").done_on == clock.today
    steps = AuditEntry.objects.filter(action="measures.referral").count()
    # read again (the feed from the start, or the callback too): nothing changes
    referral_feed.pull_updates(by_bureau.agency, actor=MEASURES_SCAN)
    assert AuditEntry.objects.filter(action="measures.referral").count() == steps
    assert Referral.objects.get(pk=by_bureau.pk).status == Referral.NOT_FILED


def test_a_receipt_recorded_from_the_answer_is_not_applied_twice(by_bureau, police_key, cast, clock):
    referral = actions.record_receipt(by_bureau, clock.today, "XAPSB受案〔2026〕1号", actor=cast.officer)
    raw, headers = signed(police_key, receipt_body(referral, clock.today, 1))
    again = actions.apply_agency_message(referral.agency, raw, headers, actor=MEASURES_SCAN, seq=1)
    assert again.status == Referral.RECEIVED and again.last_seq == 1
    assert Node.objects.filter(case=referral.case, kind__code="referral_decision").count() == 1


def test_a_complex_decision_moves_the_clock_to_thirty_days(by_bureau, police_key, clock):
    raw, headers = signed(police_key, receipt_body(by_bureau, clock.today, 1))
    actions.apply_agency_message(by_bureau.agency, raw, headers, actor=MEASURES_SCAN)
    clock.move_to(clock.today + dt.timedelta(days=20))
    raw, headers = signed(police_key, decision_body(by_bureau, True, clock.today, 2, complex=True))
    referral = actions.apply_agency_message(by_bureau.agency, raw, headers, actor=MEASURES_SCAN)
    assert referral.status == Referral.FILED and referral.complex_case
    assert (
        referral.decision_due_on == referral_feed.referrals.rules.decision_due(referral.received_on, True).on
    )


def test_a_forged_or_altered_message_is_refused_and_audited(by_bureau, police_key, clock):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    raw, headers = signed(Ed25519PrivateKey.generate(), receipt_body(by_bureau, clock.today, 1))
    with pytest.raises(referral_feed.BadMessage):
        actions.apply_agency_message(by_bureau.agency, raw, headers, actor=MEASURES_SCAN)
    raw, headers = signed(police_key, receipt_body(by_bureau, clock.today, 1))
    with pytest.raises(referral_feed.BadMessage):
        actions.apply_agency_message(
            by_bureau.agency, raw.replace(b"1\\u53f7", b"2\\u53f7") + b" ", headers, actor=MEASURES_SCAN
        )
    refused = AuditEntry.objects.filter(action="measures.refuse_message")
    assert refused.count() == 2 and "签名" in refused.first().detail["reason"]
    assert Referral.objects.get(pk=by_bureau.pk).status == Referral.SENT


def test_a_message_about_another_referral_or_out_of_order_is_refused(by_bureau, police_key, clock):
    other = receipt_body(by_bureau, clock.today, 1, referral_id="OTHER-999", ref="XAPSB-R000009")
    with pytest.raises(referral_feed.BadMessage, match="不是本院"):
        actions.apply_agency_message(by_bureau.agency, *signed(police_key, other), actor=MEASURES_SCAN)
    early = decision_body(by_bureau, True, clock.today, 2)  # a decision before any receipt
    with pytest.raises(referral_feed.BadMessage, match="受案回执"):
        actions.apply_agency_message(by_bureau.agency, *signed(police_key, early), actor=MEASURES_SCAN)
    assert Referral.objects.get(pk=by_bureau.pk).last_seq == 0


def test_an_unreachable_bureau_is_counted(by_bureau, monkeypatch):
    def down(agency, court, after=0):
        raise connector.ConnectorError("无法连接雄安新区公安局")

    monkeypatch.setattr(connector, "messages", down)
    assert scans.run() == {"messages": 0, "refused": 0, "unreachable": 1}


def test_a_referral_delivered_by_hand_is_not_pulled(approved, cast, monkeypatch):
    actions.send_referral(approved, actor=cast.officer)
    _feed(monkeypatch, [])
    assert scans.run() == {"messages": 0, "refused": 0, "unreachable": 0}


def test_the_scan_is_registered_hourly():
    from zhixing.core import periodic

    task, seconds = periodic.registered()["measures_scan"]
    assert seconds == 3600 and task is scans.measures_scan


def test_sending_fails_cleanly_when_the_bureau_refuses(person_case, debtor, cast, bureau, monkeypatch):
    referral = draft(person_case, debtor, cast, agency=bureau)
    actions.approve_referral(referral, actor=cast.president)

    def refuse(agency, court, body):
        raise connector.ConnectorError("公安机关拒绝请求（证据材料清单的指纹与清单内容不符）", 400)

    monkeypatch.setattr(connector, "send_referral", refuse)
    with pytest.raises(ActionError, match="指纹"):
        actions.send_referral(referral, actor=cast.officer)
    referral.refresh_from_db()
    assert referral.status == Referral.APPROVED and referral.letter is None


# --- end to end with the real reference police bureau ---------------------------------------------


@pytest.fixture
def live_bureau(courts, tmp_path):
    from tests.simulators.police_fixture import PoliceProcess
    from zhixing.courts.models import Court
    from zhixing.inquiry import signing
    from zhixing.measures.models import Agency

    trust = tmp_path / "trust.json"
    signing.write_trust_file(trust, Court.objects.all())
    process = PoliceProcess().start(trust=trust, data_dir=tmp_path / "police")
    try:
        agency = Agency.objects.create(
            code=process.code,
            name=process.name,
            kind=Agency.POLICE,
            url=process.url,
            public_key=process.public_key,
        )
        yield process, agency
    finally:
        process.stop()


def test_end_to_end_with_the_reference_police(live_bureau, person_case, debtor, cast, obstruction, clock):
    process, agency = live_bureau
    referral = draft(person_case, debtor, cast, [obstruction], agency=agency)
    actions.approve_referral(referral, actor=cast.president)
    referral = actions.send_referral(referral, actor=cast.officer)
    # the receipt came with the answer (rules §10.3.3: the police must accept and give one)
    assert referral.status == Referral.RECEIVED and referral.agency_ref == "XAPSB-R000001"
    assert referral.received_on == clock.today and referral.receipt_number.startswith("XAPSB受案")
    stored = process.call("GET", f"/referrals/{referral.agency_ref}")[1]
    assert stored["bundle_sha256"] == referral.bundle_sha256
    assert [b["sha256"] for b in stored["request"]["bundle"]] == [b["sha256"] for b in referral.bundle]

    process.decide(referral.agency_ref, filed=False, reason="证据不足", decided_on=clock.today.isoformat())
    assert scans.run() == {"messages": 2, "refused": 0, "unreachable": 0}  # the receipt again, the decision
    referral.refresh_from_db()
    assert referral.status == Referral.NOT_FILED and referral.not_filed_reason == "证据不足"
    assert referral.last_seq == 2 and referral.noticed_on == clock.today
    # the scan again: the referral is still waiting (escalation may follow), nothing is applied twice
    before = AuditEntry.objects.filter(action="measures.referral").count()
    scans.run()
    assert AuditEntry.objects.filter(action="measures.referral").count() == before


def test_a_receipt_in_the_answer_dated_after_today_leaves_the_referral_sent(
    person_case, debtor, cast, bureau, monkeypatch, clock
):
    referral = draft(person_case, debtor, cast, agency=bureau)
    actions.approve_referral(referral, actor=cast.president)
    tomorrow = (clock.today + dt.timedelta(days=1)).isoformat()

    def send(agency, court, body):
        return {"ref": "XAPSB-R000001", "received_on": tomorrow, "receipt_number": "XAPSB受案〔2026〕1号"}

    monkeypatch.setattr(connector, "send_referral", send)
    referral = actions.send_referral(referral, actor=cast.officer)
    assert referral.status == Referral.SENT and referral.received_on is None
    assert Referral.objects.get(pk=referral.pk).letter_id is not None
