"""Reading an import file (.xlsx or .csv) into its header row and data rows, with row numbers as the
spreadsheet shows them (the header is row 1).

A file is refused, with the reason in Chinese and before it is read, when it exceeds the limits below
(issue 7, "Security": a 5 MB .xlsx that unpacks to 1.24 GB was still being read after 400 s). A
province's 100,000 cases are a 25 MB CSV, or a 15 MB .xlsx that unpacks to 97 MB
(benchmarks/import_cases.py): the limits leave room for that and none for a bomb.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from zhixing.core.sheets import FORMULA_LIKE, csv_unescape

MB = 1024 * 1024
MAX_FILE_BYTES = 50 * MB
MAX_UNPACKED_BYTES = 200 * MB  # all the members of an .xlsx together, as its zip directory declares
# Unpacked / packed size of one member larger than RATIO_FROM: a sheet's XML packs 5–10 times; a
# ratio above this is a bomb, not a sheet (the guard and its figures are Apache POI's ZipSecureFile).
MAX_RATIO = 100
RATIO_FROM = 1 * MB
MAX_ROWS = 100_000  # cases in one file (blank rows not counted)
MAX_COLUMNS = 200
SHEET_ROWS = 1_048_576  # Excel's own last row: a sheet claiming a row beyond it is not read further
SHOWN = 10  # rows named in a refusal


class FileError(ValueError):
    """The file cannot be read at all; the message says why, in Chinese."""


@dataclass
class Table:
    header: list[object]
    rows: list[tuple[int, list[object]]] = field(default_factory=list)  # (row number, cells)
    # Cells that hold something the import cannot read, by row number and column index (0-based).
    cell_errors: dict[int, dict[int, str]] = field(default_factory=dict)


def _is_blank(c: object) -> bool:
    return c is None or (isinstance(c, str) and not c.strip(" \t\r\n\u3000"))


def _blank(cells: Sequence[object]) -> bool:
    return all(_is_blank(c) for c in cells)


def _narrow(number: int, cells: Sequence[object]) -> Sequence[object]:
    """The row cut to MAX_COLUMNS cells; refused when something is written beyond."""
    tail = cells[MAX_COLUMNS:]
    if tail.count(None) != len(tail):
        for i, c in enumerate(tail, start=MAX_COLUMNS + 1):
            if not _is_blank(c):
                raise FileError(
                    _("第%(r)d行第%(c)d列有内容：导入文件最多 %(m)d 列")
                    % {"r": number, "c": i, "m": MAX_COLUMNS}
                )
    return cells[:MAX_COLUMNS]


def _table(lines: Iterable[Sequence[object]], keep: Iterable[int] = ()) -> Table:
    """The header and the rows that are not blank, or those in `keep` (rows with a cell error)."""
    lines = iter(lines)
    keep = set(keep)
    try:
        header = list(_narrow(1, next(lines)))
    except StopIteration:
        raise FileError(_("文件为空：第1行应为列名"))
    if _blank(header):
        raise FileError(_("第1行应为列名，但该行为空"))
    table = Table(header)
    for number, cells in enumerate(lines, start=2):
        if number > SHEET_ROWS:
            raise FileError(_("表格超过 %(n)d 行（Excel 的最大行数），不是正常的表格") % {"n": SHEET_ROWS})
        if len(cells) > MAX_COLUMNS:
            cells = _narrow(number, cells)
        # Blank rows between cases are skipped, as a reader's eye does.
        if not _blank(cells) or number in keep:
            if len(table.rows) == MAX_ROWS:
                raise FileError(
                    _("文件超过 %(n)d 行案件（第%(r)d行起超出）：请拆分为几个文件分别导入")
                    % {"n": MAX_ROWS, "r": number}
                )
            table.rows.append((number, list(cells)))
    return table


class _Counted:
    """csv rows, counted: the row a csv.Error stopped at, as the spreadsheet numbers it."""

    def __init__(self, rows: Iterator[list[str]]):
        self.rows, self.count = rows, 0

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> list[str]:
        row = next(self.rows)
        self.count += 1
        return row


def read_csv(data: bytes) -> Table:
    """UTF-8 with or without a byte-order mark. A NUL character anywhere (a binary file, or a broken
    export) refuses the file, naming its rows."""
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError(_("CSV 文件不是 UTF-8 编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入"))
    rows = _Counted(csv.reader(io.StringIO(content, newline="")))
    try:
        if "\x00" in content:
            bad = [str(n) for n, cells in enumerate(rows, start=1) if any("\x00" in c for c in cells)]
            raise FileError(
                _(
                    "CSV 文件第%(rows)s行含有空字符（NUL），不是正常的文本：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入"
                )
                % {"rows": "、".join(bad[:SHOWN]) + ("等" if len(bad) > SHOWN else "")}
            )
        lines: Iterator[list[str]] = rows
        if any(f"'{c}" in content for c in FORMULA_LIKE):  # an errors sheet the import wrote (core.sheets)
            lines = ([csv_unescape(c) for c in cells] for cells in lines)
        return _table(lines)
    except csv.Error as e:
        if "field larger than field limit" in str(e):
            raise FileError(
                _(
                    "CSV 文件第%(r)d行有一个单元格超过 %(n)d 个字符：请检查引号是否成对（缺少后引号时，其后的内容都会被读进同一个单元格）"
                )
                % {"r": rows.count + 1, "n": csv.field_size_limit()}
            )
        raise FileError(_("CSV 文件第%(r)d行格式不正确，无法读取") % {"r": rows.count + 1})


def _check_zip(path: Path) -> None:
    """Refuse a workbook whose zip directory declares more unpacked bytes than the limits allow, before
    anything is unpacked. Python's zipfile stops at the declared size, so the declaration binds."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as e:
        raise FileError(_("无法读取 Excel 文件（%(e)s）：请确认是 .xlsx 格式") % {"e": e})
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        raise FileError(
            _("Excel 文件解压后有 %(u)d MB，超过 %(m)d MB 的上限：请拆分为几个文件分别导入")
            % {"u": total // MB, "m": MAX_UNPACKED_BYTES // MB}
        )
    for m in members:
        if m.file_size > RATIO_FROM and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise FileError(
                _("Excel 文件中的“%(n)s”压缩比异常（%(r)d 倍），不是正常的表格，不予读取")
                % {"n": m.filename, "r": m.file_size // max(m.compress_size, 1)}
            )


_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _formulas_without_value(path: Path, member: str) -> list[tuple[int, int]]:
    """(row, column index) of the formula cells that carry no computed value: a sheet written by a
    program that does not calculate (openpyxl, some exports; Excel stores the result). openpyxl reads
    them as empty, so they are looked for in the sheet's XML: first whether it has any formula."""
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.xml.functions import iterparse

    with zipfile.ZipFile(path) as archive:
        with archive.open(member) as src:
            tail = b""
            while chunk := src.read(MB):
                if _FORMULA_TAG.search(tail + chunk):
                    break
                tail = chunk[-64:]
            else:
                return []
        found = []
        with archive.open(member) as src:
            for _event, row in iterparse(src):
                if row.tag != f"{_MAIN}row":
                    continue
                for cell in row.iter(f"{_MAIN}c"):
                    where, value = cell.get("r"), cell.find(f"{_MAIN}v")
                    # No <v>, or an empty one (openpyxl writes <v/>); an empty text result is t="str".
                    empty = value is None or (not value.text and cell.get("t") != "str")
                    if where and empty and cell.find(f"{_MAIN}f") is not None:
                        number, column = coordinate_to_tuple(where)
                        found.append((number, column - 1))
                row.clear()  # the sheet is read a row at a time, as openpyxl reads it
        return found


def read_xlsx(path: Path) -> Table:
    """The first worksheet of the workbook; cell values as openpyxl gives them (dates as datetime)."""
    from openpyxl import load_workbook

    _check_zip(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise FileError(_("无法读取 Excel 文件（%(e)s）：请确认是 .xlsx 格式") % {"e": e})
    try:
        ws = wb.worksheets[0]
        member = getattr(ws, "_worksheet_path", None)  # openpyxl's read-only sheet keeps its part name
        uncached = _formulas_without_value(path, member) if member else []
        if any(row == 1 for row, _c in uncached):
            raise FileError(_("第1行（列名）有单元格为公式且没有计算结果，请粘贴为数值"))
        ws.reset_dimensions()  # some writers record wrong dimensions; read every row there is
        table = _table(ws.iter_rows(values_only=True), keep=(row for row, _c in uncached))
        for row, column in uncached:
            table.cell_errors.setdefault(row, {})[column] = _("单元格为公式且没有计算结果，请粘贴为数值")
        return table
    finally:
        wb.close()


def read_table(path: str | Path) -> Table:
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise FileError(_("找不到文件：%(p)s") % {"p": path})
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise FileError(_("只能导入 .xlsx 或 .csv 文件（收到“%(s)s”）") % {"s": suffix or path.name})
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise FileError(
            _("文件有 %(s)d MB，超过 %(m)d MB 的上限：请拆分为几个文件分别导入")
            % {"s": size // MB, "m": MAX_FILE_BYTES // MB}
        )
    if suffix == ".csv":
        return read_csv(path.read_bytes())
    return read_xlsx(path)
