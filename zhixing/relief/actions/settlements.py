"""Settlement (执行和解, rules §10.2): record the agreement with its instalments, watch it against the
ledger (paid = the case's receipts booked on or after the agreement, not reversed), and what follows:
closing on full performance (执行完毕, shortfall "settlement"), resuming after a breach (the same case
when it is only suspended, a linked 执恢 case when it was closed as 终结执行 on the withdrawal), or the
applicant's suit on the agreement instead (not both)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases import permissions as case_permissions
from zhixing.cases.actions import closing, filing, periods
from zhixing.cases.actions.common import ActionError, today
from zhixing.cases.models import Case, ClosureRequest, Party
from zhixing.core import audit
from zhixing.core.money import to_fen
from zhixing.funds.models import Receipt

from .. import events, permissions, rules
from ..models import Instalment, Settlement

SUSPENSION = "suspension"  # cases.rules.EXCLUDED_KIND_LABELS: 中止
WITHDRAW_REASON = "当事人达成执行和解协议，申请执行人撤回执行申请"
MODE_LABELS = dict(Settlement.MODES)
STATUS_LABELS = dict(Settlement.STATUSES)


def schedule_of(settlement: Settlement) -> list[rules.Instalment]:
    """The settlement's instalments as the rules see them (uses the prefetched rows when there are)."""
    return [rules.Instalment(i.seq, i.due_on, i.amount) for i in settlement.instalments.all()]


def receipts_since(case: Case, since: dt.date):
    return Receipt.objects.filter(case=case, booked_on__gte=since, reversed_on__isnull=True)


def paid_since(case: Case, since: dt.date) -> Decimal:
    """The money the case received on or after `since` (SQLite sums come back unquantised)."""
    total = receipts_since(case, since).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    return to_fen(total)


def states_of(settlement: Settlement, on: dt.date | None = None) -> list[rules.InstalmentState]:
    return rules.instalment_states(schedule_of(settlement), settlement.paid, on or today())


def _parties(case: Case, party_ids: Iterable[int]) -> list[Party]:
    ids = {int(i) for i in party_ids}
    chosen = [p for p in case.parties.all() if p.pk in ids]
    problems = []
    if len(chosen) != len(ids):
        problems.append(_("协议当事人须为本案当事人"))
    roles = {p.role for p in chosen}
    if Party.APPLICANT not in roles or Party.DEBTOR not in roles:
        problems.append(_("和解协议须有申请执行人和被执行人双方"))
    if problems:
        raise ActionError(problems)
    return chosen


def standing_agreement(case: Case, settlements: Iterable[Settlement]) -> list[str]:
    """Why no new agreement may be recorded in `case` (the page asks it before offering the form): one
    is still being performed, or one was performed in full and the case waits to be closed."""
    statuses = {s.status for s in settlements}
    if statuses & set(Settlement.OPEN):
        return [_("本案已有正在履行的和解协议")]
    if Settlement.PERFORMED in statuses and not case.is_closed:
        return [_("本案和解协议已履行完毕，应提请以执行完毕方式结案")]
    return []


@transaction.atomic
def record_settlement(
    case: Case,
    *,
    agreed_on: dt.date,
    party_ids: Iterable[int],
    agreed_amount: Decimal,
    instalments: Sequence[tuple[dt.date, Decimal]],
    guarantee: str = "",
    terms: str = "",
    mode: str = Settlement.SUSPEND,
    actor: Any,
) -> Settlement:
    """Record the agreement the parties reached (rules §10.2). `mode`: suspend (the court rules the case
    suspended from the agreement day), withdraw (the applicant withdraws: a 终结执行 closure request a
    judge decides as usual) or none (the case keeps running)."""
    case = Case.objects.select_for_update(of=("self",)).select_related("court").get(pk=case.pk)
    permissions.check_record_settlement(actor, case)
    problems: list[str] = []
    if mode not in MODE_LABELS:
        problems.append(_("未知的和解后程序：%(mode)s") % {"mode": mode})
    if agreed_on > today():
        problems.append(_("和解协议签订日期不能晚于今天"))
    if agreed_on < case.filed_on:
        problems.append(_("和解协议签订日期不能早于立案日期"))
    problems += standing_agreement(case, case.settlements.all())
    if case.closure_requests.filter(status=ClosureRequest.PENDING).exists():
        problems.append(_("本案有待审批的结案申请，不能记录和解协议"))
    agreed_amount = to_fen(agreed_amount)
    schedule = [
        rules.Instalment(seq, due_on, to_fen(amount))
        for seq, (due_on, amount) in enumerate(instalments, start=1)
    ]
    problems += rules.schedule_problems(schedule, agreed_on, agreed_amount)
    if problems:
        raise ActionError(problems)
    parties = _parties(case, party_ids)
    settlement = Settlement.objects.create(
        case=case,
        agreed_on=agreed_on,
        outstanding=to_fen(max(case.applied_amount - case.realized_amount, Decimal(0))),
        agreed_amount=agreed_amount,
        guarantee=guarantee.strip(),
        terms=terms.strip(),
        mode=mode,
        last_day=rules.last_agreed_day(schedule),
        recorded_by=actor,
    )
    settlement.parties.set(parties)
    Instalment.objects.bulk_create(
        [Instalment(settlement=settlement, seq=i.seq, due_on=i.due_on, amount=i.amount) for i in schedule]
    )
    if mode == Settlement.SUSPEND:
        periods.start_excluded_period(case, SUSPENSION, agreed_on, note=_("执行和解"), actor=actor)
    elif mode == Settlement.WITHDRAW:
        closing.request_closure(case, "terminated", reason=WITHDRAW_REASON, actor=actor)
    case_events.emit(
        case,
        events.SETTLEMENT_RECORDED,
        actor,
        agreed_on=agreed_on.isoformat(),
        amount=str(agreed_amount),
        instalments=len(schedule),
        mode=str(MODE_LABELS[mode]),
    )
    audit.append(
        "relief.settlement", settlement, {"case": case.case_number, "amount": str(agreed_amount)}, actor
    )
    refresh_settlement(settlement, actor=actor)
    settlement.refresh_from_db()
    return settlement


def _performed_on(case: Case, since: dt.date, total: Decimal) -> dt.date | None:
    """The day the receipts since the agreement reached `total` (the day it was performed in full)."""
    running = Decimal(0)
    for booked_on, amount in (
        receipts_since(case, since).order_by("booked_on", "id").values_list("booked_on", "amount")
    ):
        running += amount
        if running >= total:
            return booked_on
    return None


@transaction.atomic
def refresh_settlement(settlement: Settlement, *, actor: Any) -> Settlement:
    """Recompute what was paid and the agreement's state (rules.instalment_states): every instalment
    paid → PERFORMED; an instalment missed → BREACHED (event once). Only an open agreement changes;
    nothing is written when nothing changed."""
    settlement = (
        Settlement.objects.select_for_update(of=("self",))
        .select_related("case__court")
        .prefetch_related("instalments")
        .get(pk=settlement.pk)
    )
    case = settlement.case
    permissions.check_read_settlement(actor, case)
    if settlement.status not in Settlement.OPEN:
        return settlement
    on = today()
    paid = paid_since(case, settlement.agreed_on)
    states = rules.instalment_states(schedule_of(settlement), paid, on)
    changed = ["paid"] if paid != settlement.paid else []
    settlement.paid = paid
    if states and all(s.state == rules.PAID for s in states):
        settlement.status = Settlement.PERFORMED
        settlement.performed_on = _performed_on(case, settlement.agreed_on, settlement.agreed_amount) or on
        changed += ["status", "performed_on"]
        case_events.emit(case, events.SETTLEMENT_PERFORMED, actor, amount=str(paid))
    elif settlement.status == Settlement.PERFORMING:
        missed = [s for s in states if s.state == rules.MISSED]
        if missed:
            first = missed[0]
            settlement.status = Settlement.BREACHED
            settlement.breached_on = first.due_on + dt.timedelta(days=1)
            changed += ["status", "breached_on"]
            case_events.emit(
                case, events.SETTLEMENT_BREACHED, actor, seq=first.seq, due_on=first.due_on.isoformat()
            )
    if changed:
        settlement.save(update_fields=changed)
    if "status" in changed:
        audit.append(
            "relief.settlement_state",
            settlement,
            {"case": case.case_number, "status": settlement.status},
            actor,
        )
    return settlement


def _locked(settlement: Settlement) -> Settlement:
    return (
        Settlement.objects.select_for_update(of=("self",))
        .select_related("case__court", "resumed_case")
        .prefetch_related("instalments")
        .get(pk=settlement.pk)
    )


def _check_handle(actor: Any, settlement: Settlement) -> None:
    """permissions.check_handle_settlement, with the reason a finished agreement cannot be handled."""
    try:
        permissions.check_handle_settlement(actor, settlement)
    except ActionError:
        if settlement.status == Settlement.SUED:
            raise ActionError(_("申请执行人已就和解协议提起诉讼，不能再申请恢复执行")) from None
        if settlement.status == Settlement.RESUMED:
            raise ActionError(_("已经恢复执行，不能再就和解协议起诉或重复恢复")) from None
        raise


def _open_suspension(case: Case):
    return case.excluded_periods.filter(kind=SUSPENSION, end_on__isnull=True).order_by("-start_on").first()


def resumption_problems(settlement: Settlement, on: dt.date, anticipatory: bool = False) -> list[str]:
    """Why the applicant may not resume on `on` (rules.resumption_problems plus the case's state)."""
    problems = rules.resumption_problems(states_of(settlement, on), on, settlement.last_day, anticipatory)
    if settlement.status == Settlement.SUED:
        problems.append(_("申请执行人已就和解协议提起诉讼，不能再申请恢复执行"))
    case = settlement.case
    if case.is_closed and case.closure_method != "terminated":
        problems.append(_("案件已以其他方式结案，不能依和解协议恢复执行"))
    return problems


@transaction.atomic
def resume_after_breach(
    settlement: Settlement, *, actor: Any, on: dt.date | None = None, anticipatory: bool = False
) -> Settlement:
    """The applicant resumes the original instrument after the debtor broke the agreement (rules §10.2,
    CPL art 263): a suspended case resumes itself; a case closed as 终结执行 on the withdrawal is
    resumed as a linked 执恢 case whose claim deducts what was paid (applied − realized)."""
    refresh_settlement(settlement, actor=actor)
    settlement = _locked(settlement)
    _check_handle(actor, settlement)
    on = on or today()
    if on > today():
        raise ActionError(_("恢复执行日期不能晚于今天"))
    problems = resumption_problems(settlement, on, anticipatory)
    case = Case.objects.select_for_update(of=("self",)).get(pk=settlement.case_id)
    if not case.is_closed and case.closure_requests.filter(status=ClosureRequest.PENDING).exists():
        problems.append(_("本案有待审批的结案申请，请先处理该申请"))
    if problems:
        raise ActionError(problems)
    if case.is_closed:
        new = closing.resume_case(
            case, filed_on=on, reason=_("被执行人不履行执行和解协议，申请恢复执行"), actor=actor
        )
        # The officer who ran the settlement knows the debtor: the 执恢 case stays with them when the
        # actor may give it to them (cases.permissions.check_assign_handler); else it waits for 分案.
        handler = case.handler
        if handler is not None and case_permissions.may_assign_to(actor, new, handler):
            new = filing.assign_handler(new, handler, on=on, actor=actor)
        settlement.resumed_case = new
        claim, resumed_as = new.applied_amount, new.case_number
    else:
        period = _open_suspension(case)
        if period is not None:
            periods.end_excluded_period(period, max(on, period.start_on), actor=actor)
        case.refresh_from_db(fields=["applied_amount", "realized_amount"])
        claim = to_fen(max(case.applied_amount - case.realized_amount, Decimal(0)))
        resumed_as = case.case_number
    settlement.status, settlement.resumed_on = Settlement.RESUMED, on
    settlement.save(update_fields=["status", "resumed_on", "resumed_case"])
    case_events.emit(case, events.SETTLEMENT_RESUMED, actor, resumed_as=resumed_as, claim=str(claim))
    audit.append(
        "relief.settlement_resume", settlement, {"case": case.case_number, "resumed_as": resumed_as}, actor
    )
    return settlement


def suit_problems(settlement: Settlement, sued_on: dt.date) -> list[str]:
    problems = []
    if settlement.status != Settlement.BREACHED or settlement.resumed_case_id:
        problems.append(_("只有未按约履行且未恢复执行的和解协议可以登记起诉"))
    if sued_on > today():
        problems.append(_("起诉日期不能晚于今天"))
    if sued_on < settlement.agreed_on:
        problems.append(_("起诉日期不能早于和解协议签订日期"))
    return problems


@transaction.atomic
def record_suit(settlement: Settlement, sued_on: dt.date, note: str = "", *, actor: Any) -> Settlement:
    """The applicant sued on the agreement instead of resuming (rules §10.2: one or the other)."""
    refresh_settlement(settlement, actor=actor)
    settlement = _locked(settlement)
    _check_handle(actor, settlement)
    problems = suit_problems(settlement, sued_on)
    if problems:
        raise ActionError(problems)
    settlement.status, settlement.sued_on, settlement.suit_note = Settlement.SUED, sued_on, note.strip()
    settlement.save(update_fields=["status", "sued_on", "suit_note"])
    case = settlement.case
    case_events.emit(case, events.SETTLEMENT_SUED, actor, sued_on=sued_on.isoformat())
    audit.append("relief.settlement_sue", settlement, {"case": case.case_number}, actor)
    return settlement


def close_problems(settlement: Settlement) -> list[str]:
    problems = []
    if settlement.status != Settlement.PERFORMED:
        problems.append(_("和解协议尚未履行完毕"))
    if settlement.case.is_closed:
        problems.append(_("案件已经结案"))
    elif settlement.case.closure_requests.filter(status=ClosureRequest.PENDING).exists():
        problems.append(_("本案已有待审批的结案申请"))
    return problems


@transaction.atomic
def close_on_performance(settlement: Settlement, *, actor: Any) -> ClosureRequest:
    """The agreement is performed: the suspension ends and the handler asks to close the case as 执行完毕
    with the shortfall "settlement" (a judge approves it as usual)."""
    refresh_settlement(settlement, actor=actor)
    settlement = _locked(settlement)
    _check_handle(actor, settlement)
    problems = close_problems(settlement)
    if problems:
        raise ActionError(problems)
    case = settlement.case
    period = _open_suspension(case)
    if period is not None:
        periods.end_excluded_period(period, max(today(), period.start_on), actor=actor)
    request = closing.request_closure(case, "completed", shortfall="settlement", actor=actor)
    audit.append(
        "relief.settlement_state", settlement, {"case": case.case_number, "status": "closing"}, actor
    )
    return request
