"""Judicial relief money (国家司法救助, rules §9) in the pooled account. The court's relief fund is one
more account of the pool that the court owes (LedgerAccount.RELIEF, like fines: never a case's money
until granted), so the pooled account still equals case accounts + suspense + fees + fines + relief.

- `fund_relief`: the treasury's allotment paid into the pooled account: pooled +, relief fund −.
- `grant_relief`: relief decided for a case moves from the fund into the case account (relief fund +,
  case −). It is not money the debtor paid, so `case.realized_amount` does not move; the ordinary
  payout to the applicant (maker-checker, zhixing.funds.actions.payouts) carries it out.
- `recover_relief`: relief taken back from the case account into the fund (case +, relief fund −),
  when the debtor pays later.

The relief actions (zhixing.relief.actions.relief) check who may grant or recover and append their own
audit entries; these postings check the money."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from zhixing.cases.actions.common import today
from zhixing.cases.models import Case
from zhixing.core import audit
from zhixing.courts.models import Court

from .. import permissions
from ..models import Entry, LedgerAccount, PooledAccount
from .ledger import CENT, case_account, pool_account, post


def _amount(amount: Decimal) -> Decimal:
    amount = Decimal(amount)
    if amount <= 0 or amount != amount.quantize(CENT):
        raise ValidationError(_("司法救助金额须为正数并精确到分"))
    return amount


def _pool(court: Court) -> PooledAccount:
    pooled = PooledAccount.objects.select_for_update().filter(court=court).first()
    if pooled is None:
        raise ValidationError(_("本院尚未开立执行款专户"))
    return pooled


def relief_account(court: Court) -> LedgerAccount | None:
    """The court's relief fund account (None before the court has a pooled account)."""
    return LedgerAccount.objects.filter(
        pooled__court=court, kind=LedgerAccount.RELIEF, case__isnull=True
    ).first()


def relief_balance(court: Court) -> Decimal:
    acc = relief_account(court)
    return acc.balance if acc is not None else Decimal("0.00")


@transaction.atomic
def fund_relief(
    court: Court, amount: Decimal, paid_on: dt.date, reference: str, memo: str = "", *, actor: Any
) -> Entry:
    """The treasury's relief allotment received into the pooled account (finance, like any money in).
    `reference` is the allotment's bank transaction or document number; the same one is booked once."""
    permissions.check_receive(actor, court)
    amount = _amount(amount)
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError(_("须填写拨款凭证号（银行流水号或拨款文号）"))
    pooled = _pool(court)
    fund = pool_account(pooled, LedgerAccount.RELIEF)
    tag = f"[{reference[:60]}]"
    if Entry.objects.filter(kind=Entry.RELIEF_FUNDING, legs__account=fund, memo__startswith=tag).exists():
        raise ValidationError(_("拨款凭证 %(ref)s 已入账") % {"ref": reference})
    entry = post(
        Entry.RELIEF_FUNDING,
        [(pool_account(pooled, LedgerAccount.POOLED), amount), (fund, -amount)],
        actor=actor,
        booked_on=paid_on,
        memo=f"{tag} {memo}".strip(),
    )
    audit.append(
        "funds.relief_fund",
        entry,
        {"account": pooled.account_number, "amount": str(amount), "reference": reference, "memo": memo[:100]},
        actor,
    )
    return entry


def _move(kind: str, case: Case, amount: Decimal, reference: str, *, actor: Any, to_case: bool) -> Entry:
    amount = _amount(amount)
    pooled = _pool(case.court)
    fund = pool_account(pooled, LedgerAccount.RELIEF)
    acc = case_account(case, pooled)
    # Lock both accounts (by id, as post does) so a payout request cannot count the same money.
    list(LedgerAccount.objects.select_for_update().filter(pk__in=[fund.pk, acc.pk]).order_by("pk"))
    fund.refresh_from_db()
    acc.refresh_from_db()
    source = fund if to_case else acc
    if source.balance - source.pending_out < amount:
        if to_case:
            raise ValidationError(
                _("司法救助资金余额 %(bal)s 元不足以发放 %(amount)s 元")
                % {"bal": f"{fund.balance:,.2f}", "amount": f"{amount:,.2f}"}
            )
        raise ValidationError(
            _("案件账户可用余额 %(bal)s 元不足以追回 %(amount)s 元")
            % {"bal": f"{acc.balance - acc.pending_out:,.2f}", "amount": f"{amount:,.2f}"}
        )
    legs = [(fund, amount), (acc, -amount)] if to_case else [(acc, amount), (fund, -amount)]
    return post(
        kind,
        legs,
        actor=actor,
        booked_on=today(),
        memo=f"[{reference[:60]}] {case.case_number}",
    )


@transaction.atomic
def grant_relief(case: Case, amount: Decimal, reference: str, *, actor: Any) -> Entry:
    """Relief of `amount` from the court's relief fund into the case account (`reference`: the relief
    case number). Balanced; the case's realised amount is not touched (it is not the debtor's money)."""
    return _move(Entry.RELIEF_GRANT, case, amount, reference, actor=actor, to_case=True)


@transaction.atomic
def recover_relief(case: Case, amount: Decimal, reference: str, *, actor: Any) -> Entry:
    """Relief of `amount` taken back from the case account into the court's relief fund."""
    return _move(Entry.RELIEF_RECOVERY, case, amount, reference, actor=actor, to_case=False)


def relief_entries(case: Case):
    """The case's relief postings (grants and recoveries), oldest first."""
    return Entry.objects.filter(
        Q(kind=Entry.RELIEF_GRANT) | Q(kind=Entry.RELIEF_RECOVERY), legs__account__case=case
    ).order_by("at", "id")
