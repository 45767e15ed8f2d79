"""Condition 5 of 终本 (rules §2.3 art 1 item 5, art 2) reads the measures: a case whose debtor
obstructed the execution is not terminated this round while no fine, detention or referral met the
obstruction (for a missing debtor, a summons or search carried out); it is once one did."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.cases.test_rules import ALL  # the seven 终本 nodes
from zhixing.cases import actions as case_actions
from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import Case
from zhixing.measures import actions, rules

ON = dt.date(2026, 9, 1)


def prepared(case, cast, debtor, kind=rules.HID_PROPERTY):
    for code in ALL:
        case_actions.record_node(case, code, ON, actor=cast.officer)
    return actions.record_obstruction(case, kind, ON, "将名下车辆转移至亲属名下", debtor, actor=cast.officer)


def terminate(case, cast, clock):
    case_actions.request_closure(case, "terminated_this_round", clock.today, actor=cast.officer)
    return case_actions.approve_closure(case, actor=cast.judge)


def carried_out(case, kind, debtor, cast, obstruction, **kw):
    m = actions.propose_measure(
        case, kind, debtor, actor=cast.officer, reason="隐匿财产", obstructions=[obstruction], **kw
    )
    m = actions.decide_measure(m, True, actor=cast.president)
    return actions.carry_out(
        m, actor=cast.officer, **({"record": "搜查笔录"} if kind == rules.SEARCH else {})
    )


def test_obstruction_without_a_measure_blocks_then_a_fine_carried_out_lets_it_close(
    person_case, debtor, cast, clock
):
    hid = prepared(person_case, cast, debtor)
    with pytest.raises(ActionError) as e:
        terminate(person_case, cast, clock)
    assert "隐匿、转移、毁损财产" in "".join(e.value.messages)
    # Proposed and approved is not enough: the fine must have been carried out.
    m = actions.propose_measure(
        person_case,
        rules.FINE,
        debtor,
        actor=cast.officer,
        reason="隐匿财产",
        obstructions=[hid],
        amount=Decimal("20000"),
    )
    actions.decide_measure(m, True, actor=cast.president)
    with pytest.raises(ActionError):
        terminate(person_case, cast, clock)
    actions.carry_out(m, actor=cast.officer)
    terminate(person_case, cast, clock)
    person_case.refresh_from_db()
    assert person_case.status == Case.CLOSED and person_case.closure_method == "terminated_this_round"


def test_a_search_does_not_meet_hidden_property_but_meets_a_missing_debtor(person_case, debtor, cast, clock):
    hid = prepared(person_case, cast, debtor)
    carried_out(person_case, rules.SEARCH, debtor, cast, hid, place="雄安新区某小区1号")
    with pytest.raises(ActionError):
        terminate(person_case, cast, clock)
    gone = actions.record_obstruction(person_case, rules.MISSING, ON, "下落不明", debtor, actor=cast.officer)
    carried_out(person_case, rules.DETENTION, debtor, cast, hid, days=5)
    with pytest.raises(ActionError) as e:
        terminate(person_case, cast, clock)
    assert "下落不明" in "".join(e.value.messages) and "隐匿" not in "".join(e.value.messages)
    carried_out(person_case, rules.SUMMONS, debtor, cast, gone)
    terminate(person_case, cast, clock)


def test_other_closing_methods_are_not_held_by_an_obstruction(person_case, debtor, cast, clock):
    prepared(person_case, cast, debtor)
    case_actions.request_closure(
        person_case, "completed", clock.today, shortfall="waiver", actor=cast.officer
    )
    case_actions.approve_closure(person_case, actor=cast.judge)
    person_case.refresh_from_db()
    assert person_case.status == Case.CLOSED
