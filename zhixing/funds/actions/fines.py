"""Fines of coercive measures (rules §6.15) paid into the court. A fine is the state's money, not the
applicant's: it lands in the pooled account and is owed to the treasury through the pool's FINES
account, never through a case account, so no payout of the case can draw on it and the pooled
account still equals what the court owes (case accounts + suspense + fees + fines)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhixing.core import audit
from zhixing.courts.models import Court

from .. import permissions
from ..models import Entry, LedgerAccount, PooledAccount
from .ledger import CENT, pool_account, post


@transaction.atomic
def receive_fine(
    court: Court, amount: Decimal, paid_on: dt.date, reference: str, memo: str, *, actor: Any
) -> Entry:
    """One balanced entry (Entry.FINE): the pooled account +amount, the pool's fines account −amount.
    `reference` is the payment's bank transaction or receipt number; the same one is booked once."""
    permissions.check_receive(actor, court)
    reference = reference.strip()
    if not reference:
        raise ValidationError(_("须填写缴款凭证号（银行流水号或收据号）"))
    if amount <= 0 or amount != amount.quantize(CENT):
        raise ValidationError(_("罚款金额须为正数并精确到分"))
    pooled = PooledAccount.objects.select_for_update().filter(court=court).first()
    if pooled is None:
        raise ValidationError(_("本院尚未开立执行款专户"))
    fines = pool_account(pooled, LedgerAccount.FINES)
    tag = f"[{reference[:60]}]"
    if Entry.objects.filter(kind=Entry.FINE, legs__account=fines, memo__startswith=tag).exists():
        raise ValidationError(_("缴款凭证 %(ref)s 已入账") % {"ref": reference})
    entry = post(
        Entry.FINE,
        [(pool_account(pooled, LedgerAccount.POOLED), amount), (fines, -amount)],
        actor=actor,
        booked_on=paid_on,
        memo=f"{tag} {memo}",
    )
    audit.append(
        "funds.fine",
        entry,
        {"account": pooled.account_number, "amount": str(amount), "reference": reference, "memo": memo[:100]},
        actor,
    )
    return entry
