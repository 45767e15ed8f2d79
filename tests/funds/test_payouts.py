"""Money out (issue 9 §4): the approval chain read from the rule setting, maker-checker, two-phase
payouts (a bounce returns the money, a repeated confirmation changes nothing), the execution fee taken
only from money beyond the applied amount, overdue funds and holds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.funds.conftest import PAYEE
from zhixing.core import checks
from zhixing.core.actions import set_rule_setting
from zhixing.core.actors import CLI
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as r
from zhixing.funds import actions, queries, settings_keys
from zhixing.funds.actions.payouts import available
from zhixing.funds.actors import BANK
from zhixing.funds.models import Entry, LedgerAccount, Outbox, Payout

FUNDS_CHECKS = {"案款分录借贷平衡", "案款余额与分录一致"}


def funds_problems() -> list[str]:
    return [p for name, problems in checks.run_all() if name in FUNDS_CHECKS for p in problems]


def request(case, amount, actor, **kw):
    return actions.request_payout(case, Decimal(amount), **PAYEE, account_confirmed=True, actor=actor, **kw)


def requested_in_a_paid_case(file_case, pay, requester):
    """A 1,000.00 payout requested by `requester` in a new case with 5,000.00 paid in."""
    case = file_case()
    pay(case, "5000.00", "P1")
    return request(case, "1000.00", requester)


def balances(pooled):
    return {
        (a.kind, a.case_id): (a.balance, a.pending_out) for a in LedgerAccount.objects.filter(pooled=pooled)
    }


def test_default_chain_judge_then_leader_above_100000(file_case, pay, cast):
    case = file_case(applied_amount=Decimal("500000.00"))
    pay(case, "300000.00", "P1")
    assert request(case, "100000.00", cast.officer).steps == [r.JUDGE]
    assert request(case, "100000.01", cast.officer).steps == [r.JUDGE, r.LEADER]


def test_the_chain_follows_the_rule_setting(file_case, pay, cast, courts, clock):
    case = file_case()
    pay(case, "5000.00", "P1")
    assert request(case, "1000.00", cast.officer).steps == [r.JUDGE]
    set_rule_setting(
        settings_keys.PAYOUT_APPROVALS,
        [{"above": "0", "roles": [r.JUDGE, r.LEADER]}],
        clock.today,
        courts.xiongan,
        "测试：每笔都要院领导审批",
        actor=cast.admin,
    )
    payout = request(case, "1000.00", cast.officer)
    assert payout.steps == [r.JUDGE, r.LEADER]
    payout = actions.approve_payout(payout, actor=cast.judge)
    assert payout.status == Payout.REQUESTED  # one step still to go
    with pytest.raises(ValidationError):
        actions.send_payout(payout, actor=cast.finance)
    payout = actions.approve_payout(payout, actor=cast.president)
    assert payout.status == Payout.APPROVED


def test_nobody_approves_their_own_request(file_case, pay, cast):
    payout = requested_in_a_paid_case(file_case, pay, cast.judge)
    with pytest.raises(ValidationError, match="本人"):
        actions.approve_payout(payout, actor=cast.judge)
    assert not payout.approvals.exists()


def test_nobody_approves_two_steps(file_case, pay, cast, courts):
    both = court_actions.create_user("ma", "马双职", "pw-ma", courts.xiongan, [r.JUDGE, r.LEADER], actor=CLI)
    case = file_case(applied_amount=Decimal("500000.00"))
    pay(case, "300000.00", "P1")
    payout = request(case, "200000.00", cast.officer)
    payout = actions.approve_payout(payout, actor=both)
    with pytest.raises(ValidationError, match="两个环节"):
        actions.approve_payout(payout, actor=both)
    payout = actions.approve_payout(payout, actor=cast.president)
    assert payout.status == Payout.APPROVED


def test_a_step_needs_its_role_and_the_court(file_case, pay, cast):
    payout = requested_in_a_paid_case(file_case, pay, cast.officer)
    for wrong in (cast.finance, cast.outsider, cast.officer2):
        with pytest.raises((ValidationError, PermissionDenied)):
            actions.approve_payout(payout, actor=wrong)
    assert not payout.approvals.exists()


def test_over_drawing_is_refused_and_writes_nothing(file_case, pay, cast):
    case = file_case()
    pay(case, "1000.00", "P1")
    request(case, "600.00", cast.officer)
    with pytest.raises(ValidationError, match="超过"):
        request(case, "400.01", cast.officer)
    assert Payout.objects.count() == 1


def test_a_bounced_payout_returns_the_money(file_case, pay, approved_payout, pooled, cast):
    case = file_case()
    pay(case, "3000.00", "P1")
    payout = approved_payout(case, "3000.00")
    assert available(case) == 0
    assert Outbox.objects.get(key=payout.idempotency_key).payload["amount"] == "3000.00"
    entries = Entry.objects.count()
    payout = actions.record_payout_result(payout.idempotency_key, False, reason="户名不符", actor=BANK)
    assert payout.status == Payout.BOUNCED
    assert Entry.objects.count() == entries
    assert queries.case_balance(case) == (Decimal("3000.00"), Decimal("0.00"))
    assert available(case) == Decimal("3000.00")
    again = approved_payout(case, "3000.00")
    actions.record_payout_result(again.idempotency_key, True, "B-OK", actor=BANK)
    assert queries.case_balance(case) == (Decimal("0.00"), Decimal("0.00"))
    assert funds_problems() == []


def test_confirming_twice_changes_nothing(file_case, pay, approved_payout, pooled):
    case = file_case()
    pay(case, "3000.00", "P1")
    payout = approved_payout(case, "1000.00")
    actions.record_payout_result(payout.idempotency_key, True, "B1", actor=BANK)
    before = (Entry.objects.count(), balances(pooled))
    again = actions.record_payout_result(payout.idempotency_key, True, "B1", actor=BANK)
    bounce = actions.record_payout_result(payout.idempotency_key, False, reason="迟到的退回", actor=BANK)
    assert again.status == bounce.status == Payout.CONFIRMED
    assert (Entry.objects.count(), balances(pooled)) == before
    assert queries.case_balance(case) == (Decimal("2000.00"), Decimal("0.00"))
    assert funds_problems() == []


def test_fee_only_from_money_beyond_the_applied_amount(file_case, pay, approved_payout, pooled):
    # Applied 50,000: fee 50 + 1.5% of 40,000 = 650.00.
    case = file_case(applied_amount=Decimal("50000.00"))
    pay(case, "50000.00", "P1")
    first = approved_payout(case, "50000.00")
    assert first.fee == 0  # all of it is the applicant's
    actions.record_payout_result(first.idempotency_key, True, "B1", actor=BANK)
    pay(case, "1000.00", "P2")
    second = approved_payout(case, "1000.00")
    assert second.fee == Decimal("650.00")
    assert Outbox.objects.get(key=second.idempotency_key).payload["amount"] == "350.00"
    actions.record_payout_result(second.idempotency_key, True, "B2", actor=BANK)
    fees = LedgerAccount.objects.get(pooled=pooled, kind=LedgerAccount.FEES)
    assert fees.balance == Decimal("650.00")
    assert queries.case_balance(case)[0] == 0
    assert LedgerAccount.objects.get(pooled=pooled, kind=LedgerAccount.POOLED).balance == Decimal("650.00")
    assert funds_problems() == []


def test_fee_never_beyond_what_the_debtor_paid_extra(file_case, pay, approved_payout):
    case = file_case(applied_amount=Decimal("50000.00"))
    pay(case, "50200.00", "P1")
    payout = approved_payout(case, "50200.00")
    assert payout.fee == Decimal("200.00")


def test_fee_is_withheld_once_across_payouts_not_yet_confirmed(file_case, pay, cast):
    case = file_case(applied_amount=Decimal("50000.00"))
    pay(case, "50650.00", "P1")
    a = request(case, "50000.00", cast.officer)
    b = request(case, "650.00", cast.officer)
    assert a.fee + b.fee == Decimal("650.00")


def test_overdue_after_the_payout_deadline(file_case, pay, clock):
    # Not a wage case: the ordinary clock (a wage case's is shorter, tests/funds/test_wage_payout.py).
    case = file_case(cause="民间借贷纠纷")
    receipt = pay(case, "8000.00", "P1")
    assert receipt.payout_due_on is not None and receipt.payout_due_on > clock.today
    # 15 working days: at least three calendar weeks, within the 30 days of rules §5.5.
    assert dt.timedelta(days=21) <= receipt.payout_due_on - clock.today <= dt.timedelta(days=30)
    assert not queries.overdue(clock.today).exists()
    clock.move_to(receipt.payout_due_on)
    assert not queries.overdue(clock.today).exists()  # due today is not yet overdue
    clock.move_to(receipt.payout_due_on + dt.timedelta(days=1))
    assert list(queries.overdue(clock.today)) == [receipt]
    rep = queries.report(clock.today)
    assert (rep.overdue_count, rep.overdue_amount) == (1, Decimal("8000.00"))


def test_paying_out_clears_overdue(file_case, pay, approved_payout, clock):
    case = file_case()
    receipt = pay(case, "8000.00", "P1")
    clock.move_to(receipt.payout_due_on + dt.timedelta(days=3))
    payout = approved_payout(case, "5000.00")
    actions.record_payout_result(payout.idempotency_key, True, "B1", actor=BANK)
    rep = queries.report(clock.today)
    assert (rep.overdue_count, rep.overdue_amount) == (1, Decimal("3000.00"))


def test_an_approved_hold_stops_the_clock_an_unapproved_one_does_not(file_case, pay, cast, clock):
    case = file_case()
    receipt = pay(case, "8000.00", "P1")
    hold = actions.request_hold(case, "dispute", clock.today, "申请人对分配有异议", actor=cast.judge)
    late = receipt.payout_due_on + dt.timedelta(days=1)
    assert queries.overdue(late).exists()  # requested only: the clock runs
    with pytest.raises(ValidationError, match="另一人"):
        actions.approve_hold(hold, actor=cast.judge)
    actions.approve_hold(hold, actor=cast.president)
    receipt.refresh_from_db()
    assert receipt.payout_due_on is None
    clock.move_to(late)
    assert not queries.overdue(clock.today).exists()
    # A receipt arriving while held gets no deadline either.
    later = pay(case, "100.00", "P2")
    assert later.payout_due_on is None


def test_bankruptcy_stops_payouts(file_case, pay, cast, clock):
    case = file_case()
    pay(case, "8000.00", "P1")
    actions.request_hold(case, "bankruptcy", clock.today, actor=cast.officer)
    with pytest.raises(ValidationError, match="破产"):
        request(case, "100.00", cast.officer)
