"""Starting a disposal from a seizure (rules §3.2, §8 "Reference price": the procedure starts within 30
days of the seizure, a node of the case with that deadline, overdue when missed) and suspending and
resuming its auction (rules §8.15)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from zhixing.cases.actions.common import ActionError
from zhixing.cases.actions.nodes import scan_overdue
from zhixing.cases.models import CaseEvent, Node
from zhixing.core.models import AuditEntry
from zhixing.disposal import actions, events, rules
from zhixing.disposal.models import Auction, Disposal
from zhixing.inquiry import rules as inquiry_rules
from zhixing.inquiry.models import Asset, Measure

pytestmark = pytest.mark.django_db


def _node(case):
    return Node.objects.get(case=case, kind__code="disposal_reference_price")


def test_start_opens_the_30_day_node(seal, cast, clock):
    disposal = actions.start_disposal(seal, actor=cast.officer)
    assert disposal.status == Disposal.PRICING and disposal.kind == rules.REAL_ESTATE
    assert disposal.seized_on == clock.today == seal.start
    due = rules.reference_due(clock.today)
    assert disposal.reference_due_on == due.on == clock.today + dt.timedelta(days=30) or due.provisional
    node = _node(disposal.case)
    assert node.due_on == due.on and node.done_on is None
    event = CaseEvent.objects.get(case=disposal.case, kind=events.DISPOSAL_STARTED)
    assert event.data == {"asset": disposal.description, "reference_due_on": due.on.isoformat()}
    assert AuditEntry.objects.filter(action="disposal.start", object_id=str(disposal.pk)).exists()


def test_missed_start_is_overdue_then_recorded(seal, cast, clock):
    disposal = actions.start_disposal(seal, actor=cast.officer)
    clock.move_to(disposal.reference_due_on)
    scan_overdue()
    assert _node(disposal.case).overdue_since is None
    clock.move_to(disposal.reference_due_on + dt.timedelta(days=1))
    scan_overdue()
    node = _node(disposal.case)
    assert node.overdue_since == clock.today
    actions.start_price(disposal, rules.AGREEMENT, actor=cast.officer)
    node.refresh_from_db()
    assert node.done_on == clock.today  # late, and the timeline shows it was


def test_one_open_disposal_per_measure(seal, cast):
    actions.start_disposal(seal, actor=cast.officer)
    with pytest.raises(ActionError):
        actions.start_disposal(seal, actor=cast.officer)


def test_refusals(seal, flat, cast, clock):
    with pytest.raises(PermissionDenied):
        actions.start_disposal(seal, actor=cast.outsider)
    with pytest.raises(PermissionDenied):
        actions.start_disposal(seal, actor=cast.clerk)
    Measure.objects.filter(pk=seal.pk).update(status=Measure.RELEASED)
    with pytest.raises(ActionError):
        actions.start_disposal(seal, actor=cast.officer)
    Asset.objects.filter(pk=flat.pk).update(type=inquiry_rules.DEPOSIT)  # money is deducted, not sold
    Measure.objects.filter(pk=seal.pk).update(status=Measure.ACTIVE)
    with pytest.raises(ActionError):
        actions.start_disposal(seal, actor=cast.officer)
    assert not Disposal.objects.exists()


def test_a_judge_may_start_it(seal, cast):
    assert actions.start_disposal(seal, actor=cast.judge).officer == cast.judge


def test_suspend_and_resume(seal, cast, clock, platforms):
    disposal = actions.start_disposal(seal, actor=cast.officer)
    with pytest.raises(ActionError):  # nothing to suspend while the price is being set
        actions.suspend_auction(disposal, "案外人异议", actor=cast.officer)
    procedure = actions.start_price(disposal, rules.AGREEMENT, actor=cast.officer)
    actions.record_agreement(procedure, Decimal("1000000"), actor=cast.officer)
    # A decided round (not listed: no platform call) is held as it stands.
    Auction.objects.create(
        disposal=disposal,
        round_no=1,
        platform=platforms[0],
        reference_price=Decimal("1000000.00"),
        start_price=Decimal("700000.00"),
        increment=Decimal("5000.00"),
        deposit=Decimal("70000.00"),
        notice_on=clock.today,
        bidding_starts_at=dt.datetime(2027, 1, 5, 10, tzinfo=dt.UTC),
        bidding_ends_at=dt.datetime(2027, 1, 6, 10, tzinfo=dt.UTC),
        status=Auction.DECIDED,
        proposed_by=cast.officer,
        proposed_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
    )
    with pytest.raises(ActionError):
        actions.suspend_auction(disposal, "  ", actor=cast.officer)
    disposal = actions.suspend_auction(disposal, "案外人提出异议", actor=cast.officer)
    assert disposal.suspended_since == clock.today and disposal.suspension_reason == "案外人提出异议"
    with pytest.raises(ActionError):
        actions.suspend_auction(disposal, "再次", actor=cast.officer)
    clock.move_to(clock.today + dt.timedelta(days=10))
    with pytest.raises(ActionError):  # the cause cannot end before the suspension
        actions.resume_auction(disposal, actor=cast.officer, cause_ended_on=dt.date(2026, 11, 1))
    disposal = actions.resume_auction(
        disposal, actor=cast.officer, cause_ended_on=clock.today - dt.timedelta(days=2)
    )
    assert disposal.suspended_since is None
    kinds = list(CaseEvent.objects.filter(case=disposal.case).values_list("kind", flat=True))
    assert events.AUCTION_SUSPENDED in kinds and events.AUCTION_RESUMED in kinds
    with pytest.raises(ActionError):
        actions.resume_auction(disposal, actor=cast.officer)


def test_register_platform_creates_then_updates(courts, cast):
    from zhixing.core.actors import CLI
    from zhixing.disposal.models import Platform

    with pytest.raises(PermissionDenied):
        actions.register_platform("JD", "京东拍卖", "http://127.0.0.1:9", "A" * 43 + "=", actor=cast.officer)
    with pytest.raises(ActionError):
        actions.register_platform("JD", "京东拍卖", "", "A" * 43 + "=", actor=cast.admin)
    first = actions.register_platform(
        "JD", "京东拍卖", "http://127.0.0.1:9/", "A" * 43 + "=", actor=cast.admin
    )
    again = actions.register_platform("JD", "京东拍卖", "http://127.0.0.1:10", "B" * 43 + "=", actor=CLI)
    assert first.pk == again.pk and Platform.objects.count() == 1
    assert (again.url, again.public_key, again.active) == ("http://127.0.0.1:10", "B" * 43 + "=", True)
    assert first.url == "http://127.0.0.1:9"  # stored without the trailing slash
    assert AuditEntry.objects.filter(action="disposal.register_platform").count() == 2


def test_a_sold_flat_is_not_disposed_of_again(seal, cast):
    """Once sold (or taken in payment) the flat is no longer the debtor's: no second disposal of it."""
    disposal = actions.start_disposal(seal, actor=cast.officer)
    Disposal.objects.filter(pk=disposal.pk).update(status=Disposal.SOLD)
    with pytest.raises(ActionError, match="已成交或以物抵债"):
        actions.start_disposal(seal, actor=cast.officer)
