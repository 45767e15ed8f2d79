"""Cells of the spreadsheets the platform writes (.xlsx and .csv): text stays text.

Text starting like a formula (= + - @, tab or carriage return: OWASP "CSV Injection") runs as one when
the sheet is opened, and a name such as `=HYPERLINK(…)` came back live from the exports (issue 7,
"Security"). Every writer of a sheet passes its rows through here:

    ws.append(xlsx_row(ws, values))    # openpyxl, normal or write-only worksheet
    out.writerow(csv_row(values))      # the csv module

In .xlsx such text becomes a text cell marked the way Excel marks text typed after an apostrophe
(quotePrefix): it shows as typed, and stays text when edited. In .csv it gets a leading apostrophe,
as OWASP advises (the import takes it off again, so an errors sheet can be submitted as it is).
Numbers, dates and empty cells pass unchanged.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, Protocol

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

from .rules import FORMULA_START

FORMULA_LIKE = (*FORMULA_START, "\t", "\r")
CSV_ESCAPE = "'"


def formula_like(text: str) -> bool:
    return text.startswith(FORMULA_LIKE)


def csv_cell(value: object) -> object:
    if isinstance(value, str) and formula_like(value.removeprefix(CSV_ESCAPE)):
        return CSV_ESCAPE + value  # text that already starts with '= too, so that it reads back as it was
    return value


def csv_row(values: Iterable[object]) -> list[object]:
    return [csv_cell(v) for v in values]


def csv_unescape(text: str) -> str:
    """A cell read from a CSV: without the apostrophe csv_cell put before a formula character."""
    if text.startswith(CSV_ESCAPE) and formula_like(text[1:].removeprefix(CSV_ESCAPE)):
        return text[1:]
    return text


def xlsx_cell(ws, value: object) -> object:
    """The value to append to worksheet `ws`: a text cell for text that would be read as a formula
    (or as an error value such as #N/A), the value itself otherwise. Characters XML cannot hold
    (control characters) are shown as U+FFFD instead of failing the whole download."""
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if ILLEGAL_CHARACTERS_RE.search(value) else value
    if not (text.startswith(FORMULA_LIKE) or text in ERROR_CODES):
        return text
    cell = WriteOnlyCell(ws, value=text)  # openpyxl binds "=…" as a formula …
    cell.data_type = "s"  # … and this makes it text again
    cell.quotePrefix = True
    return cell


def xlsx_row(ws, values: Iterable[object]) -> list[object]:
    return [xlsx_cell(ws, v) for v in values]


# --- A report's tables as a workbook -------------------------------------------------------------------

AMOUNT_FORMAT = "#,##0.00"


class SheetTable(Protocol):
    title: str
    headers: Sequence[Any]
    rows: Sequence[Sequence[Any]]


def amount_cell(ws, value: Any) -> Any:
    """A Decimal as a number shown with two places and thousands separators; anything else as is."""
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = AMOUNT_FORMAT
        return cell
    return value


def tables_workbook(
    tables: Iterable[SheetTable],
    heading: Sequence[Sequence[Any]] = (),
    widths: tuple[float, float] = (28, 14),
    cell: Callable[[Any, Any], Any] = amount_cell,
    after: Callable[[Any, list[Any]], None] | None = None,
) -> bytes:
    """An .xlsx with one sheet per table (the reports of measures, campaigns …): the first sheet opens
    with the `heading` rows and a blank line; then each sheet's headers and rows, every value through
    `cell` and xlsx_row (text stays text). `widths`: the first column's and the others' (a write-only
    sheet sets them before its first row; wide enough for Chinese headings and court names).
    `after(wb, sheets)`, when given, runs once every table is written and before the workbook is saved,
    with the sheets in the order of `tables`: it may add charts (ws.add_chart, referring to the cells
    written), append more rows through xlsx_row, or create further sheets."""
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    sheets = []
    for n, table in enumerate(tables):
        ws = wb.create_sheet(table.title[:31])
        sheets.append(ws)
        for i in range(len(table.headers)):
            ws.column_dimensions[get_column_letter(i + 1)].width = widths[0] if i == 0 else widths[1]
        lines = [*heading, []] if n == 0 else []
        for values in [*lines, list(table.headers), *table.rows]:
            ws.append(xlsx_row(ws, [cell(ws, v) for v in values]))
    if after is not None:
        after(wb, sheets)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
