"""Closing keeps the nodes it leaves open, cancelled with the closing as reason (issue 8: it used to
delete them, so the file no longer showed what was left undone); cancelled is not open anywhere."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from zhixing.cases import actions, checks, queries, rules
from zhixing.cases.actions.common import today
from zhixing.cases.models import Node

from .test_api import client_for
from .test_closing import close

pytestmark = pytest.mark.django_db

FILED = dt.date(2026, 3, 2)  # its open deadlines have long passed on the suite's today
CLOSED = dt.date(2026, 4, 1)


@pytest.fixture
def closed(file_case, cast):
    case = file_case(filed_on=FILED)
    left_open = set(case.nodes.filter(done_on__isnull=True).values_list("pk", flat=True))
    assert left_open
    close(case, rules.COMPLETED, CLOSED, cast.judge)
    case.refresh_from_db()
    return case, left_open


def test_the_open_nodes_are_kept_cancelled_with_the_closing_as_reason(closed):
    case, left_open = closed
    cancelled = case.nodes.filter(cancelled_on__isnull=False)
    assert set(cancelled.values_list("pk", flat=True)) == left_open
    assert {(n.cancelled_on, n.cancelled_reason, n.done_on) for n in cancelled} == {
        (CLOSED, "结案（执行完毕）", None)
    }
    assert {queries.node_state(n) for n in cancelled} == {rules.CANCELLED}
    assert rules.STATE_LABELS[rules.CANCELLED] == "已取消"


def test_the_case_page_shows_them_greyed_with_the_reason(closed, cast, client):
    case, left_open = closed
    client.force_login(cast.officer)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert html.count('data-state="cancelled"') == len(left_open)
    assert html.count("node-cancelled ") + html.count('node-cancelled"') >= len(left_open)
    assert "已取消：结案（执行完毕）" in html


def test_cancelled_is_not_open_for_the_scan_inbox_centre_api_or_check(closed, cast):
    case, left_open = closed
    assert actions.scan_overdue() == 0
    assert not Node.objects.filter(pk__in=left_open, overdue_since__isnull=False).exists()
    assert not queries.open_nodes().filter(case=case).exists()
    assert not queries.inbox_nodes(cast.officer).filter(case=case).exists()
    assert not queries.overdue_nodes(cast.command).filter(case=case).exists()
    assert list(checks.closed_cases_have_no_open_nodes()) == []
    api = client_for(cast.officer)
    for state in ("overdue", "due_soon", "normal", "waiting"):
        rows = api.get("/api/v1/nodes/", {"case": case.pk, "state": state}).json()["results"]
        assert rows == [], state
    rows = api.get("/api/v1/nodes/", {"case": case.pk, "state": "cancelled"}).json()["results"]
    assert {r["id"] for r in rows} == left_open and {r["state_label"] for r in rows} == {"已取消"}


def test_a_node_open_on_a_closed_case_is_still_caught_by_the_check(closed):
    case, left_open = closed
    Node.objects.filter(pk=min(left_open)).update(cancelled_on=None, cancelled_reason="")
    assert len(list(checks.closed_cases_have_no_open_nodes())) == 1


def test_node_state_rule():
    on = today()
    assert rules.node_state(on, None, on, 3, on) == rules.CANCELLED
    assert rules.node_state(None, None, on, 3, on) == rules.CANCELLED
    assert rules.node_state(on, on, on, 3, None) == rules.DONE
