"""Parsers for the cells of an import sheet: pure functions, no database. Each raises CellError with
a reason in Chinese that the import reports against the row and column."""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from zhixing.core.money import InvalidAmount, parse_yuan
from zhixing.core.rules import name_problem

# Floats carry 15–16 significant digits: a longer number typed into a numeric Excel cell (an 18-digit
# ID number) has already lost its last digits, so it is refused rather than read wrongly.
_FLOAT_EXACT = 10**15
_DATE = re.compile(r"^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_SEPARATORS = re.compile(r"[；;]")
_COUNT = re.compile(r"^\+?(\d+)(?:\.0+)?$")
MAX_NAME = 100
_SPACE = " \t\r\n\u3000"


class CellError(ValueError):
    """A cell that cannot be read; the message is the reason shown to the clerk."""


def is_blank(value: object) -> bool:
    return value is None or value == "" or (type(value) is str and not value.strip(_SPACE))


def text(value: object) -> str:
    """A text cell as a stripped string. Numbers typed into Excel come back as int or float: whole
    numbers are written without `.0`; numbers too long for a float to hold exactly are refused."""
    if type(value) is str:  # nearly every cell: the fast path first
        return value.strip(_SPACE)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            if abs(value) >= _FLOAT_EXACT:
                raise CellError(_("数字位数超过 Excel 能精确保存的范围，请将该列设为“文本”格式后重新填写"))
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip(_SPACE)


def parse_date(value: object) -> dt.date:
    """`YYYY-MM-DD`, `YYYY/M/D` (a time part such as ` 00:00:00` is ignored), or an Excel date: a
    datetime from openpyxl, or a date serial number when the cell is not formatted as a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A date typed into a cell not formatted as a date arrives as Excel's day serial number.
        if not 1 <= value < 2958466:
            raise CellError(_("日期“%(v)s”不是有效的 Excel 日期") % {"v": value})
        return from_excel(int(value)).date()
    return _date_text(text(value))


@functools.lru_cache(maxsize=8192)  # a file repeats its dates thousands of times
def _date_text(s: str) -> dt.date:
    if not s:
        raise CellError(_("日期为空"))
    m = _DATE.match(s)
    if not m:
        raise CellError(_("日期“%(v)s”格式不正确，应为 YYYY-MM-DD 或 YYYY/M/D") % {"v": s})
    try:
        return dt.date(int(m[1]), int(m[3]), int(m[4]))
    except ValueError:
        raise CellError(_("日期“%(v)s”不存在") % {"v": s})


def parse_amount(value: object) -> Decimal:
    """Yuan with up to two decimals; thousands separators accepted (core.money.parse_yuan)."""
    if isinstance(value, bool) or (isinstance(value, str) and "元" in value.strip().rstrip("元")):
        # parse_yuan drops every 元, which would read “12元5” as 125; only a trailing unit is allowed.
        raise CellError(_("金额“%(v)s”格式不正确") % {"v": value})
    try:
        return parse_yuan(value if not isinstance(value, str) else value.strip())
    except InvalidAmount as e:
        raise CellError(str(e))


def _split(value: object) -> list[str]:
    parts = [p.strip(_SPACE) for p in _SEPARATORS.split(text(value))]
    while parts and not parts[-1]:  # a trailing separator is harmless
        parts.pop()
    return parts


def parse_names(value: object) -> list[str]:
    """One or more names separated by `；` or `;`."""
    names = _split(value)
    if not names:
        raise CellError(_("名称为空"))
    for i, name in enumerate(names, start=1):
        if not name:
            raise CellError(_("第%(i)d个名称为空（分隔符“；”连续出现）") % {"i": i})
        if len(name) > MAX_NAME:
            raise CellError(_("名称“%(n)s…”超过%(m)d个字") % {"n": name[:20], "m": MAX_NAME})
        problem = name_problem(name)
        if problem:
            raise CellError(problem if len(names) == 1 else _("第%(i)d个%(m)s") % {"i": i, "m": problem})
    return names


def parse_ids(value: object, count: int) -> list[str]:
    """ID numbers in the same order as the `count` names, separated the same way. Empty when the cell
    is empty; an empty place between separators means that party has no number on file."""
    ids = [p.strip(_SPACE).upper() for p in _SEPARATORS.split(text(value))]
    while len(ids) > count and not ids[-1]:  # a trailing separator is harmless
        ids.pop()
    if not any(ids):
        return []
    if len(ids) != count:
        raise CellError(_("证件号码有%(a)d个，与名称的个数（%(b)d个）不一致") % {"a": len(ids), "b": count})
    return ids


def parse_count(value: object, maximum: int) -> int:
    """A non-negative whole number (months, days); empty means 0."""
    if is_blank(value):
        return 0
    if isinstance(value, bool):
        raise CellError(_("应为非负整数"))
    if isinstance(value, int):
        n = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("“%(v)s”不是整数") % {"v": value})
        n = int(value)
    else:
        s = text(value)
        m = _COUNT.match(s)
        if not m:
            if re.match(r"^-\d+(\.0+)?$", s):
                raise CellError(_("“%(v)s”不能为负数") % {"v": s})
            raise CellError(_("“%(v)s”应为非负整数") % {"v": s})
        n = int(m[1])
    if n < 0:
        raise CellError(_("“%(v)s”不能为负数") % {"v": value})
    if n > maximum:
        raise CellError(_("“%(v)s”超过上限%(m)d") % {"v": value, "m": maximum})
    return n


# The import contract says realised is "not more than the applied amount plus interest". Interest is
# not in the sheet, so the import refuses only what no interest can explain: realised above this many
# times the applied amount (interest at most equal to the principal). An applied amount of 0 (a claim
# that is not money) allows no realised amount.
REALIZED_MAX_RATIO = Decimal(2)


def realized_too_high(realized: Decimal, applied: Decimal, ratio: Decimal = REALIZED_MAX_RATIO) -> bool:
    return realized > applied * ratio
