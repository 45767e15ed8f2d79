"""Background tasks of network inquiry and control (ARCHITECTURE §6): the outbox delivery, the
measures' lapse and renewal scan, and the 终本 cases' 6-monthly re-inquiry."""

from __future__ import annotations

from django_tasks import task

from zhixing.core.periodic import periodic
from zhixing.courts.models import Court

from .actions import drive, scan_measures, start_batch
from .actions.batches import reinquiry_due, running_batches
from .actors import REINQUIRY
from .models import InquiryBatch


@periodic("deliver_inquiries", seconds=60)
@task()
def deliver_inquiries() -> int:
    """Send due instructions and poll for answers (the outbox), for up to 50 seconds of each minute
    while anything is outstanding: answers come within seconds, and a request waits for no worker."""
    progress = drive(timeout=50, pause=0.2)
    return progress.sent + progress.answered


@periodic("scan_measures", seconds=3600)
@task()
def scan_measures_task() -> list[int]:
    """Mark unrenewed measures past expiry lapsed; raise renewal reminders."""
    return list(scan_measures())


@periodic("reinquire_terminated", seconds=3600)
@task()
def reinquire_terminated() -> int:
    """Start a re-inquiry batch for each court with 终本 cases due (rules §2.3), unless one is running."""
    started = 0
    for court in Court.objects.all():
        if running_batches(court, [InquiryBatch.TERMINATED_DUE]).exists():
            continue
        if reinquiry_due(court).exists():
            start_batch(court, InquiryBatch.TERMINATED_DUE, actor=REINQUIRY)
            started += 1
    return started
