"""The weekly job: last week's bulletin for every top court, made once."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.supervision import test_indicators_data as fixtures
from zhixing.core.periodic import registered
from zhixing.supervision import tasks
from zhixing.supervision.models import Bulletin

data_dir, dataset = fixtures.data_dir, fixtures.dataset


@pytest.mark.django_db
def test_the_job_makes_last_weeks_bulletin_once(dataset, courts):
    wednesday = dt.date(2026, 3, 4)  # in 2026-W10: last week is 2026-W09
    assert tasks.make_missing_bulletins(wednesday) == ["冀"]
    made = Bulletin.objects.get()
    assert (made.week, made.court, made.end, made.made_by) == (
        "2026-W09",
        courts.high,
        dt.date(2026, 3, 1),
        None,
    )
    assert tasks.make_missing_bulletins(wednesday) == []
    assert tasks.make_missing_bulletins(dt.date(2026, 3, 8)) == []  # Sunday: still W10
    assert tasks.make_missing_bulletins(dt.date(2026, 3, 9)) == ["冀"]  # Monday of W11
    assert list(Bulletin.objects.order_by("week").values_list("week", flat=True)) == ["2026-W09", "2026-W10"]


def test_the_job_is_registered_as_periodic():
    task, seconds = registered()["weekly_bulletins"]
    assert task is tasks.weekly_bulletins and seconds <= 24 * 3600


def test_last_week_across_the_new_year():
    assert tasks.last_week(dt.date(2026, 1, 1)) == "2025-W52"  # 2026-01-01 is in 2026-W01
    assert tasks.last_week(dt.date(2021, 1, 4)) == "2020-W53"
