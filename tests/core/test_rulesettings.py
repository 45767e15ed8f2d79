"""Versioned rule settings (ARCHITECTURE §1): scope and effective dates decide which value a rule reads."""

from __future__ import annotations

import datetime as dt

import pytest

from zhixing.core.actions import set_rule_setting
from zhixing.core.actors import CLI
from zhixing.core.rulesettings import MissingRuleSetting, rule_setting

KEY = "test.notice_days"
D = dt.date


@pytest.fixture
def versions(courts):
    set_rule_setting(KEY, 7, D(2020, 1, 1), None, "全国", actor=CLI)
    set_rule_setting(KEY, 5, D(2025, 1, 1), None, "全国新版", actor=CLI)
    set_rule_setting(KEY, 3, D(2030, 1, 1), None, "尚未生效", actor=CLI)
    set_rule_setting(KEY, 10, D(2021, 1, 1), courts.xiongan, "雄安", actor=CLI)
    return courts


def test_the_newest_effective_nationwide_version_wins(versions):
    assert rule_setting(KEY, None, D(2024, 12, 31)) == 7
    assert rule_setting(KEY, None, D(2025, 1, 1)) == 5
    assert rule_setting(KEY, versions.shijiazhuang, D(2026, 6, 1)) == 5


def test_future_versions_are_ignored(versions):
    assert rule_setting(KEY, None, D(2029, 12, 31)) == 5
    assert rule_setting(KEY, None, D(2030, 1, 1)) == 3


def test_a_court_scoped_row_beats_nationwide_and_reaches_the_courts_below(versions):
    assert rule_setting(KEY, versions.xiongan, D(2026, 6, 1)) == 10
    assert rule_setting(KEY, versions.xiongxian, D(2026, 6, 1)) == 10  # 冀9601 sits under 冀96
    assert rule_setting(KEY, versions.xiongan, D(2020, 6, 1)) == 7  # before the court row took effect


def test_the_nearest_court_wins_and_its_newest_version(versions):
    set_rule_setting(KEY, 8, D(2021, 1, 1), versions.high, "河北", actor=CLI)
    set_rule_setting(KEY, 12, D(2026, 1, 1), versions.xiongan, "雄安新版", actor=CLI)
    assert rule_setting(KEY, versions.xiongxian, D(2026, 6, 1)) == 12
    assert rule_setting(KEY, versions.xiongxian, D(2025, 6, 1)) == 10
    assert rule_setting(KEY, versions.shijiazhuang, D(2026, 6, 1)) == 8


def test_a_key_with_no_effective_value_says_so(versions):
    with pytest.raises(MissingRuleSetting, match=KEY):
        rule_setting(KEY, None, D(2019, 12, 31))
    with pytest.raises(MissingRuleSetting):
        rule_setting("test.never_set", None, D(2026, 1, 1))


def test_correcting_a_version_replaces_its_value_and_the_cache(versions):
    assert rule_setting(KEY, None, D(2026, 1, 1)) == 5
    set_rule_setting(KEY, 6, D(2025, 1, 1), None, "更正", actor=CLI)
    assert rule_setting(KEY, None, D(2026, 1, 1)) == 6


def test_the_seeded_roll_setting_is_on(db):
    assert rule_setting("calendar.roll_to_working_day", None, D(2026, 1, 1)) is True
