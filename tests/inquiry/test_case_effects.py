"""Case effects of an inquiry (issue 10 item 7): a finished batch leaves one outcome per case (never
per debtor × institution); after 终本 the applicant is told each re-inquiry's result and the empty
ones are counted (rules §2.3, §7.1.10 (4)); a case that closes has its active measures released with
reason "closed" by a named system actor, unless it closed by 终本."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.simulators.institution_fixture import InstitutionProcess, write_trust
from zhixing.cases import actions as case_actions
from zhixing.cases import catalogue
from zhixing.cases import events as case_events
from zhixing.cases.models import Case, CaseEvent, Node
from zhixing.core.actors import CLI
from zhixing.courts.models import Court
from zhixing.inquiry import actions, events, rules, signing
from zhixing.inquiry.actions.case_effects import CLOSING
from zhixing.inquiry.actors import REINQUIRY
from zhixing.inquiry.models import Asset, CaseInquiryOutcome, InquiryBatch, InquiryRequest, Measure
from zhixing.inquiry.reference import REFERENCE
from zhixing.inquiry.reinquiries import empty_reinquiries

from .conftest import drive

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty_network(courts, tmp_path, fast_retry):
    """Two institutions that hold nothing for anyone (hit rate 0)."""
    trust = write_trust(tmp_path / "trust.json", signing.trust_entries(Court.objects.all()))
    started = []
    try:
        for ref in REFERENCE[:2]:
            p = InstitutionProcess(ref.kind, ref.code, ref.name, delay_ms=10, hit_rate=0.0)
            started.append(p.start(trust=trust, data_dir=tmp_path / ref.code))
            actions.register_institution(ref.code, ref.name, ref.kind, p.url, p.public_key, actor=CLI)
        yield started
    finally:
        for p in started:
            p.stop()


def _terminate(case, clock, days_ago=200):
    """A 终本 case whose 6-monthly re-inquiry is due today (rows as the closing left them)."""
    Case.objects.filter(pk=case.pk).update(
        status=Case.CLOSED,
        closure_method="terminated_this_round",
        closed_on=clock.today - dt.timedelta(days=days_ago),
    )
    _reinquiry_due(case, clock, 1)
    case.refresh_from_db()


def _reinquiry_due(case, clock, sequence):
    Node.objects.create(case=case, kind=catalogue.kind("reinquiry"), sequence=sequence, due_on=clock.today)


def _reinquire(court, clock):
    batch = actions.start_batch(court, InquiryBatch.TERMINATED_DUE, actor=REINQUIRY, on=clock.today)
    drive(batch)
    batch.refresh_from_db()
    return batch


def test_a_finished_batch_leaves_one_outcome_per_case(network, many_debtors, courts):
    cases = many_debtors(4, 3)
    batch = actions.start_batch(courts.xiongan, InquiryBatch.OPEN, actor=REINQUIRY)
    drive(batch)
    batch.refresh_from_db()
    assert batch.status == InquiryBatch.DONE
    outcomes = {o.case_id: o for o in CaseInquiryOutcome.objects.filter(batch=batch)}
    assert set(outcomes) == {c.pk for c in cases}  # 4 rows for 12 debtors × 7 institutions
    for case in cases:
        held = Asset.objects.filter(case=case).count()
        o = outcomes[case.pk]
        assert (o.found, o.assets, o.complete, o.after_termination) == (held > 0, held, True, False)
    # An open case's applicant is not told anything (that is for 终本 cases).
    assert not CaseEvent.objects.filter(kind=events.REINQUIRY_TOLD).exists()


def test_after_termination_the_applicant_is_told_and_empty_reinquiries_count(
    empty_network, many_debtors, courts, clock
):
    (case,) = many_debtors(1, 2)
    _terminate(case, clock)
    assert empty_reinquiries(case) == 0

    first = _reinquire(courts.xiongan, clock)
    outcome = CaseInquiryOutcome.objects.get(batch=first, case=case)
    assert (outcome.found, outcome.assets, outcome.after_termination) == (False, 0, True)
    told = CaseEvent.objects.get(case=case, kind=events.REINQUIRY_TOLD)
    assert told.data == {"applicants": "王申请", "result": "未查询到财产", "assets": 0, "batch": first.pk}
    assert told.system_actor == "系统·终本定期查询"
    assert empty_reinquiries(case) == 1

    _reinquiry_due(case, clock, 2)  # six months on
    second = _reinquire(courts.xiongan, clock)
    assert second.pk != first.pk
    assert empty_reinquiries(case) == 2  # rules §7.1.10 (4): two empty ones
    assert CaseEvent.objects.filter(case=case, kind=events.REINQUIRY_TOLD).count() == 2

    # A partial batch that found nothing proves nothing; one that found something ends the run.
    def later(found, complete, minutes):
        b = InquiryBatch.objects.create(
            court=courts.xiongan, scope=InquiryBatch.TERMINATED_DUE, created_at=timezone.now()
        )
        CaseInquiryOutcome.objects.create(
            batch=b,
            case=case,
            found=found,
            assets=int(found),
            complete=complete,
            after_termination=True,
            finished_at=timezone.now() + dt.timedelta(minutes=minutes),
        )

    later(found=False, complete=False, minutes=1)
    assert empty_reinquiries(case) == 2
    later(found=True, complete=True, minutes=2)
    assert empty_reinquiries(case) == 0


def test_a_case_not_terminated_has_no_empty_reinquiries(empty_network, many_debtors, courts):
    (case,) = many_debtors(1, 1)
    drive(actions.start_case_inquiry(case, actor=case.handler))
    assert CaseInquiryOutcome.objects.get(case=case).found is False
    assert empty_reinquiries(case) == 0  # an open case's empty inquiry is no re-inquiry


def _frozen(network, many_debtors, cast):
    (case,) = many_debtors(1, 10)
    drive(actions.start_case_inquiry(case, actor=cast.officer))
    asset = (
        Asset.objects.filter(case=case, type=rules.DEPOSIT, value__gt=Decimal("100")).order_by("id").first()
    )
    assert asset is not None
    measure = actions.freeze(asset, actor=cast.officer, amount=Decimal("50.00"))
    drive()
    measure.refresh_from_db()
    assert measure.status == Measure.ACTIVE
    return case, measure


def _close(case, method, cast, clock):
    shortfall = "waiver" if method == "completed" else ""
    case_actions.request_closure(case, method, clock.today, shortfall=shortfall, actor=cast.officer)
    case_actions.approve_closure(case, actor=cast.judge)


def test_closing_a_case_releases_its_measures(
    network, many_debtors, cast, clock, django_capture_on_commit_callbacks
):
    case, measure = _frozen(network, many_debtors, cast)
    with django_capture_on_commit_callbacks(execute=True):
        _close(case, "completed", cast, clock)
    measure.refresh_from_db()
    assert (measure.pending, measure.release_reason) == (InquiryRequest.RELEASE, rules.CLOSED)
    release = InquiryRequest.objects.get(measure=measure, action=InquiryRequest.RELEASE)
    assert release.body["officer"]["name"] == str(CLOSING) == "系统·结案解除查控"
    drive()
    measure.refresh_from_db()
    assert measure.status == Measure.RELEASED
    held = network.process[measure.asset.institution.code].state()["measures"]
    assert any(m.get("measure_id") == measure.measure_id and m.get("released_on") for m in held)


def test_termination_keeps_the_measures(
    network, many_debtors, cast, clock, django_capture_on_commit_callbacks
):
    case, measure = _frozen(network, many_debtors, cast)
    # 终本 has five conditions of its own (rules §2.3): the closing is written as it leaves the case.
    Case.objects.filter(pk=case.pk).update(
        status=Case.CLOSED, closure_method="terminated_this_round", closed_on=clock.today
    )
    with django_capture_on_commit_callbacks(execute=True):
        case_events.emit(
            case,
            case_events.CLOSED,
            cast.judge,
            method="terminated_this_round",
            closed_on=clock.today.isoformat(),
        )
    measure.refresh_from_db()
    assert (measure.status, measure.pending) == (Measure.ACTIVE, "")
    assert actions.scan_measures() == (0, 0)  # nor does the scan release it
    measure.refresh_from_db()
    assert measure.pending == ""


def test_a_measure_taking_effect_after_the_closing_is_released_by_the_scan(
    network, many_debtors, cast, clock, django_capture_on_commit_callbacks
):
    (case,) = many_debtors(1, 10)
    drive(actions.start_case_inquiry(case, actor=cast.officer))
    asset = Asset.objects.filter(case=case, type=rules.DEPOSIT).order_by("id").first()
    measure = actions.freeze(asset, actor=cast.officer, amount=Decimal("50.00"))
    with django_capture_on_commit_callbacks(execute=True):
        _close(case, "completed", cast, clock)  # the freeze is still on its way
    drive()
    measure.refresh_from_db()
    assert (measure.status, measure.pending) == (Measure.ACTIVE, "")
    actions.scan_measures()
    measure.refresh_from_db()
    assert (measure.pending, measure.release_reason) == (InquiryRequest.RELEASE, rules.CLOSED)
