"""Background tasks of case funds."""

from __future__ import annotations

from django_tasks import task

from zhixing.core.periodic import periodic

from .actions.outbox import deliver_outbox


@periodic("deliver_payouts", seconds=60)
@task()
def deliver_payouts() -> int:
    """Send approved payout instructions to the bank (the outbox)."""
    return deliver_outbox()
