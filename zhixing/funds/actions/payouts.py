"""Money out (rules §5.5-5.9, addendum §1.2, §1.4): the officer's request, the approval chain from the
rule settings, the instruction to the bank through the outbox, and the bank's answer. Two-phase: a sent
payout only reserves the money (pending_out); it is posted when the bank confirms and released when it
bounces, so money on its way out can never be paid twice."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.actions.common import today
from zhixing.cases.models import Case, Party
from zhixing.core import audit
from zhixing.core.actors import require_actor
from zhixing.core.identity import mask_account
from zhixing.core.money import plus
from zhixing.core.rulesettings import rule_setting

from .. import allocation, events, permissions, rules, settings_keys
from ..models import Entry, Hold, LedgerAccount, Outbox, Payout, PayoutApproval, PooledAccount, Receipt
from ..queries import available
from .ledger import case_account, pool_account, post

CENT = Decimal("0.01")


def fee_for(case: Case, amount: Decimal) -> Decimal:
    """The execution fee withheld from this payout. The fee is paid after execution and borne by the
    debtor (rules §2.1.12), so it comes out of what the debtor paid beyond the applied amount: money
    within the applied amount is the applicant's. Read: fee = min(fee still owed, what reached the
    case account beyond the applied amount and earlier fees, this payout)."""
    # Fees already withheld by payouts confirmed or still on their way (asked, approved, sent): a fee
    # is withheld once, however many payouts are open at a time.
    live = Payout.objects.filter(case=case).exclude(status__in=[Payout.BOUNCED, Payout.REFUSED])
    withheld = live.aggregate(s=Sum("fee"))["s"] or Decimal(0)
    received = Receipt.objects.filter(case=case).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    return rules.fee_withheld(case.applied_amount, received, withheld, amount)


@transaction.atomic
def request_payout(
    case: Case,
    amount: Decimal,
    *,
    payee_name: str,
    payee_account: str,
    payee_bank: str,
    party: Party | None = None,
    account_confirmed: bool = False,
    actor: Any,
) -> Payout:
    permissions.check_request_payout(actor, case)
    amount = Decimal(amount).quantize(CENT)
    if amount <= 0:
        raise ValidationError(_("发放金额必须大于零"))
    if Hold.objects.filter(case=case, reason="bankruptcy", end_on__isnull=True).exists():
        # addendum §1.2.5: the debtor's money once its bankruptcy is accepted is not paid out.
        raise ValidationError(_("被执行人破产申请已受理，案款应停止发放"))
    # Lock the case account so two requests cannot both count the same available money.
    acc = LedgerAccount.objects.select_for_update().filter(case=case).first()
    if acc is None or amount > available(case):
        raise ValidationError(
            _("发放金额 %(amount)s 超过案件账户可发放余额 %(avail)s")
            % {"amount": amount, "avail": available(case)}
        )
    if not payee_name.strip() or not payee_account.strip():
        raise ValidationError(_("须填写收款人户名和收款账号"))
    people = allocation.applicants(case)
    if party is None and len(people) == 1:
        party = people[0]
    if party is not None and party.case_id != case.pk:
        raise ValidationError(_("收款的申请执行人不是本案当事人"))
    if len(people) > 1:
        # Several applicants share by the configured order (rules §5.15, funds.allocation_method).
        if party is None:
            raise ValidationError(_("本案有多名申请执行人，请选择本次收款的申请执行人"))
        share = allocation.shares(case, available(case)).get(party.pk, Decimal(0))
        if amount > share:
            raise ValidationError(
                _("按分配顺序，申请执行人%(name)s本次可分配 %(share)s 元，发放金额 %(amount)s 元超出")
                % {"name": party.name, "share": share, "amount": amount}
            )
    steps = rules.approval_steps(amount, rule_setting(settings_keys.PAYOUT_APPROVALS, case.court))
    payout = Payout.objects.create(
        case=case,
        party=party,
        payee_name=payee_name.strip()[:100],
        payee_account=payee_account.replace(" ", "")[:40],
        payee_bank=payee_bank.strip()[:100],
        account_confirmed=account_confirmed,
        amount=amount,
        fee=fee_for(case, amount),
        steps=list(steps),
        requested_by=actor,
        requested_at=timezone.now(),
        idempotency_key=uuid.uuid4().hex,
    )
    case_events.emit(case, events.PAYOUT_REQUESTED, actor, amount=str(amount), payee=payout.payee_name)
    audit.append(
        "funds.request_payout",
        payout,
        {
            "case": case.case_number,
            "amount": str(amount),
            "payee": payout.payee_name,
            "payee_account": mask_account(payout.payee_account),
        },
        actor,
    )
    return payout


@transaction.atomic
def approve_payout(payout: Payout, approved: bool = True, note: str = "", *, actor: Any) -> Payout:
    payout = Payout.objects.select_for_update().select_related("case__court").get(pk=payout.pk)
    permissions.check_approve_payout(actor, payout)
    step = payout.approvals.count()
    try:
        with transaction.atomic():
            PayoutApproval.objects.create(
                payout=payout,
                step=step,
                role=payout.steps[step],
                approver=actor,
                approved=approved,
                note=note[:200],
                at=timezone.now(),
            )
    except IntegrityError as err:  # a concurrent approval of the same step
        raise ValidationError(_("该环节已由他人审批")) from err
    if not approved:
        payout.status, payout.reason = Payout.REFUSED, note[:200]
    elif step + 1 == len(payout.steps):
        payout.status = Payout.APPROVED
    payout.save(update_fields=["status", "reason"])
    case_events.emit(payout.case, events.PAYOUT_APPROVED, actor, step=step + 1, approved=approved)
    audit.append(
        "funds.approve_payout",
        payout,
        {"case": payout.case.case_number, "step": step + 1, "approved": approved},
        actor,
    )
    return payout


@transaction.atomic
def send_payout(payout: Payout, *, actor: Any) -> Payout:
    """Reserve the money and queue the instruction (outbox, keyed by the payout's idempotency key)."""
    payout = Payout.objects.select_for_update().select_related("case__court").get(pk=payout.pk)
    permissions.check_send_payout(actor, payout)
    pooled = PooledAccount.objects.get(court=payout.case.court)
    acc = case_account(payout.case, pooled)
    try:
        with transaction.atomic():
            # The check constraint (balance ≥ pending_out) refuses a reservation the balance cannot
            # carry, however many are sent at once.
            LedgerAccount.objects.filter(pk=acc.pk).update(pending_out=plus("pending_out", payout.amount))
    except IntegrityError as err:
        raise ValidationError(_("案件账户余额不足，不能发送该发放指令")) from err
    payout.status = Payout.SENT
    payout.save(update_fields=["status"])
    Outbox.objects.create(
        key=payout.idempotency_key,
        kind="payout",
        payload={
            "idempotency_key": payout.idempotency_key,
            "from_account": pooled.account_number,
            "payee_name": payout.payee_name,
            "payee_account": payout.payee_account,
            "payee_bank": payout.payee_bank,
            "amount": str(payout.amount - payout.fee),
            "reference": payout.case.case_number,
        },
        created_at=timezone.now(),
    )
    audit.append(
        "funds.send_payout",
        payout,
        {"case": payout.case.case_number, "amount": str(payout.amount), "key": payout.idempotency_key},
        actor,
    )
    return payout


@transaction.atomic
def record_payout_result(
    key: str, confirmed: bool, bank_reference: str = "", reason: str = "", *, actor: Any
) -> Payout:
    """The bank's answer, however many times it comes: the first settles the payout, the rest change
    nothing. Confirmed: post case → pooled (and the fee → fee income); bounced: release the reservation,
    so the money is back in the case's spendable balance."""
    require_actor(actor)
    payout = (
        Payout.objects.select_for_update().select_related("case__court").filter(idempotency_key=key).first()
    )
    if payout is None:
        raise ValidationError(_("没有幂等键为 %(key)s 的发放指令") % {"key": key})
    if payout.status in (Payout.CONFIRMED, Payout.BOUNCED):
        return payout
    if payout.status != Payout.SENT:
        raise ValidationError(_("该发放指令尚未发送银行"))
    case = payout.case
    pooled = PooledAccount.objects.get(court=case.court)
    acc = case_account(case, pooled)
    on = today()
    if confirmed:
        legs = [
            (acc, payout.amount),
            (pool_account(pooled, LedgerAccount.POOLED), -(payout.amount - payout.fee)),
        ]
        if payout.fee:
            legs.append((pool_account(pooled, LedgerAccount.FEES), -payout.fee))
        legs = [(a, x) for a, x in legs if x]
        # Release first, then post: balance ≥ pending_out holds at every step.
        LedgerAccount.objects.filter(pk=acc.pk).update(pending_out=plus("pending_out", -payout.amount))
        payout.entry = post(Entry.PAYOUT, legs, actor=actor, booked_on=on, memo=case.case_number)
        _consume_receipts(case, payout.amount)
        payout.status = Payout.CONFIRMED
        case_events.emit(case, events.PAYOUT_CONFIRMED, actor, amount=str(payout.amount), fee=str(payout.fee))
    else:
        LedgerAccount.objects.filter(pk=acc.pk).update(pending_out=plus("pending_out", -payout.amount))
        payout.status, payout.reason = Payout.BOUNCED, reason[:200]
        case_events.emit(case, events.PAYOUT_BOUNCED, actor, amount=str(payout.amount), reason=reason)
    payout.bank_reference, payout.settled_at = bank_reference[:64], timezone.now()
    payout.save(update_fields=["entry", "status", "reason", "bank_reference", "settled_at"])
    audit.append(
        "funds.settle_payout",
        payout,
        {"case": case.case_number, "amount": str(payout.amount), "status": payout.status, "reason": reason},
        actor,
    )
    return payout


def _consume_receipts(case: Case, amount: Decimal) -> None:
    """Paid out oldest receipt first, so what stays outstanding is the newest money (overdue funds name
    the receipts still unpaid past their deadline)."""
    left = amount
    for r in (
        Receipt.objects.select_for_update().filter(case=case, outstanding__gt=0).order_by("payable_on", "id")
    ):
        take = min(left, r.outstanding)
        Receipt.objects.filter(pk=r.pk).update(outstanding=plus("outstanding", -take))
        left -= take
        if left <= 0:
            break
