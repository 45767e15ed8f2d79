"""Rules the apps share: pure functions, no database access.

Names (of courts and of parties) are not governed by shared/domain/rules.md; the rule below answers
the "Security" findings of issue 7: names typed or imported into the platform come back out in
spreadsheets (the import's errors sheet, list exports, the bulletin).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A cell whose text starts with one of these is read by Excel, LibreOffice and WPS as a formula
# (OWASP "CSV Injection"). Tab and carriage return are on OWASP's list too; in a name they are
# control characters and refused as such.
FORMULA_START = ("=", "+", "-", "@")
# Unicode category Cc: C0 (NUL … U+001F, tab and line breaks included), DEL and C1.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SPACE = " \t\r\n\u3000"


def name_problem(name: str) -> str | None:
    """Why a court's or a party's name cannot be stored, or None when it can.

    - No control characters: they are invisible on every page and document, and PostgreSQL refuses
      NUL in text outright (the same filing would fail there with an error page).
    - No formula character (= + - @) at the start: the platform's exports write such text as text
      (core.sheets), but a name also reaches sheets the platform does not write (a page copied into
      Excel). No court's or party's name starts with one.
    """
    m = _CONTROL.search(name)
    if m:
        return _("名称含有不可见的控制字符（U+%(code)04X），请删除后重新填写") % {"code": ord(m.group())}
    if name.strip(_SPACE).startswith(FORMULA_START):
        return _("名称不能以“=”“+”“-”“@”开头（电子表格会把这样的内容当作公式执行）")
    return None


def visible(name: str) -> str:
    """A name for a message: control characters shown as U+FFFD."""
    return _CONTROL.sub("\ufffd", name)


def validate_name(value: str) -> None:
    """name_problem as a form and serializer field validator."""
    problem = name_problem(value or "")
    if problem:
        raise ValidationError(problem, code="name")
