"""Periodic jobs on the task queue (ARCHITECTURE §6).

An app declares a periodic job in its `tasks.py` with `@periodic("name", seconds)` on a django-tasks
task. Each worker, between batches, calls `enqueue_due_jobs()`: a job whose `next_run_at` has come is
claimed with one conditional UPDATE (`WHERE next_run_at <= now`), so however many workers run, one
of them enqueues it. The job itself must be safe to run twice (the overdue scan is).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import PeriodicJob

_jobs: dict[str, tuple[object, int]] = {}


def periodic(name: str, seconds: int):
    def wrap(task):
        _jobs[name] = (task, seconds)
        return task

    return wrap


def registered() -> dict[str, tuple[object, int]]:
    autodiscover_modules("tasks")
    return dict(_jobs)


def enqueue_due_jobs(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job that is due and that this caller won the claim for; returns their names."""
    now = now or timezone.now()
    jobs = registered()
    PeriodicJob.objects.bulk_create(
        [PeriodicJob(name=n, interval_seconds=s, next_run_at=now) for n, (_, s) in jobs.items()],
        ignore_conflicts=True,
    )
    started = []
    for name, (task, seconds) in jobs.items():
        won = PeriodicJob.objects.filter(name=name, next_run_at__lte=now).update(
            next_run_at=now + dt.timedelta(seconds=seconds), last_run_at=now, interval_seconds=seconds
        )
        if won:
            task.enqueue()  # type: ignore[attr-defined]
            started.append(name)
    return started
