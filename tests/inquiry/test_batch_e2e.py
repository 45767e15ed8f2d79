"""Over HTTP with the reference institutions (each its own process): a batch for 200 debtors across
the five kinds of institution completes, each debtor's asset register equals what the institutions
hold (GET /v1/holdings), nothing is stored for an empty answer but the per-institution counts, and
sending the case's first inquiry completes its first-network-inquiry node."""

from __future__ import annotations

import pytest

from zhixing.cases.models import Node
from zhixing.core.actors import CLI
from zhixing.inquiry import actions, queries, rules
from zhixing.inquiry.models import Asset, BatchInstitutionSummary, InquiryBatch, InquiryRequest

from .conftest import debtors_of, drive

pytestmark = pytest.mark.django_db


def test_batch_of_200_debtors_matches_the_holdings(network, many_debtors, courts, cast):
    cases = many_debtors(20, 10)
    debtors = debtors_of(cases)
    assert len(debtors) == 200
    batch = actions.start_batch(courts.xiongan, InquiryBatch.OPEN, actor=cast.command)
    assert (batch.cases, batch.debtors, batch.requests) == (20, 200, 7)
    assert {i.kind for i in network.institutions} == {k for k, _ in rules.INSTITUTION_KINDS}

    drive(batch)
    batch.refresh_from_db()
    assert batch.status == InquiryBatch.DONE
    assert set(InquiryRequest.objects.filter(batch=batch).values_list("status", flat=True)) == {"answered"}

    register: dict[tuple[int, int], dict[str, Asset]] = {}
    for a in Asset.objects.all():
        register.setdefault((a.party_id, a.institution_id), {})[a.asset_id] = a
    held_total = 0
    for institution in network.institutions:
        holdings = network.process[institution.code].holdings([d.id_number for d in debtors])
        for d in debtors:
            held = {a["asset_id"]: a for a in holdings[d.id_number]}
            mine = register.get((d.pk, institution.pk), {})
            assert set(mine) == set(held), (institution.code, d.name)
            assert all(a.type == held[i]["type"] and a.case_id == d.case_id for i, a in mine.items())
            held_total += len(held)
        summary = BatchInstitutionSummary.objects.get(batch=batch, institution=institution)
        hits = sum(1 for d in debtors if holdings[d.id_number])
        assert (summary.debtors, summary.queried, summary.hits) == (200, 200, hits)
        assert summary.assets == sum(len(v) for v in holdings.values())
    # Only what was found is stored: one row per asset, none per empty debtor × institution.
    assert Asset.objects.count() == held_total > 0

    progress = {row.code: row for row in queries.batch_progress(batch)}
    assert all(r.answered == r.requests == 1 and r.outstanding == 0 for r in progress.values())

    # The first inquiry completed every case's first-network-inquiry node, through the cases action.
    nodes = Node.objects.filter(case__in=cases, kind__code="first_network_inquiry")
    assert nodes.count() == 20 and not nodes.filter(done_on__isnull=True).exists()

    # A second batch finds the same assets: upserted, not doubled.
    again = actions.start_batch(courts.xiongan, InquiryBatch.OPEN, actor=CLI)
    drive(again)
    assert Asset.objects.count() == held_total


def test_requests_hold_at_most_1000_debtors(network, many_debtors, courts, cast):
    import datetime as dt

    from zhixing.core.models import RuleSetting

    RuleSetting.objects.create(key="inquiry.chunk_size", effective_from=dt.date(2000, 1, 2), value=7)
    many_debtors(3, 5)
    batch = actions.start_batch(courts.xiongan, InquiryBatch.OPEN, actor=cast.command)
    sizes = sorted(
        InquiryRequest.objects.filter(batch=batch, institution__code="ICBC").values_list("items", flat=True)
    )
    assert sizes == [1, 7, 7]
    drive(batch)
    summary = BatchInstitutionSummary.objects.get(batch=batch, institution__code="ICBC")
    assert (summary.requests, summary.answered, summary.queried) == (3, 3, 15)
