"""`zhixing calendar due|years|show` (issue 2, operator commands)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhixing.core import actions
from zhixing.core.actors import CLI
from zhixing.core.models import RuleSetting


def run(*args: str) -> str:
    out = StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("2025-08-31", "6", "months"), "2026-02-28"),  # clamped to Feb 28, a make-up working Saturday
        (("2025-09-26", "5", "days"), "2025-10-09"),  # Oct 1 falls in the National Day break: rolls
        (("2025-09-26", "5", "working-days"), "2025-10-10"),  # Sep 28 (Sun) is worked, Oct 1–8 are not
        (("2026-02-13", "1", "working-days"), "2026-02-14"),  # a Saturday worked before the Spring Festival
        (("2026-03-02", "0", "days"), "2026-03-02"),
        (("2026-03-02", "5", "days"), "2026-03-09"),  # Saturday Mar 7 rolls to Monday
    ],
)
def test_due_prints_only_the_date(db, args, expected):
    assert run("due", *args) == expected + "\n"


def test_month_end_clamp_then_roll(db):
    # Jan 31 + 1 month clamps to Feb 28, which in 2026 is a make-up working day: no roll.
    assert run("due", "2026-01-31", "1", "months").strip() == "2026-02-28"


def test_a_date_in_2027_is_refused_with_a_chinese_message(db):
    with pytest.raises(CommandError, match="日历未收录 2027 年"):
        run("due", "2026-12-20", "30", "days")
    with pytest.raises(CommandError, match="2027"):
        run("due", "2027-01-04", "3", "working-days")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2025-02-30", "1", "days"), "日期“2025-02-30”不正确"),
        (("31/08/2025", "1", "days"), "日期"),
        (("2025-08-31", "six", "months"), "期限数量"),
        (("2025-08-31", "1.5", "days"), "期限数量"),
        (("2025-08-31", "1", "weeks"), "期限单位“weeks”"),
        (("2025-08-31",), "用法"),
    ],
)
def test_malformed_input_is_refused_in_chinese(db, args, message):
    with pytest.raises(CommandError, match=message):
        run("due", *args)


def test_the_roll_setting_decides_whether_a_last_day_off_moves(db):
    # 2025-09-26 + 5 days = Oct 1 (a holiday). With rolling switched off nationwide from 2025-01-01:
    actions.set_rule_setting(
        "calendar.roll_to_working_day", False, dt.date(2025, 1, 1), None, "测试", actor=CLI
    )
    assert run("due", "2025-09-26", "5", "days").strip() == "2025-10-01"
    assert RuleSetting.objects.filter(key="calendar.roll_to_working_day").count() == 2


def test_court_option_reads_that_courts_setting(courts):
    actions.set_rule_setting(
        "calendar.roll_to_working_day", False, dt.date(2025, 1, 1), courts.xiongan, "", actor=CLI
    )
    assert run("due", "2025-09-26", "5", "days", "--court", "冀9601").strip() == "2025-10-01"
    assert run("due", "2025-09-26", "5", "days", "--court", "冀01").strip() == "2025-10-09"
    with pytest.raises(CommandError, match="法院代字“冀99”不存在"):
        run("due", "2025-09-26", "5", "days", "--court", "冀99")


def test_years_lists_the_covered_years(db):
    years = [line.split("\t")[0] for line in run("years").splitlines()]
    assert "2025" in years and "2026" in years and "2027" not in years


def test_show_lists_holidays_and_make_up_days(db):
    out = run("show", "2026")
    assert "2026-02-14\t周六\t调休上班\t春节" in out
    assert "2026-02-23\t周一\t放假\t春节" in out
    assert "2026 年" in out
    with pytest.raises(CommandError, match="2027"):
        run("show", "2027")
    with pytest.raises(CommandError, match="年份"):
        run("show", "二〇二六")


# --- through the real console script: exit status and stderr ---------------------------------------


def test_console_script_prints_the_date_alone(cli):
    res = cli("calendar", "due", "2025-08-31", "6", "months")
    assert (res.returncode, res.stdout, res.stderr) == (0, "2026-02-28\n", "")


def test_console_script_fails_with_status_and_chinese_stderr(cli):
    res = cli("calendar", "due", "2026-12-20", "30", "days")
    assert res.returncode != 0 and res.stdout == ""
    assert res.stderr.startswith("日历未收录 2027 年的节假日安排")
    # The provisional date (weekends only: 2027-01-19 is a Tuesday) is printed, said not to be final.
    assert "暂定 2027-01-19" in res.stderr and "不是最终结果" in res.stderr
    bad = cli("calendar", "due", "2025-13-01", "1", "days")
    assert bad.returncode != 0 and "日期“2025-13-01”不正确" in bad.stderr
