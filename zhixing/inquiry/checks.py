"""Invariants of network inquiry and control, run by `zhixing check`."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count
from django.utils.translation import gettext as _

from zhixing.core.checks import register

from .models import Measure


@register("查控措施均有到期日")
def active_measures_expire() -> Iterator[str]:
    """rules §6.8: every measure in force has its start and expiry (a measure never runs unbounded)."""
    for pk, number in Measure.objects.filter(status=Measure.ACTIVE, expiry__isnull=True).values_list(
        "pk", "case__case_number"
    ):
        yield _("案件 %(case)s 的查控措施 #%(m)s 生效但没有到期日") % {"case": number, "m": pk}


@register("扣划款只入账一次")
def deductions_booked_once() -> Iterator[str]:
    """A deduction's transaction id appears on one measure and books one receipt in the case account."""
    from zhixing.funds.models import Receipt

    dupes = (
        Measure.objects.exclude(transaction_id="")
        .values("transaction_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    for row in dupes:
        yield _("扣划交易流水号 %(t)s 对应多个措施") % {"t": row["transaction_id"]}
    for txn, case_id in (
        Measure.objects.filter(status=Measure.DEDUCTED)
        .exclude(transaction_id="")
        .values_list("transaction_id", "case_id")
    ):
        n = Receipt.objects.filter(transaction_id=txn, case_id=case_id).count()
        if n != 1:
            yield _("扣划交易流水号 %(t)s 在案件账户中入账 %(n)d 次") % {"t": txn, "n": n}
