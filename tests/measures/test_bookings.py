"""Equipment bookings: no item is booked twice over overlapping hours, touching bookings are fine, an
item in maintenance or retired is refused, and a released booking frees the hours."""

from __future__ import annotations

import pytest

from tests.measures.ops_world import hours, plan, vehicle
from zhixing.cases.actions.common import ActionError
from zhixing.measures import actions, rules
from zhixing.measures.models import Booking, Equipment, Operation


def test_no_double_booking(courts, cast, person_case, clock):
    car = vehicle(courts, cast)
    plan(courts, cast, person_case, clock.today, start=9, end=12, equipment=[car], name="上午行动")
    with pytest.raises(ActionError) as err:
        plan(courts, cast, person_case, clock.today, start=11, end=14, equipment=[car], name="下午行动")
    message = str(err.value.messages[0])
    assert "执行车辆一号（冀A·J0001）" in message and "上午行动" in message
    # The whole plan was refused: no second operation, the first's booking alone.
    assert Operation.objects.count() == 1 and Booking.objects.count() == 1


def test_touching_bookings_are_fine(courts, cast, person_case, clock):
    car = vehicle(courts, cast)
    plan(courts, cast, person_case, clock.today, start=9, end=12, equipment=[car])
    plan(courts, cast, person_case, clock.today, start=12, end=15, equipment=[car], name="接续行动")
    assert Booking.objects.filter(equipment=car).count() == 2


def test_book_part_of_the_day_and_release(courts, cast, person_case, clock):
    car = vehicle(courts, cast)
    first = plan(courts, cast, person_case, clock.today, start=8, end=18)
    booking = actions.book_equipment(
        first,
        car,
        actor=cast.command,
        starts_at=hours(clock.today, 8, 10)[0],
        ends_at=hours(clock.today, 8, 10)[1],
    )
    second = plan(courts, cast, person_case, clock.today, start=10, end=18, name="第二组")
    with pytest.raises(ActionError, match="不能重复预约"):
        actions.book_equipment(second, car, actor=cast.command, starts_at=hours(clock.today, 9, 11)[0])
    actions.book_equipment(second, car, actor=cast.command)  # 10:00 onwards: after the first
    actions.release_booking(booking, actor=cast.command)
    actions.book_equipment(second, vehicle(courts, cast, "冀A·J0002", "二号车"), actor=cast.command)
    third = plan(courts, cast, person_case, clock.today, start=8, end=10, name="第三组")
    actions.book_equipment(third, car, actor=cast.command)  # the released hours are free again


@pytest.mark.parametrize("state", [Equipment.RETIRED, Equipment.MAINTENANCE])
def test_retired_or_in_maintenance_refused(courts, cast, person_case, clock, state):
    car = vehicle(courts, cast)
    actions.set_equipment_state(car, state, actor=cast.command)
    with pytest.raises(ActionError, match="不能预约"):
        plan(courts, cast, person_case, clock.today, equipment=[car])


def test_another_courts_item_refused(courts, cast, person_case, clock):
    item = actions.register_equipment(
        courts.xiongxian, rules.DRONE, "UAV-9", "雄县无人机", actor=cast.command
    )
    with pytest.raises(ActionError, match="不是本院的装备"):
        plan(courts, cast, person_case, clock.today, equipment=[item])


def test_a_closed_operations_bookings_free_the_item(courts, cast, person_case, clock):
    car = vehicle(courts, cast)
    op = plan(courts, cast, person_case, clock.today, equipment=[car])
    actions.start_operation(op, actor=cast.officer)
    actions.close_operation(op, actor=cast.officer)
    plan(courts, cast, person_case, clock.today, equipment=[car], name="再次出发")
