"""`zhixing worker`: runs queued tasks (django-tasks-db) and enqueues periodic jobs when they fall due.

Several workers may run at once: tasks are claimed by the database backend and periodic jobs by a
conditional UPDATE (core.periodic), so no work is done twice. A worker that starts runs every periodic
job at once (the overdue scan among them), then each on its interval. `zhixing serve` starts one.
"""

from __future__ import annotations

import logging
import time

from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from zhixing.core.periodic import enqueue_due_jobs, make_all_due


class _QuietLoop(logging.Filter):
    """The parent's run() logs "Starting worker" and "No more tasks to run … exiting gracefully" each
    time it is called, which this loop does every second: the first is said once, the second never
    (the worker does not exit). Task results are logged as before."""

    def __init__(self) -> None:
        super().__init__()
        self.started = False

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.msg if isinstance(record.msg, str) else ""
        if text.startswith("No more tasks to run"):
            return False
        if text.startswith("Starting worker"):
            if self.started:
                return False
            self.started = True
        return True


class PeriodicWorker(Worker):
    def run(self) -> None:
        once = self.batch
        self.batch = True  # the parent loop returns when the queue is empty; we then look at the clock
        logging.getLogger("django_tasks_db").addFilter(_QuietLoop())
        make_all_due()
        while self.running:
            enqueue_due_jobs()
            super().run()
            if once:
                return
            time.sleep(self.interval)


class Command(DBWorkerCommand):
    help = _("运行后台任务队列，并按时排入周期任务（超期扫描等）")

    def handle(self, *args, **options):
        import django_tasks_db.management.commands.db_worker as mod

        original = mod.Worker
        mod.Worker = PeriodicWorker  # the parent's handle() builds the worker by this name
        try:
            return super().handle(*args, **options)
        finally:
            mod.Worker = original
