"""Measures over HTTP with the reference institutions (rules §6.8): a freeze raises its renewal
reminder 30 days before expiry, a renewal extends it, a release lifts it, an unrenewed one lapses and
shows as lapsed; a deduction books its money into the case account once, however often its answer is
fetched."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import CaseEvent
from zhixing.core import checks
from zhixing.documents.models import Document
from zhixing.funds import actions as funds_actions
from zhixing.funds.models import Receipt
from zhixing.inquiry import actions, queries, rules
from zhixing.inquiry.actions import delivery
from zhixing.inquiry.models import Asset, InquiryRequest, Measure

from .conftest import drive

pytestmark = pytest.mark.django_db
POOLED = "11050162540000000088"


@pytest.fixture
def found(network, many_debtors, cast):
    """One case with ten debtors, queried at every institution."""
    (case,) = many_debtors(1, 10)
    batch = actions.start_case_inquiry(case, actor=cast.officer)
    drive(batch)
    return case


def _asset(case, type_code, money=False) -> Asset:
    rows = Asset.objects.filter(case=case, type=type_code).order_by("id")
    if money:
        rows = rows.filter(value__gt=Decimal("100.00"))
    asset = rows.first()
    assert asset is not None, f"no {type_code} found"
    return asset


def _move(clock, network, day):
    clock.move_to(day)
    for process in network.process.values():
        process.sync_clock()


def test_freeze_reminder_renew_release(found, network, cast, courts, clock):
    asset = _asset(found, rules.DEPOSIT, money=True)
    with pytest.raises(ActionError):
        actions.freeze(asset, actor=cast.officer, days=366)  # rules §6.8: a deposit ≤ 1 year
    with pytest.raises(PermissionDenied):
        actions.freeze(asset, actor=cast.outsider)
    measure = actions.freeze(asset, actor=cast.officer, amount=Decimal("50.00"))
    assert measure.kind == rules.FREEZE and measure.document_number.endswith("-执裁")
    # The instruction executes a ruling issued as a PDF of the case (rules §6.5) and carries its
    # number and fingerprint.
    ruling = Document.objects.get(case=measure.case, number=measure.document_number)
    assert ruling.kind == "control_ruling" and ruling.sha256 == measure.document_sha256
    assert hashlib.sha256(ruling.pdf.read()).hexdigest() == ruling.sha256
    sent = measure.instructions.get()
    assert sent.body["document"]["sha256"] == ruling.sha256
    drive()
    measure.refresh_from_db()
    assert measure.status == Measure.ACTIVE and measure.measure_id
    assert (measure.start, measure.expiry) == (clock.today, clock.today + dt.timedelta(days=364))
    assert measure.amount == Decimal("50.00") and measure.position >= 1
    held = network.process[asset.institution.code].state()["measures"]
    assert measure.measure_id in str(held)

    # 31 days before expiry: nothing; 30 days before: the renewal reminder, once.
    _move(clock, network, measure.expiry - dt.timedelta(days=31))
    assert actions.scan_measures() == (0, 0)
    _move(clock, network, measure.expiry - dt.timedelta(days=30))
    assert actions.scan_measures() == (0, 1)
    assert actions.scan_measures() == (0, 0)
    assert [m.pk for m in queries.renewals_due(courts.xiongan)] == [measure.pk]
    assert CaseEvent.objects.filter(case=found, kind="measure_renewal_due").count() == 1

    old = measure.expiry
    actions.renew(measure, actor=cast.officer, days=365)
    with pytest.raises(ActionError):
        actions.renew(measure, actor=cast.officer)  # one instruction at a time
    drive()
    measure.refresh_from_db()
    assert measure.expiry == old + dt.timedelta(days=365)
    assert measure.renewal_due_since is None and measure.pending == ""
    assert [(r.old_expiry, r.new_expiry) for r in measure.renewals.all()] == [(old, measure.expiry)]
    assert queries.renewals_due(courts.xiongan) == []

    actions.release(measure, rules.PAID, actor=cast.officer)
    drive()
    measure.refresh_from_db()
    assert (measure.status, measure.release_reason) == (Measure.RELEASED, rules.PAID)
    holdings = network.process[asset.institution.code].holdings([asset.party.id_number])
    mine = [
        m
        for a in holdings[asset.party.id_number]
        for m in a.get("measures", [])
        if a["asset_id"] == asset.asset_id
    ]
    assert all(m.get("measure_id") != measure.measure_id for m in mine)


def test_unrenewed_measure_lapses(found, network, cast, courts, clock):
    asset = _asset(found, rules.REAL_ESTATE)
    measure = actions.freeze(asset, actor=cast.judge)
    assert (measure.kind, measure.days) == (rules.SEAL, 1095)  # 查封, 3 years (rules §6.8)
    drive()
    measure.refresh_from_db()
    assert measure.status == Measure.ACTIVE
    assert [m.pk for m in queries.expiry_calendar(courts.high, clock.today, measure.expiry)] == [measure.pk]

    _move(clock, network, measure.expiry)
    assert actions.scan_measures()[0] == 0  # still in force on its last day
    _move(clock, network, measure.expiry + dt.timedelta(days=1))
    assert actions.scan_measures()[0] == 1
    measure.refresh_from_db()
    assert measure.status == Measure.LAPSED and measure.lapsed_on == clock.today
    assert [m.pk for m in queries.lapsed_measures(courts.xiongan)] == [measure.pk]
    assert CaseEvent.objects.filter(case=found, kind="measure_lapsed").count() == 1
    with pytest.raises(ActionError):
        actions.renew(measure, actor=cast.officer)


def test_deduction_posts_once(found, network, cast, courts):
    funds_actions.open_pooled_account(
        courts.xiongan, POOLED, "执行款专户", "工行雄安分行", actor=cast.finance
    )
    asset = _asset(found, rules.DEPOSIT, money=True)
    measure = actions.freeze(asset, actor=cast.officer, amount=Decimal("80.00"))
    drive()
    measure.refresh_from_db()
    with pytest.raises(ActionError):
        actions.deduct(measure, Decimal("80.01"), actor=cast.officer)
    actions.deduct(measure, Decimal("60.00"), actor=cast.officer)
    drive()
    measure.refresh_from_db()
    assert measure.status == Measure.DEDUCTED and measure.transaction_id
    receipts = Receipt.objects.filter(transaction_id=measure.transaction_id)
    assert [(r.case_id, r.amount) for r in receipts] == [(found.pk, Decimal("60.00"))]

    # The answer fetched and applied again (a worker that died after fetching): still one receipt.
    request = InquiryRequest.objects.get(measure=measure, action="deduct")
    InquiryRequest.objects.filter(pk=request.pk).update(status="sent")
    assert delivery.store_answer(
        request, delivery.connector_for(request.institution).fetch(request.court, request.key)
    )
    from zhixing.inquiry.actions.results import apply_measure_results

    apply_measure_results(
        request, delivery.connector_for(request.institution).fetch(request.court, request.key)
    )
    assert Receipt.objects.filter(transaction_id=measure.transaction_id).count() == 1
    found.refresh_from_db()
    assert found.realized_amount == Decimal("60.00")
    assert len(network.process[asset.institution.code].state()["deductions"]) == 1
    for name in ("扣划款只入账一次", "查控措施均有到期日", "案款余额与分录一致"):
        assert list(checks.run(name)) == []
