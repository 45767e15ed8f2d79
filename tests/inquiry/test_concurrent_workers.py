"""Two workers delivering the same outbox at once (PostgreSQL, real concurrency): each request is sent
once and polled by one of them at a time, because a row is claimed with a conditional UPDATE — the
institutions received every request exactly once (no faults injected, so any second receipt would be
a double send)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from zhixing.core.models import RuleSetting
from zhixing.inquiry import actions
from zhixing.inquiry.actions import delivery
from zhixing.inquiry.models import InquiryBatch, InquiryRequest

# serialized_rollback: the seeded rule settings, node kinds and holidays come back after the flush
# that a transaction test ends with, as in tests/postgres/ (without it, the tests after it in the same
# worker found the seeds gone).
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_workers_never_send_the_same_request(network, many_debtors, courts, cast):
    RuleSetting.objects.create(key="inquiry.chunk_size", effective_from=dt.date(2000, 1, 2), value=4)
    many_debtors(4, 6)
    batch = actions.start_batch(courts.xiongan, InquiryBatch.OPEN, actor=cast.command)
    assert batch.requests == 7 * 6
    errors: list[BaseException] = []

    def worker():
        try:
            delivery.drive(batch, timeout=60, pause=0.01)
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
    assert set(InquiryRequest.objects.filter(batch=batch).values_list("status", flat=True)) == {"answered"}
    for process in network.process.values():
        state = process.state()
        assert set(state["received"].values()) == {1}
        assert set(state["applied"].values()) == {1}
    batch.refresh_from_db()
    assert batch.status == InquiryBatch.DONE
