"""Helpers of the field-operation tests (Owner B's files): a planned operation of 冀96 on today's
date with the two officers, targeting the person case, and a vehicle in the register."""

from __future__ import annotations

import datetime as dt

from tests.conftest import moment
from zhixing.measures import actions, rules


def hours(day: dt.date, start: int, end: int) -> tuple[dt.datetime, dt.datetime]:
    return moment(day, start), moment(day, end)


def vehicle(courts, cast, code="冀A·J0001", name="执行车辆一号"):
    return actions.register_equipment(courts.xiongan, rules.VEHICLE, code, name, actor=cast.command)


def plan(courts, cast, case, day, *, start=9, end=17, equipment=(), name="集中执行行动", members=None, **kw):
    s, e = hours(day, start, end)
    return actions.plan_operation(
        courts.xiongan,
        actor=cast.command,
        name=name,
        kind="concentrated",
        starts_at=s,
        ends_at=e,
        leader=cast.officer,
        members=[(cast.officer2, rules.OFFICER_ROLE)] if members is None else members,
        targets=kw.pop("targets", None)
        or [{"case": case, "place": "雄县某小区3号楼", "task": "查找被执行人"}],
        equipment=equipment,
        **kw,
    )


def underway(courts, cast, case, day, **kw):
    op = plan(courts, cast, case, day, **kw)
    return actions.start_operation(op, actor=cast.officer)


def vehicle_registry():
    from zhixing.inquiry import rules as inquiry_rules
    from zhixing.inquiry.models import Institution

    return Institution.objects.create(
        code="XAVEH",
        name="雄安新区车辆管理所",
        kind=inquiry_rules.VEHICLE,
        link=Institution.PROVINCIAL,
        province="冀",
        url="http://127.0.0.1:9/",
        public_key="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    )
