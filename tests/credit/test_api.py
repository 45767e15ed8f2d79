"""The credit read API (/api/v1/credit/cases/<id>/): a case's listings, restrictions and certificates
for the staff may_read_credit allows, identity codes masked, in the OpenAPI schema, and read without a
query per row."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.credit.conftest import DEBTOR_ID, REP_ID
from zhixing.cases.models import Party
from zhixing.credit.actions import corrections, listings

pytestmark = pytest.mark.django_db


def url(case) -> str:
    return reverse("api:credit-case", args=[case.pk])


@pytest.fixture
def listed_unit(unit_case, cast):
    unit = unit_case.parties.get(role=Party.DEBTOR)
    proposal = listings.propose_listing(
        unit_case, unit, 4, actor=cast.officer, legal_representative=("孙某", REP_ID)
    )
    listing = listings.decide_listing(proposal, actor=cast.president)
    corrections.record_correction(listing, "inaccurate", "名称有误", actor=cast.officer)
    return unit_case, listing


@pytest.mark.parametrize("who", ["officer", "judge", "president", "command"])
def test_staff_on_the_case_read_its_credit_measures_masked(client, cast, listed_unit, who):
    case, listing = listed_unit
    client.force_login(getattr(cast, who))
    r = client.get(url(case))
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["case_number"] == case.case_number
    [row] = data["listings"]
    assert row["id"] == listing.pk and row["status"] == "published" and row["ground"] == 4
    assert row["ground_label"] == "违反财产报告制度" and row["term_end"] == listing.term_end.isoformat()
    assert row["document"] == listing.document.number
    assert row["corrections"][0]["status"] == "filed"
    [restriction] = data["restrictions"]
    assert restriction["status"] == "issued"
    assert restriction["persons"][0]["name"] == "孙某"
    assert restriction["persons"][0]["id_number"] == REP_ID[:6] + "********" + REP_ID[-4:]
    assert REP_ID not in r.content.decode()
    assert data["certificates"] == []


def test_a_person_debtors_code_is_masked(client, cast, person_case, debtor):
    listings.decide_listing(
        listings.propose_listing(person_case, debtor, 2, actor=cast.officer), actor=cast.president
    )
    client.force_login(cast.officer)
    body = client.get(url(person_case)).content.decode()
    assert DEBTOR_ID not in body and DEBTOR_ID[:6] + "********" + DEBTOR_ID[-4:] in body


def test_outsider_404_clerk_403_anonymous_401(client, cast, listed_unit):
    case, _listing = listed_unit
    client.force_login(cast.outsider)
    assert client.get(url(case)).status_code == 404
    client.force_login(cast.clerk)
    r = client.get(url(case))
    assert r.status_code == 403 and "信用惩戒" in r.json()["detail"]
    client.logout()
    assert client.get(url(case)).status_code == 401


def test_in_the_openapi_schema(client, cast):
    client.force_login(cast.officer)
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    assert "/api/v1/credit/cases/{case_id}/" in schema["paths"]
    op = schema["paths"]["/api/v1/credit/cases/{case_id}/"]["get"]
    assert op["tags"] == ["信用惩戒"]


def test_no_query_per_row(client, cast, listed_unit, django_assert_max_num_queries, steady_caches):
    case, listing = listed_unit
    client.force_login(cast.officer)
    client.get(url(case))
    with django_assert_max_num_queries(20) as one:
        client.get(url(case))
    for _i in range(3):
        corrections.record_correction(listing, "wrongly_listed", "不应纳入", actor=cast.officer)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url(case))
