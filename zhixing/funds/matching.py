"""Which case a receipt belongs to (rules §5.8, §5.12): by its virtual sub-account, else by a case
number written in the remittance text, else nobody (suspense, 不明款). Pure text work."""

from __future__ import annotations

import functools
import re

from zhixing.cases.rules import InvalidCaseNumber, parse_case_number

from . import rules

# A case number inside free text: （2026）冀96执12号 with full- or half-width brackets.
_IN_TEXT = re.compile(r"[（(]\s*\d{4}\s*[)）](?:最高法|[\u4e00-\u9fa5]\d{0,4})[\u4e00-\u9fa5]{1,4}?\d+号")
CASE_ID_WIDTH = 8


def case_numbers_in(text: str) -> list[str]:
    """Every well-formed case number in `text`, in canonical form, first seen first."""
    found: list[str] = []
    for m in _IN_TEXT.finditer((text or "").replace(" ", "").replace("\u3000", "")):
        try:
            number = str(parse_case_number(m.group(0)))
        except InvalidCaseNumber:
            continue
        if number not in found:
            found.append(number)
    return found


def reference_number(court_id: int) -> str:
    """A placeholder pooled account number for a court, unique per court: 1306 (an arbitrary bank
    prefix) and the court id. Replaced by the real one when finance opens the account."""
    return f"1306{court_id:012d}"


def sub_account_for(pooled_number: str, case_id: int) -> str:
    """The case's virtual sub-account: the pooled account, the case id, a check digit (rules §5.4)."""
    return rules.sub_account_number(pooled_number, case_id, CASE_ID_WIDTH)


@functools.lru_cache(maxsize=1 << 16)  # a statement asks twice per line: the check, then the booking
def case_id_of(pooled_number: str, sub_account: str) -> int | None:
    """The case id a sub-account of this pool names, or None when it is not one of its sub-accounts
    (another pool, a wrong length, a failed check digit). Called for every line of a statement, so it
    checks the digits itself rather than building sub_account_problem's message."""
    sub = rules.normalise_sub_account(sub_account)
    if (
        len(sub) != len(pooled_number) + CASE_ID_WIDTH + 1
        or not sub.startswith(pooled_number)
        or not (sub.isascii() and sub.isdigit())
        or rules.luhn_check_digit(sub[:-1]) != sub[-1]
    ):
        return None
    return int(sub[len(pooled_number) : -1])
