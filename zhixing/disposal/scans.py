"""The hourly disposal job (ARCHITECTURE §6): collect the network-inquiry reports that are due or in
(rules §8: each platform within 3 days), and pull from every platform with a round on it the signed
messages the webhook may have missed (results, payments, reneging). Each step only applies what is
new — a message already stored changes nothing — so running it again, or beside the webhook, is safe;
one platform that does not answer is counted and does not hold the others."""

from __future__ import annotations

from django_tasks import task

from zhixing.cases.actions.common import ActionError
from zhixing.core.periodic import periodic

from .actions import prices, results
from .actors import DISPOSAL_SCAN
from .models import Auction, Platform


def run() -> dict[str, int]:
    ended = prices.collect_open_reports(actor=DISPOSAL_SCAN)
    pulled = refused = unreachable = 0
    waiting = Auction.objects.filter(status__in=[Auction.LISTED, Auction.SUSPENDED, Auction.SOLD]).exclude(
        lot_id=""
    )
    for platform in Platform.objects.filter(active=True, auctions__in=waiting).distinct().order_by("code"):
        try:
            accepted, refusals = results.pull_messages(platform, actor=DISPOSAL_SCAN)
        except ActionError:
            unreachable += 1
            continue
        pulled += len(accepted)
        refused += len(refusals)
    return {"reports_ended": ended, "messages": pulled, "refused": refused, "unreachable": unreachable}


@periodic("disposal_scan", seconds=3600)
@task()
def disposal_scan() -> dict[str, int]:
    return run()
