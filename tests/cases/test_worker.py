"""Periodic jobs are claimed by a conditional UPDATE: one claim per due run, however many workers."""

import datetime as dt

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from zhixing.core.periodic import enqueue_due_jobs


def test_a_due_job_is_enqueued_once_per_interval(db):
    now = timezone.now()
    assert "scan_overdue_nodes" in enqueue_due_jobs(now)
    assert enqueue_due_jobs(now) == []  # a second worker at the same moment gets nothing
    # Half an hour on, the hourly scan is not due (the minutely payout delivery is).
    assert "scan_overdue_nodes" not in enqueue_due_jobs(now + dt.timedelta(minutes=30))
    assert "scan_overdue_nodes" in enqueue_due_jobs(now + dt.timedelta(hours=1, seconds=1))
    assert DBTaskResult.objects.filter(task_path="zhixing.cases.tasks.scan_overdue_nodes").count() == 2
