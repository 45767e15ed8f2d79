"""Login, the navbar by role, the case list, the closure approvals and the command centre."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhixing.cases import actions
from zhixing.cases.models import Party

pytestmark = pytest.mark.django_db

FILED = dt.date(2026, 3, 2)


def test_login_lands_on_the_inbox_and_logout_returns_to_login(client, cast):
    r = client.post(reverse("courts:login"), {"username": "zhang", "password": "pw-zhang"})
    assert r.status_code == 302 and r["Location"] == reverse("cases:inbox")
    html = client.get(reverse("cases:inbox")).content.decode()
    assert "张执行" in html and "执行员（河北雄安新区中级人民法院）" in html
    r = client.post(reverse("courts:logout"))
    assert r["Location"] == reverse("courts:login")
    assert client.get(reverse("cases:inbox")).status_code == 302


def test_a_wrong_password_is_refused_in_chinese(client, cast):
    r = client.post(reverse("courts:login"), {"username": "zhang", "password": "wrong"})
    [error] = r.context["form"].non_field_errors()
    assert r.status_code == 200 and "用户名" in error and "密码" in error
    assert error in r.content.decode()


@pytest.mark.parametrize(
    "who, shown, hidden",
    [
        ("officer", ["立案"], ["审批", "指挥中心", "管理"]),
        ("clerk", ["立案"], ["审批", "指挥中心", "管理"]),
        ("judge", ["审批"], ["立案", "指挥中心", "管理"]),
        ("president", ["立案", "审批", "指挥中心"], ["管理"]),
        ("command", ["指挥中心"], ["立案", "审批", "管理"]),
        ("admin", ["管理"], ["立案", "审批", "指挥中心"]),
    ],
)
def test_navbar_links_follow_roles(client, cast, who, shown, hidden):
    client.force_login(getattr(cast, who))
    nav = client.get(reverse("cases:list")).content.decode().split('id="nav-user"')[0]
    assert ">待办<" in nav and ">案件<" in nav
    for label in shown:
        assert f">{label}</a>" in nav, label
    for label in hidden:
        assert f">{label}</a>" not in nav, label


def test_case_list_filters_and_counts(client, cast, courts, file_case):
    a = file_case(filed_on=FILED)
    b = file_case(
        filed_on=FILED,
        court=courts.xiongxian,
        parties=[
            actions.PartyInput(Party.APPLICANT, "赵甲", ""),
            actions.PartyInput(Party.DEBTOR, "钱乙", ""),
        ],
    )
    client.force_login(cast.judge)
    actions.request_closure(a, "completed", dt.date(2026, 4, 1), shortfall="waiver", actor=cast.officer)
    actions.approve_closure(a, actor=cast.judge)
    url = reverse("cases:list")
    assert "共 2 条" in client.get(url).content.decode()
    assert "共 1 条" in client.get(url, {"status": "closed"}).content.decode()
    html = client.get(url, {"court": courts.xiongxian.pk}).content.decode()
    assert "共 1 条" in html and b.case_number in html
    html = client.get(url, {"q": "钱乙"}).content.decode()
    assert "共 1 条" in html and b.case_number in html and a.case_number not in html
    client.force_login(cast.outsider)
    assert "共 0 条" in client.get(url).content.decode()


def test_case_list_query_count_does_not_grow(client, cast, file_case):
    client.force_login(cast.judge)
    file_case(filed_on=FILED)
    client.get(reverse("cases:list"))  # warm the per-process caches
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("cases:list"))
    for _ in range(9):
        file_case(filed_on=FILED)
    with CaptureQueriesContext(connection) as large:
        html = client.get(reverse("cases:list")).content.decode()
    assert "共 10 条" in html and len(large) == len(small)


def test_approvals_list_the_requests_this_judge_may_decide(client, cast, file_case):
    case = file_case(filed_on=FILED)
    actions.request_closure(case, "completed", dt.date(2026, 4, 1), shortfall="waiver", actor=cast.officer)
    client.force_login(cast.judge)
    html = client.get(reverse("cases:approvals")).content.decode()
    assert "共 1 条" in html and case.case_number in html and "执行完毕" in html
    client.force_login(cast.outsider)  # a judge of another court
    assert "共 0 条" in client.get(reverse("cases:approvals")).content.decode()
    client.force_login(cast.officer)
    assert client.get(reverse("cases:approvals")).status_code == 403


def test_approvals_query_count_does_not_grow(client, cast, file_case):
    def requested():
        case = file_case(filed_on=FILED)
        actions.request_closure(
            case, "completed", dt.date(2026, 4, 1), shortfall="waiver", actor=cast.officer
        )

    requested()
    client.force_login(cast.judge)
    client.get(reverse("cases:approvals"))  # warm the per-process caches (rule settings, catalogue)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("cases:approvals"))
    for _ in range(5):
        requested()
    with CaptureQueriesContext(connection) as large:
        html = client.get(reverse("cases:approvals")).content.decode()
    assert "共 6 条" in html and len(large) == len(small)


def test_command_centre_counts_by_court_and_handler(client, cast, courts, file_case):
    file_case(filed_on=FILED)
    file_case(filed_on=FILED, court=courts.xiongxian, handler=cast.officer2)
    client.force_login(cast.command)
    client.get(reverse("cases:command"))  # warm the per-process caches
    with CaptureQueriesContext(connection) as small:
        r = client.get(reverse("cases:command"))
    assert "共 10 条" in r.content.decode()
    by_court = {row["case__court__name"]: row["n"] for row in r.context["by_court"]}
    assert by_court == {"河北雄安新区中级人民法院": 5, "雄县人民法院": 5}
    by_handler = {row["case__handler_name"]: row["n"] for row in r.context["by_handler"]}
    assert by_handler == {"张执行": 5, "陈执行": 5}
    r = client.get(reverse("cases:command"), {"court": courts.xiongxian.pk})
    assert "共 5 条" in r.content.decode()

    for _ in range(4):
        file_case(filed_on=FILED)
    with CaptureQueriesContext(connection) as large:
        r = client.get(reverse("cases:command"))
    assert "共 30 条" in r.content.decode() and len(large) == len(small)


def test_command_centre_is_for_the_command_centre(client, cast):
    client.force_login(cast.officer)
    assert client.get(reverse("cases:command")).status_code == 403
