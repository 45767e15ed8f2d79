"""Nodes through the API: each with its state on the day asked, the filters of the inbox, and
recording a node through the same action as the case page."""

from __future__ import annotations

import datetime as dt

from zhixing.cases import queries, rules
from zhixing.cases.actions.common import today
from zhixing.cases.models import Node

from .test_api import CASES, client_for

NODES = "/api/v1/nodes/"


def listed(client, **params) -> list[dict]:
    res = client.get(NODES, params)
    assert res.status_code == 200, res.json()
    return res.json()["results"]


def test_nodes_carry_their_state(cast, file_case):
    old = file_case()  # filed 2026-03-02: its open deadlines have long passed
    fresh = file_case(filed_on=today())
    rows = listed(client_for(cast.officer))
    assert {r["case"] for r in rows} == {old.pk, fresh.pk}
    soon = queries.due_soon_days()
    for r in rows:
        node = Node.objects.get(pk=r["id"])
        expected = rules.node_state(node.due_on, node.done_on, today(), soon)
        assert r["state"] == expected and r["state_label"] == rules.STATE_LABELS[expected]
    old_states = {r["kind"]: r["state"] for r in rows if r["case"] == old.pk}
    assert old_states["assign_handler"] == "done"
    assert old_states["execution_notice"] == "overdue"
    assert {r["state"] for r in rows if r["case"] == fresh.pk} & {"due_soon", "normal"}


def test_state_filters_match_the_states_shown(cast, file_case):
    file_case()
    file_case(filed_on=today())
    client = client_for(cast.officer)
    every = listed(client)
    for state in ("overdue", "due_soon", "normal", "done", "waiting"):
        got = listed(client, state=state)
        assert sorted(r["id"] for r in got) == sorted(r["id"] for r in every if r["state"] == state)
    overdue = listed(client, state="overdue")
    assert overdue and [r["due_on"] for r in overdue] == sorted(r["due_on"] for r in overdue)


def test_filters_by_case_and_kind(cast, file_case):
    a, b = file_case(), file_case()
    client = client_for(cast.officer)
    assert {r["case"] for r in listed(client, case=a.pk)} == {a.pk}
    rows = listed(client, kind="execution_notice")
    assert {r["case"] for r in rows} == {a.pk, b.pk} and {r["kind"] for r in rows} == {"execution_notice"}
    assert rows[0]["kind_name"] == "发出执行通知书" and rows[0]["case_number"] in (
        a.case_number,
        b.case_number,
    )


def test_mine_is_the_callers_inbox(cast, file_case):
    mine = file_case()
    theirs = file_case(handler=cast.officer2)
    rows = listed(client_for(cast.officer), mine="1")
    assert rows and {r["case"] for r in rows} == {mine.pk}
    assert all(r["done_on"] is None and r["due_on"] for r in rows)
    assert {r["case"] for r in listed(client_for(cast.officer2), mine="1")} == {theirs.pk}
    # A judge handles no case: an empty inbox, though the court's nodes are all visible.
    assert listed(client_for(cast.judge), mine="1") == []
    assert len(listed(client_for(cast.judge))) > 0


def test_outsider_sees_no_nodes(cast, file_case):
    case = file_case()
    outsider = client_for(cast.outsider)
    assert listed(outsider) == []
    node = case.nodes.first()
    assert outsider.get(f"{NODES}{node.pk}/").status_code == 404
    res = outsider.post(f"{NODES}record/", {"case": case.pk, "kind": "execution_notice"}, format="json")
    assert res.status_code == 404


def test_record_node_on_the_case_sets_done_on(cast, file_case):
    case = file_case()
    res = client_for(cast.officer).post(
        f"{CASES}{case.pk}/nodes/record/",
        {"kind": "execution_notice", "done_on": "2026-03-04", "note": "直接送达"},
        format="json",
    )
    assert res.status_code == 200, res.json()
    body = res.json()
    assert body["done_on"] == "2026-03-04" and body["state"] == "done" and body["done_by"] == "zhang"
    node = case.nodes.get(kind__code="execution_notice")
    assert node.done_on == dt.date(2026, 3, 4) and node.note == "直接送达"
    assert case.events.filter(kind="node_recorded").exists()


def test_record_node_through_the_nodes_endpoint(cast, file_case):
    case = file_case()
    res = client_for(cast.officer).post(
        f"{NODES}record/", {"case": case.pk, "kind": "consumption_restriction", "done_on": "2026-04-01"}
    )
    assert res.status_code == 200, res.json()
    assert case.nodes.get(kind__code="consumption_restriction").done_on == dt.date(2026, 4, 1)


def test_record_node_refusals(cast, file_case):
    case = file_case()
    url = f"{CASES}{case.pk}/nodes/record/"
    officer = client_for(cast.officer)
    res = officer.post(url, {"kind": "execution_notice", "done_on": "2026-03-01"}, format="json")
    assert res.status_code == 400 and "早于立案日期" in res.json()["errors"][0]
    res = officer.post(url, {"kind": "no_such_kind"}, format="json")
    assert res.status_code == 400 and "未知的节点类型" in res.json()["errors"][0]
    # Another officer of the court may see the case but not act on it.
    res = client_for(cast.officer2).post(url, {"kind": "execution_notice"}, format="json")
    assert res.status_code == 403 and res.json()["detail"]
    assert case.nodes.get(kind__code="execution_notice").done_on is None


def test_node_list_does_not_query_per_row(cast, file_case, django_assert_max_num_queries):
    for i in range(6):
        file_case(filed_on=dt.date(2026, 3, 2) + dt.timedelta(days=i))
    client = client_for(cast.officer)
    client.get(NODES)  # warm the per-process catalogue and rule-setting caches
    for params in ({}, {"mine": "1"}, {"state": "overdue"}):
        with django_assert_max_num_queries(5):
            res = client.get(NODES, params)
        assert len(res.json()["results"]) >= 6
