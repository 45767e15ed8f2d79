"""The hourly measures job (ARCHITECTURE §6): pull from every active police bureau with a referral
still waiting on it the signed messages (receipts, filing decisions) its callback may have missed.
A message already applied changes nothing (each referral keeps the seq of the last one applied), so
running it again, or beside the callback, is safe; a bureau that does not answer is counted and does
not hold the others. The referral clocks themselves run as process nodes (`referral_decision`), which
the cases scan marks overdue, and as dates the board reads (actions.referrals.overdue_referrals)."""

from __future__ import annotations

from django_tasks import task

from zhixing.cases.actions.common import ActionError
from zhixing.core.periodic import periodic

from .actions import referral_feed
from .actors import MEASURES_SCAN
from .models import Agency, Referral


def run() -> dict[str, int]:
    applied = refused = unreachable = 0
    waiting = Referral.objects.filter(status__in=referral_feed.WAITING, agency__isnull=False)
    bureaus = Agency.objects.filter(kind=Agency.POLICE, active=True, referrals__in=waiting).distinct()
    for agency in bureaus.order_by("code"):
        try:
            done, refusals = referral_feed.pull_updates(agency, actor=MEASURES_SCAN)
        except ActionError:
            unreachable += 1
            continue
        applied += len(done)
        refused += len(refusals)
    return {"messages": applied, "refused": refused, "unreachable": unreachable}


@periodic("measures_scan", seconds=3600)
@task()
def measures_scan() -> dict[str, int]:
    return run()
