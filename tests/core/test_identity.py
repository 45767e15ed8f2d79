"""Identity codes (rules §13): resident ID numbers incl. 15-digit legacy numbers, unified social credit
codes; the wrapper never raises."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from zhixing.core.identity import (
    RIC,
    RIC15,
    USCC,
    age_at,
    check_identity,
    check_orgcode,
    check_resident_id,
    check_uscc,
    mask_identity,
)

ON = dt.date(2026, 6, 1)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"  # GB 11643: remainder of the weighted sum mod 11 → check character
ADDRESSES = ["110105", "130600", "133001", "330109", "440305", "510104", "650102", "820000"]


def gb11643(body17: str) -> str:
    """The check character, computed here independently of the code under test."""
    return CHECK[sum(int(c) * w for c, w in zip(body17, WEIGHTS, strict=True)) % 11]


births = st.dates(min_value=dt.date(1900, 1, 1), max_value=ON)
serials = st.integers(0, 999).map(lambda n: f"{n:03d}")


@st.composite
def resident_ids(draw) -> str:
    body = draw(st.sampled_from(ADDRESSES)) + draw(births).strftime("%Y%m%d") + draw(serials)
    return body + gb11643(body)


def test_the_textbook_sample_is_valid():
    res = check_resident_id("11010519491231002X", ON)
    assert res.valid and res.kind == RIC and res.birth_date == dt.date(1949, 12, 31)


@given(resident_ids())
def test_a_well_formed_id_is_valid_and_gives_its_birth_date(code):
    res = check_resident_id(code, ON)
    assert res.valid, res.error
    assert res.kind == RIC and res.normalized == code
    assert res.birth_date.strftime("%Y%m%d") == code[6:14]
    assert check_resident_id(code.lower(), ON).valid  # a typed lower-case x is the same number


@given(resident_ids(), st.sampled_from("0123456789X"))
def test_a_wrong_check_character_is_refused(code, other):
    assume(other != code[-1])
    res = check_resident_id(code[:-1] + other, ON)
    assert not res.valid and "校验位" in res.error


@given(resident_ids(), st.integers(0, 16), st.integers(1, 9))
def test_a_changed_digit_is_caught(code, pos, delta):
    changed = code[:pos] + str((int(code[pos]) + delta) % 10) + code[pos + 1 :]
    assert not check_resident_id(changed, ON).valid


@given(
    st.sampled_from(ADDRESSES),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1999, 12, 31)),
    serials,
)
def test_a_15_digit_legacy_number_becomes_its_18_digit_form(address, birth, serial):
    old = address + birth.strftime("%y%m%d") + serial
    body = address + birth.strftime("%Y%m%d") + serial
    res = check_resident_id(old, ON)
    assert res.valid, res.error
    assert res.kind == RIC15 and res.birth_date == birth
    assert res.normalized == body + gb11643(body)


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("11010519491231002", "18位"),  # 17 characters
        ("00010519491231002X", "地址码"),
        ("110105194902300020", "出生日期"),  # Feb 30
        ("110105203001010020", "晚于今天"),
    ],
)
def test_shape_address_and_birth_date_are_checked(code, why):
    res = check_resident_id(code, ON)
    assert not res.valid and why in res.error


@given(st.text(max_size=40))
def test_arbitrary_text_never_raises(text):
    for fn in (check_identity, check_resident_id, check_uscc, check_orgcode):
        res = fn(text)
        assert res.valid in (True, False)
        assert res.valid or res.error  # a refusal always says why
    mask_identity(text)


@given(st.text(alphabet="0123456789XABCDEFGHJKLMNPQRTUWY -", min_size=14, max_size=20))
def test_code_shaped_text_never_raises(text):
    assert check_identity(text).valid in (True, False)


@pytest.mark.parametrize("code", ["91330109699830509X", "11330109002514937D"])
def test_uscc_samples_are_valid(code):
    res = check_uscc(code)
    assert res.valid and res.kind == USCC and res.normalized == code
    assert check_identity(code).kind == USCC


@pytest.mark.parametrize("code", ["91330109699830509X", "11330109002514937D"])
def test_uscc_with_a_changed_check_character_is_refused(code):
    for c in "0123456789ABCDEFGHJKLMNPQRTUWXY":
        if c != code[-1]:
            res = check_uscc(code[:-1] + c)
            assert not res.valid and "校验位" in res.error


def test_age_at_counts_whole_years():
    assert age_at(dt.date(2008, 6, 2), dt.date(2026, 6, 1)) == 17
    assert age_at(dt.date(2008, 6, 1), dt.date(2026, 6, 1)) == 18


def test_masking_hides_the_birth_date():
    assert mask_identity("11010519491231002X") == "110105********002X"
