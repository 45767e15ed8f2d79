"""The daily credit job (ARCHITECTURE §6): publish listings whose grace period ended (rules §7.2.6),
remove listings whose term ended (rules §7.1.10), and note the removal triggers the platform sees
(actions/triggers.py) — hourly, so that nothing waits a day for a worker that was down at midnight;
each step only touches rows still due, so running it again changes nothing."""

from __future__ import annotations

from django_tasks import task

from zhixing.core.periodic import periodic

from .actions import listings, removals, triggers
from .actors import CREDIT_SCAN


@periodic("credit_scan", seconds=3600)
@task()
def credit_scan() -> dict[str, int]:
    return {
        "published": listings.publish_due(actor=CREDIT_SCAN),
        "expired": removals.expire_terms(actor=CREDIT_SCAN),
        "triggers": triggers.scan(actor=CREDIT_SCAN),
    }
