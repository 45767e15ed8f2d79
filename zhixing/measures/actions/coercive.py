"""Coercive measures (rules §6.13–6.16): proposed by the handler, decided by the president (fine,
detention, search) or a judge or leader, issued as a document, carried out with its clock, ended for
one of the reasons rules.END_REASONS_OF allows. A fine is paid into the court's pooled account through
funds (funds.actions.fines), never into the case account; carrying out a fine or detention (or, for a
missing debtor, a summons or search) meets the obstructions it names (condition 5 of 终本)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.actions import open_node, record_node
from zhixing.cases.actions.common import ActionError, today
from zhixing.cases.actions.nodes import cancel_open_nodes
from zhixing.cases.models import Case, Party
from zhixing.core import audit
from zhixing.core.identity import mask_identity
from zhixing.core.money import format_yuan

from .. import documents, events, permissions, rules
from ..models import Agency, CoerciveMeasure, Obstruction
from . import obstructions as obstruction_actions

CENT = Decimal("0.01")
REWARD_NODE = "reward_decision"
# Against the debtor only: the exit ban binds a debtor (rules §6.16) and a reward notice looks for the
# debtor or their property (rules §6.13). A summons, fine, detention or search may meet anyone who
# obstructs the execution (CPL art 114), so any party of the case.
DEBTOR_ONLY = (rules.EXIT_BAN, rules.REWARD)


def _locked(measure: CoerciveMeasure) -> CoerciveMeasure:
    return (
        CoerciveMeasure.objects.select_for_update(of=("self",))
        .select_related("case__court", "party")
        .get(pk=measure.pk)
    )


def _kind_label(kind: str) -> str:
    return str(dict(rules.MEASURE_KINDS)[kind])


def _at_text(at: dt.datetime) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


def _money(amount: Any) -> Decimal:
    try:
        value = Decimal(str(amount))
    except (ArithmeticError, ValueError) as err:
        raise ActionError(_("金额格式不正确")) from err
    if not value.is_finite():
        raise ActionError(_("金额格式不正确"))
    return value


def _subject(party: Party, kind: str, subject_name: str, subject_role: str) -> tuple[str, bool]:
    """(the name, whether the measure is against the unit itself). Against a unit's legal
    representative, principal or responsible person the measure binds that person (a fine within a
    person's range, a detention allowed); against the unit itself only a fine, search or reward."""
    party_unit = party.kind == Party.UNIT
    problems = rules.subject_problems(kind, party_unit, subject_role)
    if subject_role not in dict(rules.SUBJECT_ROLES):
        problems.append(_("未知的被采取措施人身份"))
    if problems:
        raise ActionError(problems)
    name = subject_name.strip()
    if party_unit and subject_role in rules.UNIT_ROLES:
        if not name:
            raise ActionError(_("对单位采取措施须写明其法定代表人、主要负责人或直接责任人员的姓名"))
        return name[:100], False
    return (name or party.name)[:100], party_unit


@transaction.atomic
def propose_measure(
    case: Case,
    kind: str,
    party: Party,
    *,
    actor: Any,
    reason: str,
    subject_name: str = "",
    subject_role: str = rules.PERSON,
    obstructions: Iterable[Obstruction] = (),
    amount: Decimal | None = None,
    days: int | None = None,
    detention_may_follow: bool = False,
    place: str = "",
    channel: str = "",
) -> CoerciveMeasure:
    """The handler proposes a measure against a party. A reward notice (悬赏) is the applicant's
    application, which the court decides within 10 days (node `reward_decision`, rules §3.2)."""
    permissions.check_handle_measures(actor, case)
    if kind not in dict(rules.MEASURE_KINDS):
        raise ActionError(_("未知的强制措施"))
    if party.case_id != case.pk:
        raise ActionError(_("该当事人不属于本案"))
    if kind in DEBTOR_ONLY and party.role != Party.DEBTOR:
        raise ActionError(_("%(kind)s只能针对被执行人") % {"kind": _kind_label(kind)})
    if not reason.strip():
        raise ActionError(_("须写明采取强制措施的事由"))
    name, against_unit = _subject(party, kind, subject_name, subject_role)
    problems: list[str] = []
    if kind in (rules.FINE, rules.REWARD):
        if amount is None:
            raise ActionError(_("须填写金额"))
        amount = _money(amount)
        if kind == rules.FINE:
            problems += rules.fine_problems(amount, against_unit)
        elif amount <= 0 or amount != amount.quantize(CENT):
            problems.append(_("悬赏金额须为正数并精确到分"))
    else:
        amount = None
    if kind == rules.DETENTION:
        if days is None:
            raise ActionError(_("须填写拘留天数"))
        problems += rules.detention_problems(int(days), against_unit)
    else:
        days = None
    if kind == rules.SEARCH and not place.strip():
        problems.append(_("搜查令须写明搜查地点"))
    named = list(obstructions)
    if any(o.case_id != case.pk for o in named):
        problems.append(_("所列妨害执行行为不属于本案"))
    if kind == rules.EXIT_BAN and (
        CoerciveMeasure.objects.filter(
            case=case, kind=kind, party=party, subject_name=name, status__in=CoerciveMeasure.OPEN
        ).exists()
    ):
        problems.append(_("已对%(name)s提请或采取限制出境措施") % {"name": name})
    if problems:
        raise ActionError(problems)
    on = today()
    measure = CoerciveMeasure.objects.create(
        case=case,
        kind=kind,
        party=party,
        subject_name=name,
        subject_role=subject_role,
        is_unit=against_unit,
        reason=reason.strip()[:500],
        proposed_by=actor,
        proposed_on=on,
        amount=amount,
        days=days,
        detention_may_follow=bool(detention_may_follow) and kind == rules.SUMMONS,
        place=place.strip()[:200],
        channel=channel.strip()[:200],
    )
    if named:
        measure.obstructions.set(named)
    if kind == rules.REWARD:
        open_node(case, REWARD_NODE, rules.reward_decision_due(on), actor=actor, note=name)
    case_events.emit(
        case, events.MEASURE_PROPOSED, actor, kind=_kind_label(kind), who=name, reason=measure.reason
    )
    audit.append("measures.propose", measure, {"case": case.case_number, "kind": kind, "who": name}, actor)
    return measure


def particulars(measure: CoerciveMeasure) -> dict[str, Any]:
    """What the measure's document says (its template reads these as `measure`). The identity code is
    masked as the public list masks it: the document is handed to the person and shown in the file."""
    party = measure.party
    hours = rules.QUESTIONING_HOURS_DETENTION if measure.detention_may_follow else rules.QUESTIONING_HOURS
    return {
        "kind": _kind_label(measure.kind),
        "subject": measure.subject_name,
        "role": measure.get_subject_role_display(),
        "party": party.name,
        "party_is_unit": party.kind == Party.UNIT,
        "against_unit": measure.is_unit,
        "code": mask_identity(party.id_number),
        "reason": measure.reason,
        "amount": format_yuan(measure.amount) if measure.amount is not None else "",
        "days": measure.days or "",
        "hours": hours,
        "place": measure.place,
        "channel": measure.channel,
        "obstructions": [
            {"kind": o.get_kind_display(), "on": documents.body_date(o.occurred_on), "what": o.description}
            for o in measure.obstructions.all()
        ],
        "proposed_on": documents.body_date(measure.proposed_on),
    }


@transaction.atomic
def decide_measure(
    measure: CoerciveMeasure, approved: bool, *, actor: Any, note: str = ""
) -> CoerciveMeasure:
    """Approved: the measure's document is issued (拘传票, 罚款决定书, 拘留决定书, 搜查令, 限制出境决定书,
    悬赏公告) and it may be carried out. Refused: with the reason. Either way a reward application has
    been decided (node `reward_decision`)."""
    measure = _locked(measure)
    case = measure.case
    permissions.check_decide_measure(actor, measure)
    label = _kind_label(measure.kind)
    if not approved and not note.strip():
        raise ActionError(_("不予批准须写明理由"))
    measure.approved_by, measure.decision_note = actor, note.strip()[:300]
    if approved:
        document = documents.issue(
            case, documents.KIND_OF_MEASURE[measure.kind], particulars(measure), actor=actor
        )
        measure.status, measure.document, measure.decided_on = (
            CoerciveMeasure.APPROVED,
            document,
            document.issued_on,
        )
    else:
        measure.status, measure.decided_on = CoerciveMeasure.REFUSED, today()
    measure.save(update_fields=["status", "approved_by", "decided_on", "decision_note", "document"])
    if measure.kind == rules.REWARD:
        record_node(case, REWARD_NODE, measure.decided_on, actor=actor, note=label, checked=True)
    if approved:
        case_events.emit(
            case,
            events.MEASURE_APPROVED,
            actor,
            kind=label,
            who=measure.subject_name,
            document=measure.document.number if measure.document else "",
        )
    else:
        case_events.emit(
            case,
            events.MEASURE_REFUSED,
            actor,
            kind=label,
            who=measure.subject_name,
            reason=measure.decision_note,
        )
    audit.append(
        "measures.decide",
        measure,
        {"case": case.case_number, "kind": measure.kind, "approved": bool(approved)},
        actor,
    )
    return measure


def _moment(at: dt.datetime | None, after: dt.datetime | None = None) -> dt.datetime:
    now = timezone.now()
    at = at or now
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now + dt.timedelta(minutes=5):
        raise ActionError(_("时间不能晚于现在"))
    if after is not None and at < after:
        raise ActionError(_("结束时间早于开始时间"))
    return at


def _border_agency() -> Agency | None:
    return Agency.objects.filter(kind=Agency.BORDER, active=True).order_by("code").first()


def _tell_border(measure: CoerciveMeasure) -> None:
    """The exit ban reaches the border administration when one is configured (its acknowledgement is
    kept as agency_ref); without one the court notifies it on paper and records the channel."""
    agency = _border_agency()
    if agency is None:
        return
    from .. import connector

    body = {
        "measure_id": str(measure.pk),
        "name": measure.subject_name,
        # The border administration needs the full code to stop the person; it is sent, never logged.
        "id_code": measure.party.id_number
        if not measure.is_unit and measure.subject_role == rules.PERSON
        else "",
        "case_number": measure.case.case_number,
    }
    try:
        answer = connector.exit_ban(agency, measure.case.court, body)
    except connector.ConnectorError as err:
        raise ActionError(str(err)) from err
    measure.agency_ref = str(answer.get("ref", ""))[:64]
    measure.channel = measure.channel or agency.name[:200]


@transaction.atomic
def carry_out(
    measure: CoerciveMeasure,
    *,
    actor: Any,
    at: dt.datetime | None = None,
    place: str = "",
    record: str = "",
    channel: str = "",
) -> CoerciveMeasure:
    """An approved measure is carried out and its clock starts: a summons' questioning (8 or 24 hours),
    a detention's term, an exit ban's control at the border, a search with its record, a reward notice
    published (the channel), a fine decision served (in force until paid)."""
    measure = _locked(measure)
    case = measure.case
    permissions.check_handle_measures(actor, case)
    if measure.status != CoerciveMeasure.APPROVED:
        raise ActionError(_("只有已批准的强制措施才能执行"))
    at = _moment(at)
    if measure.decided_on and timezone.localtime(at).date() < measure.decided_on:
        raise ActionError(_("执行时间早于批准日期"))
    measure.started_at = at
    if measure.kind == rules.SUMMONS:
        measure.ends_by = rules.questioning_ends_by(at, measure.detention_may_follow)
    elif measure.kind == rules.DETENTION:
        measure.ends_by = rules.release_at(at, measure.days or 0)
    elif measure.kind == rules.SEARCH:
        if not record.strip():
            raise ActionError(_("搜查须制作搜查笔录"))
        measure.place = (place.strip() or measure.place)[:200]
        measure.record = record.strip()
    elif measure.kind == rules.REWARD:
        channel = channel.strip() or place.strip() or measure.channel
        if not channel:
            raise ActionError(_("须写明悬赏公告的发布渠道"))
        measure.channel = channel[:200]
    elif measure.kind == rules.EXIT_BAN:
        _tell_border(measure)
    if record.strip() and measure.kind != rules.SEARCH:
        measure.record = record.strip()
    measure.status = CoerciveMeasure.IN_FORCE
    measure.save()
    label = _kind_label(measure.kind)
    obstruction_actions.refresh(measure.obstructions.all(), how=label, on=today())
    case_events.emit(
        case, events.MEASURE_CARRIED_OUT, actor, kind=label, who=measure.subject_name, at=_at_text(at)
    )
    audit.append(
        "measures.carry_out",
        measure,
        {"case": case.case_number, "kind": measure.kind, "at": _at_text(at)},
        actor,
    )
    return measure


def _lift_at_border(measure: CoerciveMeasure, reason: str) -> None:
    agency = _border_agency()
    if agency is None or not measure.agency_ref:
        return
    from .. import connector

    try:
        connector.lift_exit_ban(agency, measure.case.court, measure.agency_ref, reason)
    except connector.ConnectorError as err:
        raise ActionError(str(err)) from err


def _finish(measure: CoerciveMeasure, reason: str, at: dt.datetime, actor: Any, note: str = "") -> None:
    """Mark an in-force measure ended and log it (shared with the fine and reward actions)."""
    measure.status, measure.end_reason, measure.ended_at = CoerciveMeasure.ENDED, reason, at
    measure.save(update_fields=["status", "end_reason", "ended_at", "record"])
    label = str(dict(rules.END_REASONS)[reason])
    case_events.emit(
        measure.case,
        events.MEASURE_ENDED,
        actor,
        kind=_kind_label(measure.kind),
        who=measure.subject_name,
        reason=f"{label}：{note}" if note else label,
    )
    audit.append(
        "measures.end",
        measure,
        {"case": measure.case.case_number, "kind": measure.kind, "reason": reason},
        actor,
    )


@transaction.atomic
def end_measure(
    measure: CoerciveMeasure, reason: str, *, actor: Any, at: dt.datetime | None = None, note: str = ""
) -> CoerciveMeasure:
    """A measure in force ends: questioning over (within its 8 or 24 hours), detention released at
    term or early, exit ban lifted on payment, guarantee or the applicant's consent (rules §6.16, and
    the border administration told), search done, reward notice withdrawn. A fine ends only when
    finance books it paid (book_fine), a reward when it is paid (rewards.pay_reward). Allowed after
    the case is closed: a debtor who paid in full is released and their exit ban lifted then."""
    measure = _locked(measure)
    permissions.check_end_measure(actor, measure)
    if measure.status != CoerciveMeasure.IN_FORCE:
        raise ActionError(_("该强制措施不在执行中"))
    problems = rules.end_problems(measure.kind, reason)
    if problems:
        raise ActionError(problems)
    if measure.kind == rules.FINE:
        raise ActionError(_("罚款由财务登记缴纳后自动结束"))
    if measure.kind == rules.REWARD and reason == rules.DONE:
        raise ActionError(_("悬赏金支付后悬赏自动结束；未支付的请以撤回结束"))
    at = _moment(at, after=measure.started_at)
    note = note.strip()
    if measure.kind == rules.SUMMONS and measure.started_at:
        problems = rules.questioning_problems(measure.started_at, at, measure.detention_may_follow)
    elif measure.kind == rules.DETENTION and measure.ends_by:
        if reason == rules.RELEASED and at < measure.ends_by:
            problems = [_("拘留期限尚未届满，提前解除须以提前解除拘留结束并说明理由")]
        elif reason == rules.RELEASED_EARLY and at >= measure.ends_by:
            problems = [_("拘留期限已届满，应以期满解除拘留结束")]
        elif reason == rules.RELEASED_EARLY and not note:
            problems = [_("提前解除拘留须说明理由")]
    elif measure.kind == rules.EXIT_BAN:
        if not note:
            problems = [_("解除限制出境须说明已履行、提供担保或申请执行人同意的情况")]
    if problems:
        raise ActionError(problems)
    if measure.kind == rules.EXIT_BAN:
        _lift_at_border(measure, str(dict(rules.END_REASONS)[reason]))
    if note and measure.kind == rules.SEARCH:
        measure.record = f"{measure.record}\n{note}".strip()
    _finish(measure, reason, at, actor, note)
    return measure


@transaction.atomic
def cancel_measure(measure: CoerciveMeasure, reason: str, *, actor: Any) -> CoerciveMeasure:
    """Withdraw a measure not yet carried out (rules.NEXT: proposed or approved). A measure in force
    ends through end_measure, so that what was done stays on the record."""
    measure = _locked(measure)
    case = measure.case
    permissions.check_end_measure(actor, measure)
    if "cancel" not in rules.NEXT.get(measure.status, ()):
        raise ActionError(_("该强制措施已执行或已结束，不能撤销"))
    if not reason.strip():
        raise ActionError(_("须写明撤销理由"))
    if measure.kind == rules.REWARD and measure.status == CoerciveMeasure.PROPOSED and not case.is_closed:
        cancel_open_nodes(case, today(), _("悬赏申请撤回"), only=[REWARD_NODE])
    measure.status, measure.decision_note = CoerciveMeasure.CANCELLED, reason.strip()[:300]
    measure.save(update_fields=["status", "decision_note"])
    case_events.emit(
        case,
        events.MEASURE_CANCELLED,
        actor,
        kind=_kind_label(measure.kind),
        who=measure.subject_name,
        reason=measure.decision_note,
    )
    audit.append(
        "measures.cancel",
        measure,
        {"case": case.case_number, "kind": measure.kind, "reason": reason[:200]},
        actor,
    )
    return measure


@transaction.atomic
def book_fine(
    measure: CoerciveMeasure, amount: Decimal, paid_on: dt.date, reference: str, *, actor: Any
) -> CoerciveMeasure:
    """Finance books a fine paid into the court's pooled account (funds.actions.fines.receive_fine: the
    fines account, never the case's). Paid in part, it stays in force; paid in full, it ends (PAID)."""
    from zhixing.funds.actions.fines import receive_fine

    measure = _locked(measure)
    case = measure.case
    permissions.check_book_fine(actor, measure)
    if measure.kind != rules.FINE:
        raise ActionError(_("只有罚款才能登记缴纳"))
    if measure.status != CoerciveMeasure.IN_FORCE:
        raise ActionError(_("罚款决定尚未送达执行，或已缴清、撤销"))
    amount = _money(amount)
    if amount <= 0 or amount != amount.quantize(CENT):
        raise ActionError(_("缴纳金额须为正数并精确到分"))
    owed = (measure.amount or Decimal(0)) - measure.paid_amount
    if amount > owed:
        raise ActionError(
            _("缴纳金额 %(amount)s 元超过尚欠罚款 %(owed)s 元")
            % {"amount": format_yuan(amount), "owed": format_yuan(owed)}
        )
    if paid_on > today():
        raise ActionError(_("缴纳日期不能晚于今天"))
    if measure.decided_on and paid_on < measure.decided_on:
        raise ActionError(_("缴纳日期早于罚款决定日期"))
    memo = _("%(case)s 罚款（%(who)s）") % {"case": case.case_number, "who": measure.subject_name}
    receive_fine(case.court, amount, paid_on, reference, memo, actor=actor)
    measure.paid_amount = measure.paid_amount + amount
    measure.save(update_fields=["paid_amount"])
    case_events.emit(case, events.FINE_PAID, actor, who=measure.subject_name, amount=str(amount))
    audit.append("measures.fine_paid", measure, {"case": case.case_number, "amount": str(amount)}, actor)
    if measure.paid_amount == measure.amount:
        _finish(measure, rules.PAID, timezone.now(), actor)
    return measure


__all__ = [
    "book_fine",
    "cancel_measure",
    "carry_out",
    "decide_measure",
    "end_measure",
    "particulars",
    "propose_measure",
]
