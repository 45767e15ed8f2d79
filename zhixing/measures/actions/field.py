"""What officers record on the spot during an operation (rules §5.3): check-ins, findings, seizures (into
inquiry's measures) and cash taken with two officers present, which finance takes over the same day
into the case account (funds.record_cash). A record is written once and never edited: a correction is
a new record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.actions.common import ActionError, today
from zhixing.cases.actions.nodes import open_node, record_node
from zhixing.cases.models import Case, Party
from zhixing.core import audit
from zhixing.core.calendar import Deadline
from zhixing.core.money import format_yuan
from zhixing.funds.actions import record_cash
from zhixing.funds.models import Receipt
from zhixing.inquiry import actions as inquiry_actions

from .. import events, permissions, rules
from ..models import FieldCash, FieldRecord, Operation, OperationCase

CASH_NODE = "cash_handover"


def _operation(operation: Operation) -> Operation:
    return Operation.objects.select_related("court").get(pk=operation.pk)


def _target(operation: Operation, case: Case | None) -> OperationCase | None:
    if case is None:
        return None
    target = operation.targets.filter(case=case).select_related("case").first()
    if target is None:
        raise ActionError(_("案件 %(n)s 不在本次行动中") % {"n": case.case_number})
    return target


def _record(
    operation: Operation,
    case: Case | None,
    kind: str,
    actor: Any,
    *,
    place: str = "",
    text: str = "",
    control: Any = None,
) -> FieldRecord:
    record = FieldRecord.objects.create(
        operation=operation,
        case=case,
        officer=actor,
        kind=kind,
        at=timezone.now(),
        place=place.strip()[:200],
        text=text.strip()[:1000],
        control=control,
    )
    label = str(dict(rules.RECORD_KINDS)[kind])
    if case is not None:
        case_events.emit(case, events.FIELD_RECORDED, actor, operation=operation.name, kind=label)
    audit.append("measures.field_record", record, {"operation": operation.name, "kind": kind}, actor)
    return record


@transaction.atomic
def check_in(operation: Operation, *, actor: Any, place: str = "", case: Case | None = None) -> FieldRecord:
    """An officer arrives at a place (the board shows it live)."""
    operation = _operation(operation)
    permissions.check_record_in_field(actor, operation)
    target = _target(operation, case)
    place = place.strip() or (target.place if target else "")
    return _record(operation, case, rules.CHECK_IN, actor, place=place)


@transaction.atomic
def record_finding(
    operation: Operation, case: Case, text: str, *, actor: Any, place: str = ""
) -> FieldRecord:
    """What the officers found (the debtor absent, the premises shut, property seen)."""
    operation = _operation(operation)
    permissions.check_record_in_field(actor, operation)
    _target(operation, case)
    if not text.strip():
        raise ActionError(_("须写明现场情况"))
    return _record(operation, case, rules.FINDING_RECORD, actor, place=place, text=text)


@transaction.atomic
def seize_on_site(
    operation: Operation,
    case: Case,
    party: Party,
    asset_type: str,
    description: str,
    *,
    actor: Any,
    value: Decimal | None = None,
) -> FieldRecord:
    """Seize a vehicle or seal real estate on the spot: the measure goes into inquiry's register
    (inquiry.actions.seize_on_site, with its ruling), and the record points at it."""
    operation = _operation(operation)
    permissions.check_record_in_field(actor, operation)
    target = _target(operation, case)
    assert target is not None
    measure = inquiry_actions.seize_on_site(case, party, asset_type, description, actor=actor, value=value)
    text = _("%(word)s%(what)s，裁定书 %(doc)s") % {
        "word": measure.get_kind_display(),
        "what": description.strip(),
        "doc": measure.document_number,
    }
    return _record(operation, case, rules.SEIZURE, actor, place=target.place, text=text, control=measure)


def _officers(operation: Operation, officers: Sequence[Any]) -> list[Any]:
    """The officers present (rules §5.3): each a member of the operation as leader or officer."""
    ids = {getattr(o, "pk", o) for o in officers}
    members = {
        m.user_id: m.user
        for m in operation.members.filter(user_id__in=ids, role__in=rules.OFFICER_ROLES).select_related(
            "user"
        )
    }
    missing = ids - set(members)
    if missing:
        raise ActionError(_("在场收款的人员须是本次行动的执行人员"))
    return [members[i] for i in sorted(members)]


@transaction.atomic
def take_cash(
    operation: Operation,
    case: Case,
    amount: Decimal,
    receipt_number: str,
    payer_name: str,
    officers: Sequence[Any],
    *,
    actor: Any,
) -> FieldCash:
    """Cash (or a cheque) taken on the spot with two officers present and a receipt issued there. It is
    due to finance the same day: a node `cash_handover` of the case falls due today."""
    operation = _operation(operation)
    permissions.check_record_in_field(actor, operation)
    target = _target(operation, case)
    assert target is not None
    amount = Decimal(amount)
    receipt_number = receipt_number.strip()
    present = _officers(operation, officers)
    problems = rules.cash_problems([o.pk for o in present], receipt_number, amount)
    if not payer_name.strip():
        problems.append(_("须填写交款人"))
    if problems:
        raise ActionError(problems)
    # funds books field cash under the receipt number at the court's pooled account: a number used
    # there already would land this money on the other receipt.
    if (
        FieldCash.objects.filter(case__court_id=case.court_id, receipt_number=receipt_number).exists()
        or Receipt.objects.filter(
            pooled__court_id=case.court_id, transaction_id=f"CASH-{receipt_number}"
        ).exists()
    ):
        raise ActionError(_("收据号 %(n)s 已经使用过") % {"n": receipt_number})
    on = today()
    cash = FieldCash.objects.create(
        operation=operation,
        case=case,
        amount=amount,
        receipt_number=receipt_number[:40],
        payer_name=payer_name.strip()[:100],
        taken_at=timezone.now(),
        taken_by=actor,
        handover_due_on=on,
    )
    cash.officers.set(present)
    FieldRecord.objects.create(
        operation=operation,
        case=case,
        officer=actor,
        kind=rules.CASH,
        at=cash.taken_at,
        place=target.place,
        text=_("收取 %(payer)s 交款 %(amount)s 元，收据号 %(n)s，在场：%(who)s")
        % {
            "payer": cash.payer_name,
            "amount": format_yuan(amount),
            "n": receipt_number,
            "who": "、".join(_name(o) for o in present),
        },
    )
    open_node(case, CASH_NODE, Deadline(on, False), actor=actor, note=receipt_number)
    case_events.emit(
        case,
        events.FIELD_CASH_TAKEN,
        actor,
        operation=operation.name,
        amount=str(amount),
        receipt=receipt_number,
    )
    audit.append(
        "measures.field_cash",
        cash,
        {"operation": operation.name, "case": case.case_number, "amount": str(amount)},
        actor,
    )
    return cash


def _name(user: Any) -> str:
    return getattr(user, "get_full_name", lambda: "")() or str(user)


@transaction.atomic
def hand_over_cash(cash: FieldCash, *, actor: Any, late_reason: str = "") -> FieldCash:
    """Finance takes the cash over: booked through funds.record_cash into the case's account on the
    day it was taken, the `cash_handover` node done. The same day is the rule; the next day needs a
    reason; later is refused here (rules §5.3) and is for the court's leaders to take up."""
    cash = (
        FieldCash.objects.select_for_update(of=("self",))
        .select_related("case__court", "operation")
        .get(pk=cash.pk)
    )
    case = cash.case
    permissions.check_take_over_cash(actor, case.court)
    if cash.handed_over_at is not None:
        raise ActionError(_("该笔现场收款已移交财务"))
    taken_on: dt.date = timezone.localdate(cash.taken_at)
    problems = rules.handover_problems(taken_on, today(), late_reason)
    if problems:
        raise ActionError(problems)
    officers = list(cash.officers.order_by("pk"))
    receipt = record_cash(
        case,
        cash.amount,
        taken_on,
        cash.receipt_number,
        officers,
        cash.payer_name,
        actor=actor,
    )
    if receipt.case_id != case.pk or FieldCash.objects.filter(receipt=receipt).exists():
        raise ActionError(_("收据号 %(n)s 已登记为其他款项") % {"n": cash.receipt_number})
    cash.handed_over_at = timezone.now()
    cash.received_by = actor
    cash.late_reason = late_reason.strip()[:200] if taken_on != today() else ""
    cash.receipt = receipt
    cash.save(update_fields=["handed_over_at", "received_by", "late_reason", "receipt"])
    if not case.is_closed:
        record_node(case, CASH_NODE, today(), actor=actor, note=cash.receipt_number, checked=True)
    case_events.emit(
        case, events.FIELD_CASH_HANDED, actor, amount=str(cash.amount), receipt=cash.receipt_number
    )
    audit.append(
        "measures.cash_handover",
        cash,
        {"case": case.case_number, "amount": str(cash.amount), "receipt": cash.receipt_number},
        actor,
    )
    return cash


__all__ = ["check_in", "hand_over_cash", "record_finding", "seize_on_site", "take_cash"]
