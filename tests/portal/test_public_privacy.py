"""Privacy of the public search (issue 11 items 4 and 8, Must show): every response of the page and the
API, for every kind, shape of search, page and refusal, holds no full identity code but the one the
request itself carried (the page keeps what its user typed in the box and the tab links), no phone or
bank account, and the API's records hold the published fields (rules.PUBLISHED_FIELDS) and nothing else,
even when a stored record carries more than it should."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from zhixing.credit import rules
from zhixing.credit.models import PublicEntry

from .public_entries import LI_ID, UNIT_CODE, ZHANG_ID, ZHANG_ID_15, add, resident_id

pytestmark = pytest.mark.django_db
API = "/api/v1/public/dishonest/"
PUBLISHED = {key for key, _label in rules.PUBLISHED_FIELDS}
FULL_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
PHONE = "13812345678"
ACCOUNT = "6222020200112233445"
WANG_ID = resident_id("11010519881212456")


@pytest.fixture(autouse=True)
def no_limit(settings):
    settings.ZHIXING_PUBLIC_RATE_PER_MINUTE = 0


@pytest.fixture
def entries():
    rows = [
        add("张三丰", ZHANG_ID),
        add("张三丰", ZHANG_ID, kind=PublicEntry.RESTRICTED),
        add("张三丰", LI_ID, kind=PublicEntry.TERMINATED),
        add("雄安华信建筑工程有限公司", UNIT_CODE, legal_representative="王五"),
        # A record that holds more than it may (a full code, a phone, an account, internal ids): the
        # search must still give the published fields only, the code masked.
        add(
            "王大锤",
            WANG_ID,
            id_code_masked=WANG_ID,
            phone=PHONE,
            bank_account=ACCOUNT,
            id_code=WANG_ID,
            party_id=7,
            listing_id=9,
        ),  # fmt: skip
    ]
    for i in range(55):  # two pages
        add("赵六", resident_id(f"1306381990{i % 12 + 1:02d}01{i:03d}"), published_on=dt.date(2026, 1, 1))
    return rows


def _codes(text: str) -> set[str]:
    return {m.upper() for m in FULL_ID.findall(text)}


def _requests() -> list[dict]:
    shapes = [
        {"name": "张三丰"},
        {"id_code": ZHANG_ID},
        {"id_code": ZHANG_ID_15},
        {"id_code": LI_ID},
        {"id_code": UNIT_CODE},
        {"name": "张三丰", "id_code": LI_ID},
        {"name": "华信建筑", "partial": "1"},
        {"name": "王大锤"},
        {"id_code": WANG_ID},
        {"name": "赵六"},
        {"name": "赵六", "page": "2"},
        {"name": "张"},  # refused
        {"name": "张三", "partial": "1"},  # refused
        {"id_code": "12345"},  # refused
        {},
    ]
    kinds = [{}, {"kind": "dishonest"}, {"kind": "restricted"}, {"kind": "terminated"}]
    return [s | k for s in shapes for k in kinds]


def test_no_response_of_the_page_or_the_api_holds_a_full_identity_code_it_was_not_given(entries, client):
    everyone = {ZHANG_ID, LI_ID, WANG_ID} | {
        e.id_code for e in PublicEntry.objects.all() if e.id_code[:17].isdigit()
    }
    seen = 0
    for params in _requests():
        carried = {params.get("id_code", "").upper()} - {""}
        for url in (reverse("public:search"), API):
            response = client.get(url, params)
            assert response.status_code in (200, 400), (url, params, response.status_code)
            text = response.content.decode()
            leaked = _codes(text) - carried
            assert not leaked, (url, params, leaked)
            assert PHONE not in text and ACCOUNT not in text, (url, params)
            if url == API:
                assert not _codes(text), (params, "the API echoes nothing")  # not even the query
            seen += text.count("*" * 8)
    assert seen  # masked codes were shown
    assert everyone  # (the codes of every stored row were candidates for a leak)


def test_the_api_records_hold_only_published_fields(entries, client):
    top = {"kind", "count", "count_capped", "counts", "page", "pages", "results"}
    records = 0
    for params in _requests():
        response = client.get(API, params)
        body = response.json()
        if response.status_code == 400:
            assert set(body) == {"detail"} and re.search(r"[\u4e00-\u9fff]", body["detail"])
            continue
        assert set(body) == top
        for record in body["results"]:
            assert set(record) <= PUBLISHED, set(record) - PUBLISHED
            assert not FULL_ID.search(str(record["id_code_masked"])) or record["party_type"] != "自然人"
            records += 1
    assert records > 50
    wang = client.get(API, {"name": "王大锤"}).json()["results"][0]
    assert wang["id_code_masked"] == WANG_ID[:6] + "********" + WANG_ID[-4:]


def test_the_page_shows_published_fields_only_and_no_staff_chrome(entries, client):
    html = client.get(reverse("public:search"), {"name": "王大锤"}).content.decode()
    labels = {label for _key, label in rules.PUBLISHED_FIELDS}
    shown = set(re.findall(r'<dt class="col-sm-4">([^<]+)</dt>', html))
    assert shown and shown <= labels
    assert "logout" not in html and "nav-user" not in html and "csrfmiddlewaretoken" not in html
    response = client.get(reverse("public:search"), {"name": "王大锤"})
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
    assert response["Referrer-Policy"] == "same-origin" and "noindex" in response["X-Robots-Tag"]
