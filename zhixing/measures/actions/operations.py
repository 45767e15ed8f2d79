"""Field operations (外勤, rules §5.3): the bureau's equipment register and duty roster, and an operation
planned by the command centre with its cases, team, equipment bookings and witnesses, started, closed
or cancelled. Equipment is booked under a lock on the item so that two operations never hold it over
overlapping hours (rules.booking_conflicts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import Case
from zhixing.core import audit
from zhixing.courts import rules as court_rules
from zhixing.courts.queries import has_role

from .. import events, permissions, rules
from ..models import Booking, Duty, Equipment, Member, Operation, OperationCase, Witness

# --- register and roster ----------------------------------------------------------------------------


@transaction.atomic
def register_equipment(
    court: Any,
    kind: str,
    code: str,
    name: str,
    *,
    actor: Any,
    state: str = Equipment.AVAILABLE,
    note: str = "",
) -> Equipment:
    """Add an item to the court's register, or update the item of that code (a plate or asset number
    is the item's identity in the bureau)."""
    permissions.check_plan_operation(actor, court)
    code, name = code.strip(), name.strip()
    if kind not in dict(rules.EQUIPMENT_KINDS):
        raise ActionError(_("未知的装备类别"))
    if state not in dict(Equipment.STATES):
        raise ActionError(_("未知的装备状态"))
    if not code or not name:
        raise ActionError(_("须填写装备编号（号牌）和名称"))
    item, _created = Equipment.objects.update_or_create(
        court=court,
        code=code[:40],
        defaults={"kind": kind, "name": name[:100], "state": state, "note": note[:200]},
    )
    audit.append("measures.equipment", item, {"code": item.code, "state": state}, actor)
    return item


@transaction.atomic
def set_equipment_state(equipment: Equipment, state: str, *, actor: Any) -> Equipment:
    """Into maintenance, back in service, or retired. Bookings already made stay (the command centre
    sees them on the board and rebooks)."""
    item = Equipment.objects.select_for_update(of=("self",)).select_related("court").get(pk=equipment.pk)
    permissions.check_plan_operation(actor, item.court)
    if state not in dict(Equipment.STATES):
        raise ActionError(_("未知的装备状态"))
    if item.state == Equipment.RETIRED and state != Equipment.RETIRED:
        raise ActionError(_("已报废的装备不能恢复使用"))
    item.state = state
    item.save(update_fields=["state"])
    audit.append("measures.equipment", item, {"code": item.code, "state": state}, actor)
    return item


@transaction.atomic
def set_duty(court: Any, user: Any, on: dt.date, role: str, *, actor: Any) -> Duty:
    """Put `user` on duty on `on` in `role`, replacing whatever duty they had that day."""
    permissions.check_plan_operation(actor, court)
    if role not in dict(rules.DUTY_ROLES):
        raise ActionError(_("未知的值班岗位"))
    if not has_role(user, _STAFF_ROLES, court):
        raise ActionError(_("%(name)s 不是本院执行人员") % {"name": _name(user)})
    Duty.objects.filter(user=user, on=on).delete()
    duty = Duty.objects.create(court=court, user=user, on=on, role=role)
    audit.append("measures.duty", duty, {"user": _name(user), "on": on, "role": role}, actor)
    return duty


# --- planning ---------------------------------------------------------------------------------------

# Who may be on a team or on duty: the bureau's staff of the court (or a court above it, which
# sends its own people to a concentrated operation).
_STAFF_ROLES = (
    court_rules.OFFICER,
    court_rules.JUDGE,
    court_rules.LEADER,
    court_rules.COMMAND,
    court_rules.CLERK,
)


def _name(user: Any) -> str:
    return (getattr(user, "get_full_name", lambda: "")() or str(user))[:100]


def _locked(operation: Operation) -> Operation:
    return Operation.objects.select_for_update(of=("self",)).select_related("court").get(pk=operation.pk)


def _officers(operation: Operation) -> int:
    return operation.members.filter(role__in=rules.OFFICER_ROLES).count()


def _team_check(operation: Operation) -> None:
    """rules §5.3 over the whole team: two officers where any target may take money or property."""
    takes = operation.targets.filter(takes_property=True).exists()
    problems = rules.team_problems(_officers(operation), takes)
    if problems:
        raise ActionError(problems)


def _open_for_planning(operation: Operation) -> None:
    if operation.status not in (Operation.PLANNED, Operation.UNDERWAY):
        raise ActionError(_("行动已结束或已取消"))


def _target(
    operation: Operation, case: Case, place: str, task: str, takes_property: bool, actor: Any
) -> OperationCase:
    if not case.court.path.startswith(operation.court.path):
        raise ActionError(_("案件 %(n)s 不属于本院或下级法院") % {"n": case.case_number})
    if case.is_closed:
        raise ActionError(_("案件 %(n)s 已结案") % {"n": case.case_number})
    if not place.strip():
        raise ActionError(_("须写明案件 %(n)s 的行动地点") % {"n": case.case_number})
    if operation.targets.filter(case=case).exists():
        raise ActionError(_("案件 %(n)s 已在本次行动中") % {"n": case.case_number})
    row = OperationCase.objects.create(
        operation=operation,
        case=case,
        place=place.strip()[:200],
        task=task.strip()[:200],
        takes_property=takes_property,
    )
    case_events.emit(case, events.OPERATION_TARGETED, actor, operation=operation.name, place=row.place)
    return row


def _member(operation: Operation, user: Any, role: str) -> Member:
    if role not in dict(rules.TEAM_ROLES):
        raise ActionError(_("未知的队员分工"))
    if not has_role(user, _STAFF_ROLES, operation.court):
        raise ActionError(_("%(name)s 不是本院执行人员，不能编入行动") % {"name": _name(user)})
    if operation.members.filter(user=user).exists():
        raise ActionError(_("%(name)s 已在队中") % {"name": _name(user)})
    return Member.objects.create(operation=operation, user=user, role=role)


def _witness(operation: Operation, name: str, kind: str, unit: str) -> Witness:
    if not name.strip():
        raise ActionError(_("须填写见证人姓名"))
    if kind not in dict(rules.WITNESS_KINDS):
        raise ActionError(_("未知的见证人身份"))
    return Witness.objects.create(
        operation=operation, name=name.strip()[:100], kind=kind, unit=unit.strip()[:100]
    )


@transaction.atomic
def plan_operation(
    court: Any,
    *,
    actor: Any,
    name: str,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    leader: Any,
    members: Sequence[tuple[Any, str]] = (),
    targets: Sequence[Mapping[str, Any]] = (),
    equipment: Iterable[Equipment] = (),
    witnesses: Sequence[Mapping[str, Any]] = (),
    briefing: str = "",
    campaign: str = "",
) -> Operation:
    """The command centre plans an operation: its cases and places, the team (the leader is a member
    with role leader), the equipment it books and the witnesses it invites. Refused as a whole when the
    team is short of officers for a target that may take money or property (rules §5.3), a case is
    not of this court or below, or an item is booked elsewhere over those hours."""
    permissions.check_plan_operation(actor, court)
    if not name.strip():
        raise ActionError(_("须填写行动名称"))
    if kind not in dict(rules.OPERATION_KINDS):
        raise ActionError(_("未知的行动类型"))
    if ends_at <= starts_at:
        raise ActionError(_("行动结束时间须晚于开始时间"))
    if not targets:
        raise ActionError(_("外勤行动须至少列入一个案件"))
    operation = Operation.objects.create(
        court=court,
        name=name.strip()[:100],
        kind=kind,
        campaign=campaign.strip()[:40],
        starts_at=starts_at,
        ends_at=ends_at,
        leader=leader,
        planned_by=actor,
        briefing=briefing,
    )
    _member(operation, leader, rules.LEADER_ROLE)
    for user, role in members:
        if getattr(user, "pk", None) == leader.pk:
            continue  # the leader is on the team already, as its leader
        _member(operation, user, role)
    cases = []
    for t in targets:
        row = _target(
            operation, t["case"], t.get("place", ""), t.get("task", ""), t.get("takes_property", True), actor
        )
        cases.append(row.case.case_number)
    _team_check(operation)
    for w in witnesses:
        _witness(operation, w.get("name", ""), w.get("kind", ""), w.get("unit", ""))
    audit.append("measures.plan", operation, {"operation": operation.name, "cases": len(cases)}, actor)
    for item in equipment:
        book_equipment(operation, item, actor=actor)
    return operation


@transaction.atomic
def add_target(
    operation: Operation, case: Case, place: str, *, actor: Any, task: str = "", takes_property: bool = True
) -> OperationCase:
    operation = _locked(operation)
    permissions.check_plan_operation(actor, operation.court)
    _open_for_planning(operation)
    row = _target(operation, case, place, task, takes_property, actor)
    _team_check(operation)
    audit.append(
        "measures.plan", operation, {"operation": operation.name, "cases": operation.targets.count()}, actor
    )
    return row


@transaction.atomic
def add_member(operation: Operation, user: Any, role: str, *, actor: Any) -> Member:
    operation = _locked(operation)
    permissions.check_plan_operation(actor, operation.court)
    _open_for_planning(operation)
    if role == rules.LEADER_ROLE:
        raise ActionError(_("每次行动只有一名带队人员"))
    member = _member(operation, user, role)
    audit.append(
        "measures.plan", operation, {"operation": operation.name, "cases": operation.targets.count()}, actor
    )
    return member


@transaction.atomic
def add_witness(operation: Operation, name: str, kind: str, unit: str = "", *, actor: Any) -> Witness:
    operation = _locked(operation)
    permissions.check_plan_operation(actor, operation.court)
    _open_for_planning(operation)
    witness = _witness(operation, name, kind, unit)
    audit.append(
        "measures.plan", operation, {"operation": operation.name, "cases": operation.targets.count()}, actor
    )
    return witness


@transaction.atomic
def mark_witness(witness: Witness, attended: bool, *, actor: Any) -> Witness:
    """Whether an invited witness came (the leader or the command centre records it)."""
    witness = Witness.objects.select_related("operation__court").get(pk=witness.pk)
    permissions.check_run_operation(actor, witness.operation)
    if witness.operation.status == Operation.CANCELLED:
        raise ActionError(_("行动已取消"))
    witness.attended = bool(attended)
    witness.save(update_fields=["attended"])
    audit.append(
        "measures.operation_status",
        witness.operation,
        {
            "operation": witness.operation.name,
            "status": _("见证人%(n)s%(a)s")
            % {"n": witness.name, "a": _("到场") if attended else _("未到场")},
        },
        actor,
    )
    return witness


# --- equipment bookings -----------------------------------------------------------------------------


@transaction.atomic
def book_equipment(
    operation: Operation,
    equipment: Equipment,
    *,
    actor: Any,
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime | None = None,
) -> Booking:
    """Book an item for the operation (by default over its planned hours). The item's row is locked
    first, so two planners booking it at once are served one after the other and the second sees the
    first's booking."""
    operation = Operation.objects.select_related("court").get(pk=operation.pk)
    permissions.check_plan_operation(actor, operation.court)
    _open_for_planning(operation)
    item = Equipment.objects.select_for_update().get(pk=equipment.pk)
    if item.court_id != operation.court_id:
        raise ActionError(_("%(item)s 不是本院的装备") % {"item": item})
    if item.state != Equipment.AVAILABLE:
        raise ActionError(
            _("%(item)s 当前为“%(state)s”，不能预约") % {"item": item, "state": item.get_state_display()}
        )
    start, end = starts_at or operation.starts_at, ends_at or operation.ends_at
    if end <= start:
        raise ActionError(_("预约结束时间须晚于开始时间"))
    held = list(
        Booking.objects.filter(equipment=item, released=False, starts_at__lt=end, ends_at__gt=start)
        .select_related("operation")
        .order_by("starts_at")
    )
    clash = rules.booking_conflicts(start, end, [(b.starts_at, b.ends_at) for b in held])
    if clash:
        other = next(b for b in held if (b.starts_at, b.ends_at) == clash[0])
        raise ActionError(
            _("%(item)s 已被“%(op)s”预约（%(s)s 至 %(e)s），不能重复预约")
            % {
                "item": item,
                "op": other.operation.name,
                "s": timezone.localtime(other.starts_at).strftime("%Y-%m-%d %H:%M"),
                "e": timezone.localtime(other.ends_at).strftime("%Y-%m-%d %H:%M"),
            }
        )
    booking = Booking.objects.create(operation=operation, equipment=item, starts_at=start, ends_at=end)
    audit.append("measures.book", booking, {"operation": operation.name, "equipment": str(item)}, actor)
    return booking


@transaction.atomic
def release_booking(booking: Booking, *, actor: Any) -> Booking:
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("operation__court", "equipment")
        .get(pk=booking.pk)
    )
    permissions.check_plan_operation(actor, booking.operation.court)
    if not booking.released:
        booking.released = True
        booking.save(update_fields=["released"])
        audit.append(
            "measures.book",
            booking,
            {
                "operation": booking.operation.name,
                "equipment": _("释放 %(item)s") % {"item": booking.equipment},
            },
            actor,
        )
    return booking


# --- running ----------------------------------------------------------------------------------------


def _status(operation: Operation, status: str, actor: Any) -> None:
    audit.append(
        "measures.operation_status",
        operation,
        {"operation": operation.name, "status": dict(Operation.STATUSES)[status]},
        actor,
    )


@transaction.atomic
def start_operation(operation: Operation, *, actor: Any) -> Operation:
    operation = _locked(operation)
    permissions.check_run_operation(actor, operation)
    if operation.status != Operation.PLANNED:
        raise ActionError(_("只有已部署的行动才能开始"))
    _team_check(operation)
    operation.status, operation.started_at = Operation.UNDERWAY, timezone.now()
    operation.save(update_fields=["status", "started_at"])
    _status(operation, Operation.UNDERWAY, actor)
    return operation


@transaction.atomic
def close_operation(
    operation: Operation, *, actor: Any, summary: str = "", outcomes: Mapping[int, str] | None = None
) -> Operation:
    """End an operation under way: its summary and each case's outcome (by case id), its equipment
    released for others to book."""
    operation = _locked(operation)
    permissions.check_run_operation(actor, operation)
    if operation.status != Operation.UNDERWAY:
        raise ActionError(_("只有进行中的行动才能结束"))
    for target in operation.targets.all():
        text = (outcomes or {}).get(target.case_id)
        if text is not None:
            target.outcome = str(text).strip()[:300]
            target.save(update_fields=["outcome"])
    operation.status, operation.closed_at = Operation.CLOSED, timezone.now()
    operation.summary = summary.strip()
    operation.save(update_fields=["status", "closed_at", "summary"])
    operation.bookings.filter(released=False).update(released=True)
    _status(operation, Operation.CLOSED, actor)
    return operation


@transaction.atomic
def cancel_operation(operation: Operation, *, actor: Any, reason: str = "") -> Operation:
    """Call off a planned operation (not one under way: that one is closed with its summary)."""
    operation = _locked(operation)
    permissions.check_plan_operation(actor, operation.court)
    if operation.status != Operation.PLANNED:
        raise ActionError(_("只有尚未开始的行动才能取消"))
    operation.status = Operation.CANCELLED
    operation.summary = reason.strip()
    operation.save(update_fields=["status", "summary"])
    operation.bookings.filter(released=False).update(released=True)
    _status(operation, Operation.CANCELLED, actor)
    return operation


__all__ = [
    "add_member",
    "add_target",
    "add_witness",
    "book_equipment",
    "cancel_operation",
    "close_operation",
    "mark_witness",
    "plan_operation",
    "register_equipment",
    "release_booking",
    "set_duty",
    "set_equipment_state",
    "start_operation",
]
