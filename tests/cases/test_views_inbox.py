"""The officer's inbox page: urgency badges, filters, `共 N 条`, a query count that does not grow with the
rows, and the Excel export of exactly what the filters select."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from zhixing.cases.actions.common import today
from zhixing.cases.models import Node

pytestmark = pytest.mark.django_db

OPEN_PER_CASE = 5  # a first-enforcement case with a handler has 5 open nodes (assign_handler is done)


@pytest.fixture
def inbox(file_case):
    """`n` cases of the officer filed on 2026-03-02: every open node is overdue until moved."""

    def _make(n: int):
        return [file_case(filed_on=dt.date(2026, 3, 2)) for _ in range(n)]

    return _make


def page(client, **params):
    return client.get(reverse("cases:inbox"), params)


def test_login_is_required(client):
    r = client.get(reverse("cases:inbox"))
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("courts:login"))


def test_rows_carry_state_badges_and_days(client, cast, inbox):
    case = inbox(1)[0]
    on = today()
    nodes = Node.objects.filter(case=case, done_on__isnull=True)
    nodes.filter(kind__code="execution_notice").update(due_on=on + dt.timedelta(days=1))
    nodes.filter(kind__code="property_investigation").update(due_on=on + dt.timedelta(days=20))
    client.force_login(cast.officer)
    html = page(client).content.decode()
    assert "共 5 条" in html
    assert html.count('state-badge text-bg-danger">超期<') == 3
    assert html.count('state-badge text-bg-warning">临期<') == 1 and "剩 1 天" in html
    assert html.count('state-badge text-bg-success">正常<') == 1 and "剩 20 天" in html
    overdue_days = (on - dt.date(2026, 3, 5)).days
    assert f"超期 {overdue_days} 天" in html


def test_filters_by_state_kind_and_case_number(client, cast, inbox):
    first, second = inbox(2)
    Node.objects.filter(case=first, kind__code="execution_notice").update(
        due_on=today() + dt.timedelta(days=2)
    )
    client.force_login(cast.officer)
    assert "共 1 条" in page(client, state="due_soon").content.decode()
    assert "共 9 条" in page(client, state="overdue").content.decode()
    assert "共 0 条" in page(client, state="normal").content.decode()
    by_kind = page(client, kind="first_network_inquiry").content.decode()
    assert "共 2 条" in by_kind
    by_number = page(client, q=second.case_number).content.decode()
    assert "共 5 条" in by_number and first.case_number not in by_number


def test_other_peoples_nodes_stay_out(client, cast, inbox):
    inbox(1)
    client.force_login(cast.officer2)
    assert "共 0 条" in page(client).content.decode()


def test_query_count_does_not_grow_with_rows(client, cast, inbox, django_assert_max_num_queries):
    client.force_login(cast.officer)
    inbox(1)
    page(client)  # warm the per-process caches (rule settings, node catalogue)
    with CaptureQueriesContext(connection) as small:
        assert page(client).status_code == 200
    inbox(5)  # 30 open nodes
    # session, user, count, the page of nodes (with case and kind joined), the navbar grants
    with django_assert_max_num_queries(6):
        r = page(client)
    assert "共 30 条" in r.content.decode()
    with CaptureQueriesContext(connection) as large:
        page(client)
    assert len(large) == len(small)


def test_fifty_a_page(client, cast, inbox):
    inbox(11)  # 55 nodes
    client.force_login(cast.officer)
    first = page(client).content.decode()
    assert "共 55 条" in first and first.count('class="inbox-row') == 50
    second = page(client, page=2).content.decode()
    assert second.count('class="inbox-row') == 5


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_export_holds_every_filtered_row_not_just_one_page(client, cast, inbox):
    cases = inbox(12)  # 60 overdue nodes: more than one page
    Node.objects.filter(case=cases[0], kind__code="execution_notice").update(
        due_on=today() + dt.timedelta(days=1)
    )
    client.force_login(cast.officer)
    rows = _sheet(client.get(reverse("cases:inbox_export"), {"state": "overdue", "page": "2"}))
    assert rows[0] == ["案号", "执行法院", "立案日期", "节点", "期限", "暂定期限", "状态", "剩余天数"]
    assert len(rows) - 1 == 59
    assert {r[6] for r in rows[1:]} == {"超期"}
    assert all(r[7] < 0 for r in rows[1:])

    rows = _sheet(client.get(reverse("cases:inbox_export"), {"kind": "execution_notice"}))
    assert len(rows) - 1 == 12
    assert {r[3] for r in rows[1:]} == {"发出执行通知书"}


def test_export_link_carries_the_filters(client, cast, inbox):
    inbox(1)
    client.force_login(cast.officer)
    html = page(client, state="overdue", kind="execution_notice", page="1").content.decode()
    assert 'href="/inbox/export/?state=overdue&amp;kind=execution_notice"' in html


def test_export_query_count_does_not_grow_with_rows(client, cast, inbox):
    client.force_login(cast.officer)
    inbox(1)
    url = reverse("cases:inbox_export")
    client.get(url)  # warm the per-process caches (rule settings, node catalogue)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    inbox(5)  # 30 open nodes
    with CaptureQueriesContext(connection) as large:
        r = client.get(url)
    assert load_workbook(io.BytesIO(r.content)).active.max_row == 1 + 6 * OPEN_PER_CASE
    assert len(large) == len(small)
