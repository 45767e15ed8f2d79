"""Background tasks of supervision: the weekly bulletin."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from zhixing.core.periodic import periodic
from zhixing.courts.actors import SCHEDULE
from zhixing.courts.models import Court

from . import actions, queries, rules


def last_week(today: dt.date) -> str:
    """The ISO week before the one `today` falls in ("2026-W47")."""
    return rules.week_label(*rules.previous_week(*today.isocalendar()[:2]))


def make_missing_bulletins(today: dt.date | None = None) -> list[str]:
    """Last week's bulletin for every top court that has none yet; returns the courts' codes made.
    Safe to run any number of times: a stored bulletin is never made again."""
    week = last_week(today or timezone.localdate())
    made = []
    for court in Court.objects.filter(parent__isnull=True).order_by("path"):
        if queries.stored_bulletin(week, court) is None:
            actions.make_bulletin(week, court=court, actor=SCHEDULE)  # the system makes it
            made.append(court.code)
    return made


# Checked hourly rather than weekly so a bulletin appears within the hour after Monday begins whatever
# the time the job was first registered; a run that finds the bulletins made does nothing.
@periodic("weekly_bulletins", seconds=3600)
@task()
def weekly_bulletins() -> list[str]:
    return make_missing_bulletins()
