"""Money in (rules §5.2-5.4, §5.8-5.9): receipts from bank notifications, e-CNY, statements and field
cash, matched to their case or left in suspense; claims of unidentified money; direct payments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.actions.common import today
from zhixing.cases.models import Case
from zhixing.core import audit
from zhixing.core.actors import is_system, require_actor
from zhixing.core.money import plus
from zhixing.core.rulesettings import rule_setting

from .. import events, matching, permissions, rules, settings_keys
from ..models import DirectPayment, Entry, LedgerAccount, PooledAccount, Receipt
from .ledger import case_account, pool_account, post


@dataclass(frozen=True)
class Incoming:
    """A credit at the pooled account, as the bank reports it (notification or statement line)."""

    pooled_account: str
    transaction_id: str
    channel: str
    amount: Decimal
    booked_on: dt.date
    sub_account: str = ""
    payer_name: str = ""
    payer_account: str = ""
    remittance: str = ""
    wallet_id: str = ""


def find_case(pooled: PooledAccount, sub_account: str, remittance: str) -> tuple[Case | None, str]:
    """(case, how) by sub-account first, then by a case number of this pool's court in the remittance."""
    case_id = matching.case_id_of(pooled.account_number, sub_account) if sub_account else None
    if case_id is not None:
        case = Case.objects.filter(pk=case_id, court_id=pooled.court_id).first()
        if case is not None:
            return case, Receipt.BY_SUB_ACCOUNT
    for number in matching.case_numbers_in(remittance):
        case = Case.objects.filter(case_number=number, court_id=pooled.court_id).first()
        if case is not None:
            return case, Receipt.BY_CASE_NUMBER
    return None, Receipt.UNMATCHED


def payout_clock(case: Case, payable_on: dt.date, amount: Decimal) -> tuple[dt.date | None, bool]:
    """When money that became payable on `payable_on` must be paid out (addendum §1.2): None while an
    approved hold stops the clock. A migrant-worker wage case runs the shorter clock (rules §10.1.2)."""
    if case.fund_holds.filter(approved_by__isnull=False, end_on__isnull=True).exists():
        return None, False
    policy = rules.PayoutPolicy.from_setting(rule_setting(settings_keys.PAYOUT_POLICY, case.court))
    due = rules.payout_due(payable_on, amount, policy, wage=case.is_migrant_wage)
    return due.on, due.provisional


def _into_case(receipt: Receipt, case: Case, how: str) -> None:
    receipt.case, receipt.matched_by = case, how
    receipt.payable_on = receipt.booked_on
    receipt.payout_due_on, receipt.due_provisional = payout_clock(case, receipt.booked_on, receipt.amount)
    receipt.outstanding = receipt.amount
    receipt.claim_due_on = None
    # 已执行到位 follows the money that reached the case (indicators.md `realization_rate`).
    Case.objects.filter(pk=case.pk).update(realized_amount=plus("realized_amount", receipt.amount))


def receive(incoming: Incoming, *, actor: Any) -> tuple[Receipt, bool]:
    """Book a credit once: (receipt, True) the first time its bank transaction id is seen at this pool,
    (the receipt already booked, False) every time after, however many arrive at once."""
    require_actor(actor)
    pooled = (
        PooledAccount.objects.filter(account_number=incoming.pooled_account).select_related("court").first()
    )
    if pooled is None:
        raise ValidationError(_("专户账号 %(acc)s 不是本平台的执行款专户") % {"acc": incoming.pooled_account})
    if not is_system(actor):
        permissions.check_receive(actor, pooled.court)
    existing = Receipt.objects.filter(pooled=pooled, transaction_id=incoming.transaction_id).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return _book(pooled, incoming, actor), True
    except IntegrityError:  # the same transaction id booked by a concurrent delivery
        existing = Receipt.objects.filter(pooled=pooled, transaction_id=incoming.transaction_id).first()
        if existing is None:
            raise
        return existing, False


def _book(pooled: PooledAccount, incoming: Incoming, actor: Any) -> Receipt:
    amount = Decimal(incoming.amount).quantize(Decimal("0.01"))
    if amount <= 0:
        raise ValidationError(_("到账金额必须大于零"))
    # The receipt row first: its unique (pool, transaction id) is what makes a repeat fail fast.
    receipt = Receipt(
        pooled=pooled,
        transaction_id=incoming.transaction_id[:64],
        channel=incoming.channel,
        amount=amount,
        booked_on=incoming.booked_on,
        received_at=timezone.now(),
        sub_account=incoming.sub_account[:34],
        payer_name=incoming.payer_name[:100],
        payer_account=incoming.payer_account[:40],
        remittance=incoming.remittance[:200],
        wallet_id=incoming.wallet_id[:40],
    )
    case, how = find_case(pooled, incoming.sub_account, incoming.remittance)
    if case is not None:
        _into_case(receipt, case, how)
        credit = case_account(case, pooled)
    else:
        days = int(rule_setting(settings_keys.CLAIM_WORKING_DAYS, pooled.court))
        receipt.claim_due_on = rules.claim_due(incoming.booked_on, days).on
        credit = pool_account(pooled, LedgerAccount.SUSPENSE)
    receipt.entry = post(
        Entry.RECEIPT,
        [(pool_account(pooled, LedgerAccount.POOLED), amount), (credit, -amount)],
        actor=actor,
        booked_on=incoming.booked_on,
        memo=incoming.remittance,
    )
    receipt.save()
    detail = {
        "transaction_id": receipt.transaction_id,
        "channel": receipt.channel,
        "amount": str(amount),
        "case": case.case_number if case else "",
        "matched_by": how,
    }
    if case is not None:
        case_events.emit(
            case,
            events.RECEIVED,
            actor,
            amount=str(amount),
            channel=receipt.get_channel_display(),
            transaction_id=receipt.transaction_id,
        )
    audit.append("funds.receive", receipt, detail, actor)
    return receipt


# --- Claims of unidentified money ---------------------------------------------------------------


@transaction.atomic
def request_claim(receipt: Receipt, case: Case, note: str = "", *, actor: Any) -> Receipt:
    receipt = Receipt.objects.select_for_update().get(pk=receipt.pk)
    permissions.check_request_claim(actor, receipt, case)
    if case.court_id != receipt.pooled.court_id:
        raise ValidationError(_("只能认领到本专户所属法院的案件"))
    receipt.claim_requested_for, receipt.claim_requested_by = case, (None if is_system(actor) else actor)
    receipt.claim_note = note[:200]
    receipt.save(update_fields=["claim_requested_for", "claim_requested_by", "claim_note"])
    audit.append(
        "funds.request_claim",
        receipt,
        {"transaction_id": receipt.transaction_id, "case": case.case_number, "note": note},
        actor,
    )
    return receipt


@transaction.atomic
def approve_claim(receipt: Receipt, *, actor: Any) -> Receipt:
    """The second person's approval moves the money from suspense into the case account."""
    receipt = (
        Receipt.objects.select_for_update(of=("self",))
        .select_related("pooled", "claim_requested_for")
        .get(pk=receipt.pk)
    )
    permissions.check_approve_claim(actor, receipt)
    case = receipt.claim_requested_for
    assert case is not None
    on = today()
    post(
        Entry.CLAIM,
        [
            (pool_account(receipt.pooled, LedgerAccount.SUSPENSE), receipt.amount),
            (case_account(case, receipt.pooled), -receipt.amount),
        ],
        actor=actor,
        booked_on=on,
        memo=_("认领 %(txn)s") % {"txn": receipt.transaction_id},
    )
    _into_case(receipt, case, Receipt.BY_CLAIM)
    # Payable from the day it reached the case account, not from the day it reached the pool.
    receipt.payable_on = on
    receipt.payout_due_on, receipt.due_provisional = payout_clock(case, on, receipt.amount)
    receipt.claim_requested_for = None
    receipt.save()
    case_events.emit(
        case, events.CLAIMED, actor, amount=str(receipt.amount), transaction_id=receipt.transaction_id
    )
    audit.append(
        "funds.approve_claim",
        receipt,
        {"transaction_id": receipt.transaction_id, "case": case.case_number, "amount": str(receipt.amount)},
        actor,
    )
    return receipt


@transaction.atomic
def refuse_claim(receipt: Receipt, note: str, *, actor: Any) -> Receipt:
    receipt = (
        Receipt.objects.select_for_update(of=("self",))
        .select_related("claim_requested_for")
        .get(pk=receipt.pk)
    )
    permissions.check_approve_claim(actor, receipt)
    case = receipt.claim_requested_for
    receipt.claim_requested_for, receipt.claim_requested_by, receipt.claim_note = None, None, ""
    receipt.save(update_fields=["claim_requested_for", "claim_requested_by", "claim_note"])
    audit.append(
        "funds.refuse_claim",
        receipt,
        {"transaction_id": receipt.transaction_id, "case": case.case_number if case else "", "note": note},
        actor,
    )
    return receipt


@transaction.atomic
def reverse_receipt(receipt: Receipt, memo: str, *, actor: Any, booked_on: dt.date | None = None) -> Receipt:
    """Undo a receipt booked in error, from where its money is now: suspense while unidentified, the
    case account once matched or claimed (only while none of it has been paid out). The receipt
    leaves the unidentified list and cannot be claimed again."""
    receipt = (
        Receipt.objects.select_for_update(of=("self",))
        .select_related("pooled__court", "case")
        .get(pk=receipt.pk)
    )
    if not is_system(actor):
        permissions.check_receive(actor, receipt.pooled.court)
    if receipt.reversed_on is not None:
        raise ValidationError(_("该笔到账款已冲正"))
    on = booked_on or today()
    pooled = pool_account(receipt.pooled, LedgerAccount.POOLED)
    if receipt.case is None:
        source = pool_account(receipt.pooled, LedgerAccount.SUSPENSE)
    else:
        if receipt.outstanding != receipt.amount:
            raise ValidationError(_("该笔款项已部分或全部发放，不能冲正"))
        source = case_account(receipt.case, receipt.pooled)
        Case.objects.filter(pk=receipt.case_id).update(
            realized_amount=plus("realized_amount", -receipt.amount)
        )
    post(
        Entry.REVERSAL,
        [(source, receipt.amount), (pooled, -receipt.amount)],
        actor=actor,
        booked_on=on,
        memo=memo or _("冲正 %(txn)s") % {"txn": receipt.transaction_id},
        reverses=receipt.entry,
    )
    receipt.reversed_on, receipt.outstanding = on, Decimal("0.00")
    receipt.claim_requested_for, receipt.claim_requested_by = None, None
    receipt.save(update_fields=["reversed_on", "outstanding", "claim_requested_for", "claim_requested_by"])
    audit.append("funds.reverse", receipt, {"entry": receipt.entry_id, "memo": memo}, actor)
    return receipt


# --- Field cash and direct payments --------------------------------------------------------------


@transaction.atomic
def record_cash(
    case: Case,
    amount: Decimal,
    received_on: dt.date,
    receipt_number: str,
    officers: list[Any],
    payer_name: str,
    *,
    actor: Any,
) -> Receipt:
    """Cash taken in the field (rules §5.3): two officers present, a receipt on the spot, handed to
    finance the same day. Recorded by finance at the handover, straight into the case account."""
    permissions.check_receive(actor, case.court)
    if len({getattr(o, "pk", o) for o in officers}) < 2:
        raise ValidationError(_("现场收取现金须有两名以上执行人员在场"))
    if not receipt_number.strip():
        raise ValidationError(_("须填写现场开具的收据号"))
    pooled = PooledAccount.objects.get(court=case.court)
    receipt, _made = receive(
        Incoming(
            pooled_account=pooled.account_number,
            transaction_id=f"CASH-{receipt_number.strip()}",
            channel=Receipt.CASH,
            amount=amount,
            booked_on=received_on,
            sub_account=matching.sub_account_for(pooled.account_number, case.pk),
            payer_name=payer_name,
            remittance=_("现场收取现金，收据号 %(n)s") % {"n": receipt_number},
        ),
        actor=actor,
    )
    audit.append(
        "funds.cash",
        receipt,
        {
            "case": case.case_number,
            "amount": str(amount),
            "receipt_number": receipt_number,
            "officers": "、".join(str(o) for o in officers),
        },
        actor,
    )
    return receipt


@transaction.atomic
def record_direct_payment(
    case: Case, amount: Decimal, paid_on: dt.date, payer: str, payee: str, evidence: str, *, actor: Any
) -> DirectPayment:
    """Paid by the debtor straight to the applicant (rules §5.2): counts towards 已执行到位 with its
    evidence, without passing the account."""
    permissions.check_field_money(actor, case)
    if amount <= 0:
        raise ValidationError(_("金额必须大于零"))
    if not evidence.strip():
        raise ValidationError(_("须说明直接支付的证据（收条、转账凭证或申请执行人确认）"))
    payment = DirectPayment.objects.create(
        case=case,
        amount=amount,
        paid_on=paid_on,
        payer=payer[:100],
        payee=payee[:100],
        evidence=evidence[:200],
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    Case.objects.filter(pk=case.pk).update(realized_amount=plus("realized_amount", amount))
    case_events.emit(case, events.DIRECT_PAYMENT, actor, amount=str(amount), paid_on=paid_on.isoformat())
    audit.append(
        "funds.direct_payment",
        payment,
        {"case": case.case_number, "amount": str(amount), "paid_on": paid_on, "evidence": evidence},
        actor,
    )
    return payment
