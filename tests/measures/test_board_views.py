"""The command centre's pages: the dispatch board (/measures/board/), the equipment register and duty
roster, planning an operation from its form, the operation page with finance's 接收 button, and the
report. Who sees what by role; another court sees nothing; each list reads in a fixed number of
queries, whatever its length."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import moment
from zhixing.measures import actions, rules
from zhixing.measures.models import Equipment, FieldCash, FieldRecord, Operation

pytestmark = pytest.mark.django_db

BOARD = reverse("measures:board")


def kit(courts, cast, code: str = "冀A·12345", kind: str = rules.VEHICLE) -> Equipment:
    return actions.register_equipment(courts.xiongan, kind, code, f"执行车 {code}", actor=cast.command)


def plan(courts, cast, case, name: str = "雄安集中执行行动", equipment=(), day=None, hour: int = 9):
    day = day or timezone.localdate()
    return actions.plan_operation(
        courts.xiongan,
        actor=cast.command,
        name=name,
        kind="concentrated",
        starts_at=moment(day, hour),
        ends_at=moment(day, hour + 8),
        leader=cast.officer,
        members=[(cast.officer2, rules.OFFICER_ROLE)],
        targets=[{"case": case, "place": "雄县某小区3号楼", "task": "查找车辆"}],
        equipment=list(equipment),
        witnesses=[{"name": "李代表", "kind": "deputy", "unit": "雄安新区人大"}],
    )


def cash(op, case, cast, amount: str = "12000.00", receipt: str = "XC-0001", hours: int = 0) -> FieldCash:
    """A cash row as take_cash writes it (the field actions may land after these pages)."""
    taken = timezone.now() + dt.timedelta(hours=hours)
    row = FieldCash.objects.create(
        operation=op,
        case=case,
        amount=Decimal(amount),
        receipt_number=receipt,
        payer_name="赵某某",
        taken_at=taken,
        taken_by=cast.officer,
        handover_due_on=timezone.localdate(taken),
    )
    row.officers.set([cast.officer, cast.officer2])
    FieldRecord.objects.create(
        operation=op, case=case, officer=cast.officer, kind=rules.CASH, at=taken, text=receipt
    )
    return row


def html_of(client, user, url=BOARD, **params) -> str:
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def section(html: str, marker: str) -> str:
    return html.split(f'id="{marker}"', 1)[1].split("</table>", 1)[0].split("</ul>", 1)[0]


# --- the board -----------------------------------------------------------------------------------------


def test_the_board_shows_todays_operation_team_vehicle_and_checkin(client, courts, cast, person_case):
    car = kit(courts, cast)
    op = plan(courts, cast, person_case, equipment=[car])
    actions.start_operation(op, actor=cast.officer)
    FieldRecord.objects.create(
        operation=op, officer=cast.officer2, kind=rules.CHECK_IN, at=timezone.now(), place="3号楼楼下"
    )
    actions.set_duty(courts.xiongan, cast.officer2, timezone.localdate(), "officer", actor=cast.command)
    html = html_of(client, cast.command, court="冀96")
    ops = html.split('id="board-operations"', 1)[1]
    assert f'data-operation="{op.pk}"' in ops
    assert "陈执行" in ops and "冀A·12345" in ops and person_case.case_number in ops
    assert "3号楼楼下" in ops.split("last-checkin", 1)[1].split("</div>", 1)[0]
    assert "陈执行" in section(html, "board-duty")
    assert op.name in section(html, "board-equipment")
    assert 'id="plan-link"' in html  # the command centre plans


def test_finance_sees_the_cash_with_a_receive_button_and_officers_do_not(client, courts, cast, person_case):
    op = plan(courts, cast, person_case)
    row = cash(op, person_case, cast)
    fin = section(html_of(client, cast.finance), "board-cash")
    assert f'data-cash="{row.pk}"' in fin and "receive-form" in fin
    off = section(html_of(client, cast.officer), "board-cash")
    assert f'data-cash="{row.pk}"' in off and "receive-form" not in off
    assert 'id="plan-link"' not in html_of(client, cast.officer)


def test_roles_without_the_board_are_refused_and_another_court_sees_nothing(
    client, courts, cast, person_case
):
    op = plan(courts, cast, person_case)
    cash(op, person_case, cast)
    client.force_login(cast.clerk)
    assert client.get(BOARD).status_code == 403
    html = html_of(client, cast.outsider)
    assert f'data-operation="{op.pk}"' not in html and "data-cash=" not in html
    client.force_login(cast.outsider)
    assert client.get(reverse("measures:operation", args=[op.pk])).status_code == 404
    assert client.get(reverse("measures:report", args=[op.pk])).status_code == 404


def test_the_nav_link_shows_for_board_roles_only(client, cast):
    assert "外勤调度" in html_of(client, cast.finance, reverse("cases:inbox"))
    assert "外勤调度" in html_of(client, cast.command, reverse("cases:inbox"))
    assert "外勤调度" not in html_of(client, cast.clerk, reverse("cases:inbox"))


def counted(captured) -> int:
    # The cached rule settings re-read their stamp now and then, by the clock, not by the rows.
    return sum(1 for q in captured.captured_queries if "core_cachestamp" not in q["sql"])


def test_the_board_reads_in_a_fixed_number_of_queries(client, courts, cast, person_case, file_case):
    def world(n: int, start: int):
        for i in range(start, start + n):
            case = file_case()
            op = plan(courts, cast, case, name=f"行动{i}", equipment=[kit(courts, cast, f"冀A·{i:05d}")])
            FieldRecord.objects.create(
                operation=op, officer=cast.officer, kind=rules.CHECK_IN, at=timezone.now()
            )
            cash(op, case, cast, receipt=f"XC-{i}")

    world(1, 0)
    client.force_login(cast.finance)
    client.get(BOARD)
    with CaptureQueriesContext(connection) as one:
        assert client.get(BOARD).status_code == 200
    world(3, 1)
    with CaptureQueriesContext(connection) as four:
        response = client.get(BOARD)
    assert counted(four) <= counted(one)
    assert response.content.decode().count('board-operation"') == 4
    assert response.content.decode().count('class="cash-row') == 4


# --- equipment and roster -------------------------------------------------------------------------------


def test_the_command_centre_registers_equipment_and_a_duty_from_the_page(client, courts, cast):
    client.force_login(cast.command)
    url = reverse("measures:equipment")
    response = client.post(
        reverse("measures:register_equipment"),
        {"court": "冀96", "kind": rules.DRONE, "code": "UAV-01", "name": "大疆无人机", "state": "available"},
    )
    assert response.status_code == 302
    item = Equipment.objects.get(code="UAV-01")
    assert item.court == courts.xiongan
    client.post(reverse("measures:equipment_state", args=[item.pk]), {"state": "maintenance"})
    item.refresh_from_db()
    assert item.state == Equipment.MAINTENANCE
    client.post(
        reverse("measures:set_duty"),
        {"court": "冀96", "user": cast.officer.pk, "on": timezone.localdate().isoformat(), "role": "officer"},
    )
    html = html_of(client, cast.command, url, court="冀96")
    assert "大疆无人机" in html and "维修保养" in html and "张执行" in section(html, "duties")


def test_an_officer_reads_the_register_but_cannot_change_it(client, courts, cast):
    kit(courts, cast)
    html = html_of(client, cast.officer, reverse("measures:equipment"))
    assert "冀A·12345" in html and "equipment-form" not in html and "state-form" not in html
    client.force_login(cast.officer)
    client.post(
        reverse("measures:register_equipment"),
        {"court": "冀96", "kind": "vest", "code": "V1", "name": "背心"},
    )
    assert not Equipment.objects.filter(code="V1").exists()


# --- planning ---------------------------------------------------------------------------------------------


def plan_form(courts, cast, case, car=None, **over) -> dict:
    day = timezone.localdate()
    data = {
        "court": courts.xiongan.pk,
        "court_code": "冀96",
        "name": "凌晨集中执行",
        "kind": "concentrated",
        "starts_at": f"{day.isoformat()}T14:00",
        "ends_at": f"{day.isoformat()}T18:00",
        "leader": cast.officer.pk,
        "officers": [cast.officer2.pk],
        "case_1": case.case_number,
        "place_1": "雄县某小区3号楼",
        "task_1": "查找车辆",
        "property_1": "on",
        "witness_1": "王委员",
        "witness_kind_1": "cppcc",
        "witness_unit_1": "雄县政协",
        "briefing": "兵分两路",
    }
    if car:
        data["equipment"] = [car.pk]
    data.update(over)
    return data


def test_planning_an_operation_from_the_form(client, courts, cast, person_case):
    car = kit(courts, cast)
    client.force_login(cast.command)
    url = reverse("measures:plan")
    assert client.get(url, {"court": "冀96"}).status_code == 200
    response = client.post(url, plan_form(courts, cast, person_case, car))
    op = Operation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("measures:operation", args=[op.pk])
    assert {m.user_id: m.role for m in op.members.all()} == {
        cast.officer.pk: rules.LEADER_ROLE,
        cast.officer2.pk: rules.OFFICER_ROLE,
    }
    assert op.targets.get().case == person_case
    assert op.bookings.get().equipment == car
    assert op.witnesses.get().name == "王委员"
    html = html_of(client, cast.officer, reverse("measures:operation", args=[op.pk]))
    assert 'id="field-link"' in html and "start-form" in html  # the leader starts it


def test_one_officer_for_a_property_target_is_refused_in_chinese(client, courts, cast, person_case):
    client.force_login(cast.command)
    response = client.post(
        reverse("measures:plan"), plan_form(courts, cast, person_case, officers=[]), follow=True
    )
    assert not Operation.objects.exists()
    assert "两名以上执行人员" in response.content.decode()


def test_an_unknown_case_number_is_named(client, courts, cast, person_case):
    client.force_login(cast.command)
    response = client.post(
        reverse("measures:plan"),
        plan_form(courts, cast, person_case, case_1="（2099）冀96执1号"),
        follow=True,
    )
    assert not Operation.objects.exists()
    assert "找不到案件" in response.content.decode()


def test_only_the_command_centre_or_a_leader_plans(client, cast):
    client.force_login(cast.officer)
    assert client.get(reverse("measures:plan")).status_code == 403
    client.force_login(cast.finance)
    assert client.get(reverse("measures:plan")).status_code == 403


# --- the operation page and report --------------------------------------------------------------------


def test_the_leader_starts_and_closes_and_the_report_follows(client, courts, cast, person_case):
    op = plan(courts, cast, person_case)
    client.force_login(cast.officer)
    client.post(reverse("measures:start_operation", args=[op.pk]))
    op.refresh_from_db()
    assert op.status == Operation.UNDERWAY
    response = client.post(reverse("measures:close_operation", args=[op.pk]), {"summary": "找到被执行人"})
    assert response["Location"] == reverse("measures:report", args=[op.pk])
    html = html_of(client, cast.command, reverse("measures:report", args=[op.pk]))
    assert person_case.case_number in section(html, "report-rows")
    assert "找到被执行人" in html


def test_another_officer_cannot_start_it(client, courts, cast, person_case):
    op = plan(courts, cast, person_case)
    client.force_login(cast.judge)
    client.post(reverse("measures:start_operation", args=[op.pk]))
    op.refresh_from_db()
    assert op.status == Operation.PLANNED


def test_the_operation_page_reads_in_a_fixed_number_of_queries(client, courts, cast, person_case, file_case):
    cases = [file_case() for _ in range(4)]
    op = plan(courts, cast, person_case)
    url = reverse("measures:operation", args=[op.pk])
    cash(op, person_case, cast)
    client.force_login(cast.finance)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i, case in enumerate(cases):
        actions.add_target(op, case, f"地点{i}", actor=cast.command)
        cash(op, case, cast, receipt=f"R{i}")
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert counted(five) <= counted(one)
    assert response.content.decode().count('class="cash-row"') == 5


def test_planned_from_the_high_court_the_operation_is_its_cases_court(client, courts, cast, person_case):
    client.force_login(cast.command)
    client.post(
        reverse("measures:plan"), plan_form(courts, cast, person_case, court=courts.high.pk, court_code="冀")
    )
    assert Operation.objects.get().court == courts.xiongan  # so 冀96's finance takes its cash over


def test_the_report_as_pdf(client, courts, cast, person_case):
    op = plan(courts, cast, person_case)
    client.force_login(cast.command)
    response = client.get(reverse("measures:report", args=[op.pk]), {"format": "pdf"})
    # 503 only where no CJK font is installed (core.pdf.FontNotFound says which).
    assert response.status_code in (200, 503)
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
