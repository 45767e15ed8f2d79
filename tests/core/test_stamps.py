"""A change made by another process (another web worker, `zhixing worker`) reaches this process's
caches within stamps.CHECK_SECONDS, not at its next restart.

The other process is played by what its save leaves in the shared database: the changed row (written
here with .update(), which sends no signal, so this process's own receivers do not clear its cache)
and the CacheStamp bump its receiver commits. The clock is this process's, moved by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from zhixing.cases import catalogue
from zhixing.cases import settings_keys as keys
from zhixing.cases.models import NodeKind
from zhixing.core import calendar, rulesettings, stamps
from zhixing.core.models import CacheStamp, Holiday, RuleSetting

pytestmark = pytest.mark.django_db
WEEKDAY = dt.date(2026, 11, 18)  # a Wednesday, an ordinary working day


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def stamp_clock(monkeypatch):
    c = Clock()
    for module in (calendar, rulesettings, catalogue):
        monkeypatch.setattr(module._watch, "clock", c)
        monkeypatch.setattr(module._watch, "checked", float("-inf"))
    return c


def test_a_holiday_declared_elsewhere_is_seen_within_the_check_interval(stamp_clock):
    assert calendar.is_working_day(WEEKDAY)
    # Another process declares the day a holiday and commits.
    Holiday.objects.bulk_create([Holiday(date=WEEKDAY, kind=Holiday.HOLIDAY, name="临时")])
    stamps.bump("calendar")
    stamp_clock.now += stamps.CHECK_SECONDS / 2
    assert calendar.is_working_day(WEEKDAY)  # not yet looked: at most CHECK_SECONDS late
    stamp_clock.now += stamps.CHECK_SECONDS
    assert not calendar.is_working_day(WEEKDAY)


def test_a_rule_setting_changed_elsewhere_is_seen(stamp_clock):
    before = rulesettings.rule_setting(keys.STATUTORY_MONTHS, on=WEEKDAY)
    RuleSetting.objects.filter(key=keys.STATUTORY_MONTHS).update(value=before + 1)
    stamps.bump("rulesettings")
    stamp_clock.now += stamps.CHECK_SECONDS + 1
    assert rulesettings.rule_setting(keys.STATUTORY_MONTHS, on=WEEKDAY) == before + 1


def test_a_node_kind_renamed_elsewhere_is_seen(stamp_clock):
    code = next(iter(catalogue.kinds()))
    NodeKind.objects.filter(code=code).update(name="改名后的节点")
    stamps.bump("node_kinds")
    stamp_clock.now += stamps.CHECK_SECONDS + 1
    assert catalogue.labels()[code] == "改名后的节点"


def test_without_a_change_the_cache_is_not_reloaded(stamp_clock, django_assert_num_queries):
    calendar.is_working_day(WEEKDAY)
    stamp_clock.now += stamps.CHECK_SECONDS + 1
    with django_assert_num_queries(1):  # the stamp only, not the holiday table
        for _ in range(1000):
            calendar.is_working_day(WEEKDAY)


def test_a_save_here_bumps_the_stamp_the_other_processes_read(cast):
    from zhixing.core import actions

    start = CacheStamp.objects.filter(name="calendar").values_list("generation", flat=True).first() or 0
    actions.set_holiday(WEEKDAY, Holiday.HOLIDAY, "临时", actor=cast.admin)
    assert CacheStamp.objects.get(name="calendar").generation == start + 1
    assert not calendar.is_working_day(WEEKDAY)  # and this process's own copy at once
