"""Background tasks of the party portal (ARCHITECTURE §6): the SMS outbox's delivery."""

from __future__ import annotations

from django_tasks import task

from zhixing.core.periodic import periodic

from . import sms


@periodic("deliver_sms", seconds=60)
@task()
def deliver_sms() -> int:
    """Send every due text message (codes are sent at once; this retries them and sends node notices)."""
    return sms.deliver_all()
