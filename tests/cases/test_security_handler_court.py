"""A handler holds the officer role on the case's court, or on a court above it whose grant reaches it
(issue 7, "Security"): an officer of another court is refused, whoever assigns and however (API,
page, filing), so the case never reaches that officer's inbox and export."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhixing.cases import actions, queries
from zhixing.cases.models import Case
from zhixing.core.actors import CLI
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as r

from .test_api import CASES, CHINESE, client_for

pytestmark = pytest.mark.django_db


def test_the_api_refuses_an_officer_of_another_court(cast, file_case):
    case = file_case()
    res = client_for(cast.clerk).post(
        f"{CASES}{case.pk}/assign-handler/", {"handler": cast.outsider.username}, format="json"
    )
    assert res.status_code == 400, res.content
    (error,) = res.json()["errors"]
    assert "钱外院" in error and "河北雄安新区中级人民法院" in error and CHINESE.search(error)
    assert Case.objects.get(pk=case.pk).handler == cast.officer
    assert not queries.inbox_nodes(cast.outsider).exists()


def test_filing_with_a_handler_of_another_court_is_refused(cast, file_case):
    with pytest.raises(actions.ActionError):
        file_case(handler=cast.outsider)
    assert not Case.objects.exists()


def test_the_page_refuses_an_officer_of_another_court(client, cast, file_case):
    case = file_case(handler=None)
    client.force_login(cast.clerk)
    url = reverse("cases:assign", args=[case.pk])
    res = client.post(url, {"assign-handler": cast.outsider.pk, "assign-on": "2026-03-03"}, follow=True)
    assert [m.level_tag for m in res.context["messages"]] == ["error"]
    assert Case.objects.get(pk=case.pk).handler is None


def test_an_officer_of_a_lower_court_may_not_handle_the_court_above(cast, courts, file_case):
    county = court_actions.create_user("xian", "县执行", "pw", courts.xiongxian, [r.OFFICER], actor=CLI)
    case = file_case(handler=None)
    with pytest.raises(actions.ActionError) as err:
        actions.assign_handler(case, county, actor=cast.clerk)
    assert "不是河北雄安新区中级人民法院的执行员" in err.value.messages[0]


def test_an_officer_whose_grant_reaches_the_court_may_handle(cast, courts, file_case):
    provincial = court_actions.create_user("sheng", "省执行", "pw", courts.high, [r.OFFICER], actor=CLI)
    case = file_case(handler=None)
    actions.assign_handler(case, provincial, actor=cast.clerk)
    assert Case.objects.get(pk=case.pk).handler == provincial
    assert provincial in queries.officers_for(courts.xiongan)  # the form's list says the same


def test_a_stopped_account_may_not_handle(cast, file_case):
    court_actions.set_active(cast.officer2, False, actor=cast.admin)
    cast.officer2.refresh_from_db()
    case = file_case(handler=None)
    with pytest.raises(actions.ActionError):
        actions.assign_handler(case, cast.officer2, actor=cast.clerk)


def test_the_import_links_a_handler_name_only_to_an_officer(tmp_path, cast):
    from tests.cases.test_import_support import row, run, write_csv

    rows = [row(), row(case_number="（2025）冀96执101号", handler="孙立案")]  # 孙立案 files, not handles
    code, _out, err = run(write_csv(tmp_path / "h.csv", rows))
    assert code == 0, err
    officer_case = Case.objects.get(case_number="（2025）冀96执100号")
    clerk_case = Case.objects.get(case_number="（2025）冀96执101号")
    assert officer_case.handler == cast.officer
    assert clerk_case.handler is None and clerk_case.handler_name == "孙立案"
