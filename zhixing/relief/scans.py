"""The daily relief job: settlements watched against the ledger (a missed instalment marks the
agreement broken; full performance marks it performed). Registered with core.periodic on import.
Refreshing an agreement that has not changed writes nothing, so running it twice is safe."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from zhixing.cases.actions.common import ActionError, today
from zhixing.core.money import to_fen
from zhixing.core.periodic import periodic
from zhixing.courts.actors import SystemActor
from zhixing.funds.models import Receipt

from . import rules
from .models import Settlement

RELIEF_SCAN = SystemActor("relief_scan", _("系统·执行和解履行扫描"))


def _needs_refresh(settlement: Settlement, paid: Decimal, on) -> bool:
    """Whether refresh_settlement would change anything: the money paid moved, or the state would
    (every instalment paid, or one missed while still performing). Most days neither holds."""
    from .actions.settlements import schedule_of

    if to_fen(paid) != settlement.paid:
        return True
    states = rules.instalment_states(schedule_of(settlement), paid, on)
    if states and all(x.state == rules.PAID for x in states):
        return True
    return settlement.status == Settlement.PERFORMING and any(x.state == rules.MISSED for x in states)


def run() -> dict[str, int]:
    """Refresh every open settlement that changed; count those now performed, broken, and refused
    (kept going). What each has been paid is read in one grouped query per page, so only the few
    agreements that moved are locked and written (a refresh of each cost ~10 ms on PostgreSQL)."""
    from .actions.settlements import refresh_settlement

    counts = {"checked": 0, "performed": 0, "breached": 0, "refused": 0}
    on = today()
    paid = (
        Receipt.objects.filter(
            case=OuterRef("case"), booked_on__gte=OuterRef("agreed_on"), reversed_on__isnull=True
        )
        .values("case")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    open_ = (
        Settlement.objects.filter(status__in=Settlement.OPEN)
        .annotate(received=Coalesce(Subquery(paid), Decimal(0), output_field=DecimalField()))
        .prefetch_related("instalments")
        .order_by("id")
    )
    for settlement in open_.iterator(chunk_size=500):
        counts["checked"] += 1
        if not _needs_refresh(settlement, Decimal(settlement.received), on):
            continue
        before = settlement.status
        try:
            after = refresh_settlement(settlement, actor=RELIEF_SCAN).status
        except ActionError:
            counts["refused"] += 1
            continue
        if after != before and after == Settlement.PERFORMED:
            counts["performed"] += 1
        elif after != before and after == Settlement.BREACHED:
            counts["breached"] += 1
    return counts


@periodic("relief_scan", seconds=24 * 3600)
@task()
def relief_scan() -> dict[str, int]:
    return run()
