"""Periodic jobs on the task queue (ARCHITECTURE §6).

An app declares a periodic job in its `tasks.py` with `@periodic("name", seconds)` on a django-tasks
task. Each worker, between batches, calls `enqueue_due_jobs()`: a job whose `next_run_at` has come is
claimed with one conditional UPDATE (`WHERE next_run_at <= now`), so however many workers run, one
of them enqueues it. The job itself must be safe to run twice (the overdue scan is).

A worker that starts first makes every job due (`make_all_due`): the platform may have been stopped
past a run, and `make run` must show the overdue scan's results within a minute of starting, not
within the hour. Several workers starting together may each enqueue a job once; that is safe.
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


def _register_rows(jobs: dict[str, tuple[object, int]], now: dt.datetime) -> None:
    PeriodicJob.objects.bulk_create(
        [PeriodicJob(name=n, interval_seconds=s, next_run_at=now) for n, (_, s) in jobs.items()],
        ignore_conflicts=True,
    )


def make_all_due(now: dt.datetime | None = None) -> None:
    """Bring every job's next run forward to `now` (a worker starting)."""
    now = now or timezone.now()
    jobs = registered()
    _register_rows(jobs, now)
    PeriodicJob.objects.filter(name__in=list(jobs), next_run_at__gt=now).update(next_run_at=now)


def enqueue_due_jobs(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job that is due and that this caller won the claim for; returns their names."""
    now = now or timezone.now()
    jobs = registered()
    _register_rows(jobs, now)
    started = []
    for name, (task, seconds) in jobs.items():
        won = PeriodicJob.objects.filter(name=name, next_run_at__lte=now).update(
            next_run_at=now + dt.timedelta(seconds=seconds), last_run_at=now, interval_seconds=seconds
        )
        if won:
            task.enqueue()  # type: ignore[attr-defined]
            started.append(name)
    return started
