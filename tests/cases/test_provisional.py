"""Deadlines in a year the holiday table does not cover (issue 7): provisional (暂定), never refused,
shown as such everywhere, and recomputed when an administrator declares the year.

The calendar is seeded through 2026. These tests run on 2026-12-01, when a court's deadlines first run
into 2027, and on a day inside 2027 itself. The 2027 notices are made up for the tests.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from zhixing.cases import actions, events, queries, rules
from zhixing.cases.models import Case, CaseEvent, Node
from zhixing.core import actions as core_actions
from zhixing.core import calendar, holiday_notice
from zhixing.core.models import AuditEntry, CalendarYear

from .test_api import client_for

D = dt.date
TODAYS = [D(2026, 12, 1), D(2027, 3, 15)]


@pytest.fixture(params=TODAYS, ids=lambda d: d.isoformat())
def on(request, clock):
    clock.move_to(request.param)
    return request.param


def open_nodes(case) -> list[Node]:
    return list(case.nodes.filter(done_on__isnull=True, due_on__isnull=False).select_related("kind"))


def test_filing_today_gives_provisional_deadlines_in_2027_and_final_ones_before(on, file_case):
    case = file_case(filed_on=on)
    nodes = open_nodes(case)
    assert nodes, "a filed case has deadlines counted from its filing and its handler"
    for n in nodes:
        # Each deadline is rolled past days off, so the calendar of its year is consulted: a 2027
        # deadline cannot be final while 2027 is undeclared, and a 2026 one is.
        assert n.due_provisional == (n.due_on.year >= 2027), (n.kind.code, n.due_on)
        guess = calendar.provisional_due(*_args(n, case))
        assert (n.due_on, n.due_provisional) == (guess.on, guess.provisional)
    assert any(n.due_provisional for n in nodes)


def _args(node: Node, case: Case):
    from zhixing.cases.actions.nodes import anchor_date
    from zhixing.core.rulesettings import rule_setting

    anchor = anchor_date(node.kind, case, {"assign_handler": case.handler_assigned_on})
    return anchor, int(rule_setting(node.kind.amount_setting, case.court, anchor)), node.kind.unit


def test_the_case_page_inbox_api_and_export_say_provisional(on, cast, file_case, client):
    case = file_case(filed_on=on)
    provisional = [n for n in open_nodes(case) if n.due_provisional]
    client.force_login(cast.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert page.count('class="badge text-bg-warning provisional"') >= len(provisional)
    inbox = client.get("/inbox/").content.decode()
    assert "暂定" in inbox
    rows = client_for(cast.officer).get("/api/v1/nodes/", {"case": case.pk}).json()["results"]
    flags = {r["id"]: r["provisional"] for r in rows}
    assert flags == {n.pk: n.due_provisional for n in case.nodes.all()}
    sheet = load_workbook(io.BytesIO(client.get("/inbox/export/").content)).active
    header = [c.value for c in sheet[1]]
    col = header.index("暂定期限")
    marked = [r[col].value for r in sheet.iter_rows(min_row=2)]
    assert marked.count("暂定") == len(provisional)


def test_node_states_of_provisional_deadlines_follow_the_day(on, file_case, clock):
    case = file_case(filed_on=on)
    n = next(n for n in open_nodes(case) if n.due_provisional)
    soon = queries.due_soon_days()
    assert queries.node_state(n, on, soon) in (rules.NORMAL, rules.DUE_SOON)
    clock.move_to(n.due_on + dt.timedelta(days=1))
    assert actions.scan_overdue() >= 1
    n.refresh_from_db()
    assert n.overdue_since == n.due_on + dt.timedelta(days=1)


def test_closing_in_an_undeclared_year(on, cast, file_case):
    case = file_case(filed_on=on - dt.timedelta(days=40))
    actions.request_closure(case, "completed", on, shortfall="waiver", actor=cast.officer)
    actions.approve_closure(case, actor=cast.judge)
    case.refresh_from_db()
    assert case.status == Case.CLOSED and case.closed_on == on
    assert not case.nodes.filter(done_on__isnull=True, cancelled_on__isnull=True).exists()


def test_the_bulletin_of_the_current_week(on, file_case, tmp_path):
    file_case(filed_on=on)
    year, week, _ = on.isocalendar()
    out = tmp_path / "b.json"
    call_command("bulletin", "--week", f"{year}-W{week:02d}", "-o", str(out), stderr=io.StringIO())
    data = json.loads(out.read_text())
    assert data["period"]["end"] == (on + dt.timedelta(days=6 - on.weekday())).isoformat()
    area = next(c for c in data["courts"] if c["court_code"] == "冀" and c["area"])
    assert area["indicators"]["received"] >= 1 and area["indicators"]["pending"] >= 1


# --- declaring the year ------------------------------------------------------------------------------

NOTICE = "名称,放假开始,放假结束,调休上班\n元旦,2027-01-01,2027-01-03,\n{extra}"


def _declare_covering(day: dt.date, admin, via_page=None):
    """Declare 2027 with a (made-up) festival that covers `day`, so that a deadline there must move."""
    start = day - dt.timedelta(days=day.weekday())  # that week's Monday .. Sunday
    text = NOTICE.format(extra=f"测试假期,{start},{start + dt.timedelta(days=6)},")
    if start <= D(2027, 1, 3):
        text = "名称,放假开始,放假结束,调休上班\n" + f"测试假期,2027-01-01,{start + dt.timedelta(days=6)},"
    if via_page is None:
        return core_actions.declare_year(
            holiday_notice.parse(text, year=2027, source="测试通知"), actor=admin
        )
    return via_page.post(
        "/admin/core/calendaryear/declare/", {"year": 2027, "source": "测试通知", "notice": text}
    )


def test_declaring_2027_from_a_pasted_table_recomputes_every_provisional_deadline(cast, file_case, client):
    case = file_case(filed_on=D(2026, 12, 1))
    target = next(n for n in open_nodes(case) if n.due_provisional and n.due_on.weekday() < 5)
    others = {n.pk: n.due_on for n in open_nodes(case) if not n.due_provisional}
    client.force_login(cast.admin)
    res = _declare_covering(target.due_on, cast.admin, via_page=client)
    assert res.status_code == 302, res.content.decode()
    assert CalendarYear.objects.filter(year=2027, source="测试通知").exists()
    target_before = target.due_on
    target.refresh_from_db()
    # The festival covers the old deadline's whole week: it rolls to the Monday after.
    assert not target.due_provisional
    assert target.due_on == target_before + dt.timedelta(days=7 - target_before.weekday())
    assert not Node.objects.filter(due_provisional=True).exists()
    assert {n.pk: n.due_on for n in open_nodes(case) if n.pk in others} == others
    kinds = list(AuditEntry.objects.order_by("-id").values_list("action", flat=True)[:2])
    assert kinds == ["node.recompute_provisional", "calendar.declare_year"]
    # The case's timeline says which deadline moved, from what to what.
    event = CaseEvent.objects.get(case=case, kind=events.DEADLINE_RECOUNTED, data__node=target.kind.code)
    assert event.data["changed"]["due_on"] == [target_before.isoformat(), target.due_on.isoformat()]
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "provisional" not in page
    assert f"期限 由“{target_before.isoformat()}”改为“{target.due_on.isoformat()}”" in page


def test_a_deadline_no_longer_overdue_after_declaring_loses_its_mark(cast, file_case, clock):
    case = file_case(filed_on=D(2026, 12, 1))
    n = next(n for n in open_nodes(case) if n.due_provisional and n.due_on.weekday() < 5)
    clock.move_to(n.due_on + dt.timedelta(days=1))
    actions.scan_overdue()
    _declare_covering(n.due_on, cast.admin)
    n.refresh_from_db()
    assert n.overdue_since is None and n.due_on > clock.today


def test_a_pasted_table_with_a_mistake_saves_nothing(cast, client, file_case):
    case = file_case(filed_on=D(2026, 12, 1))
    client.force_login(cast.admin)
    res = client.post(
        "/admin/core/calendaryear/declare/",
        {"year": 2027, "source": "测试", "notice": "元旦,2027-01-01,2027-01-03,2027-01-05"},
    )
    assert res.status_code == 200 and "不是周末" in res.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert case.nodes.filter(due_provisional=True).exists()


def test_only_an_administrator_declares(cast, client):
    client.force_login(cast.officer)
    res = client.post("/admin/core/calendaryear/declare/", {"year": 2027, "source": "x", "notice": "x"})
    assert res.status_code in (302, 403)
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_calendar_import_command_declares_from_a_file(db, file_case, tmp_path):
    case = file_case(filed_on=D(2026, 12, 1))
    path = tmp_path / "2027.yaml"
    path.write_text(
        "year: 2027\nsource: 测试通知\nholidays:\n  - {名称: 元旦, 放假开始: 2027-01-01, 放假结束: 2027-01-03}\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("calendar", "import", str(path), stdout=out)
    assert "已发布 2027 年日历：放假 3 天" in out.getvalue()
    assert not case.nodes.filter(due_provisional=True).exists()
    assert calendar.due_date(D(2026, 12, 31), 1, "days") == D(2027, 1, 4)


# --- the reminder from 1 October -----------------------------------------------------------------


def test_from_1_october_the_admin_pages_and_check_warn_that_next_year_is_undeclared(cast, client, clock):
    client.force_login(cast.admin)
    clock.move_to(D(2026, 9, 30))
    assert 'id="calendar-warning"' not in client.get("/admin/").content.decode()
    clock.move_to(D(2026, 10, 1))
    page = client.get("/admin/").content.decode()
    assert 'id="calendar-warning"' in page and "2027 年的节假日安排尚未录入" in page
    err = io.StringIO()
    call_command("integrity_check", stdout=io.StringIO(), stderr=err)
    assert "【警告·次年节假日安排】2027 年" in err.getvalue()
