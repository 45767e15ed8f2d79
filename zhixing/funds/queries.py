"""Reads of case funds shared by pages, the API, the commands and the bulletin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from zhixing.cases.models import Case
from zhixing.courts.models import Court

from . import matching
from .matching import reference_number
from .models import LedgerAccount, Payout, PooledAccount, Receipt

ZERO = Decimal("0.00")


def pool_numbers() -> dict[int, str]:
    """Court id → its pooled account number (the reference number until finance opens the real one)."""
    opened = dict(PooledAccount.objects.values_list("court_id", "account_number"))
    return {
        cid: opened.get(cid) or reference_number(cid) for cid in Court.objects.values_list("id", flat=True)
    }


def pool_number(court: Court) -> str:
    opened = PooledAccount.objects.filter(court=court).values_list("account_number", flat=True).first()
    return opened or reference_number(court.pk)


def account_number(case: Case) -> str:
    """The case's own account (一案一账号): its court's pooled account, the case id, a check digit."""
    return matching.sub_account_for(pool_number(case.court), case.pk)


def case_balance(case: Case) -> tuple[Decimal, Decimal]:
    """(balance, on its way out) of the case account; zero before its first posting."""
    row = LedgerAccount.objects.filter(case=case).values_list("balance", "pending_out").first()
    return row if row else (ZERO, ZERO)


def available(case: Case) -> Decimal:
    """What a new payout request may still draw: the balance less what is on its way out and what
    other requests not yet settled have asked for."""
    acc = LedgerAccount.objects.filter(case=case).first()
    if acc is None:
        return ZERO
    asked = Payout.objects.filter(case=case, status__in=[Payout.REQUESTED, Payout.APPROVED]).aggregate(
        s=Sum("amount")
    )["s"] or Decimal(0)
    return acc.balance - acc.pending_out - asked


def iter_case_accounts() -> Iterator[tuple[str, str, Decimal]]:
    """(case number, account number, balance) of every case, by case number; streamed."""
    pools = pool_numbers()
    balances = LedgerAccount.objects.filter(case_id__isnull=False)
    rows = (
        Case.objects.order_by("case_number")
        .values_list("id", "case_number", "court_id")
        .iterator(chunk_size=5000)
    )
    bal = dict(balances.values_list("case_id", "balance"))
    for cid, number, court_id in rows:
        yield number, matching.sub_account_for(pools[court_id], cid), bal.get(cid, ZERO)


def unidentified(on: dt.date | None = None, courts: QuerySet[Court] | None = None) -> QuerySet[Receipt]:
    """不明款 (rules §5.13): receipts at a pooled account not (yet) in any case account."""
    qs = Receipt.objects.filter(case__isnull=True, reversed_on__isnull=True)
    if on is not None:
        qs = qs.filter(booked_on__lte=on)
    if courts is not None:
        qs = qs.filter(pooled__court__in=courts)
    return qs


def overdue(on: dt.date, courts: QuerySet[Court] | None = None) -> QuerySet[Receipt]:
    """超期款 (rules §5.13): receipts in a case account, still (partly) unpaid after their payout
    deadline. Held money has no deadline (payout_due_on is null) and is never overdue."""
    qs = Receipt.objects.filter(case__isnull=False, outstanding__gt=0, payout_due_on__lt=on)
    if courts is not None:
        qs = qs.filter(case__court__in=courts)
    return qs


def overdue_claims(on: dt.date) -> QuerySet[Receipt]:
    """Unidentified receipts past their claim deadline."""
    return unidentified().filter(claim_due_on__lt=on)


@dataclass
class Report:
    pooled_balance: Decimal
    case_balance_total: Decimal
    suspense_balance: Decimal
    fees_balance: Decimal
    # Fines of coercive measures paid into the pool, owed to the treasury (LedgerAccount.FINES).
    fines_balance: Decimal
    unidentified_count: int
    unidentified_amount: Decimal
    overdue_count: int
    overdue_amount: Decimal
    # The court's judicial-relief fund not yet granted (LedgerAccount.RELIEF): pooled money too.
    relief_balance: Decimal = ZERO

    def as_json(self) -> dict[str, Any]:
        money = "{:.2f}".format
        return {
            "pooled_balance": money(self.pooled_balance),
            "case_balance_total": money(self.case_balance_total),
            "suspense_balance": money(self.suspense_balance),
            "fees_balance": money(self.fees_balance),
            "fines_balance": money(self.fines_balance),
            "relief_balance": money(self.relief_balance),
            "unidentified": {"count": self.unidentified_count, "amount": money(self.unidentified_amount)},
            "overdue": {"count": self.overdue_count, "amount": money(self.overdue_amount)},
        }


def report(on: dt.date) -> Report:
    """The funds figures a command centre holds at zero, in four aggregate queries (the kept balances
    sum one column, however many case accounts there are)."""
    by_kind = dict(LedgerAccount.objects.values("kind").annotate(t=Sum("balance")).values_list("kind", "t"))
    un = unidentified(on).aggregate(n=Count("id"), s=Sum("amount"))
    late = overdue(on).aggregate(n=Count("id"), s=Sum("outstanding"))
    return Report(
        pooled_balance=by_kind.get(LedgerAccount.POOLED) or ZERO,
        case_balance_total=by_kind.get(LedgerAccount.CASE) or ZERO,
        suspense_balance=by_kind.get(LedgerAccount.SUSPENSE) or ZERO,
        fees_balance=by_kind.get(LedgerAccount.FEES) or ZERO,
        fines_balance=by_kind.get(LedgerAccount.FINES) or ZERO,
        relief_balance=by_kind.get(LedgerAccount.RELIEF) or ZERO,
        unidentified_count=un["n"] or 0,
        unidentified_amount=un["s"] or ZERO,
        overdue_count=late["n"] or 0,
        overdue_amount=late["s"] or ZERO,
    )


def per_court(on: dt.date) -> dict[int, dict[str, Any]]:
    """Unidentified and overdue counts and amounts per court (the command centre's funds panel)."""
    out: dict[int, dict[str, Any]] = {}
    for cid, n, s in unidentified(on).values_list("pooled__court").annotate(n=Count("id"), s=Sum("amount")):
        out.setdefault(cid, {})["unidentified"] = (n, s)
    late = overdue(on).values_list("case__court").annotate(n=Count("id"), s=Sum("outstanding"))
    for cid, n, s in late:
        out.setdefault(cid, {})["overdue"] = (n, s)
    return out


def open_items(on: dt.date) -> Q:
    """Receipts a funds officer has to act on today: unidentified, or overdue."""
    return Q(case__isnull=True) | Q(outstanding__gt=0, payout_due_on__lt=on)
