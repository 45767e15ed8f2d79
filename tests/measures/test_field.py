"""The field: check-ins and findings by members only, a seizure on the spot into inquiry's measures,
cash taken with two officers (rules §5.3) that finance takes over into the case account the same day,
or the next day with a reason, never later."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.measures.ops_world import plan, underway, vehicle_registry
from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import Node
from zhixing.core.models import AuditEntry
from zhixing.funds.models import Receipt
from zhixing.funds.queries import case_balance
from zhixing.inquiry.models import Measure
from zhixing.measures import actions, events, rules
from zhixing.measures.models import FieldCash, FieldRecord


def test_check_in_and_finding_by_members_of_an_operation_under_way(courts, cast, person_case, clock):
    op = plan(courts, cast, person_case, clock.today)
    with pytest.raises(ActionError, match="不在进行中"):
        actions.check_in(op, actor=cast.officer)
    actions.start_operation(op, actor=cast.officer)
    rec = actions.check_in(op, actor=cast.officer2, case=person_case)
    assert rec.kind == rules.CHECK_IN and rec.place == "雄县某小区3号楼" and rec.officer == cast.officer2
    actions.check_in(op, actor=cast.officer, place="集合点")
    with pytest.raises(ActionError, match="队员"):
        actions.check_in(op, actor=cast.judge)
    finding = actions.record_finding(op, person_case, "被执行人不在家，邻居称其外出打工", actor=cast.officer)
    assert finding.text.startswith("被执行人不在家")
    with pytest.raises(ActionError, match="现场情况"):
        actions.record_finding(op, person_case, "  ", actor=cast.officer)
    assert person_case.events.filter(kind=events.FIELD_RECORDED).count() == 2
    assert AuditEntry.objects.filter(action="measures.field_record").count() == 3


def test_record_refused_for_a_case_not_in_the_operation(courts, cast, person_case, unit_case, clock):
    op = underway(courts, cast, person_case, clock.today)
    with pytest.raises(ActionError, match="不在本次行动中"):
        actions.record_finding(op, unit_case, "x", actor=cast.officer)


def test_seizure_on_the_spot_goes_into_inquiry_measures(courts, cast, person_case, debtor, clock):
    vehicle_registry()
    op = underway(courts, cast, person_case, clock.today)
    rec = actions.seize_on_site(
        op,
        person_case,
        debtor,
        "vehicle",
        "白色轿车 冀X·12345",
        actor=cast.officer,
        value=Decimal("80000.00"),
    )
    measure = rec.control
    assert rec.kind == rules.SEIZURE and measure.case == person_case
    assert measure.kind == "seize" and measure.status == Measure.ACTIVE
    assert measure.start == clock.today and measure.expiry == clock.today + dt.timedelta(
        days=measure.days - 1
    )
    assert measure.document_number and len(measure.document_sha256) == 64
    assert measure.asset.party == debtor and measure.asset.value == Decimal("80000.00")
    assert not measure.instructions.exists()  # taken by the officers, not through an institution
    assert measure.document_number in rec.text
    with pytest.raises(ActionError, match="网络冻结"):
        actions.seize_on_site(op, person_case, debtor, "deposit", "存款", actor=cast.officer)


def test_seizure_needs_a_measure_handler_and_the_registry(courts, cast, person_case, debtor, clock):
    op = underway(courts, cast, person_case, clock.today)
    with pytest.raises(ActionError, match="车辆管理机构"):
        actions.seize_on_site(op, person_case, debtor, "vehicle", "轿车", actor=cast.officer)
    vehicle_registry()
    with pytest.raises(PermissionDenied):  # a team member who is not the case's handler
        actions.seize_on_site(op, person_case, debtor, "vehicle", "轿车", actor=cast.officer2)


def _take(op, case, cast, amount="5000.00", number="XJ-0001", officers=None):
    return actions.take_cash(
        op,
        case,
        Decimal(amount),
        number,
        "赵某某",
        officers if officers is not None else [cast.officer, cast.officer2],
        actor=cast.officer,
    )


def test_two_officer_cash_reaches_the_case_account_the_same_day(courts, cast, person_case, pooled, clock):
    op = underway(courts, cast, person_case, clock.today)
    cash = _take(op, person_case, cast)
    assert cash.handover_due_on == clock.today and cash.receipt is None
    assert set(cash.officers.all()) == {cast.officer, cast.officer2}
    assert FieldRecord.objects.get(kind=rules.CASH).text.count("5,000.00") == 1
    node = Node.objects.get(case=person_case, kind__code="cash_handover")
    assert node.due_on == clock.today and node.done_on is None
    with pytest.raises(PermissionDenied):
        actions.hand_over_cash(cash, actor=cast.officer)
    actions.hand_over_cash(cash, actor=cast.finance)
    cash.refresh_from_db()
    assert cash.received_by == cast.finance and cash.handed_over_at is not None
    receipt = cash.receipt
    assert receipt.case == person_case and receipt.channel == Receipt.CASH
    assert receipt.amount == Decimal("5000.00") and receipt.booked_on == clock.today
    assert case_balance(person_case)[0] == Decimal("5000.00")
    node.refresh_from_db()
    assert node.done_on == clock.today
    assert person_case.events.filter(kind=events.FIELD_CASH_HANDED).count() == 1
    with pytest.raises(ActionError, match="已移交"):
        actions.hand_over_cash(cash, actor=cast.finance)


def test_cash_needs_two_officers_of_the_team(courts, cast, person_case, pooled, clock):
    op = underway(courts, cast, person_case, clock.today)
    with pytest.raises(ActionError, match="两名以上"):
        _take(op, person_case, cast, officers=[cast.officer])
    with pytest.raises(ActionError, match="执行人员"):
        _take(op, person_case, cast, officers=[cast.officer, cast.judge])
    actions.add_member(op, cast.judge, rules.CLERK_ROLE, actor=cast.command)
    with pytest.raises(ActionError, match="执行人员"):  # a clerk is not an officer (rules §5.3)
        _take(op, person_case, cast, officers=[cast.officer, cast.judge])
    with pytest.raises(ActionError, match="收据号"):
        _take(op, person_case, cast, number=" ")
    with pytest.raises(ActionError, match="精确到分"):
        _take(op, person_case, cast, amount="0.001")
    assert not FieldCash.objects.exists()


def test_a_receipt_number_is_used_once(courts, cast, person_case, pooled, clock):
    op = underway(courts, cast, person_case, clock.today)
    _take(op, person_case, cast)
    with pytest.raises(ActionError, match="已经使用过"):
        _take(op, person_case, cast, amount="10.00")


def test_next_day_handover_needs_a_reason(courts, cast, person_case, pooled, clock):
    op = underway(courts, cast, person_case, clock.today)
    cash = _take(op, person_case, cast)
    clock.move_to(clock.today + dt.timedelta(days=1))
    with pytest.raises(ActionError, match="次日移交须说明理由"):
        actions.hand_over_cash(cash, actor=cast.finance)
    actions.hand_over_cash(cash, actor=cast.finance, late_reason="行动结束时财务已下班")
    cash.refresh_from_db()
    assert cash.late_reason == "行动结束时财务已下班"
    # Booked on the day it was taken: the money was the case's from then.
    assert cash.receipt.booked_on == clock.today - dt.timedelta(days=1)


def test_handover_two_days_late_refused(courts, cast, person_case, pooled, clock):
    op = underway(courts, cast, person_case, clock.today)
    cash = _take(op, person_case, cast)
    clock.move_to(clock.today + dt.timedelta(days=2))
    with pytest.raises(ActionError, match="超过一日"):
        actions.hand_over_cash(cash, actor=cast.finance, late_reason="忘了")
