"""One permission rule per action (issue 8, item 1; ARCHITECTURE §10): a court that changes who approves
closing (`closing.approver_roles`) sees the change alike on the case page's buttons, the navbar, the
approvals page and in the action. And every action names its actor (item 2): a call without one is
refused instead of passing as "the system"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from zhixing.cases import actions, permissions, queries
from zhixing.cases.models import ClosureRequest
from zhixing.core import actions as core_actions
from zhixing.courts import actors
from zhixing.courts import rules as r

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 4, 1)


def _approvers(court, roles, admin):
    core_actions.set_rule_setting(
        "closing.approver_roles", {"default": roles}, dt.date(2020, 1, 1), court=court, actor=admin
    )


def _offered(client, user, case) -> tuple[bool, bool, int, bool]:
    """What the pages offer `user`: the decide buttons on the case page, the navbar's approvals link,
    the approvals page's answer and whether it lists the case."""
    client.force_login(user)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    approvals = client.get(reverse("cases:approvals"))
    listed = approvals.status_code == 200 and reverse("cases:approve_closure", args=[case.pk]) in (
        approvals.content.decode()
    )
    return (
        'id="decide-closure-form"' in page,
        reverse("cases:approvals") in page,
        approvals.status_code,
        listed,
    )


@pytest.fixture
def pending(cast, file_case):
    case = file_case()
    actions.request_closure(case, "completed", ON, shortfall="waiver", actor=cast.officer)
    return case


def test_a_role_added_to_the_approvers_is_offered_and_accepted(client, cast, courts, pending):
    # 王指挥 (command centre, granted on the high court) approves nothing by default.
    assert _offered(client, cast.command, pending) == (False, False, 403, False)
    with pytest.raises(PermissionDenied):
        actions.approve_closure(pending, actor=cast.command)

    _approvers(courts.xiongan, [r.JUDGE, r.LEADER, r.COMMAND], cast.admin)
    assert _offered(client, cast.command, pending) == (True, True, 200, True)
    assert permissions.may_decide_closure(cast.command, pending, pending.closure_requests.get())
    actions.approve_closure(pending, actor=cast.command)
    assert pending.closure_requests.get().status == ClosureRequest.APPROVED


def test_a_role_removed_from_the_approvers_is_neither_offered_nor_accepted(client, cast, courts, pending):
    assert _offered(client, cast.judge, pending) == (True, True, 200, True)

    _approvers(courts.xiongan, [r.LEADER], cast.admin)
    assert _offered(client, cast.judge, pending) == (False, False, 403, False)
    assert pending.closure_requests.get() not in queries.pending_closures(cast.judge)
    with pytest.raises(PermissionDenied):
        actions.approve_closure(pending, actor=cast.judge)
    # The role that stays still approves.
    assert _offered(client, cast.president, pending)[0]
    actions.approve_closure(pending, actor=cast.president)


def test_a_call_without_an_actor_is_refused(cast, file_case):
    case = file_case()
    with pytest.raises(TypeError):
        actions.record_node(case, "execution_notice")  # no actor at all
    for call in (
        lambda: actions.record_node(case, "execution_notice", actor=None),
        lambda: actions.add_party(case, actions.PartyInput("applicant", "某甲", ""), actor=None),
        lambda: actions.request_closure(case, "completed", ON, shortfall="waiver", actor=None),
        lambda: actions.start_excluded_period(case, "suspension", ON, actor=None),
    ):
        with pytest.raises(TypeError) as err:
            call()
        assert "执行人" in str(err.value)
    with pytest.raises(TypeError):
        permissions.may_record_node(None, case)
    # Below the actions too: an event or an audit entry by no one is refused.
    from zhixing.cases import events
    from zhixing.core import audit

    for low in (
        lambda: events.emit(case, events.NODE_RECORDED, None, node="execution_notice"),
        lambda: audit.append("node.record", case, {"case": case.case_number}, None),
    ):
        with pytest.raises(TypeError, match="执行人"):
            low()


def test_a_named_system_actor_passes_and_is_recorded(cast, file_case):
    case = file_case()
    node = actions.record_node(case, "execution_notice", ON, actor=actors.CLI)
    assert node.done_on == ON
    assert str(actors.CLI) == "系统·命令行" and actors.is_system(actors.CLI)
    # A system actor does not decide a closing: that needs a person.
    actions.request_closure(case, "completed", ON, shortfall="waiver", actor=cast.officer)
    with pytest.raises(actions.ActionError):
        actions.approve_closure(case, actor=actors.CLI)
