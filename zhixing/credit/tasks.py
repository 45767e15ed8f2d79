"""Background tasks of the credit app (ARCHITECTURE §6): the pushes' outbox delivery."""

from __future__ import annotations

from django_tasks import task

from zhixing.core.periodic import periodic

from .actions import delivery


@periodic("deliver_pushes", seconds=60)
@task()
def deliver_pushes() -> int:
    """Send the due pushes to the agencies (the outbox), for up to 50 seconds of each minute while any
    is due; a push waiting for its retry is left to a later run."""
    return delivery.drive(timeout=50, pause=0.5).acked
