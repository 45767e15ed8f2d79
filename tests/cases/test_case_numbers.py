"""Case numbers (rules §1.1): parsed in either bracket width, formatted canonically, legacy kept."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.cases.rules import InvalidCaseNumber, format_case_number, parse_case_number

courts = st.sampled_from(["冀", "冀96", "冀9601", "鄂2802", "最高法", "京04"])
types = st.sampled_from(["执", "执恢", "执保", "执异", "执复", "执监", "执协", "执他"])


@given(
    year=st.integers(2016, 2099),
    court=courts,
    type_code=types,
    serial=st.integers(1, 10**6),
    full=st.booleans(),
)
def test_round_trip_in_either_bracket_width(year, court, type_code, serial, full):
    text = f"{'（' if full else '('}{year}{'）' if full else ')'}{court}{type_code}{serial}号"
    n = parse_case_number(text)
    assert (n.year, n.court_code, n.type_code, n.serial) == (year, court, type_code, serial)
    assert str(n) == format_case_number(year, court, type_code, serial)
    assert str(n).startswith("（")


def test_observed_public_numbers():
    n = parse_case_number("(2017)鄂2802执878号")
    assert (n.court_code, n.type_code, n.serial) == ("鄂2802", "执", 878)
    assert parse_case_number("（2021）冀96执恢12号").type_code == "执恢"


def test_pre_2016_numbers_are_kept_as_legacy_strings():
    n = parse_case_number("2015年阿执字第00294号")
    assert n.legacy and n.year == 2015 and str(n) == "2015年阿执字第00294号"


@pytest.mark.parametrize(
    "bad",
    ["", "2021冀96执1号", "（2021）冀96执号", "（21）冀96执1号", "（2021）96执1号", "（2021）冀96执0号"],
)
def test_malformed_numbers_are_refused_in_chinese(bad):
    with pytest.raises(InvalidCaseNumber) as e:
        parse_case_number(bad)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(e.value))


@given(st.text(max_size=30))
def test_parser_never_fails_other_than_by_its_error(text):
    try:
        parse_case_number(text)
    except InvalidCaseNumber:
        pass
