"""Fault injection over HTTP: an institution killed in the middle of a batch and restarted, a worker
that dies holding its claims, and institutions answering 503 (half of them after storing the request).
Every instruction is applied exactly once at the institution (its /state proves it), none is lost,
and the register still equals the holdings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhixing.core.actors import CLI
from zhixing.core.models import RuleSetting
from zhixing.inquiry import actions
from zhixing.inquiry.actions import delivery
from zhixing.inquiry.models import Asset, InquiryBatch, InquiryRequest, Institution

from .conftest import debtors_of, drive

pytestmark = pytest.mark.django_db


def _exactly_once(process, institution):
    state = process.state()
    keys = set(InquiryRequest.objects.filter(institution=institution).values_list("key", flat=True))
    assert set(state["applied"]) == keys
    assert set(state["applied"].values()) == {1}
    return state


def test_institution_killed_mid_batch_and_worker_died(network, many_debtors, courts, cast):
    RuleSetting.objects.create(key="inquiry.chunk_size", effective_from=dt.date(2000, 1, 2), value=10)
    cases = many_debtors(6, 10)
    batch = actions.start_batch(courts.xiongan, InquiryBatch.OPEN, actor=cast.command)
    assert batch.requests == 7 * 6
    icbc = Institution.objects.get(code="ICBC")
    bank = network.process["ICBC"]

    # Some of the bank's requests go out, then it dies.
    while not InquiryRequest.objects.filter(institution=icbc, status="sent").exists():
        delivery.deliver(limit=5)
    bank.kill()
    for _ in range(5):
        delivery.deliver()
    waiting = InquiryRequest.objects.filter(institution=icbc).exclude(status="answered")
    assert waiting.exists()
    assert waiting.filter(attempts__gt=0).exists() or waiting.filter(status="sent").exists()

    # A worker claims rows and dies before sending them: nobody else touches them until the lease ends.
    now = timezone.now()
    due = list(InquiryRequest.objects.filter(status="pending").order_by("id")[:3])
    claimed = [r for r in due if delivery._claim(r, now)]
    delivery.deliver()
    assert all(InquiryRequest.objects.get(pk=r.pk).status == "pending" for r in claimed)

    # The bank comes back on the same data (a new port: re-registered, as `zhixing simulators` does).
    bank.restart()
    actions.register_institution(
        "ICBC", icbc.name, icbc.kind, bank.url, bank.public_key, actor=CLI, supports={"deduct": True}
    )
    delivery.deliver(now=now + delivery.LEASE + dt.timedelta(seconds=1))  # the dead worker's lease ended
    drive(batch)
    batch.refresh_from_db()
    assert batch.status == InquiryBatch.DONE

    for code, process in network.process.items():
        _exactly_once(process, Institution.objects.get(code=code))
    debtors = debtors_of(cases)
    holdings = bank.holdings([d.id_number for d in debtors])
    for d in debtors:
        mine = set(Asset.objects.filter(party=d, institution=icbc).values_list("asset_id", flat=True))
        assert mine == {a["asset_id"] for a in holdings[d.id_number]}


def test_flaky_institutions_apply_each_request_once(network, many_debtors, courts, cast):
    RuleSetting.objects.create(key="inquiry.chunk_size", effective_from=dt.date(2000, 1, 2), value=5)
    many_debtors(4, 5)
    for process in network.process.values():
        process.set_faults(fail_rate=0.4)
    batch = actions.start_batch(courts.xiongan, InquiryBatch.OPEN, actor=cast.command)
    drive(batch)
    retried = 0
    for code, process in network.process.items():
        state = _exactly_once(process, Institution.objects.get(code=code))
        retried += sum(n > 1 for n in state["received"].values())
    assert retried > 0  # the faults happened, and still nothing was applied twice
    assert InquiryBatch.objects.get(pk=batch.pk).status == InquiryBatch.DONE
