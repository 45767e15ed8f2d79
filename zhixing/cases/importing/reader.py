"""Reading an import file (.xlsx or .csv) into its header row and data rows, with row numbers as the
spreadsheet shows them (the header is row 1)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from zhixing.core.sheets import FORMULA_LIKE, csv_unescape


class FileError(ValueError):
    """The file cannot be read at all; the message says why, in Chinese."""


@dataclass
class Table:
    header: list[object]
    rows: list[tuple[int, list[object]]] = field(default_factory=list)  # (row number, cells)


def _blank(cells: list[object] | tuple[object, ...]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip(" \t\r\n\u3000")) for c in cells)


def _table(lines: Iterator[list[str]] | Iterator[tuple[object, ...]]) -> Table:
    try:
        header = list(next(lines))
    except StopIteration:
        raise FileError(_("文件为空：第1行应为列名"))
    if _blank(header):
        raise FileError(_("第1行应为列名，但该行为空"))
    table = Table(header)
    for number, cells in enumerate(lines, start=2):
        if not _blank(cells):  # blank rows between cases are skipped, as a reader's eye does
            table.rows.append((number, list(cells)))
    return table


def read_csv(data: bytes) -> Table:
    """UTF-8 with or without a byte-order mark."""
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError(_("CSV 文件不是 UTF-8 编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入"))
    lines: Iterator[list[str]] = csv.reader(io.StringIO(content, newline=""))
    if any(f"'{c}" in content for c in FORMULA_LIKE):  # an errors sheet the import wrote (core.sheets)
        lines = ([csv_unescape(c) for c in cells] for cells in lines)
    try:
        return _table(lines)
    except csv.Error as e:
        raise FileError(_("CSV 文件格式不正确：%(e)s") % {"e": e})


def read_xlsx(path: Path) -> Table:
    """The first worksheet of the workbook; cell values as openpyxl gives them (dates as datetime)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise FileError(_("无法读取 Excel 文件（%(e)s）：请确认是 .xlsx 格式") % {"e": e})
    try:
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # some writers record wrong dimensions; read every row there is
        return _table(ws.iter_rows(values_only=True))
    finally:
        wb.close()


def read_table(path: str | Path) -> Table:
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise FileError(_("找不到文件：%(p)s") % {"p": path})
    if suffix == ".csv":
        return read_csv(path.read_bytes())
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    raise FileError(_("只能导入 .xlsx 或 .csv 文件（收到“%(s)s”）") % {"s": suffix or path.name})
