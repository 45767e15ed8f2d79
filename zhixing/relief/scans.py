"""The daily relief job: settlements watched against the ledger (a missed instalment marks the
agreement broken; full performance marks it performed). Registered with core.periodic on import.
Refreshing an agreement that has not changed writes nothing, so running it twice is safe."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from zhixing.cases.actions.common import ActionError
from zhixing.core.periodic import periodic
from zhixing.courts.actors import SystemActor

from .models import Settlement

RELIEF_SCAN = SystemActor("relief_scan", _("系统·执行和解履行扫描"))


def run() -> dict[str, int]:
    """Refresh every open settlement; count those now performed, broken, and refused (kept going)."""
    from .actions.settlements import refresh_settlement

    counts = {"checked": 0, "performed": 0, "breached": 0, "refused": 0}
    for pk, before in (
        Settlement.objects.filter(status__in=Settlement.OPEN).order_by("id").values_list("pk", "status")
    ):
        counts["checked"] += 1
        try:
            after = refresh_settlement(Settlement(pk=pk), actor=RELIEF_SCAN).status
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
