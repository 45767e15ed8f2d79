"""Filing a case (立案): serials, parties, basis, handler."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from zhixing.core import audit
from zhixing.core.identity import KIND_LABELS, check_identity
from zhixing.core.rules import name_problem, visible

from .. import events, rules, settings_keys
from ..models import Basis, Case, Party, SerialCounter
from .common import ActionError, setting, today
from .nodes import plan_nodes, refresh_due_dates


@dataclass
class PartyInput:
    role: str  # Party.APPLICANT or Party.DEBTOR
    name: str
    id_number: str = ""
    kind: str = ""  # derived from the id when empty: a resident ID means a person


def next_serial(court, type_code: str, year: int) -> int:
    """The next serial for a court, type and year (rules §1.1.4: consecutive natural numbers).

    The counter row is created if missing (ignoring a concurrent creation) and incremented with one
    UPDATE, which holds the row lock until the caller's transaction ends, so concurrent filings get
    distinct, consecutive serials. Must run inside the filing transaction.
    """
    SerialCounter.objects.bulk_create(
        [SerialCounter(court=court, type_code=type_code, year=year, last=0)], ignore_conflicts=True
    )
    counter = SerialCounter.objects.filter(court=court, type_code=type_code, year=year)
    counter.update(last=F("last") + 1)
    return counter.values_list("last", flat=True).get()


def validated_party(p: PartyInput, on: dt.date) -> Party:
    name = (p.name or "").strip()
    if not name:
        raise ActionError(_("当事人名称不能为空"))
    problem = name_problem(name)
    if problem:
        raise ActionError(
            _("当事人“%(name)s”：%(problem)s") % {"name": visible(name[:20]), "problem": problem}
        )
    if p.role not in (Party.APPLICANT, Party.DEBTOR):
        raise ActionError(_("未知的诉讼地位：%(p_role)s") % {"p_role": p.role})
    kind, id_kind, birth, number = p.kind, "", None, (p.id_number or "").strip().upper()
    if number:
        res = check_identity(number, on)
        if not res.valid:
            raise ActionError(_("%(name)s：%(error)s") % {"name": name, "error": res.error})
        number, id_kind, birth = res.normalized, res.kind, res.birth_date
        # The code says what the party is: a resident ID is a person, a credit or organisation code a
        # unit. A caller who says otherwise is refused, never believed: a person stored as a unit would
        # have their full number shown everywhere a unit's public code is.
        derived = Party.PERSON if res.is_person else Party.UNIT
        if kind and kind != derived:
            raise ActionError(
                _("%(name)s：证件号码是%(id_kind)s，当事人类型应为“%(derived)s”，不能填“%(kind)s”")
                % {
                    "name": name,
                    "id_kind": KIND_LABELS.get(res.kind, res.kind),
                    "derived": dict(Party.KINDS)[derived],
                    "kind": dict(Party.KINDS).get(kind, kind),
                }
            )
        kind = derived
    elif kind and kind not in dict(Party.KINDS):
        raise ActionError(_("%(name)s：未知的当事人类型“%(kind)s”") % {"name": name, "kind": kind})
    kind = kind or (Party.UNIT if len(name) > 4 else Party.PERSON)
    return Party(role=p.role, kind=kind, name=name, id_number=number, id_kind=id_kind, birth_date=birth)


def cause_flags(cause: str, court, on: dt.date) -> tuple[bool, bool]:
    return rules.cause_flags(
        cause,
        setting(settings_keys.CAUSE_LIVELIHOOD, court, on),
        setting(settings_keys.CAUSE_MIGRANT_WAGE, court, on),
    )


def base_months(non_litigation: bool, court, on: dt.date) -> int:
    key = settings_keys.STATUTORY_MONTHS_NON_LITIGATION if non_litigation else settings_keys.STATUTORY_MONTHS
    return int(setting(key, court, on))


@transaction.atomic
def file_case(
    *,
    court,
    type_code: str,
    filed_on: dt.date | None,
    applied_amount: Decimal,
    parties: list[PartyInput],
    basis_number: str = "",
    cause: str = "",
    non_litigation: bool = False,
    handler=None,
    resumed_from: Case | None = None,
    actor,
) -> Case:
    """File an enforcement case: the next case number of its court, type and year, its parties and
    basis, and the process nodes of rules §3.2 with their deadlines."""
    from .. import permissions

    permissions.check_file_case(actor, court)
    filed_on = filed_on or today()
    if filed_on > today():
        raise ActionError(_("立案日期不能晚于今天"))
    if not rules.is_enforcement_type(type_code):
        raise ActionError(
            _("类型代字“%(type_code)s”不是执行案件类型（应为：%(types)s）")
            % {"type_code": type_code, "types": "、".join(rules.ENFORCEMENT_TYPES)}
        )
    if applied_amount is None or applied_amount < 0:
        raise ActionError(_("申请执行标的金额不能为负数"))
    too_many = rules.parties_problem(len(parties))
    if too_many:  # before thousands of names and codes are checked
        raise ActionError(too_many)
    party_rows = [validated_party(p, filed_on) for p in parties]
    roles = {p.role for p in party_rows}
    if Party.APPLICANT not in roles or Party.DEBTOR not in roles:
        raise ActionError(_("至少需要一名申请执行人和一名被执行人"))
    basis = None
    if basis_number.strip():
        basis, _created = Basis.objects.get_or_create(number=basis_number.strip())
        existing = basis.cases.values_list("case_number", "type_code", "closure_method")
        blocking = rules.first_enforcement_conflict(type_code, existing)
        if blocking:
            raise ActionError(
                _(
                    "执行依据“%(basis)s”已有首次执行案件 %(blocking)s（一个执行依据只能立一个首次执行案件），"
                    "如需再次执行请立恢复执行（执恢）案件"
                )
                % {"basis": basis.number, "blocking": blocking}
            )
    serial = next_serial(court, type_code, filed_on.year)
    livelihood, wage = cause_flags(cause, court, filed_on)
    case = Case(
        case_number=rules.format_case_number(filed_on.year, court.code, type_code, serial),
        year=filed_on.year,
        court=court,
        type_code=type_code,
        serial=serial,
        filed_on=filed_on,
        cause=cause.strip(),
        is_livelihood=livelihood,
        is_migrant_wage=wage,
        non_litigation=non_litigation,
        basis=basis,
        applied_amount=applied_amount,
        resumed_from=resumed_from,
        statutory_due_on=rules.statutory_due_on(filed_on, base_months(non_litigation, court, filed_on)),
    )
    case.save()
    for i, p in enumerate(party_rows):
        p.case, p.position = case, i
    Party.objects.bulk_create(party_rows)
    from ..models import Node

    Node.objects.bulk_create(plan_nodes(case))
    events.emit(case, events.FILED, actor, case_number=case.case_number)
    audit.append(
        "case.file", case, {"case_number": case.case_number, "applied_amount": applied_amount}, actor
    )
    if handler is not None:
        case = assign_handler(case, handler, on=filed_on, actor=actor)
    return case


@transaction.atomic
def assign_handler(case: Case, handler, on: dt.date | None = None, *, actor) -> Case:
    """Assign the case handler (承办人, rules §3.2: within 7 days of filing). Completes the
    assign-handler node and starts the deadlines that count from the handler's receipt of the file.
    The handler holds the officer role on the case's court or a court above it (the officer list of
    the pages, queries.officers_for): an officer of another court is refused."""
    from .. import permissions
    from .nodes import record_node

    case = Case.objects.select_for_update().get(pk=case.pk)
    permissions.check_assign_handler(actor, case, handler)
    on = on or today()
    first = case.handler_id is None
    previous = case.handler.username if case.handler is not None else (case.handler_name or None)
    case.handler, case.handler_name = handler, handler.full_name
    if first:
        case.handler_assigned_on = on
    case.save(update_fields=["handler", "handler_name", "handler_assigned_on"])
    events.emit(case, events.HANDLER_ASSIGNED, actor, handler=handler.username, previous=previous)
    audit.append(
        "case.assign_handler",
        case,
        {"case": case.case_number, **audit.changes({"handler": previous}, {"handler": handler.username})},
        actor,
    )
    if (
        first
        and case.nodes.filter(
            kind__code="assign_handler", done_on__isnull=True, cancelled_on__isnull=True
        ).exists()
    ):
        # The node is the assignment itself: recorded by the assigner, who need not handle the case.
        record_node(case, "assign_handler", on, actor=actor, checked=True)
    refresh_due_dates(case)
    return case


@transaction.atomic
def add_party(case: Case, party: PartyInput, *, actor) -> Party:
    from .. import permissions

    permissions.check_add_party(actor, case)
    too_many = rules.parties_problem(case.parties.count() + 1)
    if too_many:
        raise ActionError(too_many)
    row = validated_party(party, today())
    row.case = case
    row.position = case.parties.filter(role=row.role).count()
    row.save()
    events.emit(case, events.PARTY_ADDED, actor, role=row.role, name=row.name)
    audit.append("party.add", row, {"case": case.case_number, "role": row.role, "name": row.name}, actor)
    return row
