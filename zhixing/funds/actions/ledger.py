"""The one posting primitive: an entry whose legs sum to zero, with each account's kept balance moved
in the same transaction. Nothing else writes Entry, Leg or a balance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.core.actors import is_system, require_actor
from zhixing.core.money import plus

from ..models import Entry, LedgerAccount, Leg, PooledAccount

CENT = Decimal("0.01")


def pool_account(pooled: PooledAccount, kind: str) -> LedgerAccount:
    """The pooled, suspense or fee account of a pool, opened on first use."""
    acc, _made = LedgerAccount.objects.get_or_create(pooled=pooled, kind=kind, case=None)
    return acc


def case_account(case: Any, pooled: PooledAccount) -> LedgerAccount:
    """The case's liability account (一案一账号), opened on its first posting."""
    try:
        return LedgerAccount.objects.get(case=case)
    except LedgerAccount.DoesNotExist:
        try:
            with transaction.atomic():
                return LedgerAccount.objects.create(case=case, pooled=pooled, kind=LedgerAccount.CASE)
        except IntegrityError:  # opened by a concurrent posting
            return LedgerAccount.objects.get(case=case)


@transaction.atomic
def post(
    kind: str,
    legs: Sequence[tuple[LedgerAccount, Decimal]],
    *,
    actor: Any,
    booked_on: dt.date,
    memo: str = "",
    reverses: Entry | None = None,
) -> Entry:
    """Write one balanced entry. A leg is (account, debit-positive amount). Refuses an unbalanced
    entry, a zero or sub-fen leg, and a posting that would leave a case, suspense or fee account below
    zero or below what is on its way out (the database's check constraint, so concurrent postings
    cannot both pass)."""
    require_actor(actor)
    if len(legs) < 2:
        raise ValidationError(_("记账凭证至少需要两条分录"))
    for _acc, amount in legs:
        if amount == 0 or amount != amount.quantize(CENT):
            raise ValidationError(_("分录金额必须非零且精确到分：%(amount)s") % {"amount": amount})
    if sum((a for _acc, a in legs), Decimal(0)) != 0:
        raise ValidationError(_("记账凭证借贷不平衡"))
    entry = Entry.objects.create(
        kind=kind,
        at=timezone.now(),
        booked_on=booked_on,
        memo=memo[:200],
        reverses=reverses,
        actor=None if is_system(actor) else actor,
        system_actor=str(actor)[:40] if is_system(actor) else "",
    )
    Leg.objects.bulk_create([Leg(entry=entry, account=acc, amount=amount) for acc, amount in legs])
    # Lock order by id, so two postings over the same accounts never deadlock on PostgreSQL.
    for acc, amount in sorted(legs, key=lambda leg: leg[0].pk):
        try:
            with transaction.atomic():
                LedgerAccount.objects.filter(pk=acc.pk).update(
                    balance=plus("balance", amount * LedgerAccount.NORMAL[acc.kind])
                )
        except IntegrityError as err:
            raise ValidationError(_("余额不足：该账户余额不能为负，也不能低于在途发放金额")) from err
    return entry


def reverse(entry: Entry, *, actor: Any, booked_on: dt.date, memo: str = "") -> Entry:
    """A correction: the mirror of `entry` (never an edit or a delete). An entry is reversed once."""
    if Entry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("该凭证已冲正"))
    if entry.kind in (Entry.RECEIPT, Entry.CLAIM, Entry.PAYOUT, Entry.TRANSFER):
        # A receipt, a claim or a payout is undone by its own action, which also puts the receipt's
        # or the payout's state right (receipts.reverse_receipt); mirroring its entry alone would take
        # the money from wherever it first went, not from where it is now. A transfer between cases
        # also moved both cases' realised amounts, which a mirrored entry would leave behind.
        raise ValidationError(_("到账、认领、发放和案件间划转凭证不能直接冲正"))
    legs = [(leg.account, -leg.amount) for leg in entry.legs.select_related("account")]
    return post(Entry.REVERSAL, legs, actor=actor, booked_on=booked_on, memo=memo, reverses=entry)
