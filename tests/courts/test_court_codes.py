"""Court codes (法院代字) and the level their shape implies (rules §1.2)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.courts.rules import (
    BASIC,
    HIGH,
    INTERMEDIATE,
    PARENT_CODE_EXCEPTIONS,
    PROVINCE_CODES,
    PROVINCE_NAMES,
    SUPREME,
    InvalidCourtCode,
    codes_above,
    high_court_name,
    parent_problem,
    parse_court_code,
    province_of,
)

provinces = st.sampled_from(sorted(PROVINCE_CODES))
digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        ("最高法", SUPREME, None),
        ("冀", HIGH, "最高法"),
        ("冀96", INTERMEDIATE, "冀"),
        ("冀9601", BASIC, "冀96"),
        ("京0105", BASIC, "京01"),
        (" 浙01 ", INTERMEDIATE, "浙"),
    ],
)
def test_levels(code, level, parent):
    parsed = parse_court_code(code)
    assert (parsed.code, parsed.level, parsed.parent_code) == (code.strip(), level, parent)


@given(provinces)
def test_one_province_character_is_a_high_court(p):
    assert parse_court_code(p).level == HIGH


@given(provinces, st.integers(0, 99))
def test_two_digits_make_an_intermediate_court_under_the_province(p, n):
    parsed = parse_court_code(f"{p}{n:02d}")
    assert parsed.level == INTERMEDIATE and parsed.parent_code == p


@given(provinces, st.integers(0, 9999))
def test_four_digits_make_a_basic_court_under_the_first_two(p, n):
    code = f"{p}{n:04d}"
    parsed = parse_court_code(code)
    assert parsed.level == BASIC
    assert parsed.parent_code == PARENT_CODE_EXCEPTIONS.get(code, code[:3])


@pytest.mark.parametrize("code", ["冀0629", "冀0632", "冀0638"])
def test_xiongans_county_courts_keep_their_baoding_codes_under_xiongan(code):
    """rules §1.2.5, §1.2.7: 容城, 安新 and 雄县 kept 冀06xx when they moved under 冀96."""
    assert parse_court_code(code).parent_code == "冀96"
    assert codes_above(code) == ["冀96", "冀", "最高法"]
    assert parent_problem(code, "冀96") is None


def test_codes_above_go_up_to_the_supreme_court():
    assert codes_above("冀0602") == ["冀06", "冀", "最高法"]
    assert codes_above("冀06") == ["冀", "最高法"]
    assert codes_above("冀") == ["最高法"]
    assert codes_above("最高法") == []


def test_the_31_provinces_and_the_corps_name_their_high_court():
    assert len(PROVINCE_NAMES) == 32 and "兵" in PROVINCE_NAMES
    assert high_court_name("冀") == "河北省高级人民法院"
    assert high_court_name("鄂") == "湖北省高级人民法院"
    assert high_court_name("内") == "内蒙古自治区高级人民法院"
    assert high_court_name("兵") == "新疆维吾尔自治区高级人民法院生产建设兵团分院"
    assert high_court_name("军") == "中国人民解放军军事法院"
    assert PROVINCE_CODES == set(PROVINCE_NAMES) | {"军"}
    assert province_of("冀0638") == province_of("冀96") == "冀" and province_of("最高法") is None


@pytest.mark.parametrize(
    ("code", "parent", "fits"),
    [
        ("冀0629", "冀96", True),  # digits need not agree (rules §1.2.5)
        ("冀0602", "冀", True),  # a basic court directly under its high court, while 冀06 is missing
        ("冀", "最高法", True),
        ("冀", None, True),  # a high court may stand at the top
        ("冀0602", None, False),  # a basic court never does
        ("冀96", None, False),
        ("冀96", "冀0602", False),  # an intermediate court under a basic one
        ("冀0602", "冀0638", False),  # a basic court under a basic one
        ("冀06", "冀96", False),  # an intermediate court under an intermediate one
        ("冀0602", "京01", False),  # another province
        ("冀", "京", False),
        ("最高法", "冀", False),
    ],
)
def test_a_court_sits_under_a_higher_court_of_its_own_province(code, parent, fits):
    problem = parent_problem(code, parent)
    assert (problem is None) == fits, problem


@given(
    provinces, st.sampled_from([1, 3, 5, 6]).flatmap(lambda k: st.text("0123456789", min_size=k, max_size=k))
)
def test_other_digit_counts_are_refused(p, ds):
    with pytest.raises(InvalidCourtCode, match="不合规"):
        parse_court_code(p + ds)


@given(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5).filter(lambda c: c not in PROVINCE_CODES))
def test_a_character_that_is_no_province_is_refused(c):
    with pytest.raises(InvalidCourtCode):
        parse_court_code(c + "01")


@pytest.mark.parametrize(
    "code",
    ["", "最高", "最高院", "HB01", "冀A1", "冀-96", "冀96 01", "96", "冀冀", "冀٩٦", "冀۹۶01"],
)
def test_bad_shapes_are_refused(code):
    with pytest.raises(InvalidCourtCode):
        parse_court_code(code)


def test_full_width_digits_are_read_as_the_same_code():
    parsed = parse_court_code("冀９６")
    assert parsed.code == "冀96" and parsed.level == INTERMEDIATE


@given(st.text(max_size=8))
def test_arbitrary_text_parses_or_is_refused_in_chinese(text):
    try:
        parsed = parse_court_code(text)
    except InvalidCourtCode as exc:
        assert "法院代字" in str(exc)
    else:
        assert parsed.level in (SUPREME, HIGH, INTERMEDIATE, BASIC)
        assert parsed.code == "最高法" or parsed.code[1:].isascii()


@given(
    provinces,
    st.text(st.characters(categories=["Nd"]), min_size=2, max_size=4).filter(
        lambda s: not all(c in "0123456789０１２３４５６７８９" for c in s)
    ),
)
def test_digits_of_other_scripts_are_refused(p, ds):
    with pytest.raises(InvalidCourtCode):
        parse_court_code(p + ds)
