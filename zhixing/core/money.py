"""Money is Decimal yuan with two places, never float (ARCHITECTURE §3)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
_AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")


class InvalidAmount(ValueError):
    pass


def parse_yuan(text: object, allow_negative: bool = False) -> Decimal:
    """Parse an amount in yuan: up to two decimals; thousands separators accepted (`1,234.50`);
    full-width digits and commas are normalised; floats from spreadsheets are read via their text."""
    if isinstance(text, Decimal):
        value = text
    else:
        if isinstance(text, float):
            text = repr(text)
        s = str(text if text is not None else "").strip()
        s = s.translate(str.maketrans("０１２３４５６７８９，．", "0123456789,.")).replace("元", "").strip()
        if not s:
            raise InvalidAmount("金额为空")
        if not _AMOUNT.match(s):
            raise InvalidAmount(f"金额“{text}”格式不正确：应为以元为单位、最多两位小数的数字")
        try:
            value = Decimal(s.replace(",", ""))
        except InvalidOperation:
            raise InvalidAmount(f"金额“{text}”格式不正确")
    if value != value.quantize(CENT):
        raise InvalidAmount(f"金额“{text}”超过两位小数")
    if value < 0 and not allow_negative:
        raise InvalidAmount(f"金额“{text}”不能为负数")
    return value.quantize(CENT)


def format_yuan(value: Decimal | int) -> str:
    """`1234567.5` → `1,234,567.50`."""
    return f"{Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"
