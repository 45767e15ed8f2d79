"""Invariants of the ledger, run by `zhixing check` (rules §5.1, ARCHITECTURE §3)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from zhixing.core.checks import register
from zhixing.core.money import format_yuan

from .models import Entry, LedgerAccount, Leg

CENT = Decimal("0.01")


@register("案款分录借贷平衡")
def every_entry_balances() -> Iterator[str]:
    """Every entry's legs sum to zero: money is never made or lost by a posting."""
    rows = (
        Leg.objects.values("entry")
        .annotate(total=Sum("amount"))
        .exclude(total=0)
        .values_list("entry", "total")
    )
    for entry_id, total in rows.iterator():
        # SQLite sums decimals as floats: legs of 23034.24 − 22890.74 − 143.50 may add up to 1e-12.
        # Legs are whole fen, so a sum that rounds to 0.00 balances.
        if Decimal(total).quantize(CENT) == 0:
            continue
        yield _("记账凭证 #%(entry)s 借贷不平衡，差额 %(total)s") % {"entry": entry_id, "total": total}
    for entry_id in Entry.objects.filter(legs__isnull=True).values_list("id", flat=True):
        yield _("记账凭证 #%(entry)s 没有分录") % {"entry": entry_id}


@register("案款余额与分录一致")
def balances_match_legs() -> Iterator[str]:
    """The balance kept on each account equals its legs; no case account is negative; and the pooled
    account equals Σ case accounts + suspense + fees + fines + the relief fund (the identity the
    command centre relies on; fines of coercive measures are owed to the treasury, never to a case;
    the judicial-relief fund is the court's until relief is granted into a case)."""
    sums = dict(Leg.objects.values("account").annotate(total=Sum("amount")).values_list("account", "total"))
    for acc in LedgerAccount.objects.select_related("case", "pooled").iterator():
        from_legs = Decimal(sums.get(acc.pk) or 0).quantize(CENT) * LedgerAccount.NORMAL[acc.kind]
        if from_legs != acc.balance:
            yield _("%(acc)s 余额 %(bal)s 与分录合计 %(legs)s 不符") % {
                "acc": _label(acc),
                "bal": format_yuan(acc.balance),
                "legs": format_yuan(from_legs),
            }
        if acc.kind != LedgerAccount.POOLED and acc.balance < 0:
            yield _("%(acc)s 余额为负：%(bal)s") % {"acc": _label(acc), "bal": format_yuan(acc.balance)}
    per_pool = LedgerAccount.objects.values("pooled", "kind").annotate(total=Sum("balance"))
    totals: dict[int, dict[str, Decimal]] = {}
    for row in per_pool:
        # Whole fen: SQLite's float sums are rounded back before comparing.
        totals.setdefault(row["pooled"], {})[row["kind"]] = Decimal(row["total"] or 0).quantize(CENT)
    for pool_id, kinds in totals.items():
        pooled = kinds.get(LedgerAccount.POOLED, Decimal(0))
        owed = sum((v for k, v in kinds.items() if k != LedgerAccount.POOLED), Decimal(0))
        if pooled != owed:
            yield _(
                "专户 #%(pool)s 余额 %(pooled)s ≠ 案件账户、待认领款、执行费、罚款与司法救助资金合计 %(owed)s"
            ) % {
                "pool": pool_id,
                "pooled": format_yuan(pooled),
                "owed": format_yuan(owed),
            }


def _label(acc: LedgerAccount) -> str:
    if acc.case_id:
        return _("案件 %(case)s 账户") % {"case": acc.case.case_number}
    return f"{acc.get_kind_display()}（{acc.pooled.account_number}）"
