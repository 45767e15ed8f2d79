"""The case page: what it shows, the actions it offers each role, and how actions' answers reach the user."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import APPLICANT_ID
from zhixing.cases.models import Case, ClosureRequest, Node
from zhixing.core.models import AuditEntry

pytestmark = pytest.mark.django_db

FILED = dt.date(2026, 3, 2)


def detail(client, case):
    return client.get(reverse("cases:detail", args=[case.pk]))


def post(client, name, case, data, follow=True):
    return client.post(reverse(f"cases:{name}", args=[case.pk]), data, follow=follow)


@pytest.fixture
def officer_case(client, cast, file_case):
    """A case filed on FILED, and its handler 张执行 logged in on `client`."""
    case = file_case(filed_on=FILED)
    client.force_login(cast.officer)
    return case


def alerts(response, kind):
    return [str(m) for m in response.context["messages"] if m.level_tag == kind]


def test_header_shows_the_case_and_its_deadlines(client, officer_case):
    case = officer_case
    html = detail(client, case).content.decode()
    for text in (
        case.case_number,
        "河北雄安新区中级人民法院",
        "执（首次执行）",
        "2026-03-02",
        "张执行",
        "50,000.00",
        "涉民生",
        "涉农民工工资",
        "2026-09-02",  # six months after filing
        "未结",
    ):
        assert text in html, text
    assert 'id="next-deadline">发出执行通知书：<span class="next-due">2026-03-05' in html


def test_timeline_nodes_carry_state_classes(client, officer_case):
    case = officer_case
    html = detail(client, case).content.decode()
    assert 'class="node node-done" data-node-kind="assign_handler"' in html
    assert 'class="node node-overdue" data-node-kind="execution_notice"' in html


def test_id_numbers_are_masked_and_reading_one_is_audited(client, cast, file_case):
    case = file_case()
    applicant = case.parties.get(id_number=APPLICANT_ID)
    client.force_login(cast.officer)
    html = detail(client, case).content.decode()
    assert APPLICANT_ID not in html and "110105********002X" in html
    assert "91330109699830509X" in html  # a unit's code is public
    url = reverse("cases:reveal_identity", args=[case.pk, applicant.pk])
    assert client.get(url).status_code == 405  # only a POST reveals, so every read leaves a trace
    r = client.post(url, HTTP_HX_REQUEST="true")
    assert r.content.decode().strip() == f'<span class="identity-number">{APPLICANT_ID}</span>'
    entry = AuditEntry.objects.filter(action="party.read_identity").get()
    assert entry.actor == cast.officer and entry.object_id == str(applicant.pk)
    full_page = client.post(url).content.decode()  # without htmx: the page with that number shown
    assert APPLICANT_ID in full_page
    assert AuditEntry.objects.filter(action="party.read_identity").count() == 2


def test_outsiders_get_404_on_the_page_and_its_actions(client, cast, file_case):
    case = file_case()
    client.force_login(cast.outsider)
    assert detail(client, case).status_code == 404
    party = case.parties.first()
    assert client.post(reverse("cases:reveal_identity", args=[case.pk, party.pk])).status_code == 404
    r = post(
        client,
        "request_closure",
        case,
        {"req-method": "completed", "req-closed_on": "2026-03-10", "req-shortfall": "waiver"},
        False,
    )
    assert r.status_code == 404
    assert not AuditEntry.objects.filter(action="party.read_identity").exists()
    assert Case.objects.get(pk=case.pk).status == Case.PENDING


def test_the_handler_sees_only_the_handlers_actions(client, cast, file_case):
    case = file_case()
    client.force_login(cast.officer)
    ctx = detail(client, case).context
    assert "record_form" in ctx and "request_form" in ctx and "period_form" in ctx
    for absent in ("decide_form", "extension_form", "assign_form", "resume_form"):
        assert absent not in ctx, absent
    # The documents app adds its panel to the case page, with the issue buttons for the handler.
    assert reverse("documents:issue", args=[case.pk, "execution_notice"]) in str(ctx["panels"])


def test_a_judge_may_ask_to_close_but_not_close_alone(client, cast, file_case):
    case = file_case()
    client.force_login(cast.judge)
    ctx = detail(client, case).context
    assert "request_form" in ctx and "assign_form" in ctx and "record_form" in ctx
    assert "decide_form" not in ctx and "extension_form" not in ctx


def test_a_finance_user_sees_the_case_but_no_action(client, cast, file_case):
    case = file_case()
    client.force_login(cast.finance)
    r = detail(client, case)
    assert r.status_code == 200 and not r.context["can"].any
    assert 'id="actions"' not in r.content.decode()


def test_recording_a_node_moves_the_next_deadline(client, officer_case):
    case = officer_case
    r = post(client, "record_node", case, {"node-kind": "execution_notice", "node-done_on": "2026-03-04"})
    assert alerts(r, "success") == ["已记录“发出执行通知书”，完成日期 2026-03-04"]
    html = r.content.decode()
    assert 'class="node node-done" data-node-kind="execution_notice"' in html
    assert 'id="next-deadline">发出报告财产令：' in html
    for kind in ("property_report_order", "ask_applicant_leads"):
        post(client, "record_node", case, {"node-kind": kind, "node-done_on": "2026-03-04"})
    html = detail(client, case).content.decode()
    assert 'id="next-deadline">首次网络查控：<span class="next-due">2026-03-09' in html


def test_a_refusal_shows_each_reason(client, officer_case):
    case = officer_case
    r = post(
        client,
        "request_closure",
        case,
        {"req-method": "terminated_this_round", "req-closed_on": "2026-03-20"},
    )
    errors = alerts(r, "error")
    assert len(errors) == 5  # four groups of records missing, and too soon after filing
    assert any("已发出执行通知书并责令被执行人报告财产" in e for e in errors)
    assert any("自立案之日起已超过3个月" in e for e in errors)
    html = r.content.decode()
    assert html.count("alert-danger") == 5
    assert Case.objects.get(pk=case.pk).status == Case.PENDING


def test_permission_denied_becomes_a_message(client, cast, file_case):
    case = file_case()
    client.force_login(cast.officer2)  # an officer of the court, not this case's handler
    r = post(client, "record_node", case, {"node-kind": "execution_notice", "node-done_on": "2026-03-04"})
    assert alerts(r, "error") == [
        "办理非本人承办案件的节点需要在河北雄安新区中级人民法院具有以下角色之一：执行法官、院领导"
    ]
    assert not Node.objects.filter(case=case, kind__code="execution_notice", done_on__isnull=False).exists()


def test_invalid_input_is_reported_not_written(client, cast, file_case):
    case = file_case()
    client.force_login(cast.officer)
    r = post(client, "record_node", case, {"node-kind": "execution_notice", "node-done_on": "不是日期"})
    assert alerts(r, "error") == ["完成日期：输入一个有效的日期。"]


def test_request_then_approval_closes_the_case(client, cast, officer_case):
    case = officer_case
    r = post(
        client,
        "request_closure",
        case,
        {"req-method": "completed", "req-closed_on": "2026-04-01", "req-shortfall": "waiver"},
    )
    assert alerts(r, "success") == ["已提请结案（执行完毕），等待审批"]
    assert "request_form" not in r.context and "decide_form" not in r.context  # the handler may not decide
    request = ClosureRequest.objects.get(case=case)

    client.force_login(cast.judge)
    ctx = detail(client, case).context
    assert "decide_form" in ctx and "request_form" not in ctx
    r = post(client, "approve_closure", case, {"decide-request_id": request.pk, "decide-note": "同意"})
    assert alerts(r, "success") == ["案件已结案（执行完毕，结案日期 2026-04-01）"]
    assert 'id="case-status">' in r.content.decode() and "已结案·执行完毕" in r.content.decode()
    case.refresh_from_db()
    assert case.status == Case.CLOSED and case.closure_method == "completed"
    r = post(client, "approve_closure", case, {"decide-request_id": request.pk})
    assert alerts(r, "error") == ["该结案申请已处理"]


def test_refusing_needs_a_reason(client, cast, officer_case):
    case = officer_case
    post(
        client,
        "request_closure",
        case,
        {"req-method": "completed", "req-closed_on": "2026-04-01", "req-shortfall": "waiver"},
    )
    request = ClosureRequest.objects.get(case=case)
    client.force_login(cast.judge)
    r = post(client, "refuse_closure", case, {"decide-request_id": request.pk, "decide-note": ""})
    assert alerts(r, "error") == ["不批准结案时须写明理由"]
    r = post(client, "refuse_closure", case, {"decide-request_id": request.pk, "decide-note": "财产未查清"})
    assert alerts(r, "success") == ["已不批准该结案申请"]
    assert ClosureRequest.objects.get(pk=request.pk).status == ClosureRequest.REFUSED


def test_periods_extension_and_resumption(client, cast, officer_case):
    case = officer_case
    r = post(client, "start_period", case, {"period-kind": "valuation", "period-start_on": "2026-04-01"})
    assert alerts(r, "success") == ["已登记扣除期限"]
    period = case.excluded_periods.get()
    r = post(client, "end_period", case, {"end-period_id": period.pk, "end-end_on": "2026-04-10"})
    assert alerts(r, "success") == ["扣除期限已结束，法定期限已重新计算"]
    assert Case.objects.get(pk=case.pk).statutory_due_on == dt.date(2026, 9, 12)  # 10 days deducted

    client.force_login(cast.president)
    r = post(client, "extend", case, {"ext-months": "3", "ext-reason": "财产处置中"})
    assert alerts(r, "success") == ["已批准延长执行期限 3 个月"]
    assert Case.objects.get(pk=case.pk).statutory_due_on == dt.date(2026, 12, 12)

    post(client, "request_closure", case, {"req-method": "terminated", "req-closed_on": "2026-05-01"})
    client.force_login(cast.judge)
    request = ClosureRequest.objects.get(case=case)
    post(client, "approve_closure", case, {"decide-request_id": request.pk, "decide-note": "同意"})
    assert Case.objects.get(pk=case.pk).closure_method == "terminated"
    assert "resume_form" not in detail(client, case).context  # a judge does not file cases
    client.force_login(cast.officer)
    r = post(client, "resume", case, {"resume-filed_on": "2026-06-01", "resume-reason": "发现新财产"})
    new = Case.objects.get(resumed_from=case)
    assert alerts(r, "success") == [f"已恢复执行，新案号：{new.case_number}"]
    assert new.type_code == "执恢" and r.request["PATH_INFO"] == reverse("cases:detail", args=[new.pk])


def test_assigning_a_handler(client, cast, file_case):
    case = file_case(handler=None, filed_on=FILED)
    client.force_login(cast.officer)
    ctx = detail(client, case).context
    assert "self_assign_form" in ctx and "assign_form" not in ctx
    r = post(client, "assign_self", case, {"take-on": "2026-03-03"})
    assert alerts(r, "success") == ["您已承办本案"]
    case.refresh_from_db()
    assert case.handler == cast.officer and case.handler_assigned_on == dt.date(2026, 3, 3)

    client.force_login(cast.clerk)
    r = post(client, "assign", case, {"assign-handler": cast.officer2.pk, "assign-on": "2026-03-04"})
    assert alerts(r, "success") == ["已将本案分配给 陈执行"]
    assert Case.objects.get(pk=case.pk).handler == cast.officer2
