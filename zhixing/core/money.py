"""Money is Decimal yuan with two places, never float (ARCHITECTURE §3)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
# Money columns hold 18 digits with 2 places; a larger amount is a typing error, refused here rather
# than by the database half-way through an import.
LIMIT = Decimal(10) ** 16
_AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")


class InvalidAmount(ValueError):
    pass


def _float_text(value: float) -> str:
    """A spreadsheet number as text. A formula's result carries binary noise (0.1 + 0.2 →
    0.30000000000000004); Excel keeps 15 significant digits, so that is what the user saw."""
    text = repr(value)
    if "." in text and len(text.split(".")[1]) > 2:
        rounded = format(value, ".15g")
        if "e" not in rounded:
            return rounded
    return text


def parse_yuan(text: object, allow_negative: bool = False) -> Decimal:
    """Parse an amount in yuan: up to two decimals; thousands separators accepted (`1,234.50`);
    full-width digits and commas are normalised; floats from spreadsheets are read via their text."""
    if isinstance(text, Decimal):
        value = text
    else:
        if isinstance(text, float):
            text = _float_text(text)
        s = str(text if text is not None else "").strip()
        s = s.translate(str.maketrans("０１２３４５６７８９，．", "0123456789,.")).replace("元", "").strip()
        if not s:
            raise InvalidAmount(_("金额为空"))
        if not _AMOUNT.match(s):
            raise InvalidAmount(
                _("金额“%(text)s”格式不正确：应为以元为单位、最多两位小数的数字") % {"text": text}
            )
        try:
            value = Decimal(s.replace(",", ""))
        except InvalidOperation:
            raise InvalidAmount(_("金额“%(text)s”格式不正确") % {"text": text})
    if not value.is_finite() or abs(value) >= LIMIT:
        raise InvalidAmount(_("金额“%(text)s”过大或不是数字") % {"text": text})
    if value != value.quantize(CENT):
        raise InvalidAmount(_("金额“%(text)s”超过两位小数") % {"text": text})
    if value < 0 and not allow_negative:
        raise InvalidAmount(_("金额“%(text)s”不能为负数") % {"text": text})
    return value.quantize(CENT)


def to_fen(value: Decimal | int | str) -> Decimal:
    """An amount in yuan rounded half up to the fen (SQLite sums come back unquantised)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_yuan(value: Decimal | int) -> str:
    """`1234567.5` → `1,234,567.50`."""
    return f"{Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def plus(column: str, delta: Decimal):
    """`column + delta` as an UPDATE's value, rounded to the fen in the database. SQLite keeps a
    DecimalField as a binary float, so a sum that returns to zero can land a hair below it
    (1.19 + … − 1.19 = −2e−16) and trip a CHECK (balance ≥ 0) that the exact amounts meet; rounding each
    step keeps the stored value the nearest float of the exact one. On PostgreSQL (numeric) it changes
    nothing."""
    from django.db.models import F
    from django.db.models.functions import Round

    return Round(F(column) + delta, 2)
