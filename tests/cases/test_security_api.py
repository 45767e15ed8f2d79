"""The API's smaller findings of issue 7 ("Security"): no 500 on an id too large, no HTML and no English
in its errors, the schema and docs only for signed-in users, and a schema that says what the API does
(nullable users, the parties list not paginated, ids as integers)."""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from .test_api import CASES, client_for

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fa5]")
HUGE = "99999999999999999999999"


def _chinese_json(res, status: int) -> str:
    assert res.status_code == status, (res.status_code, res.content[:300])
    assert res["Content-Type"].startswith("application/json"), res["Content-Type"]
    body = res.json()
    text = body.get("detail") or "".join(body.get("errors", []))
    assert CHINESE.search(text), text
    for english in ("matches the given query", "parse error", "Not found", "not found"):
        assert english not in text, text
    return text


def test_a_node_filter_with_an_id_too_large_is_a_400_not_a_500(cast, file_case):
    file_case()
    client = client_for(cast.officer)
    _chinese_json(client.get("/api/v1/nodes/", {"case": HUGE}), 400)
    _chinese_json(client.get("/api/v1/nodes/", {"case": "abc"}), 400)
    res = client.post("/api/v1/nodes/record/", {"case": HUGE, "kind": "execution_notice"}, format="json")
    _chinese_json(res, 400)


def test_a_missing_case_is_a_chinese_404(cast, file_case):
    case = file_case()
    _chinese_json(client_for(cast.officer).get(f"{CASES}{HUGE}/"), 404)
    _chinese_json(client_for(cast.officer).get(f"{CASES}{case.pk + 1000}/"), 404)
    # A case of another court does not exist for this caller, in the same words.
    _chinese_json(client_for(cast.outsider).get(f"{CASES}{case.pk}/"), 404)
    party_id = case.parties.first().pk + 1000
    _chinese_json(client_for(cast.officer).get(f"{CASES}{case.pk}/parties/{party_id}/"), 404)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cases/abc/",
        "/api/v1/cases/abc/parties/",
        "/api/v1/cases/1/parties/abc/",
        "/api/v1/nodes/1x/",
        "/api/v1/no-such-thing/",
        "/api/nothing-here",
    ],
)
def test_any_other_address_under_api_is_a_json_404_in_chinese(cast, path):
    _chinese_json(client_for(cast.officer).get(path), 404)


def test_a_get_without_the_trailing_slash_is_still_redirected(cast):
    res = client_for(cast.officer).get("/api/v1/cases")
    assert res.status_code == 301 and res["Location"].endswith("/api/v1/cases/")


def test_a_body_that_is_not_json_is_refused_in_chinese(cast):
    res = client_for(cast.clerk).post(CASES, data="{bad", content_type="application/json")
    text = _chinese_json(res, 400)
    assert "JSON" in text and "第 1 行" in text


def test_drf_s_own_refusals_are_in_chinese(cast, file_case):
    case = file_case()
    client = client_for(cast.officer)
    _chinese_json(client.delete(f"{CASES}{case.pk}/"), 405)
    _chinese_json(client.post(CASES, data="x", content_type="text/plain"), 415)
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    _chinese_json(bad.get(CASES), 401)
    _chinese_json(APIClient().get(CASES), 401)


def test_schema_and_docs_are_for_signed_in_users_only(client, cast):
    anonymous = APIClient()
    assert anonymous.get("/api/schema/").status_code == 401
    for page in ("/api/docs/", "/api/redoc/"):
        res = client.get(page)
        assert res.status_code == 302 and "/accounts/login/" in res["Location"], page
    assert client_for(cast.officer).get("/api/schema/").status_code == 200
    client.force_login(cast.officer)
    for page in ("/api/schema/", "/api/docs/", "/api/redoc/"):
        assert client.get(page).status_code == 200, page


@pytest.fixture(scope="module")
def schema(tmp_path_factory, django_db_blocker):
    out = tmp_path_factory.mktemp("schema") / "schema.json"
    with django_db_blocker.unblock():
        call_command("spectacular", validate=True, fail_on_warn=True, file=str(out), format="openapi-json")
    return json.loads(out.read_text(encoding="utf-8"))


def test_schema_says_which_users_may_be_null(schema):
    props = schema["components"]["schemas"]
    assert props["Case"]["properties"]["handler"]["nullable"] is True
    assert props["CaseDetail"]["properties"]["handler"]["nullable"] is True
    assert props["Node"]["properties"]["done_by"]["nullable"] is True
    assert props["ClosureRequest"]["properties"]["decided_by"]["nullable"] is True
    assert props["ClosureRequest"]["properties"]["requested_by"]["nullable"] is True


def test_schema_documents_the_parties_list_as_the_plain_list_it_is(schema):
    get = schema["paths"]["/api/v1/cases/{id}/parties/"]["get"]
    body = get["responses"]["200"]["content"]["application/json"]["schema"]
    assert body == {"type": "array", "items": {"$ref": "#/components/schemas/Party"}}
    assert {p["name"] for p in get["parameters"]} == {"id", "reveal"}  # no case filters, no page


def test_schema_types_ids_as_integers(schema):
    for path in ("/api/v1/cases/{id}/", "/api/v1/nodes/{id}/", "/api/v1/cases/{id}/parties/{party_id}/"):
        for p in schema["paths"][path]["get"]["parameters"]:
            if p["in"] == "path":
                assert p["schema"]["type"] == "integer", (path, p)
    assert not [p for p in schema["paths"] if "{format}" in p]
