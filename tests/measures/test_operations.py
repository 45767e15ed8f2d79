"""Planning, running and closing a field operation (rules §5.3): the team rule, the target cases'
court, the register and the roster, each write audited and each target told on its case."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from tests.measures.ops_world import hours, plan, vehicle
from zhixing.cases.actions.common import ActionError
from zhixing.core.models import AuditEntry
from zhixing.measures import actions, events, rules
from zhixing.measures.models import Duty, Equipment, Member, Operation


def test_plan_operation_with_team_targets_equipment_witnesses(courts, cast, person_case, unit_case, clock):
    car = vehicle(courts, cast)
    op = plan(
        courts,
        cast,
        person_case,
        clock.today,
        equipment=[car],
        targets=[
            {"case": person_case, "place": "雄县某小区", "task": "查找车辆"},
            {"case": unit_case, "place": "容城某工地", "takes_property": False},
        ],
        witnesses=[{"name": "张代表", "kind": "deputy", "unit": "雄安新区人大"}],
        briefing="两组分头行动",
        campaign="2026冬季",
    )
    assert op.status == Operation.PLANNED
    assert op.planned_by == cast.command and op.campaign == "2026冬季"
    roles = dict(op.members.values_list("user__username", "role"))
    assert roles == {"zhang": rules.LEADER_ROLE, "chen": rules.OFFICER_ROLE}
    assert op.targets.count() == 2
    assert op.bookings.get().equipment == car
    assert op.witnesses.get().kind == "deputy"
    event = person_case.events.get(kind=events.OPERATION_TARGETED)
    assert event.data == {"operation": "集中执行行动", "place": "雄县某小区"}
    assert unit_case.events.filter(kind=events.OPERATION_TARGETED).count() == 1
    assert AuditEntry.objects.filter(action="measures.plan", object_id=str(op.pk)).exists()
    assert AuditEntry.objects.filter(action="measures.book").count() == 1


def test_one_officer_cannot_take_property(courts, cast, person_case, clock):
    with pytest.raises(ActionError, match="两名以上执行人员"):
        plan(courts, cast, person_case, clock.today, members=[(cast.judge, rules.CLERK_ROLE)])
    assert not Operation.objects.exists()  # refused as a whole


def test_one_officer_may_go_where_nothing_is_taken(courts, cast, person_case, unit_case, clock):
    op = plan(
        courts,
        cast,
        person_case,
        clock.today,
        members=[],
        targets=[{"case": person_case, "place": "雄县", "takes_property": False}],
    )
    assert op.members.count() == 1
    # Adding a target that may take property needs a second officer first.
    with pytest.raises(ActionError, match="两名以上执行人员"):
        actions.add_target(op, unit_case, "别处", actor=cast.command)
    actions.add_member(op, cast.officer2, rules.OFFICER_ROLE, actor=cast.command)
    actions.add_target(op, unit_case, "别处", actor=cast.command)
    assert op.targets.count() == 2


def test_target_case_of_another_court_refused(courts, cast, person_case, file_case, clock):
    other = file_case(court=courts.shijiazhuang, handler=None, actor=cast.outsider)
    with pytest.raises(ActionError, match="不属于本院或下级法院"):
        plan(courts, cast, person_case, clock.today, targets=[{"case": other, "place": "石家庄"}])


def test_target_case_of_a_court_below_accepted(courts, cast, file_case, clock):
    below = file_case(court=courts.xiongxian, handler=None)
    op = plan(courts, cast, below, clock.today)
    assert op.targets.get().case == below


def test_only_command_or_leader_plans(courts, cast, person_case, clock):
    for who in (cast.officer, cast.finance, cast.outsider):
        with pytest.raises(PermissionDenied):
            actions.plan_operation(
                courts.xiongan,
                actor=who,
                name="x",
                kind="ordinary",
                starts_at=hours(clock.today, 9, 10)[0],
                ends_at=hours(clock.today, 9, 10)[1],
                leader=cast.officer,
                members=[(cast.officer2, rules.OFFICER_ROLE)],
                targets=[{"case": person_case, "place": "p"}],
            )
    plan(courts, cast, person_case, clock.today)  # the command centre of the high court may
    actions.plan_operation(
        courts.xiongan,
        actor=cast.president,
        name="院长部署",
        kind="ordinary",
        starts_at=hours(clock.today, 18, 19)[0],
        ends_at=hours(clock.today, 18, 19)[1],
        leader=cast.officer,
        members=[(cast.officer2, rules.OFFICER_ROLE)],
        targets=[{"case": person_case, "place": "p"}],
    )


def test_plan_refuses_bad_times_and_no_cases(courts, cast, person_case, clock):
    with pytest.raises(ActionError, match="晚于开始时间"):
        plan(courts, cast, person_case, clock.today, start=12, end=12)
    with pytest.raises(ActionError, match="至少列入一个案件"):
        actions.plan_operation(
            courts.xiongan,
            actor=cast.command,
            name="x",
            kind="ordinary",
            starts_at=hours(clock.today, 9, 10)[0],
            ends_at=hours(clock.today, 9, 10)[1],
            leader=cast.officer,
            targets=[],
        )


def test_outsider_cannot_be_a_member(courts, cast, person_case, clock):
    with pytest.raises(ActionError, match="不是本院执行人员"):
        plan(courts, cast, person_case, clock.today, members=[(cast.outsider, rules.OFFICER_ROLE)])


def test_start_close_releases_bookings_and_records_outcomes(courts, cast, person_case, clock):
    car = vehicle(courts, cast)
    op = plan(courts, cast, person_case, clock.today, equipment=[car])
    with pytest.raises(ActionError, match="进行中"):
        actions.close_operation(op, actor=cast.officer)
    actions.start_operation(op, actor=cast.officer)  # its leader
    op.refresh_from_db()
    assert op.status == Operation.UNDERWAY and op.started_at is not None
    with pytest.raises(ActionError, match="尚未开始"):
        actions.cancel_operation(op, actor=cast.command)
    with pytest.raises(PermissionDenied):
        actions.close_operation(op, actor=cast.finance)
    actions.close_operation(
        op, actor=cast.command, summary="找到被执行人", outcomes={person_case.pk: "当场履行"}
    )
    op.refresh_from_db()
    assert op.status == Operation.CLOSED and op.closed_at is not None and op.summary == "找到被执行人"
    assert op.targets.get().outcome == "当场履行"
    assert not op.bookings.filter(released=False).exists()
    statuses = list(
        AuditEntry.objects.filter(action="measures.operation_status").values_list("detail__status", flat=True)
    )
    assert statuses == ["行动中", "已结束"]
    with pytest.raises(ActionError):
        actions.start_operation(op, actor=cast.officer)


def test_cancel_planned_releases_bookings(courts, cast, person_case, clock):
    car = vehicle(courts, cast)
    op = plan(courts, cast, person_case, clock.today, equipment=[car])
    actions.cancel_operation(op, actor=cast.command, reason="天气原因")
    op.refresh_from_db()
    assert op.status == Operation.CANCELLED
    assert not op.bookings.filter(released=False).exists()
    with pytest.raises(ActionError, match="已结束或已取消"):
        actions.add_witness(op, "李委员", "cppcc", actor=cast.command)


def test_witnesses_added_and_marked(courts, cast, person_case, clock):
    op = plan(courts, cast, person_case, clock.today)
    w = actions.add_witness(op, "李委员", "cppcc", "雄安新区政协", actor=cast.command)
    with pytest.raises(ActionError, match="见证人身份"):
        actions.add_witness(op, "某人", "alien", actor=cast.command)
    actions.mark_witness(w, True, actor=cast.officer)
    w.refresh_from_db()
    assert w.attended
    with pytest.raises(PermissionDenied):
        actions.mark_witness(w, False, actor=cast.finance)


def test_leader_added_once(courts, cast, person_case, clock):
    op = plan(courts, cast, person_case, clock.today)
    with pytest.raises(ActionError, match="一名带队"):
        actions.add_member(op, cast.judge, rules.LEADER_ROLE, actor=cast.command)
    with pytest.raises(ActionError, match="已在队中"):
        actions.add_member(op, cast.officer2, rules.POLICE_ROLE, actor=cast.command)
    actions.add_member(op, cast.judge, rules.CLERK_ROLE, actor=cast.command)
    assert Member.objects.filter(operation=op).count() == 3


def test_register_updates_by_code_and_states(courts, cast):
    car = vehicle(courts, cast)
    again = actions.register_equipment(
        courts.xiongan, rules.VEHICLE, "冀A·J0001", "执行车辆一号（新）", actor=cast.command, note="换新"
    )
    assert again.pk == car.pk and again.name == "执行车辆一号（新）"
    actions.set_equipment_state(car, Equipment.MAINTENANCE, actor=cast.command)
    actions.set_equipment_state(car, Equipment.AVAILABLE, actor=cast.command)
    actions.set_equipment_state(car, Equipment.RETIRED, actor=cast.command)
    with pytest.raises(ActionError, match="已报废"):
        actions.set_equipment_state(car, Equipment.AVAILABLE, actor=cast.command)
    with pytest.raises(PermissionDenied):
        actions.register_equipment(courts.xiongan, rules.DRONE, "UAV-1", "无人机", actor=cast.officer)
    with pytest.raises(ActionError, match="装备类别"):
        actions.register_equipment(courts.xiongan, "tank", "T-1", "坦克", actor=cast.command)
    assert AuditEntry.objects.filter(action="measures.equipment").count() == 5


def test_duty_replaces_the_days_duty(courts, cast, clock):
    actions.set_duty(courts.xiongan, cast.officer, clock.today, "officer", actor=cast.command)
    duty = actions.set_duty(courts.xiongan, cast.officer, clock.today, "commander", actor=cast.command)
    assert list(Duty.objects.values_list("pk", "role")) == [(duty.pk, "commander")]
    with pytest.raises(ActionError, match="不是本院执行人员"):
        actions.set_duty(courts.xiongan, cast.outsider, clock.today, "officer", actor=cast.command)
    with pytest.raises(ActionError, match="值班岗位"):
        actions.set_duty(courts.xiongan, cast.officer2, clock.today, "cook", actor=cast.command)
