"""core.rules.name_problem: a court's or a party's name holds no control character and does not start
like a spreadsheet formula (issue 7, "Security")."""

from __future__ import annotations

import pytest

from zhixing.core.rules import name_problem


@pytest.mark.parametrize(
    "name", ["王申请", "雄安某建设有限公司", "河北雄安新区中级人民法院", "A-1 公司", "张三（曾用名李四）"]
)
def test_ordinary_names_pass(name):
    assert name_problem(name) is None


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x","y")', "+86某公司", "-某公司", "@某公司", " =1+1", "\u3000=1"]
)
def test_a_name_starting_like_a_formula_is_refused_in_chinese(name):
    assert "不能以“=”“+”“-”“@”开头" in name_problem(name)


@pytest.mark.parametrize(
    ("name", "code"),
    [("王\x00申请", "U+0000"), ("王\t申请", "U+0009"), ("王申请\x1b", "U+001B"), ("王\x85", "U+0085")],
)
def test_control_characters_are_refused_naming_the_character(name, code):
    assert f"控制字符（{code}）" in name_problem(name)
