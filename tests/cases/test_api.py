"""The cases API: filing, visibility, filters, closing and resumption through the same actions as the
pages; refusals as 400 {"errors": [...]} and 403 {"detail": ...} in Chinese."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from zhixing.cases import rules
from zhixing.cases.models import Case
from zhixing.core.actors import CLI

from ..conftest import APPLICANT_ID, DEBTOR_UNIT_ID

CASES = "/api/v1/cases/"
NUMBER = re.compile(r"^（2026）冀96执\d+号$")
CHINESE = re.compile(r"[\u4e00-\u9fa5]")


def client_for(user) -> APIClient:
    """A system's client: token in the `Authorization: Token …` header, no session."""
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def filing(**kw) -> dict:
    body = {
        "court": "冀96",
        "type_code": "执",
        "filed_on": "2026-03-02",
        "applied_amount": "12345.6",
        "basis_number": "（2025）冀96民初1号",
        "cause": "追索劳动报酬纠纷",
        "non_litigation": False,
        "parties": [
            {"role": "applicant", "name": "王申请", "id_number": APPLICANT_ID},
            {"role": "debtor", "name": "雄安某建设有限公司", "id_number": DEBTOR_UNIT_ID},
        ],
    }
    body.update(kw)
    return body


def test_anonymous_caller_is_refused(cast):
    res = APIClient().get(CASES)
    assert res.status_code in (401, 403)
    assert res.status_code == 401 and res["WWW-Authenticate"] == "Token"


def test_officer_files_a_case_and_gets_its_case_number(cast):
    res = client_for(cast.officer).post(CASES, filing(handler="zhang"), format="json")
    assert res.status_code == 201, res.json()
    body = res.json()
    assert NUMBER.match(body["case_number"])
    assert body["court"] == "冀96" and body["handler"] == "zhang" and body["handler_name"] == "张执行"
    assert body["applied_amount"] == "12345.60" and body["realized_amount"] == "0.00"
    assert body["filed_on"] == "2026-03-02" and body["statutory_due_on"] == "2026-09-02"
    assert body["is_livelihood"] and body["is_migrant_wage"]
    assert body["basis_number"] == "（2025）冀96民初1号"
    # The case really exists, with the amount exact to the cent.
    case = Case.objects.get(case_number=body["case_number"])
    assert case.applied_amount == Decimal("12345.60")
    # The detail shows the natural person's ID masked, the unit's code whole.
    ids = {p["name"]: p["id_number"] for p in body["parties"]}
    assert ids["王申请"] == "110105********002X"
    assert ids["雄安某建设有限公司"] == DEBTOR_UNIT_ID
    assert APPLICANT_ID not in res.content.decode()
    kinds = {n["kind"]: n for n in body["nodes"]}
    assert kinds["assign_handler"]["done_on"] == "2026-03-02"
    assert kinds["assign_handler"]["state"] == "done"


def test_consecutive_filings_get_consecutive_serials(cast):
    client = client_for(cast.clerk)
    first = client.post(CASES, filing(basis_number=""), format="json").json()["case_number"]
    second = client.post(CASES, filing(basis_number=""), format="json").json()["case_number"]
    serial = lambda n: int(re.search(r"执(\d+)号", n).group(1))  # noqa: E731
    assert serial(second) == serial(first) + 1


def test_bad_party_id_is_refused_in_chinese_and_nothing_is_filed(cast):
    bad = filing(
        parties=[
            {"role": "applicant", "name": "王申请", "id_number": "110105194912310021"},
            {"role": "debtor", "name": "李被执", "id_number": DEBTOR_UNIT_ID},
        ]
    )
    res = client_for(cast.officer).post(CASES, bad, format="json")
    assert res.status_code == 400
    errors = res.json()["errors"]
    assert any("王申请" in e and "校验位" in e for e in errors), errors
    assert Case.objects.count() == 0


def test_malformed_input_names_the_fields_in_chinese(cast):
    res = client_for(cast.officer).post(
        CASES, filing(applied_amount="12.345", parties=[{"role": "debtor"}]), format="json"
    )
    assert res.status_code == 400
    body = res.json()
    assert "applied_amount" in body["field_errors"] and "parties" in body["field_errors"]
    assert any(e.startswith("applied_amount：") and "两位小数" in e for e in body["errors"])
    assert any(e.startswith("parties[0].name：") and CHINESE.search(e) for e in body["errors"])


def test_filing_in_another_court_is_forbidden_with_a_chinese_reason(cast):
    res = client_for(cast.outsider).post(CASES, filing(), format="json")
    assert res.status_code == 403
    assert "立案" in res.json()["detail"] and CHINESE.search(res.json()["detail"])


def test_unknown_court_and_handler_are_refused(cast):
    client = client_for(cast.officer)
    res = client.post(CASES, filing(court="冀99"), format="json")
    assert res.status_code == 400 and "冀99" in res.json()["errors"][0]
    res = client.post(CASES, filing(handler="nobody"), format="json")
    assert res.status_code == 400 and "nobody" in res.json()["errors"][0]


def test_outsider_sees_none_of_the_courts_cases(cast, file_case):
    case = file_case()
    outsider = client_for(cast.outsider)
    assert outsider.get(CASES).json()["count"] == 0
    assert outsider.get(f"{CASES}{case.pk}/").status_code == 404
    assert outsider.post(f"{CASES}{case.pk}/request-closure/", {"method": "completed"}).status_code == 404
    # Staff of the court and of the courts above see it.
    for user in (cast.officer, cast.judge, cast.command):
        listed = client_for(user).get(CASES).json()
        assert [c["case_number"] for c in listed["results"]] == [case.case_number]


def test_list_filters(cast, file_case, courts):
    a = file_case()
    b = file_case(filed_on=dt.date(2026, 4, 10), handler=cast.officer2)
    c = file_case(court=courts.xiongxian, type_code="执保", handler=None)
    client = client_for(cast.president)

    def numbers(**params):
        res = client.get(CASES, params)
        assert res.status_code == 200, res.json()
        return {x["case_number"] for x in res.json()["results"]}

    assert numbers() == {a.case_number, b.case_number, c.case_number}
    assert numbers(court="冀9601") == {c.case_number}
    assert numbers(type_code="执保") == {c.case_number}
    assert numbers(handler="chen") == {b.case_number}
    assert numbers(filed_on_after="2026-04-01") == {b.case_number}
    assert numbers(filed_on_before="2026-03-31") == {a.case_number, c.case_number}
    assert numbers(case_number=a.case_number[-4:]) == {a.case_number}
    assert numbers(year=2025) == set()
    assert numbers(status="closed") == set()
    assert numbers(status="pending", year=2026) == {a.case_number, b.case_number, c.case_number}


def test_clerk_assigns_a_handler(cast, file_case):
    case = file_case(handler=None)
    res = client_for(cast.clerk).post(
        f"{CASES}{case.pk}/assign-handler/", {"handler": "chen", "on": "2026-03-03"}, format="json"
    )
    assert res.status_code == 200, res.json()
    assert res.json()["handler"] == "chen" and res.json()["handler_assigned_on"] == "2026-03-03"
    # Only an officer may handle a case.
    res = client_for(cast.clerk).post(f"{CASES}{case.pk}/assign-handler/", {"handler": "li"}, format="json")
    assert res.status_code == 400 and "执行员" in res.json()["errors"][0]


def _request_closure(client, case, **body):
    return client.post(f"{CASES}{case.pk}/request-closure/", body, format="json")


def test_handler_may_not_approve_their_own_closing(cast, file_case):
    case = file_case()
    officer, judge = client_for(cast.officer), client_for(cast.judge)
    res = _request_closure(
        officer, case, method="completed", closed_on="2026-06-30", reason="已全部履行", shortfall="waiver"
    )
    assert res.status_code == 201, res.json()
    assert res.json()["status"] == "pending" and res.json()["requested_by"] == "zhang"

    res = officer.post(f"{CASES}{case.pk}/approve-closure/", {}, format="json")
    assert res.status_code in (400, 403)
    body = res.json()
    assert CHINESE.search(body.get("detail", "") + "".join(body.get("errors", [])))
    case.refresh_from_db()
    assert case.status == Case.PENDING

    res = judge.post(f"{CASES}{case.pk}/approve-closure/", {"note": "同意"}, format="json")
    assert res.status_code == 200, res.json()
    body = res.json()
    assert body["status"] == "closed" and body["closure_method"] == "completed"
    assert body["closed_on"] == "2026-06-30" and body["closure_method_label"] == "执行完毕"
    assert body["closure_requests"][0]["decided_by"] == "li"


def test_a_handler_who_is_also_a_judge_is_refused_by_the_rule(cast, file_case, courts):
    from zhixing.courts import actions as court_actions
    from zhixing.courts import rules as r

    court_actions.grant_role(cast.officer, courts.xiongan, r.JUDGE, actor=CLI)
    case = file_case()
    res = client_for(cast.officer).post(
        f"{CASES}{case.pk}/approve-closure/", {"method": "completed", "closed_on": "2026-06-30"}
    )
    assert res.status_code == 400
    assert res.json()["errors"] == ["承办人不得审批本人承办案件的结案"]


def test_terminated_this_round_is_refused_with_what_is_missing(cast, file_case):
    case = file_case()
    res = _request_closure(
        client_for(cast.officer), case, method=rules.TERMINATED_THIS_ROUND, closed_on="2026-07-01"
    )
    assert res.status_code == 400
    errors = res.json()["errors"]
    assert len(errors) >= 3 and any("执行通知书" in e for e in errors)


def test_resume_files_a_linked_case(cast, file_case):
    case = file_case()
    res = _request_closure(client_for(cast.officer), case, method=rules.TERMINATED, closed_on="2026-05-01")
    assert res.status_code == 201, res.json()
    res = client_for(cast.judge).post(f"{CASES}{case.pk}/approve-closure/", {}, format="json")
    assert res.status_code == 200, res.json()
    res = client_for(cast.officer).post(
        f"{CASES}{case.pk}/resume/", {"filed_on": "2026-08-03", "reason": "发现财产"}, format="json"
    )
    assert res.status_code == 201, res.json()
    new = res.json()
    assert re.match(r"^（2026）冀96执恢\d+号$", new["case_number"])
    assert new["resumed_from"] == case.pk and new["resumed_from_number"] == case.case_number
    assert new["applied_amount"] == "50000.00"
    assert len(new["parties"]) == 2


def test_case_list_does_not_query_per_row(cast, file_case, django_assert_max_num_queries):
    for i in range(12):
        file_case(filed_on=dt.date(2026, 3, 2) + dt.timedelta(days=i))
    client = client_for(cast.officer)
    client.get(CASES)  # warm the per-process catalogue and rule-setting caches
    with django_assert_max_num_queries(5):
        res = client.get(CASES)
    assert res.json()["count"] == 12 and len(res.json()["results"]) == 12


def test_case_detail_does_not_query_per_party_or_node(cast, file_case, django_assert_max_num_queries):
    case = file_case()
    client = client_for(cast.officer)
    client.get(f"{CASES}{case.pk}/")
    with django_assert_max_num_queries(7):
        res = client.get(f"{CASES}{case.pk}/")
    assert len(res.json()["nodes"]) >= 5
