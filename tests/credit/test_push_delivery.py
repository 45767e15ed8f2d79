"""Issue 11, "Must show": a push lost on the way (the reference agency down) is delivered exactly once
after it returns. The reference agency runs as a real process (simulators/agencies): killed, the push
stays pending with back-off; restarted on the same data dir (same key, new port, registered again as
`zhixing simulators` does), it is delivered; delivery run again sends nothing, and the agency's
/state shows each message applied once — the removal too, even when the agency had applied it but the
acknowledgement was lost. Two workers delivering at once never send the same push twice."""

from __future__ import annotations

import io
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.credit import push_fixtures as world
from zhixing.core.models import AuditEntry
from zhixing.core.periodic import registered
from zhixing.credit import connectors, reference, tasks
from zhixing.credit.actions import delivery, pushes
from zhixing.credit.models import Agency, Push

# The pushes' fixtures (tests/credit/push_fixtures.py), by name for pytest.
fast_retry = world.fast_retry
keys_folder = world.keys_folder
make_listing = world.make_listing
reference_agency = world.reference_agency
trust = world.trust


def wait_until_due(push: Push, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not delivery.due().filter(pk=push.pk).exists():
        time.sleep(0.02)


@pytest.mark.django_db
def test_a_push_lost_while_the_agency_is_down_is_delivered_exactly_once(
    reference_agency, make_listing, clock
):
    process = reference_agency.process
    listing = make_listing()
    rid = pushes.record_id(listing)
    [listed] = pushes.enqueue(listing, Agency.LIST)

    process.kill()  # the agency is down: the message is lost on the way
    progress = delivery.deliver_pushes()
    listed.refresh_from_db()
    assert progress.retried == 1 and progress.acked == 0
    assert listed.status == Push.PENDING and listed.attempts == 1 and listed.last_error
    assert listed.next_at > timezone.now() and listed.lease_until is None  # backed off, not held
    assert delivery.deliver_pushes().retried == 0  # not due again before its back-off ends

    process.restart()  # same data dir: same key and ledger, a new port
    key_before = reference_agency.agency.public_key
    assert reference_agency.reregister().public_key == key_before
    wait_until_due(listed)
    assert delivery.drive(timeout=20, pause=0.05).acked == 1
    listed.refresh_from_db()
    assert listed.status == Push.ACKED and listed.ack_id.startswith("CREDIT-HE-") and listed.acked_at
    assert listed.attempts == 2
    state = process.state()
    assert state["applied"] == 1 and state["received"] == 1
    assert state["records"][rid]["listed"] is True and state["records"][rid]["applied_count"] == 1

    # Delivery run again sends nothing: the acknowledged push is done.
    assert delivery.drive(timeout=5, pause=0.05).acked == 0
    assert process.state()["received"] == 1

    # The removal, within its 3 working days: the agency applies it but its answer is lost (the
    # message sent as the worker would, the row left pending); the next delivery sends the same message
    # again and gets the same acknowledgement; the agency applied it once.
    due = clock.today
    [removal] = pushes.enqueue(listing, Agency.REMOVE, due_on=due)
    court = listing.case.court
    lost = connectors.connector_for(reference_agency.agency).push(
        court, {**removal.payload, "sent_at": "2026-12-01T10:00:00+08:00"}
    )
    assert delivery.drive(timeout=20, pause=0.05).acked == 1
    removal.refresh_from_db()
    assert removal.status == Push.ACKED and removal.ack_id == lost.ack_id and removal.due_on == due
    state = process.state()
    assert state["applied"] == 2 and state["duplicates"] == 1
    record = state["records"][rid]
    assert (
        record["listed"] is False and record["actions"] == ["list", "remove"] and record["applied_count"] == 2
    )
    assert AuditEntry.objects.filter(action="credit.push_ack").count() == 2


@pytest.mark.django_db
def test_a_second_worker_running_mid_send_never_sends_the_same_push(
    reference_agency, make_listing, monkeypatch
):
    """The claim is a conditional UPDATE: a second worker that starts while the first is sending
    (here, inside its first send) skips the row the first holds, and the first skips the rows the
    second has sent."""
    for _ in range(3):
        pushes.enqueue(make_listing(), Agency.LIST)
    real = delivery.connector_for
    inner: list[delivery.Progress] = []
    started: list[str] = []

    class FirstWorker:
        def __init__(self, agency):
            self.connector = real(agency)

        def push(self, court, body):
            if not started:
                started.append(body["message_id"])
                monkeypatch.setattr(delivery, "connector_for", real)  # the second worker's own
                inner.append(delivery.deliver_pushes())  # the second worker, mid-send
            return self.connector.push(court, body)

    monkeypatch.setattr(delivery, "connector_for", FirstWorker)
    outer = delivery.deliver_pushes()
    assert inner[0].acked == 2 and outer.acked == 1
    assert set(Push.objects.values_list("status", flat=True)) == {Push.ACKED}
    assert Push.objects.get(key=started[0]).attempts == 1  # the held row: sent by the first only
    state = reference_agency.process.state()
    assert state["applied"] == 3 and state["received"] == 3 and state["duplicates"] == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_threads_delivering_at_once_never_double_send(reference_agency, make_listing):
    """Real concurrency (PostgreSQL): two workers drive the same outbox; the agency received every
    message once."""
    for _ in range(12):
        pushes.enqueue(make_listing(), Agency.LIST)
    errors: list[BaseException] = []

    def worker():
        try:
            delivery.drive(timeout=30, pause=0.01, limit=4)
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert set(Push.objects.values_list("status", flat=True)) == {Push.ACKED}
    state = reference_agency.process.state()
    assert state["applied"] == 12 and state["received"] == 12


@pytest.mark.django_db
def test_the_periodic_task_delivers(reference_agency, make_listing):
    assert registered()["deliver_pushes"][1] == 60
    pushes.enqueue(make_listing(), Agency.LIST)
    assert tasks.deliver_pushes.call() == 1
    assert tasks.deliver_pushes.call() == 0


@pytest.mark.django_db
def test_zhixing_simulators_starts_and_registers_the_reference_agencies(courts):
    out = io.StringIO()
    call_command("simulators", "--once", stdout=out)
    rows = {a.code: a for a in Agency.objects.all()}
    assert set(rows) == {r.code for r in reference.REFERENCE}
    assert {"credit_office", "credit_reporting", "airline", "rail"} <= {a.kind for a in rows.values()}
    for a in rows.values():
        assert a.url in out.getvalue() and len(a.public_key) == 44
        assert a.subscribes == [Agency.LIST, Agency.CHANGE, Agency.REMOVE] and a.active
