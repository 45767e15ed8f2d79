"""The cell parsers of the import (dates, amounts, name and ID lists, counts, header names)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.cases.importing import cells
from zhixing.cases.importing.cells import CellError
from zhixing.cases.importing.columns import COLUMNS, read_header
from zhixing.cases.importing.validate import legacy_type_code

dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))


@given(dates)
def test_dates_in_every_accepted_form(d):
    assert cells.parse_date(d.isoformat()) == d
    assert cells.parse_date(f"{d.year}/{d.month}/{d.day}") == d
    assert cells.parse_date(f" {d.year}-{d.month}-{d.day} 00:00:00") == d
    assert cells.parse_date(dt.datetime(d.year, d.month, d.day, 13, 5)) == d
    serial = (d - dt.date(1899, 12, 30)).days  # Excel's day number, from a cell not formatted as a date
    assert cells.parse_date(serial) == d


@pytest.mark.parametrize(
    "text", ["2025-02-30", "2025-13-01", "25-3-5", "2025.3.5", "2025-3/5", "三月五日", ""]
)
def test_bad_dates_are_refused_with_a_reason(text):
    with pytest.raises(CellError):
        cells.parse_date(text)


@given(st.decimals(min_value=0, max_value=Decimal("9999999999999.99"), places=2))
def test_amounts_with_or_without_thousands_separators(amount):
    assert cells.parse_amount(str(amount)) == amount
    assert cells.parse_amount(f"{amount:,.2f}") == amount
    assert cells.parse_amount(f" {amount:,} ") == amount


@given(st.decimals(min_value=0, max_value=Decimal("999999999.99"), places=2))
def test_amounts_from_number_cells(amount):
    assert cells.parse_amount(float(amount)) == amount


@pytest.mark.parametrize("text", ["-5", "1.234", "1,23,4", "五千", "", "12元5"])
def test_bad_amounts_are_refused(text):
    with pytest.raises(CellError):
        cells.parse_amount(text)


names = st.text(st.characters(whitelist_categories=["Lo"]), min_size=1, max_size=20)


@given(
    st.lists(names, min_size=1, max_size=6), st.lists(st.sampled_from(["；", ";", " ； ", "; "]), min_size=6)
)
def test_name_lists_split_on_either_semicolon(parts, seps):
    text = "".join(p + s for p, s in zip(parts, seps, strict=False))  # ends with a separator too
    assert cells.parse_names(text) == parts


@given(st.lists(st.sampled_from(["11010519491231002X", "", "91330109699830509x"]), min_size=1, max_size=5))
def test_id_lists_keep_their_places(ids):
    text = "；".join(ids)
    got = cells.parse_ids(text, len(ids))
    assert got == ([i.upper() for i in ids] if any(ids) else [])


def test_id_count_must_match_names_and_names_may_not_be_skipped():
    with pytest.raises(CellError, match="证件号码有2个，与名称的个数（3个）不一致"):
        cells.parse_ids("11010519491231002X;91330109699830509X", 3)
    with pytest.raises(CellError, match="第2个名称为空"):
        cells.parse_names("甲；；乙")
    with pytest.raises(CellError, match="Excel"):
        cells.text(1.1010519491231e17)  # an ID typed into a number cell has lost digits


@given(st.integers(min_value=0, max_value=600))
def test_counts(n):
    assert (
        cells.parse_count(str(n), 600) == n == cells.parse_count(float(n), 600) == cells.parse_count(n, 600)
    )


@pytest.mark.parametrize("value", ["-1", "2.5", "三", 601, 1.5])
def test_bad_counts(value):
    with pytest.raises(CellError):
        cells.parse_count(value, 600)


@given(st.permutations([c.label for c in COLUMNS] + [c.key for c in COLUMNS]).map(lambda xs: xs[:16]))
def test_header_names_in_any_order_and_either_language(names):
    header = read_header(names)
    found = {k for k in header.keys if k}
    duplicated = len(found) < len(names)
    missing = {c.key for c in COLUMNS if c.required} - found
    assert bool(header.problems) == (duplicated or bool(missing))


def test_unknown_and_missing_columns_are_named():
    header = read_header(["案号", "执行法院", "备注"])
    reasons = [why for _col, why in header.problems]
    assert "未知的列“备注”（请使用模板中的中文列名或英文键名）" in reasons
    assert any("缺少必填列“立案日期”" in r for r in reasons)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("（2013）保执复字第5号", "执复"),
        ("2015年阿执字第00294号", "执"),
        ("（2014）冀执恢字第3号", "执恢"),
        ("（2011）阿民初字第858号", None),
    ],
)
def test_legacy_numbers_take_their_type_from_the_text(number, code):
    assert legacy_type_code(number) == code


def test_realised_may_exceed_applied_by_interest_up_to_twice():
    assert not cells.realized_too_high(Decimal("199.99"), Decimal("100"))
    assert not cells.realized_too_high(Decimal("200"), Decimal("100"))
    assert cells.realized_too_high(Decimal("200.01"), Decimal("100"))
    assert cells.realized_too_high(Decimal("0.01"), Decimal("0"))
