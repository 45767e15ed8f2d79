"""Reading a year's State Council notice (core.holiday_notice): checked whole, every problem in Chinese.

The notices here are made up for the tests (the 2027 schedule is not published as these tests are
written); they only have the shape of a real one.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from zhixing.core import holiday_notice as hn

D = dt.date

CSV = """名称,放假开始,放假结束,调休上班
元旦,2027-01-01,2027-01-03,
春节,2027-02-06,2027-02-12,2027-02-14 2027-02-20
国庆节,2027年10月1日,2027年10月7日,2027/9/26、2027/10/9
"""

YAML = """year: 2027
source: 测试用通知（虚构）
holidays:
  - {名称: 元旦, 放假开始: 2027-01-01, 放假结束: 2027-01-03}
  - name: 春节
    start: 2027-02-06
    end: 2027-02-12
    workdays: [2027-02-14, 2027-02-20]
"""


def test_csv_with_header_gives_ranges_and_make_up_days():
    notice = hn.parse(CSV, source="测试")
    assert notice.year == 2027
    assert [f.name for f in notice.festivals] == ["元旦", "春节", "国庆节"]
    assert len(notice.holidays()) == 3 + 7 + 7
    assert (D(2027, 2, 14), "春节") in notice.workdays()
    assert (D(2027, 10, 9), "国庆节") in notice.workdays()
    assert notice.source == "测试"


def test_csv_without_header_and_yaml_read_the_same():
    bare = "\n".join(CSV.splitlines()[1:3])
    assert [f.name for f in hn.parse(bare).festivals] == ["元旦", "春节"]
    notice = hn.parse(YAML)
    assert notice.year == 2027 and notice.source == "测试用通知（虚构）"
    assert notice.holidays() == hn.parse(bare).holidays()
    assert notice.workdays() == hn.parse(bare).workdays()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("元旦,2027-01-01,2027-01-03,2027-01-05", "不是周末"),  # a Tuesday cannot be a make-up day
        ("元旦,2027-01-01,2027-01-03,2027-01-02", "同时是“元旦”的放假日"),
        ("元旦,2026-12-31,2027-01-02,", "应在 2027 年内"),
        ("元旦,2027-01-01,2027-01-03,\n春节,2027-01-03,2027-01-09,", "重叠"),
        ("元旦,2027-01-03,2027-01-01,", "早于开始日期"),
        ("元旦,2027-13-01,2027-01-03,", "不是日期"),
        ("元旦,2027-01-01,2027-03-01,", "请核对日期"),
        (",2027-01-01,2027-01-01,", "缺少节日名称"),
        ("春节,2027-02-06,2027-02-12,2027-02-14 2027-02-14", "重复列出"),
        ("", "没有读到任何节假日"),
        ("year: 2027\nholidays: 3", "holidays"),
        ("year: [2027\nholidays:", "YAML"),
    ],
)
def test_each_impossible_notice_is_refused_in_chinese(text, fragment):
    with pytest.raises(ValidationError) as err:
        hn.parse(text, year=2027 if "year" not in text else None)
    assert any(fragment in m for m in err.value.messages), err.value.messages


def test_every_problem_is_reported_at_once_with_its_line():
    with pytest.raises(ValidationError) as err:
        hn.parse("名称,放假开始,放假结束,调休上班\n元旦,2027-01-01,x,\n春节,y,2027-02-12,")
    assert len(err.value.messages) == 2
    assert err.value.messages[0].startswith("第 2 行") and err.value.messages[1].startswith("第 3 行")


def test_a_year_given_must_agree_with_the_file():
    with pytest.raises(ValidationError, match="不一致"):
        hn.parse(YAML, year=2028)


def test_limits_refuse_what_is_not_a_notice():
    with pytest.raises(ValidationError, match="过长"):
        hn.parse("元旦,2027-01-01,2027-01-01,\n" * 2000)
    with pytest.raises(ValidationError, match="空字符"):
        hn.parse("元旦\x00,2027-01-01,2027-01-01,")


@given(st.text(max_size=400))
def test_any_text_is_read_or_refused_with_a_validation_error(text):
    try:
        notice = hn.parse(text, year=2027)
    except ValidationError as exc:
        assert all(isinstance(m, str) and m for m in exc.messages)
    else:  # what is accepted is a possible notice
        assert hn.problems(notice) == []


ranges = st.lists(
    st.tuples(st.integers(0, 360), st.integers(0, 9), st.integers(0, 364)), min_size=1, max_size=8
)


@given(ranges)
def test_an_accepted_notice_has_no_overlap_and_weekend_make_up_days(spans):
    start = D(2027, 1, 1)
    lines = []
    for i, (a, n, w) in enumerate(spans):
        s, e = start + dt.timedelta(days=a), start + dt.timedelta(days=min(a + n, 364))
        wd = start + dt.timedelta(days=w)
        lines.append(f"节{i},{s.isoformat()},{e.isoformat()},{wd.isoformat()}")
    try:
        notice = hn.parse("\n".join(lines), year=2027)
    except ValidationError:
        return
    off = [d for d, _name in notice.holidays()]
    worked = [d for d, _name in notice.workdays()]
    assert len(off) == len(set(off))
    assert all(d.weekday() >= 5 and d.year == 2027 for d in worked)
    assert not set(off) & set(worked)
