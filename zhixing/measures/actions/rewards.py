"""Reward notices (悬赏, rules §6.13): once the notice is published (the measure in force), informants
are registered in the order they come forward; the first whose lead checks out is rewarded, from the
applicant's money recovered into the case account (a payout through funds, approved like any other).
An informant's phone is for the handler: read through informant_phone, which logs who read it and why."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.actions.common import ActionError, today
from zhixing.core import audit
from zhixing.core.identity import mask_phone

from .. import events, permissions, rules
from ..models import CoerciveMeasure, Informant
from .coercive import _finish, _locked


def _reward_in_force(measure: CoerciveMeasure) -> None:
    if measure.kind != rules.REWARD:
        raise ActionError(_("该措施不是悬赏"))
    if measure.status != CoerciveMeasure.IN_FORCE:
        raise ActionError(_("悬赏公告未发布或已结束"))


@transaction.atomic
def register_informant(
    measure: CoerciveMeasure, name: str, phone: str, lead: str, *, actor: Any, account: str = ""
) -> Informant:
    """Register who came forward, next in order (the measure row is locked, so two registrations at
    once still get consecutive numbers)."""
    measure = _locked(measure)
    permissions.check_handle_measures(actor, measure.case)
    _reward_in_force(measure)
    if not name.strip():
        raise ActionError(_("须填写举报人姓名"))
    if not lead.strip():
        raise ActionError(_("须写明所提供的线索"))
    phone = re.sub(r"[\s-]", "", phone or "")
    if phone and not re.fullmatch(r"\+?\d{7,15}", phone):
        raise ActionError(_("联系电话格式不正确"))
    account = re.sub(r"\s", "", account or "")
    if account and not account.isdigit():
        raise ActionError(_("收款账号只能由数字组成"))
    seq = (measure.informants.aggregate(m=Max("seq"))["m"] or 0) + 1
    informant = Informant.objects.create(
        measure=measure,
        seq=seq,
        name=name.strip()[:100],
        phone=phone[:20],
        lead=lead.strip()[:500],
        account=account[:40],
        registered_at=timezone.now(),
    )
    case = measure.case
    case_events.emit(case, events.INFORMANT_REGISTERED, actor, seq=seq)
    audit.append(
        "measures.informant",
        informant,
        {"case": case.case_number, "seq": seq, "phone": mask_phone(phone)},
        actor,
    )
    return informant


@transaction.atomic
def verify_lead(informant: Informant, confirmed: bool, *, actor: Any) -> Informant:
    """The handler checked the lead: it is true (the debtor or property found by it) or it is not."""
    measure = _locked(informant.measure)
    permissions.check_handle_measures(actor, measure.case)
    _reward_in_force(measure)
    informant = Informant.objects.select_for_update().get(pk=informant.pk)
    if informant.status != Informant.PENDING:
        raise ActionError(_("该线索已核实"))
    informant.status = Informant.CONFIRMED if confirmed else Informant.REJECTED
    informant.save(update_fields=["status"])
    audit.append(
        "measures.verify_lead",
        informant,
        {"case": measure.case.case_number, "seq": informant.seq, "confirmed": bool(confirmed)},
        actor,
    )
    return informant


@transaction.atomic
def pay_reward(measure: CoerciveMeasure, *, actor: Any) -> Any:
    """Pay the reward to the first informant in order whose lead checked out (rules.rewarded), from
    the case account's available money (rules.reward_problems): a funds payout request to the
    informant's account, approved and sent as every payout is. The notice then ends (DONE).

    An earlier informant whose lead is still being checked comes first: the reward waits for it."""
    from zhixing.funds.actions import request_payout
    from zhixing.funds.queries import available

    measure = _locked(measure)
    case = measure.case
    permissions.check_handle_measures(actor, case)
    _reward_in_force(measure)
    informants = list(measure.informants.order_by("seq"))
    seq = rules.rewarded([rules.Lead(i.seq, i.status == Informant.CONFIRMED) for i in informants])
    if seq is None:
        raise ActionError(_("尚无经核实属实的线索"))
    if any(i.seq < seq and i.status == Informant.PENDING for i in informants):
        raise ActionError(_("登记在先的举报人线索尚未核实，须先核实"))
    winner = next(i for i in informants if i.seq == seq)
    amount = measure.amount
    if amount is None:
        raise ActionError(_("悬赏未写明金额"))
    problems = rules.reward_problems(amount, available(case))
    if problems:
        raise ActionError(problems)
    if not winner.account:
        raise ActionError(_("须先登记举报人的收款账号"))
    payout = request_payout(
        case,
        amount,
        payee_name=winner.name,
        payee_account=winner.account,
        payee_bank="",
        actor=actor,
    )
    Informant.objects.filter(pk=winner.pk).update(reward_paid=amount, paid_on=today())
    case_events.emit(case, events.REWARD_PAID, actor, seq=seq, amount=str(amount))
    audit.append(
        "measures.reward_paid", winner, {"case": case.case_number, "seq": seq, "amount": str(amount)}, actor
    )
    _finish(measure, rules.DONE, timezone.now(), actor)
    return payout


def informant_phone(informant: Informant, *, actor: Any, purpose: str) -> str:
    """The informant's full phone, for the handler to call them back; every read is logged with why."""
    case = informant.measure.case
    permissions.check_read_informant(actor, case)
    if not purpose.strip():
        raise ActionError(_("须说明查看联系方式的用途"))
    audit.append(
        "measures.informant_read", informant, {"case": case.case_number, "purpose": purpose[:200]}, actor
    )
    return informant.phone


__all__ = ["informant_phone", "pay_reward", "register_informant", "verify_lead"]
