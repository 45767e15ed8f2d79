"""Settlement actions (rules §10.2): recording the agreement (suspension or withdrawal), watching it
against the ledger (a missed instalment breaks it, full payment performs it), resuming (same case or a
执恢 case whose claim deducts what was paid), the 2-year limit, suing instead (not both), closing on
performance, and who may do each."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.relief.settlement_world import plus, record, three
from zhixing.cases.actions import closing
from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import Case, ClosureRequest
from zhixing.relief import events, rules
from zhixing.relief.actions import settlements as actions
from zhixing.relief.models import Settlement
from zhixing.relief.scans import run as scan

pytestmark = pytest.mark.django_db


def kinds(case, kind) -> int:
    return case.events.filter(kind=kind).count()


def open_suspension(case):
    return case.excluded_periods.filter(kind="suspension", end_on__isnull=True).first()


def pay_two_and_miss_the_third(case, s, pay_in, clock):
    """The debtor pays the first two instalments on their days, then lets the third pass."""
    first, second, third = (i.due_on for i in s.instalments.order_by("seq"))
    clock.move_to(first)
    pay_in(case, "10000.00")
    clock.move_to(second)
    pay_in(case, "10000.00")
    clock.move_to(plus(third, 1))


# --- recording -----------------------------------------------------------------------------------------


def test_the_handler_records_an_agreement_and_the_case_is_suspended(wage_case, cast, clock):
    s = record(wage_case, cast.officer, clock.today)
    assert s.status == Settlement.PERFORMING
    assert s.outstanding == Decimal("50000.00")
    assert s.agreed_amount == Decimal("30000.00")
    assert s.last_day == plus(clock.today, 90)
    assert [i.seq for i in s.instalments.all()] == [1, 2, 3]
    assert open_suspension(wage_case).start_on == clock.today
    assert kinds(wage_case, events.SETTLEMENT_RECORDED) == 1


def test_the_outstanding_is_what_was_applied_less_what_was_realized(wage_case, cast, clock, pay_in):
    pay_in(wage_case, "5000.00", plus(clock.today, -10))
    s = record(wage_case, cast.officer, clock.today)
    assert s.outstanding == Decimal("45000.00")
    assert s.paid == Decimal("0.00")  # money before the agreement is not counted against it


def test_withdrawal_files_a_termination_request_a_judge_decides(wage_case, cast, clock):
    record(wage_case, cast.officer, clock.today, mode="withdraw")
    req = wage_case.closure_requests.get(status=ClosureRequest.PENDING)
    assert req.method == "terminated"
    assert "执行和解" in req.reason
    assert open_suspension(wage_case) is None


def test_mode_none_leaves_the_case_running(wage_case, cast, clock):
    record(wage_case, cast.officer, clock.today, mode="none")
    assert open_suspension(wage_case) is None
    assert not wage_case.closure_requests.exists()


def test_a_schedule_not_adding_up_is_refused_in_chinese(wage_case, cast, clock):
    with pytest.raises(ActionError) as exc:
        actions.record_settlement(
            wage_case,
            agreed_on=clock.today,
            party_ids=[p.pk for p in wage_case.parties.all()],
            agreed_amount=Decimal("40000.00"),
            instalments=three(clock.today),
            actor=cast.officer,
        )
    assert any("合计" in m for m in exc.value.messages)
    assert not Settlement.objects.exists()


def test_both_sides_must_be_parties_to_the_agreement(wage_case, applicant, cast, clock):
    with pytest.raises(ActionError) as exc:
        actions.record_settlement(
            wage_case,
            agreed_on=clock.today,
            party_ids=[applicant.pk],
            agreed_amount=Decimal("30000.00"),
            instalments=three(clock.today),
            actor=cast.officer,
        )
    assert "双方" in " ".join(exc.value.messages)


def test_a_second_open_agreement_is_refused(wage_case, cast, clock):
    record(wage_case, cast.officer, clock.today, mode="none")
    with pytest.raises(ActionError):
        record(wage_case, cast.officer, clock.today, mode="none")


def test_a_judge_of_the_court_may_record(wage_case, cast, clock):
    assert record(wage_case, cast.judge, clock.today).recorded_by == cast.judge


def test_another_officer_and_the_outsider_may_not_record(wage_case, cast, clock):
    for who in (cast.officer2, cast.outsider, cast.finance):
        with pytest.raises((PermissionDenied, ActionError)):
            record(wage_case, who, clock.today)
    assert not Settlement.objects.exists()


# --- watching the agreement ----------------------------------------------------------------------------


def test_a_missed_instalment_breaks_the_agreement_once(wage_case, cast, clock, pay_in):
    s = record(wage_case, cast.officer, clock.today)
    pay_two_and_miss_the_third(wage_case, s, pay_in, clock)
    s = actions.refresh_settlement(s, actor=cast.officer)
    actions.refresh_settlement(s, actor=cast.officer)
    assert s.status == Settlement.BREACHED
    assert s.paid == Decimal("20000.00")
    assert s.breached_on == plus(clock.today, 0)
    assert kinds(wage_case, events.SETTLEMENT_BREACHED) == 1
    states = actions.states_of(s)
    assert [x.state for x in states] == [rules.PAID, rules.PAID, rules.MISSED]


def test_paying_on_the_due_day_is_on_time(wage_case, cast, clock, pay_in):
    s = record(wage_case, cast.officer, clock.today)
    first = s.instalments.get(seq=1).due_on
    clock.move_to(first)
    s = actions.refresh_settlement(s, actor=cast.officer)
    assert s.status == Settlement.PERFORMING
    clock.move_to(plus(first, 1))
    assert actions.refresh_settlement(s, actor=cast.officer).status == Settlement.BREACHED


def test_the_daily_scan_marks_a_broken_agreement(wage_case, cast, clock):
    s = record(wage_case, cast.officer, clock.today)
    clock.move_to(plus(s.instalments.get(seq=1).due_on, 1))
    assert scan()["breached"] == 1
    assert scan()["breached"] == 0
    s.refresh_from_db()
    assert s.status == Settlement.BREACHED
    assert kinds(wage_case, events.SETTLEMENT_BREACHED) == 1


def test_full_payment_performs_the_agreement_on_the_day_it_was_paid(wage_case, cast, clock, pay_in):
    s = record(wage_case, cast.officer, clock.today)
    paid_on = plus(clock.today, 5)
    clock.move_to(plus(clock.today, 10))
    pay_in(wage_case, "30000.00", paid_on)
    s = actions.refresh_settlement(s, actor=cast.officer)
    assert s.status == Settlement.PERFORMED
    assert s.performed_on == paid_on
    assert kinds(wage_case, events.SETTLEMENT_PERFORMED) == 1


# --- closing on performance ----------------------------------------------------------------------------


def test_closing_on_performance_ends_the_suspension_and_asks_for_completion(wage_case, cast, clock, pay_in):
    s = record(wage_case, cast.officer, clock.today)
    clock.move_to(plus(clock.today, 3))
    pay_in(wage_case, "30000.00")
    req = actions.close_on_performance(s, actor=cast.officer)
    assert (req.method, req.shortfall) == ("completed", "settlement")
    assert open_suspension(wage_case) is None
    closing.approve_closure(wage_case, actor=cast.judge)
    wage_case.refresh_from_db()
    assert wage_case.closure_method == "completed"


def test_closing_before_performance_is_refused(wage_case, cast, clock):
    s = record(wage_case, cast.officer, clock.today)
    with pytest.raises(ActionError) as exc:
        actions.close_on_performance(s, actor=cast.officer)
    assert "尚未履行完毕" in " ".join(exc.value.messages)


# --- resumption ----------------------------------------------------------------------------------------


def test_resuming_a_suspended_case_ends_the_suspension_without_a_new_case(wage_case, cast, clock, pay_in):
    s = record(wage_case, cast.officer, clock.today)
    pay_two_and_miss_the_third(wage_case, s, pay_in, clock)
    before = Case.objects.count()
    s = actions.resume_after_breach(s, actor=cast.officer)
    assert s.status == Settlement.RESUMED and s.resumed_on == clock.today
    assert s.resumed_case is None
    assert Case.objects.count() == before
    assert open_suspension(wage_case) is None
    event = wage_case.events.get(kind=events.SETTLEMENT_RESUMED)
    assert event.data["claim"] == "30000.00"  # 50,000 applied − 20,000 paid


def test_a_missed_instalment_opens_resumption_as_a_resumed_case_with_the_paid_part_deducted(
    wage_case, cast, clock, pay_in
):
    """Must show: after the withdrawal (终结执行), the missed third instalment opens resumption; the 执恢
    case claims what was applied less the two instalments paid."""
    s = record(wage_case, cast.officer, clock.today, mode="withdraw")
    closing.approve_closure(wage_case, actor=cast.judge)
    pay_two_and_miss_the_third(wage_case, s, pay_in, clock)
    s = actions.resume_after_breach(s, actor=cast.officer)
    new = s.resumed_case
    assert new is not None and new.type_code == "执恢" and new.resumed_from_id == wage_case.pk
    assert new.applied_amount == Decimal("30000.00")
    assert new.applied_amount == rules.resumed_claim(s.outstanding, s.paid)
    assert wage_case.events.get(kind=events.SETTLEMENT_RESUMED).data["resumed_as"] == new.case_number
    assert new.handler == cast.officer  # the officer who ran the settlement takes the 执恢 case


def test_a_judge_resuming_gives_the_resumed_case_to_the_former_handler(wage_case, cast, clock, pay_in):
    s = record(wage_case, cast.officer, clock.today, mode="withdraw")
    closing.approve_closure(wage_case, actor=cast.judge)
    pay_two_and_miss_the_third(wage_case, s, pay_in, clock)
    assert actions.resume_after_breach(s, actor=cast.president).resumed_case.handler == cast.officer


def test_resumption_is_refused_while_the_debtor_is_performing(wage_case, cast, clock):
    s = record(wage_case, cast.officer, clock.today)
    with pytest.raises(ActionError) as exc:
        actions.resume_after_breach(s, actor=cast.officer)
    assert "正在履行" in " ".join(exc.value.messages)


def test_an_anticipatory_breach_opens_resumption_before_a_day_is_missed(wage_case, cast, clock):
    s = record(wage_case, cast.officer, clock.today)
    assert actions.resume_after_breach(s, actor=cast.officer, anticipatory=True).status == Settlement.RESUMED


def test_resumption_is_open_until_two_years_after_the_last_agreed_day_and_not_after(wage_case, cast, clock):
    """Must show: the 2-year resumption limit counts from the last agreed day."""
    s = record(wage_case, cast.officer, clock.today, mode="none")
    limit = rules.resumption_limit(s.last_day)
    assert limit == s.last_day.replace(year=s.last_day.year + 2)
    clock.move_to(plus(limit, 1))
    with pytest.raises(ActionError) as exc:
        actions.resume_after_breach(s, actor=cast.officer)
    assert "二年" in " ".join(exc.value.messages)
    assert actions.refresh_settlement(s, actor=cast.officer).status == Settlement.BREACHED
    assert actions.resume_after_breach(s, actor=cast.officer, on=limit).status == Settlement.RESUMED


def test_a_performed_agreement_does_not_resume(wage_case, cast, clock, pay_in):
    s = record(wage_case, cast.officer, clock.today, mode="none")
    clock.move_to(plus(clock.today, 2))
    pay_in(wage_case, "30000.00")
    with pytest.raises(ActionError) as exc:
        actions.resume_after_breach(s, actor=cast.officer, anticipatory=True)
    assert "履行完毕" in " ".join(exc.value.messages)


def test_the_outsider_may_not_resume(wage_case, cast, clock):
    s = record(wage_case, cast.officer, clock.today)
    clock.move_to(plus(s.last_day, 1))
    with pytest.raises((PermissionDenied, ActionError)):
        actions.resume_after_breach(s, actor=cast.outsider)


# --- suing on the agreement ----------------------------------------------------------------------------


def test_suing_on_a_broken_agreement_then_resumption_is_refused(wage_case, cast, clock):
    s = record(wage_case, cast.officer, clock.today)
    clock.move_to(plus(s.last_day, 1))
    s = actions.record_suit(s, clock.today, "向雄县人民法院起诉", actor=cast.officer)
    assert s.status == Settlement.SUED and s.sued_on == clock.today
    assert kinds(wage_case, events.SETTLEMENT_SUED) == 1
    with pytest.raises(ActionError) as exc:
        actions.resume_after_breach(s, actor=cast.officer)
    assert "起诉" in " ".join(exc.value.messages)


def test_after_resumption_a_suit_is_refused(wage_case, cast, clock):
    s = record(wage_case, cast.officer, clock.today)
    clock.move_to(plus(s.last_day, 1))
    s = actions.resume_after_breach(s, actor=cast.officer)
    with pytest.raises(ActionError):
        actions.record_suit(s, clock.today, "", actor=cast.officer)


def test_a_suit_needs_a_broken_agreement(wage_case, cast, clock):
    s = record(wage_case, cast.officer, clock.today)
    with pytest.raises(ActionError):
        actions.record_suit(s, clock.today, "", actor=cast.officer)


def test_after_full_performance_the_case_is_closed_not_settled_again(cast, wage_case, clock, pay_in):
    party_ids = list(wage_case.parties.values_list("pk", flat=True))

    def settle():
        return actions.record_settlement(
            wage_case, agreed_on=clock.today, party_ids=party_ids, agreed_amount=Decimal("1000.00"),
            instalments=[(clock.today, Decimal("1000.00"))], mode="none", actor=cast.officer,
        )  # fmt: skip

    settle()
    pay_in(wage_case, "1000.00")
    assert actions.refresh_settlement(wage_case.settlements.get(), actor=cast.officer).status == "performed"
    with pytest.raises(ActionError, match="应提请以执行完毕方式结案"):
        settle()
