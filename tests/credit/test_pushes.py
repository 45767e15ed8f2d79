"""The pushes' outbox (issue 11 item 3): one row per subscribing agency, keys unique per listing, action,
agency and change; an acknowledgement that does not verify under the agency's recorded key is refused
and audited; a refused message fails at once, an agency that stays away fails after the retry limit;
the file export (CSV with its byte-order mark and formula guard, JSON Lines)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from tests.conftest import DEBTOR_UNIT_ID
from tests.credit import push_fixtures as world
from tests.credit.push_fixtures import ALL
from tests.simulators.agency_fixture import AgencyProcess
from zhixing.core.actors import CLI
from zhixing.core.models import AuditEntry
from zhixing.credit import export
from zhixing.credit.actions import delivery, pushes
from zhixing.credit.models import Agency, Listing, Push
from zhixing.inquiry.actions.common import database_tag

# The pushes' fixtures (tests/credit/push_fixtures.py), by name for pytest.
fast_retry = world.fast_retry
keys_folder = world.keys_folder
make_listing = world.make_listing
reference_agency = world.reference_agency
trust = world.trust

pytestmark = pytest.mark.django_db


def agency(code: str, subscribes=ALL, active: bool = True, url: str = "http://127.0.0.1:9") -> Agency:
    return pushes.register_agency(
        code, f"单位{code}", "credit_office", url, "", actor=CLI, subscribes=subscribes, active=active
    )


def test_one_row_per_subscribing_agency(make_listing, clock):
    agency("A")
    agency("B", subscribes=[Agency.REMOVE])
    agency("C", active=False)
    listing = make_listing()
    [listed] = pushes.enqueue(listing, Agency.LIST)
    assert listed.agency.code == "A" and listed.status == Push.PENDING and listed.due_on is None
    body = listed.payload
    assert body["message_id"] == listed.key
    assert body["court"] == "HE96"  # the court's signer code, as the signature names it
    assert body["action"] == "list" and body["record_id"] == pushes.record_id(listing)
    assert body["record"] == listing.record
    due = clock.today + dt.timedelta(days=3)
    removed = pushes.enqueue(listing, Agency.REMOVE, due_on=due)
    assert sorted(p.agency.code for p in removed) == ["A", "B"]
    assert {p.due_on for p in removed} == {due}
    assert all("record" not in p.payload for p in removed)  # a removal does not send the record again
    assert (
        pushes.enqueue(listing, "change") != []
        and Push.objects.filter(agency__code="B", action="change").count() == 0
    )


def test_keys_are_unique_per_listing_action_agency_and_change(make_listing):
    agency("A")
    agency("B")
    first, second = make_listing(), make_listing()
    keys = [p.key for p in pushes.enqueue(first, Agency.LIST)]
    keys += [p.key for p in pushes.enqueue(second, Agency.LIST)]
    keys += [p.key for p in pushes.enqueue(first, Agency.CHANGE)]
    keys += [p.key for p in pushes.enqueue(first, Agency.CHANGE)]  # a second correction: a new message
    keys += [p.key for p in pushes.enqueue(first, Agency.REMOVE)]
    assert len(keys) == 10 == len(set(keys)) == Push.objects.count()
    assert all(len(k) <= 64 and k.startswith(database_tag()) for k in keys)
    changes = Push.objects.filter(listing=first, action="change", agency__code="A").order_by("id")
    assert [p.key.split("-")[-2] for p in changes] == ["0", "1"]
    long = pushes.register_agency("X" * 32, "长代码单位", "rail", "", "", actor=CLI)
    [p] = [p for p in pushes.enqueue(second, Agency.CHANGE) if p.agency == long]
    assert len(p.key) <= 64


def test_an_acknowledgement_that_does_not_verify_is_refused_and_audited(reference_agency, make_listing):
    impostor = AgencyProcess("rail", "OTHER", "另一单位")
    try:
        impostor.start(trust=reference_agency.process.trust)
        wrong_key = impostor.public_key
    finally:
        impostor.stop()
    real = reference_agency.agency
    pushes.register_agency(real.code, real.name, real.kind, real.url, wrong_key, actor=CLI)
    listing = make_listing()
    [push] = pushes.enqueue(listing, Agency.LIST)
    progress = delivery.deliver_pushes()
    assert progress.refused_acks == 1 and progress.acked == 0
    push.refresh_from_db()
    assert push.status == Push.PENDING and push.attempts == 1 and push.ack_id == ""
    assert "签名" in push.last_error
    entry = AuditEntry.objects.get(action="credit.push_refuse_ack")
    assert entry.detail["key"] == push.key and entry.detail["agency"] == "CREDIT-HE"
    # With the agency's real key recorded the same message is acknowledged; the agency applied it once.
    reference_agency.reregister()
    Push.objects.filter(pk=push.pk).update(next_at=push.created_at)
    assert delivery.deliver_pushes().acked == 1
    push.refresh_from_db()
    assert push.status == Push.ACKED and push.ack_id
    state = reference_agency.process.state()
    assert state["applied"] == 1 and state["duplicates"] == 1
    assert state["records"][pushes.record_id(listing)]["applied_count"] == 1


def test_a_refused_message_fails_at_once(reference_agency, make_listing):
    [push] = pushes.enqueue(make_listing(), Agency.LIST)
    Push.objects.filter(pk=push.pk).update(payload={**push.payload, "record": "not an object"})
    progress = delivery.deliver_pushes()
    push.refresh_from_db()
    assert progress.failed == 1 and push.status == Push.FAILED and "400" in push.last_error
    assert AuditEntry.objects.filter(action="credit.push_fail", detail__key=push.key).exists()


def test_an_agency_that_stays_down_fails_the_push_after_the_retry_limit(fast_retry, make_listing, clock):
    agency("DOWN")  # nothing listens on port 9
    listing = make_listing()
    [push] = pushes.enqueue(listing, Agency.REMOVE, due_on=clock.today)
    for attempt in range(1, 6):
        Push.objects.filter(pk=push.pk).update(next_at=push.created_at)
        delivery.deliver_pushes()
        push.refresh_from_db()
        assert push.attempts == attempt
    assert push.status == Push.FAILED and push.last_error and push.due_on == clock.today
    assert delivery.outstanding() == 0
    clock.move_to(clock.today + dt.timedelta(days=1))
    assert list(delivery.overdue(clock.today)) == [push]  # in the command centre's sight
    assert delivery.requeue(push, actor=CLI)
    push.refresh_from_db()
    assert push.status == Push.PENDING and push.attempts == 0


def test_no_audit_detail_holds_a_full_identity_code(reference_agency, make_listing):
    listing = make_listing()
    pushes.enqueue(listing, Agency.LIST)
    delivery.drive(timeout=20, pause=0.05)
    assert Push.objects.get().status == Push.ACKED
    for entry in AuditEntry.objects.filter(action__startswith="credit."):
        assert DEBTOR_UNIT_ID not in json.dumps(entry.detail, ensure_ascii=False)
    assert DEBTOR_UNIT_ID not in json.dumps(Push.objects.get().payload, ensure_ascii=False)


def export_to(tmp_path, fmt: str, *args: str) -> tuple[int, str]:
    """`zhixing credit export … --format fmt --out FILE`: (records, the file's text)."""
    out = tmp_path / f"records.{fmt}"
    stdout = io.StringIO()
    call_command("credit", "export", *args, "--format", fmt, "--out", str(out), stdout=stdout)
    return int(stdout.getvalue().split()[1]), out.read_bytes().decode("utf-8")


def test_the_file_export_in_csv_and_json_lines(make_listing, tmp_path, clock):
    a, b = agency("A"), agency("B", subscribes=[Agency.REMOVE])
    kept = make_listing(name='=HYPERLINK("http://x")')
    gone = make_listing()
    pushes.enqueue(kept, Agency.LIST)
    pushes.enqueue(gone, Agency.LIST)
    Listing.objects.filter(pk=gone.pk).update(status=Listing.REMOVED, removed_on=clock.today)
    pushes.enqueue(gone, Agency.REMOVE, due_on=clock.today)

    count, text = export_to(tmp_path, "csv")
    assert count == 2 and text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0][:4] == ["记录编号", "状态", "变更日期", "被执行人姓名/名称"] and len(rows[0]) == 19
    assert rows[1][0] == pushes.record_id(kept) and rows[1][1] == "在列"
    assert rows[1][3] == '\'=HYPERLINK("http://x")'  # text, not a formula
    assert rows[1][5] == kept.record["id_code_masked"] and "*" in rows[1][5]
    assert rows[2][1] == "已删除" and set(rows[2][3:]) == {""}  # a removed record's fields are gone
    assert DEBTOR_UNIT_ID not in text

    count, text = export_to(tmp_path, "jsonl", "--agency", "B")
    lines = [json.loads(line) for line in text.splitlines()]
    assert count == 1 and lines[0]["record_id"] == pushes.record_id(gone) and lines[0]["status"] == "removed"
    assert list(lines[0]) == export.COLUMNS
    count, text = export_to(
        tmp_path, "jsonl", "--agency", a.code, "--since", (clock.today + dt.timedelta(days=1)).isoformat()
    )
    assert count == 0 and text == ""
    assert AuditEntry.objects.filter(action="credit.export").count() == 3
    assert b.code == "B"
