"""Bank statements of the court's pooled case-funds account, parsed into entries (no ORM here).

`parse_statement` reads camt.053 XML (any version 001.02–001.13) or the bank's CSV export (layout in
../STATEMENT_CSV.md) and refuses the whole file with a StatementError that lists every problem found;
`write_camt053` writes camt.053.001.08 (the bank simulator's and the benchmarks' files).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .camt import parse_camt, write_camt053
from .csv import parse_csv
from .model import (
    MAX_AMOUNT,
    MAX_BYTES,
    MAX_ENTRIES,
    Statement,
    StatementEntry,
    StatementError,
)

__all__ = [
    "MAX_AMOUNT",
    "MAX_BYTES",
    "MAX_ENTRIES",
    "Statement",
    "StatementEntry",
    "StatementError",
    "parse_statement",
    "write_camt053",
]

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _looks_like_xml(data: bytes) -> bool:
    head = data[:4096]
    for bom, codec in zip(_BOMS, ("utf-8", "utf-16-le", "utf-16-be"), strict=True):
        if head.startswith(bom):
            head = head[len(bom) :].decode(codec, errors="ignore").encode()
            break
    return head.lstrip(b" \t\r\n").startswith(b"<")


def parse_statement(data: bytes, filename: str = "") -> Statement:
    """The statement in `data`: XML when it starts (after a BOM and white space) with `<`, else CSV.
    The format is sniffed from the content, never from `filename` (kept for callers' logs).
    Raises StatementError listing every problem found."""
    if len(data) > MAX_BYTES:
        raise StatementError(
            [
                _("文件过大（%(size)s 字节），对账单不得超过 %(max)s MB")
                % {"size": f"{len(data):,}", "max": MAX_BYTES // 2**20}
            ]
        )
    return parse_camt(data) if _looks_like_xml(data) else parse_csv(data)
