"""One person never closes a case (issue 7, "Security"; rules §12 审执分离): closing needs a request by
one person and the approval of another who is not the handler, has not handled the case before and
did not ask, whatever roles one user holds. No page or API call closes a case without a request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.cases.test_import_support import row, run, write_csv
from zhixing.cases import actions, queries
from zhixing.cases.models import Case, ClosureRequest
from zhixing.core.actors import CLI
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as r

from .test_api import CASES, CHINESE, client_for

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 4, 1)


@pytest.fixture
def both(cast, courts):
    """张执行 holding the judge's role beside the officer's."""
    court_actions.grant_role(cast.officer, courts.xiongan, r.JUDGE, actor=CLI)
    return cast.officer


def _pending(case):
    return case.closure_requests.filter(status=ClosureRequest.PENDING).first()


def test_a_judge_cannot_close_a_case_nobody_asked_to_close(cast, file_case):
    case = file_case()
    with pytest.raises(actions.ActionError) as err:
        actions.approve_closure(case, "completed", ON, actor=cast.judge)
    assert "没有待审批的结案申请" in err.value.messages[0]
    assert Case.objects.get(pk=case.pk).status == Case.PENDING


def test_officer_and_judge_in_one_person_cannot_hand_the_case_on_and_close_it(cast, both, file_case):
    case = file_case(handler=both)
    actions.assign_handler(case, cast.officer2, actor=both)  # a judge may reassign
    # No request: refused, and the former handler is named as the reason.
    with pytest.raises(actions.ActionError) as err:
        actions.approve_closure(case, "completed", ON, actor=both)
    assert err.value.messages == ["曾承办本案的人员不得审批本案的结案"]
    # With the new handler's request: still refused, they handled the case.
    actions.request_closure(case, "completed", ON, shortfall="waiver", actor=cast.officer2)
    with pytest.raises(actions.ActionError):
        actions.approve_closure(case, actor=both)
    assert Case.objects.get(pk=case.pk).status == Case.PENDING
    assert _pending(case) not in queries.pending_closures(both)
    # Someone who never handled it decides.
    assert _pending(case) in queries.pending_closures(cast.judge)
    actions.approve_closure(case, actor=cast.judge)
    assert Case.objects.get(pk=case.pk).status == Case.CLOSED


def test_the_requester_cannot_approve_their_own_request(cast, file_case, courts):
    case = file_case()
    court_actions.grant_role(cast.president, courts.xiongan, r.JUDGE, actor=CLI)
    req = actions.request_closure(case, "completed", ON, shortfall="waiver", actor=cast.judge)
    with pytest.raises(actions.ActionError) as err:
        actions.approve_closure(case, actor=cast.judge)
    assert err.value.messages == ["结案申请人不得自行审批"]
    with pytest.raises(actions.ActionError):
        actions.refuse_closure(req, "不同意", actor=cast.judge)
    actions.approve_closure(case, actor=cast.president)
    assert Case.objects.get(pk=case.pk).status == Case.CLOSED


def test_the_approver_closes_as_asked_not_otherwise(cast, file_case):
    case = file_case()
    actions.request_closure(case, "completed", ON, shortfall="waiver", actor=cast.officer)
    with pytest.raises(actions.ActionError, match="结案方式"):
        actions.approve_closure(case, "withdrawn", actor=cast.judge)
    with pytest.raises(actions.ActionError, match="结案日期"):
        actions.approve_closure(case, closed_on=ON + dt.timedelta(days=1), actor=cast.judge)
    actions.approve_closure(case, "completed", ON, actor=cast.judge)
    case.refresh_from_db()
    assert (case.closure_method, case.closed_on) == ("completed", ON)


def test_the_api_refuses_closing_without_a_request(cast, file_case):
    case = file_case()
    res = client_for(cast.judge).post(
        f"{CASES}{case.pk}/approve-closure/",
        {"method": "completed", "closed_on": "2026-04-01"},
        format="json",
    )
    assert res.status_code == 400
    assert CHINESE.search(res.json()["errors"][0])
    assert Case.objects.get(pk=case.pk).status == Case.PENDING


def test_the_pages_offer_no_direct_closing_and_no_decision_to_a_former_handler(client, cast, both, file_case):
    case = file_case(handler=both)
    client.force_login(cast.judge)
    res = client.get(reverse("cases:detail", args=[case.pk]))
    assert "decide_form" not in res.context and "close_form" not in res.context
    assert "直接结案" not in res.content.decode()
    # The old direct-closing address is gone.
    assert client.post(f"/cases/{case.pk}/close/", {"close-method": "completed"}).status_code == 404

    actions.assign_handler(case, cast.officer2, actor=both)
    actions.request_closure(case, "completed", ON, shortfall="waiver", actor=cast.officer2)
    client.force_login(both)
    ctx = client.get(reverse("cases:detail", args=[case.pk])).context
    assert "decide_form" not in ctx and not ctx["can"].decide_closure
    client.force_login(cast.judge)
    ctx = client.get(reverse("cases:detail", args=[case.pk])).context
    assert "decide_form" in ctx and ctx["can"].decide_closure


def test_the_import_still_records_cases_closed_before_the_platform(tmp_path, cast):
    closed = row(closed_on="2025-04-01", closure_method="执行完毕")
    code, _out, err = run(write_csv(tmp_path / "history.csv", [closed]))
    assert code == 0, err
    case = Case.objects.get()
    assert case.status == Case.CLOSED and case.closure_method == "completed"
