"""The migrant-worker wage cases' priority list /relief/wage-cases/ and its API (rules §10.1.1 festival
push, §10.1.2 priority payout): the open wage cases of the courts the user may read, the money received
and not yet paid out with its payout deadline, over-clock first; the counts at the top; the days left to
pay it all before the Spring Festival; a court filter, an Excel download, the reading roles only, and a
query count that does not grow with the rows."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from zhixing.cases.models import Case
from zhixing.relief import rules

pytestmark = pytest.mark.django_db
D = Decimal
URL = "/relief/wage-cases/"
API = "/api/v1/relief/wage-cases/"


@pytest.fixture
def world(file_case, loan_case, pay_in, clock):
    """Three open wage cases of 冀96: `late` got 30,000.00 a month ago (past its 5-working-day clock),
    `fresh` 10,000.00 today, `empty` nothing yet; a closed wage case and a loan case with money stay out."""
    late, fresh, empty, closed = (file_case() for _ in range(4))
    pay_in(late, D("30000.00"), clock.today - dt.timedelta(days=30))
    pay_in(fresh, D("10000.00"), clock.today)
    pay_in(loan_case, D("20000.00"), clock.today - dt.timedelta(days=30))
    pay_in(closed, D("5000.00"), clock.today - dt.timedelta(days=30))
    Case.objects.filter(pk=closed.pk).update(status=Case.CLOSED)
    return {"late": late, "fresh": fresh, "empty": empty, "closed": closed, "loan": loan_case}


def rows(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'class="wage-row [^"]*" data-case="(\d+)"', html)]


def text_of(html: str, element_id: str) -> str:
    m = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', html)
    assert m, element_id
    return m.group(1).strip()


def test_the_list_shows_open_wage_cases_over_clock_first_with_their_money(client, cast, world, clock):
    client.force_login(cast.officer)
    r = client.get(URL)
    assert r.status_code == 200
    html = r.content.decode()
    assert rows(html) == [world["late"].pk, world["fresh"].pk, world["empty"].pk]
    late = re.search(rf'data-case="{world["late"].pk}">(.*?)</tr>', html, re.S).group(1)
    assert "30,000.00" in late and "超期未发放" in late and "超期" in late
    fresh = re.search(rf'data-case="{world["fresh"].pk}">(.*?)</tr>', html, re.S).group(1)
    assert "10,000.00" in fresh and "待发放" in fresh
    assert world["fresh"].receipts.get().payout_due_on.isoformat() in fresh
    empty = re.search(rf'data-case="{world["empty"].pk}">(.*?)</tr>', html, re.S).group(1)
    assert "无待发放款" in empty


def test_the_counts_at_the_top_are_the_cases_and_money_behind_them(client, cast, world):
    client.force_login(cast.command)  # the high court's command centre sees the courts below it
    html = client.get(URL).content.decode()
    assert text_of(html, "total-cases") == "3"
    assert text_of(html, "total-awaiting-cases") == "2"
    assert text_of(html, "total-awaiting") == "40,000.00"
    assert text_of(html, "total-overdue-cases") == "1"
    assert text_of(html, "total-overdue") == "30,000.00"


def test_the_days_left_to_the_festival_deadline(client, cast, world, clock):
    client.force_login(cast.officer)
    html = client.get(URL).content.decode()
    eve = rules.festival_deadline(rules.next_spring_festival(clock.today))
    assert re.search(r'class="festival-days">(\d+)<', html).group(1) == str((eve - clock.today).days)
    assert eve.isoformat() in html


def test_past_the_table_of_festival_days_the_page_says_so(client, cast, world, monkeypatch):
    monkeypatch.setattr(rules, "SPRING_FESTIVAL", {})
    client.force_login(cast.officer)
    html = client.get(URL).content.decode()
    assert "春节日期表已用完" in html and "festival-days" not in html
    assert "after-festival" not in html


def test_filters_by_court_and_by_money_awaiting(client, cast, world, courts):
    client.force_login(cast.command)
    assert rows(client.get(URL, {"court": "冀01"}).content.decode()) == []
    assert len(rows(client.get(URL, {"court": "冀96"}).content.decode())) == 3
    awaiting = rows(client.get(URL, {"awaiting": "1"}).content.decode())
    assert awaiting == [world["late"].pk, world["fresh"].pk]


def test_the_excel_holds_every_row_as_text_and_money(client, cast, world):
    client.force_login(cast.officer)
    r = client.get(URL, {"format": "xlsx"})
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = [list(x) for x in load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True)]
    assert sheet[0][0] == "案号" and sheet[0][6] == "待发放金额"
    assert [x[0] for x in sheet[1:]] == [world[k].case_number for k in ("late", "fresh", "empty")]
    assert D(str(sheet[1][6])) == D("30000.00") and sheet[1][10] == "超期未发放"


def test_only_the_reading_roles_and_finance_see_the_list_and_only_their_courts(client, cast, world):
    assert client.get(URL).status_code == 302  # login first
    client.force_login(cast.finance)  # finance pays the wage money out before the festival
    page = client.get(URL).content.decode()
    assert rows(page) and 'href="/relief/wage-cases/"' in page  # and the menu leads there
    assert client.get(API).json()["count"] == len(rows(page))
    for user in (cast.clerk, cast.admin):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.get(API).status_code == 403
    client.force_login(cast.outsider)  # 石家庄: reads its own court, none of 冀96's cases
    r = client.get(URL)
    assert r.status_code == 200 and rows(r.content.decode()) == []
    assert client.get(API).json()["count"] == 0
    assert client.get(URL, {"court": "冀96"}).content.decode().count("wage-row") == 0


def test_the_api_gives_the_same_figures_as_the_page(client, cast, world, clock):
    client.force_login(cast.judge)
    data = client.get(API).json()
    assert data["count"] == 3
    assert [x["case"] for x in data["results"]] == [world["late"].pk, world["fresh"].pk, world["empty"].pk]
    first = data["results"][0]
    assert first["state"] == "overdue" and first["awaiting"] == "30000.00" and first["days_left"] < 0
    assert first["payout_due_on"] == world["late"].receipts.get().payout_due_on.isoformat()
    assert data["totals"] == {
        "cases": 3,
        "awaiting_cases": 2,
        "awaiting": "40000.00",
        "overdue_cases": 1,
        "overdue": "30000.00",
    }
    eve = rules.festival_deadline(rules.next_spring_festival(clock.today))
    assert data["festival"]["deadline"] == eve.isoformat()
    assert data["festival"]["days_left"] == (eve - clock.today).days
    assert [x["case"] for x in client.get(API, {"awaiting": "1"}).json()["results"]] == [
        world["late"].pk,
        world["fresh"].pk,
    ]


def test_query_count_does_not_grow_with_rows(client, cast, file_case, pay_in, clock, steady_caches):
    client.force_login(cast.command)
    first = file_case()
    pay_in(first, D("1000.00"), clock.today)
    client.get(URL)  # warm the per-process caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    for i in range(4):
        case = file_case()
        pay_in(case, D("100.00") * (i + 1), clock.today - dt.timedelta(days=i * 10))
    with CaptureQueriesContext(connection) as large:
        r = client.get(URL)
    assert len(rows(r.content.decode())) == 5
    assert len(large) == len(small)
    with CaptureQueriesContext(connection) as api_small:
        client.get(API)
    file_case()
    with CaptureQueriesContext(connection) as api_large:
        assert client.get(API).json()["count"] == 6
    assert len(api_large) == len(api_small)


def test_the_page_keeps_its_name_and_the_api_its_path():
    assert reverse("relief:wage_cases") == URL
    assert reverse("api:relief-wage-cases") == API
