"""Closing (结案): the six methods, the 终本 gate, approval by someone other than the handler,
re-inquiry after 终本 and resumption as 执恢."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from zhixing.cases import actions
from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import Case, ClosureRequest
from zhixing.core.actors import CLI

from .test_rules import ALL  # the seven 终本 nodes

FILED = dt.date(2026, 1, 5)


@pytest.fixture
def case(file_case):
    return file_case(filed_on=FILED)


def close(case, method, closed_on, approver):
    """Closing as it happens: the handler asks, someone else decides."""
    shortfall = "waiver" if method == "completed" else ""  # nothing was paid in these cases
    actions.request_closure(case, method, closed_on, shortfall=shortfall, actor=case.handler)
    return actions.approve_closure(case, actor=approver)


def record_all(case, officer, on=dt.date(2026, 3, 1)):
    for code in ALL:
        actions.record_node(case, code, on, actor=officer)


def test_judge_closes_after_the_officer_asks(case, cast):
    req = actions.request_closure(
        case, "completed", dt.date(2026, 2, 1), shortfall="waiver", actor=cast.officer
    )
    actions.approve_closure(case, actor=cast.judge)
    case.refresh_from_db()
    req.refresh_from_db()
    assert case.status == Case.CLOSED and case.closure_method == "completed"
    assert case.closed_on == dt.date(2026, 2, 1)
    assert req.status == ClosureRequest.APPROVED and req.decided_by == cast.judge
    assert not case.nodes.filter(done_on__isnull=True, cancelled_on__isnull=True).exists()


def test_handler_may_not_approve_their_own_case(case, cast):
    from zhixing.courts.actions import grant_role

    grant_role(cast.officer, case.court, "judge", actor=CLI)
    with pytest.raises(actions.ActionError) as e:
        close(case, "completed", dt.date(2026, 2, 1), cast.officer)
    assert "承办人" in e.value.messages[0]


def test_officer_without_judge_role_cannot_close(case, cast):
    with pytest.raises(PermissionDenied):
        close(case, "completed", dt.date(2026, 2, 1), cast.officer2)


def test_outsider_judge_cannot_close(case, cast):
    with pytest.raises(PermissionDenied):
        close(case, "completed", dt.date(2026, 2, 1), cast.outsider)


def test_ttr_refused_until_five_conditions_and_lists_what_is_missing(case, cast):
    actions.record_node(case, "execution_notice", dt.date(2026, 1, 6), actor=cast.officer)
    with pytest.raises(actions.ActionError) as e:
        close(case, "terminated_this_round", dt.date(2026, 4, 6), cast.judge)
    text = "".join(e.value.messages)
    assert "发出报告财产令" in text and "发出限制消费令" in text and "查找被执行人" in text
    assert "执行通知书" not in text.split("（缺少")[1].split("）")[0]  # the notice is on file
    case.refresh_from_db()
    assert case.status == Case.PENDING


def test_ttr_needs_more_than_three_months(case, cast):
    record_all(case, cast.officer)
    with pytest.raises(actions.ActionError) as e:
        close(case, "terminated_this_round", dt.date(2026, 4, 5), cast.judge)
    assert "3个月" in e.value.messages[0]
    close(case, "terminated_this_round", dt.date(2026, 4, 6), cast.judge)


def test_ttr_schedules_re_inquiry_every_six_months_for_five_years(case, cast):
    record_all(case, cast.officer)
    close(case, "terminated_this_round", dt.date(2026, 4, 6), cast.judge)
    due = list(
        case.nodes.filter(kind__code="reinquiry").order_by("sequence").values_list("due_on", flat=True)
    )
    assert len(due) == 10
    assert due[0] == dt.date(2026, 10, 6) and due[-1] == dt.date(2031, 4, 6)


def test_resumption_files_a_linked_resumed_case_and_stops_reinquiry(case, cast):
    record_all(case, cast.officer)
    close(case, "terminated_this_round", dt.date(2026, 4, 6), cast.judge)
    new = actions.resume_case(case, dt.date(2026, 6, 1), "发现财产", actor=cast.clerk)
    assert new.type_code == "执恢" and new.resumed_from == case
    assert new.case_number == "（2026）冀96执恢1号"
    assert new.parties.count() == case.parties.count()
    reinquiries = case.nodes.filter(kind__code="reinquiry", done_on__isnull=True)
    assert reinquiries.exists() and not reinquiries.filter(cancelled_on__isnull=True).exists()
    assert {(n.cancelled_on, n.cancelled_reason) for n in reinquiries} == {
        (dt.date(2026, 6, 1), "恢复执行（（2026）冀96执恢1号）")
    }


def test_completed_case_cannot_be_resumed(case, cast):
    close(case, "completed", dt.date(2026, 2, 1), cast.judge)
    with pytest.raises(actions.ActionError):
        actions.resume_case(case, actor=cast.clerk)


def test_closing_twice_and_closing_before_filing_are_refused(case, cast):
    with pytest.raises(actions.ActionError):
        close(case, "completed", dt.date(2025, 12, 1), cast.judge)
    close(case, "withdrawn", dt.date(2026, 2, 1), cast.judge)
    with pytest.raises(actions.ActionError):
        close(case, "completed", dt.date(2026, 2, 2), cast.judge)


def test_a_suspended_case_cannot_be_closed(case, cast):
    actions.start_excluded_period(case, "suspension", dt.date(2026, 1, 20), actor=cast.officer)
    with pytest.raises(actions.ActionError) as e:
        close(case, "completed", dt.date(2026, 2, 1), cast.judge)
    assert "中止" in e.value.messages[0]


def test_refusing_a_request_needs_a_reason(case, cast):
    req = actions.request_closure(
        case, "completed", dt.date(2026, 2, 1), shortfall="waiver", actor=cast.officer
    )
    with pytest.raises(actions.ActionError):
        actions.refuse_closure(req, "", actor=cast.judge)
    actions.refuse_closure(req, "尚有财产未处置", actor=cast.judge)
    req.refresh_from_db()
    assert req.status == ClosureRequest.REFUSED


@pytest.mark.parametrize("method", ["completed", "terminated", "withdrawn", "refused", "rejected"])
def test_the_other_methods_close_without_the_ttr_gate(case, cast, method):
    close(case, method, dt.date(2026, 2, 1), cast.judge)
    case.refresh_from_db()
    assert case.closure_method == method


def test_completed_with_less_realised_than_applied_asks_why(cast, file_case):
    """Issue 9 item 5: 执行完毕 with a shortfall needs its reason (a settlement, a waiver, or another
    reason written out); the reason is kept with the request."""
    case = file_case(filed_on=FILED, applied_amount=Decimal("50000.00"))
    with pytest.raises(ActionError) as err:
        actions.request_closure(case, "completed", dt.date(2026, 2, 1), actor=cast.officer)
    assert "已执行到位 0.00 元少于申请执行标的 50000.00 元" in str(err.value.messages)
    with pytest.raises(ActionError) as err:
        actions.request_closure(case, "completed", dt.date(2026, 2, 1), shortfall="other", actor=cast.officer)
    assert "须在结案理由中说明" in str(err.value.messages)
    req = actions.request_closure(
        case, "completed", dt.date(2026, 2, 1), "双方和解，余款免除", shortfall="other", actor=cast.officer
    )
    assert (req.shortfall, req.get_shortfall_display()) == ("other", "其他（须在结案理由中说明）")
    # Fully realised: nothing to explain.
    paid = file_case(filed_on=FILED, applied_amount=Decimal("0.00"))
    assert actions.request_closure(paid, "completed", dt.date(2026, 2, 1), actor=cast.officer).shortfall == ""
