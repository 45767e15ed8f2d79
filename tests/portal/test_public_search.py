"""The public search (issue 11 item 4; zhixing.portal.search, the page /public/ and
GET /api/v1/public/dishonest/): by full name, by identity code (a 15-digit one converted), or both; a
partial name of at least 3 characters; refusals in Chinese; removed entries vanish at once; two
statements a search whatever it finds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from zhixing.core.identity import check_uscc
from zhixing.credit.actions import public
from zhixing.credit.models import PublicEntry
from zhixing.portal import search

from .public_entries import LI_ID, UNIT_CODE, ZHANG_ID, ZHANG_ID_15, add

pytestmark = pytest.mark.django_db
API = "/api/v1/public/dishonest/"


@pytest.fixture(autouse=True)
def no_limit(settings):
    settings.ZHIXING_PUBLIC_RATE_PER_MINUTE = 0


@pytest.fixture
def entries():
    return {
        "zhang": add("张三丰", ZHANG_ID, published_on=dt.date(2026, 11, 1)),
        "zhang_restricted": add("张三丰", ZHANG_ID, kind=PublicEntry.RESTRICTED),
        "zhang_other": add(
            "张三丰", LI_ID, published_on=dt.date(2026, 11, 25), case_number="（2026）冀9638执7号"
        ),
        "li": add("李四", LI_ID, kind=PublicEntry.TERMINATED),
        "unit": add("雄安华信建筑工程有限公司", UNIT_CODE, legal_representative="王五"),
    }


def _names(result) -> list[str]:
    return [r["name"] for r in result.rows]


def _run(name="", code="", partial=False, kind=None):
    return search.search(search.parse(name, code, partial), kind)


def test_a_full_name_matches_exactly_newest_first(entries):
    result = _run("张三丰")
    assert result.kind == PublicEntry.DISHONEST
    assert [r["case_number"] for r in result.rows] == ["（2026）冀9638执7号", "（2026）冀9638执100号"]
    assert result.counts == {"dishonest": 2, "restricted": 1, "terminated": 0}
    assert _run("张三").rows == []  # exact: a prefix is not the name
    assert _run("张三丰丰").rows == []


def test_an_identity_code_matches_exactly_and_a_15_digit_one_is_converted(entries):
    assert check_uscc(UNIT_CODE).valid
    assert [r["id_code_masked"] for r in _run(code=ZHANG_ID).rows] == [
        ZHANG_ID[:6] + "********" + ZHANG_ID[-4:]
    ]
    assert len(ZHANG_ID_15) == 15
    assert _run(code=ZHANG_ID_15).counts == _run(code=ZHANG_ID).counts == {
        "dishonest": 1, "restricted": 1, "terminated": 0
    }  # fmt: skip
    assert _names(_run(code=ZHANG_ID.lower())) == ["张三丰"]  # a lower-case x, spaces: normalised
    assert _names(_run(code=UNIT_CODE.lower())) == ["雄安华信建筑工程有限公司"]  # unit codes upper-cased
    # no kind asked: the first kind that has results
    assert _run(code=LI_ID).kind == PublicEntry.DISHONEST
    assert _names(_run(code=LI_ID, kind=PublicEntry.TERMINATED)) == ["李四"]


def test_name_and_code_together_must_both_match(entries):
    assert [r["id_code_masked"][-4:] for r in _run("张三丰", LI_ID).rows] == [LI_ID[-4:]]
    assert _run("李四", ZHANG_ID).counts == {"dishonest": 0, "restricted": 0, "terminated": 0}


def test_a_partial_name_of_three_characters_or_more(entries):
    assert _names(_run("华信建筑", partial=True)) == ["雄安华信建筑工程有限公司"]
    assert _names(_run("张三丰", partial=True)) == ["张三丰", "张三丰"]
    assert _run("建筑工程有限公司", partial=True).counts["dishonest"] == 1
    assert _run("50%", "", partial=False).rows == []
    assert _run("有限%公司", partial=True).rows == []  # LIKE's wildcards are literal
    assert _run('华信"建筑', partial=True).rows == []  # and FTS5's quotes


@pytest.mark.parametrize(
    ("name", "code", "partial", "says"),
    [
        ("", "", False, "请输入"),
        ("张", "", False, "至少"),
        ("张三", "", True, "至少输入 3 个字"),
        ("", ZHANG_ID, True, "部分匹配"),
        ("", "12345", False, "证件号码"),
        ("", ZHANG_ID[:-1] + "Z", False, "证件号码"),
        ("张" * 101, "", False, "过长"),
    ],
)
def test_refusals_are_in_chinese(name, code, partial, says):
    with pytest.raises(search.SearchError, match=says):
        search.parse(name, code, partial)


def test_a_removed_entry_vanishes_at_once_from_the_page_and_the_api(entries, client):
    assert _run("李四", kind=PublicEntry.TERMINATED).rows
    public.withdraw([entries["li"].source])
    assert _run("李四").counts == {"dishonest": 0, "restricted": 0, "terminated": 0}
    html = client.get(reverse("public:search"), {"name": "李四", "kind": "terminated"}).content.decode()
    assert "找到 0 条记录" in html and 'class="card mb-3 record"' not in html
    assert client.get(API, {"name": "李四", "kind": "terminated"}).json()["results"] == []
    public.withdraw(prefix="listing:")
    assert _run(code=ZHANG_ID).counts == {"dishonest": 0, "restricted": 1, "terminated": 0}
    assert _run("华信建筑", partial=True).rows == []  # the FTS/trigram index let go of it too


def test_two_statements_a_search_whatever_it_finds(django_assert_num_queries):
    for i in range(120):
        add("赵六", resident_id_for(i), published_on=dt.date(2026, 1, 1) + dt.timedelta(days=i))
    for query in [search.parse("赵六", ""), search.parse("无此人", ""), search.parse("", ZHANG_ID),
                  search.parse("赵六有", "", partial=True)]:  # fmt: skip
        # On PostgreSQL a partial name also sets and resets its time limit, inside a savepoint.
        bounded = query.partial and connection.vendor == "postgresql"
        with django_assert_num_queries(6 if bounded else 2):
            search.search(query)
    with django_assert_num_queries(2):
        result = search.search(search.parse("赵六", ""), page=3)
    assert result.count == 120 and result.pages == 3 and len(result.rows) == 20
    assert result.rows[0]["published_on"] == "2026-01-20"  # page 3 of newest first


def test_counts_are_capped(monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    for i in range(7):
        add("孙七", resident_id_for(i))
    result = search.search(search.parse("孙七", ""))
    assert result.capped and result.count == 5 and search.count_label(result.counts["dishonest"]) == "5+"


def resident_id_for(i: int) -> str:
    from .public_entries import resident_id

    return resident_id(f"130638199001{i % 28 + 1:02d}{i:03d}"[:17])


def test_the_page_shows_the_tabs_and_the_masked_records(entries, client):
    page = client.get(reverse("public:search"), {"id_code": ZHANG_ID})
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        'lang="zh-CN"' in html
        and "失信被执行人" in html
        and "限制消费人员" in html
        and "终结本次执行案件" in html
    )
    results = html[html.index('id="results"') :]
    assert ZHANG_ID not in results and ZHANG_ID[:6] + "********" + ZHANG_ID[-4:] in results
    assert "不设图形验证码" in html  # the limit stands in for a captcha, and the page says so
    restricted = client.get(reverse("public:search"), {"id_code": ZHANG_ID, "kind": "restricted"})
    assert 'id="tab-restricted" aria-current="page"' in restricted.content.decode()
    refused = client.get(reverse("public:search"), {"name": "张三", "partial": "1"})
    assert refused.status_code == 400 and "至少输入 3 个字" in refused.content.decode()
    assert client.get(reverse("public:search")).status_code == 200  # the empty form


def test_the_api_answers_json_and_400_in_chinese(entries, client):
    answer = client.get(API, {"name": "张三丰"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["kind"] == "dishonest" and body["count"] == 2 and body["counts"]["restricted"] == "1"
    assert len(body["results"]) == 2
    bad = client.get(API, {"name": "张"})
    assert bad.status_code == 400 and "至少" in bad.json()["detail"]
    assert client.get(API, {"name": "张三丰", "kind": "nope"}).status_code == 400
    assert client.get(API, {"name": "张三丰", "page": "x"}).status_code == 400
    assert client.get(API).status_code == 400


def test_the_api_is_in_the_openapi_schema(admin_client):
    schema = admin_client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/public/dishonest/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"name", "id_code", "partial", "kind", "page"}
    assert operation.get("security") in (None, [], [{}]) or {} in operation["security"]


def test_the_limit_replaces_a_captcha_and_answers_429_in_chinese(entries, client, settings):
    settings.ZHIXING_PUBLIC_RATE_PER_MINUTE = 3
    page = client.get(reverse("public:search"), {"name": "张三丰"})
    assert "每分钟最多查询 3 次" in page.content.decode() and "验证码" in page.content.decode()
    assert client.get(API, {"name": "张三丰"}).status_code == 200
    assert client.get(reverse("public:search")).status_code == 200  # the page and the API count together
    refused = client.get(API, {"name": "张三丰"})
    assert (
        refused.status_code == 429 and refused["Retry-After"] == "60" and "频繁" in refused.json()["detail"]
    )
    assert client.get(reverse("public:search")).status_code == 429


def test_a_partial_search_that_runs_too_long_asks_for_more_of_the_name(entries, monkeypatch):
    monkeypatch.setattr(search, "PARTIAL_SECONDS", -1)  # already past its time
    monkeypatch.setattr(search, "PROGRESS_STEPS", 1)
    if connection.vendor == "postgresql":
        # statement_timeout is at least 1 ms, which a search of a few rows beats: a statement that
        # sleeps 200 ms before each search makes it run too long, under the real timeout.
        original = search._search

        def slow(*args, **kwargs):
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_sleep(0.2)")
            return original(*args, **kwargs)

        monkeypatch.setattr(search, "_search", slow)
    with pytest.raises(search.SearchError, match="过多"):
        _run("华信建筑", partial=True)
    assert _names(_run("张三丰")) == [
        "张三丰",
        "张三丰",
    ]  # exact searches are not bounded; the connection works on
    monkeypatch.setattr(search, "PARTIAL_SECONDS", 2.0)
    assert _names(_run("华信建筑", partial=True)) == ["雄安华信建筑工程有限公司"]
