"""Money as Decimal yuan with two places (ARCHITECTURE §3): parsing what people and spreadsheets type."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.core.money import InvalidAmount, format_yuan, parse_yuan

cents = st.integers(min_value=0, max_value=10**13).map(lambda n: Decimal(n).scaleb(-2))
small_cents = st.integers(min_value=0, max_value=10**11).map(lambda n: Decimal(n).scaleb(-2))


@given(cents)
def test_round_trip_through_text(amount):
    assert parse_yuan(str(amount)) == amount
    assert parse_yuan(format_yuan(amount)) == amount  # with thousands separators


@given(cents)
def test_result_always_has_two_places(amount):
    assert parse_yuan(str(amount)).as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.50", "1234.50"),
        ("1,234,567", "1234567.00"),
        ("１２３４．５", "1234.50"),  # full-width digits and point
        ("1234.5元", "1234.50"),
        ("  88 ", "88.00"),
        (Decimal("3.1"), "3.10"),
        (500, "500.00"),
    ],
)
def test_what_people_type(text, expected):
    assert parse_yuan(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "1.234",
        "0.001",
        "1,23",
        "12,34.00",
        "abc",
        "",
        None,
        "1e3",
        "-5",
        ".5",
        "1" + "0" * 16,  # more than the 18-digit money columns hold
        Decimal("Infinity"),
        Decimal("NaN"),
        float("nan"),
    ],
)
def test_refused(text):
    with pytest.raises(InvalidAmount):
        parse_yuan(text)


def test_negative_only_when_asked():
    assert parse_yuan("-12.30", allow_negative=True) == Decimal("-12.30")


@given(small_cents)
def test_floats_from_excel_read_as_their_amount(amount):
    # openpyxl hands numeric cells over as float.
    assert parse_yuan(float(amount)) == amount


@given(small_cents, small_cents)
def test_floats_summed_in_excel_read_as_the_sum(a, b):
    # A 合计 column computed by a formula holds binary noise (0.1 + 0.2 = 0.30000000000000004); Excel
    # shows 15 significant digits, and so must we, instead of refusing the row.
    assert parse_yuan(float(a) + float(b)) == a + b


def test_a_float_with_real_fractions_of_a_cent_is_refused():
    with pytest.raises(InvalidAmount, match="两位小数"):
        parse_yuan(12.345)


@given(st.text(max_size=40))
def test_arbitrary_text_gives_an_amount_or_a_chinese_refusal(text):
    try:
        assert parse_yuan(text).as_tuple().exponent == -2
    except InvalidAmount as exc:
        assert "金额" in str(exc)


@given(st.integers(min_value=1, max_value=60).map(lambda n: "9" * n))
def test_very_long_numbers_are_refused_not_crashed(text):
    try:
        parse_yuan(text)
    except InvalidAmount:
        pass


def test_format_groups_thousands():
    assert format_yuan(Decimal("1234567.5")) == "1,234,567.50"
