"""A stored request body holds the debtors' names and ID numbers only while it may still be sent
(rules §6.6: the data serve the inquiry): once answered, or failed for good, the identities are cleared
and the refs and counts stay."""

from __future__ import annotations

import json

import pytest

from zhixing.cases.models import Party
from zhixing.core import rulesettings
from zhixing.core.models import RuleSetting
from zhixing.inquiry import actions, settings_keys
from zhixing.inquiry.actions import delivery
from zhixing.inquiry.actions.privacy import clear_identities
from zhixing.inquiry.models import InquiryRequest

from .conftest import debtors_of, drive

pytestmark = pytest.mark.django_db


def _identities(cases) -> list[str]:
    return [v for p in debtors_of(cases) for v in (p.name, p.id_number)]


def _text(row: InquiryRequest) -> str:
    return json.dumps(row.body, ensure_ascii=False)


def test_answered_requests_keep_refs_and_counts_but_no_identities(network, many_debtors, cast):
    cases = many_debtors(2, 5)
    batch = actions.start_case_inquiry(cases[0], actor=cast.officer)
    pending = InquiryRequest.objects.filter(batch=batch).first()
    assert all(i["name"] and i["id_code"] for i in pending.body["items"])  # needed until it is sent
    drive(batch)
    rows = list(InquiryRequest.objects.filter(batch=batch))
    assert rows and all(r.status == InquiryRequest.ANSWERED for r in rows)
    refs = {f"P{p.pk}" for p in Party.objects.filter(case=cases[0], role=Party.DEBTOR)}
    for row in rows:
        assert {i["ref"] for i in row.body["items"]} == refs and row.items == len(refs)
        assert all(set(i) == {"ref"} for i in row.body["items"])
        assert not any(v in _text(row) for v in _identities(cases[:1]))
        assert row.body["officer"]["name"] == "张执行"  # the instruction's own fields stay
    # The other case's debtors were never sent: nothing of theirs is stored anywhere.
    assert not any(v in _text(r) for r in InquiryRequest.objects.all() for v in _identities(cases[1:]))


def test_a_request_failed_for_good_is_cleared_too(network, many_debtors, cast):
    RuleSetting.objects.filter(key=settings_keys.RETRY).update(
        value={"base_seconds": 0.05, "cap_seconds": 0.1, "max_attempts": 2, "poll_seconds": 0.05}
    )
    rulesettings.clear_cache()
    (case,) = many_debtors(1, 3)
    network.process["ICBC"].stop()
    batch = actions.start_case_inquiry(case, actor=cast.officer)
    progress = delivery.drive(batch, timeout=30, pause=0.02)
    assert progress.failed == 1 and delivery.outstanding(batch) == 0
    failed = InquiryRequest.objects.get(batch=batch, institution__code="ICBC")
    assert failed.status == InquiryRequest.FAILED
    assert [set(i) for i in failed.body["items"]] == [{"ref"}] * 3 and failed.items == 3
    assert not any(v in _text(failed) for v in _identities([case]))


def test_clearing_is_once_and_leaves_measure_instructions_alone(network, many_debtors, cast):
    (case,) = many_debtors(1, 2)
    drive(actions.start_case_inquiry(case, actor=cast.officer))
    row = InquiryRequest.objects.filter(action=InquiryRequest.QUERY).first()
    assert clear_identities(row) is False  # already cleared when it was answered
    freeze = InquiryRequest(body={"items": [{"ref": "M1", "asset_id": "A1", "days": 30}]})
    assert clear_identities(freeze) is False
