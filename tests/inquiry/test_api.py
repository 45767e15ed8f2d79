"""The inquiry API (/api/v1/inquiry/): batches of the caller's courts with their progress, a court-wide
batch started by the command centre only, a case's results for the staff on the case only (each read
logged with its purpose, nothing logged for anyone refused), measures with their actions through the
same actions as the pages, refused with Chinese reasons; in the OpenAPI schema."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.inquiry import test_pages as pages
from tests.inquiry.test_pages import ACCOUNT, add_asset, add_measure, file_with_debtor
from zhixing.core.models import AuditEntry
from zhixing.funds import actions as funds_actions
from zhixing.inquiry import actions, rules
from zhixing.inquiry.api import API_PURPOSE
from zhixing.inquiry.models import InquiryBatch, InquiryRequest, Measure

pytestmark = pytest.mark.django_db

# The register the page tests use: a case with a frozen deposit and an unsealed house.
institutions = pages.institutions
registered = pages.registered

BATCHES = "/api/v1/inquiry/batches/"
MEASURES = "/api/v1/inquiry/measures/"


def client_for(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def results_url(case) -> str:
    return f"/api/v1/inquiry/cases/{case.pk}/results/"


def reads():
    return AuditEntry.objects.filter(action="inquiry.read_results")


def ids(res) -> list[int]:
    assert res.status_code == 200, res.json()
    return [row["id"] for row in res.json()["results"]]


# --- Batches -------------------------------------------------------------------------------------


def test_the_command_centre_starts_and_follows_a_batch(cast, courts, registered):
    api = client_for(cast.command)
    res = api.post(BATCHES, {"court": "冀96", "scope": "open"}, format="json")
    assert res.status_code == 201, res.json()
    body = res.json()
    assert body["scope"] == "open" and body["status"] == "running" and body["started_by"] == "王指挥"
    assert {p["code"] for p in body["progress"]} == {"ICBC", "XAREG"}
    assert all(p["requests"] == 1 and p["outstanding"] == 1 and p["debtors"] == 1 for p in body["progress"])
    assert ids(api.get(BATCHES)) == [body["id"]]
    assert ids(api.get(BATCHES + "?court=冀01")) == []
    detail = api.get(f"{BATCHES}{body['id']}/").json()
    assert detail["progress"][0]["name"] == "中国工商银行" and detail["progress"][0]["link"] == "总对总"


def test_officers_may_not_start_a_batch_and_see_only_their_own(cast, courts, registered):
    case = registered[0]
    res = client_for(cast.officer).post(BATCHES, {"court": "冀96", "scope": "open"}, format="json")
    assert res.status_code == 403 and "发起批量网络查控" in res.json()["detail"]
    res = client_for(cast.command).post(BATCHES, {"court": "冀96", "scope": "whatever"}, format="json")
    assert res.status_code == 400
    court_wide = actions.start_batch(courts.xiongan, InquiryBatch.OPEN, actor=cast.command)
    res = client_for(cast.officer).post(f"/api/v1/inquiry/cases/{case.pk}/start/")
    assert res.status_code == 201 and res.json()["scope"] == "case"
    assert ids(client_for(cast.officer).get(BATCHES)) == [res.json()["id"]]
    assert client_for(cast.officer).get(f"{BATCHES}{court_wide.pk}/").status_code == 404
    assert ids(client_for(cast.outsider).get(BATCHES)) == []
    assert client_for(cast.outsider).post(f"/api/v1/inquiry/cases/{case.pk}/start/").status_code == 404


# --- Results -------------------------------------------------------------------------------------


def test_results_for_the_staff_on_the_case_masked_and_logged_with_purpose(cast, registered):
    case, deposit, _house, frozen = registered
    res = client_for(cast.officer).get(results_url(case) + "?purpose=制作财产调查报告")
    assert res.status_code == 200, res.json()
    body = res.json()
    assert body["case_number"] == case.case_number and body["purpose"] == "制作财产调查报告"
    (debtor,) = body["debtors"]
    assert "*" in debtor["id_number"]
    by_id = {a["id"]: a for a in debtor["assets"]}
    assert by_id[deposit.pk]["account"] == "****3445" and by_id[deposit.pk]["value"] == "123456.78"
    (m,) = by_id[deposit.pk]["measures"]
    assert (
        m["id"] == frozen.pk
        and m["kind_label"] == "冻结"
        and m["position"] == 2
        and m["amount"] == "50000.00"
    )
    assert ACCOUNT not in res.content.decode()
    entry = reads().get()
    assert entry.actor_id == cast.officer.pk
    assert entry.detail == {"case": case.case_number, "party": debtor["name"], "purpose": "制作财产调查报告"}
    client_for(cast.judge).get(results_url(case))
    assert reads().filter(actor=cast.judge).get().detail["purpose"] == API_PURPOSE


def test_no_results_and_no_read_for_anyone_else(cast, registered):
    case = registered[0]
    for who in ("officer2", "clerk", "finance"):
        res = client_for(getattr(cast, who)).get(results_url(case))
        assert res.status_code == 403, who
        assert "查看被执行人财产信息" in res.json()["detail"]
    assert client_for(cast.outsider).get(results_url(case)).status_code == 404
    assert not reads().exists()


# --- Measures ------------------------------------------------------------------------------------


def test_measures_are_listed_for_the_cases_whose_results_one_may_see(cast, registered):
    frozen = registered[3]
    for who in ("officer", "judge", "president", "command"):
        assert ids(client_for(getattr(cast, who)).get(MEASURES)) == [frozen.pk], who
    for who in ("officer2", "clerk", "outsider"):
        assert ids(client_for(getattr(cast, who)).get(MEASURES)) == [], who
    row = client_for(cast.officer).get(f"{MEASURES}{frozen.pk}/").json()
    assert (
        row["account"] == "****3445"
        and row["status"] == "active"
        and row["expiry"] == frozen.expiry.isoformat()
    )
    assert ids(client_for(cast.officer).get(MEASURES + "?status=lapsed")) == []
    assert client_for(cast.officer).get(MEASURES + "?status=nonsense").status_code == 400


def test_measure_actions_through_the_api(cast, courts, registered):
    case, _deposit, house, frozen = registered
    funds_actions.open_pooled_account(courts.xiongan, actor=cast.admin)  # a deduction lands there
    api = client_for(cast.officer)
    res = api.post(f"{MEASURES}freeze/", {"asset": house.pk, "days": 1000}, format="json")
    assert res.status_code == 201, res.json()
    assert (
        res.json()["kind"] == "seal" and res.json()["status"] == "requested" and res.json()["amount"] is None
    )
    res = api.post(f"{MEASURES}freeze/", {"asset": house.pk}, format="json")
    assert res.status_code == 400 and res.json()["errors"] == ["该财产已有本院生效或待回执的查控措施"]

    res = api.post(f"{MEASURES}{frozen.pk}/deduct/", {"amount": "1000.00"}, format="json")
    assert res.status_code == 200 and res.json()["pending"] == "deduct"
    res = api.post(f"{MEASURES}{frozen.pk}/renew/", {}, format="json")
    assert res.status_code == 400 and res.json()["errors"] == ["该措施已有待回执的指令"]
    assert InquiryRequest.objects.filter(measure=frozen).count() == 1

    res = client_for(cast.command).post(
        f"{MEASURES}{frozen.pk}/release/", {"reason": "ruling"}, format="json"
    )
    assert res.status_code == 403  # the command centre reads, the staff on the case act
    res = client_for(cast.officer2).post(
        f"{MEASURES}{frozen.pk}/release/", {"reason": "ruling"}, format="json"
    )
    assert res.status_code == 404


def test_release_and_renew(cast, registered, clock):
    frozen = registered[3]
    api = client_for(cast.officer)
    res = api.post(f"{MEASURES}{frozen.pk}/renew/", {"days": 100}, format="json")
    assert res.status_code == 200 and res.json()["pending"] == "renew"
    Measure.objects.filter(pk=frozen.pk).update(pending="")
    res = api.post(f"{MEASURES}{frozen.pk}/release/", {"reason": "paid"}, format="json")
    assert res.status_code == 200 and res.json()["pending"] == "release"
    assert api.post(f"{MEASURES}{frozen.pk}/release/", {"reason": "x"}, format="json").status_code == 400


def test_measure_list_asks_a_fixed_number_of_queries(
    cast, courts, institutions, clock, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fill(n: int, start: int) -> None:
        for i in range(start, start + n):
            case = file_with_debtor(courts, cast, n=200 + i)
            a = add_asset(
                case, institutions["bank"], rules.DEPOSIT, f"D{i}", Decimal("5.00"), "6222000011112222"
            )
            add_measure(a, amount=Decimal("5.00"), start=clock.today - dt.timedelta(days=10))

    api = client_for(cast.officer)
    fill(2, 0)
    api.get(MEASURES)
    with CaptureQueriesContext(connection) as few:
        assert len(ids(api.get(MEASURES))) == 2
    fill(5, 2)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(ids(api.get(MEASURES))) == 7


def test_the_endpoints_are_in_the_schema(cast):
    schema = client_for(cast.officer).get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for p in (
        "/api/v1/inquiry/batches/",
        "/api/v1/inquiry/batches/{id}/",
        "/api/v1/inquiry/cases/{case_id}/results/",
        "/api/v1/inquiry/cases/{case_id}/start/",
        "/api/v1/inquiry/measures/",
        "/api/v1/inquiry/measures/freeze/",
        "/api/v1/inquiry/measures/{id}/renew/",
        "/api/v1/inquiry/measures/{id}/release/",
        "/api/v1/inquiry/measures/{id}/deduct/",
    ):
        assert p in paths, p
