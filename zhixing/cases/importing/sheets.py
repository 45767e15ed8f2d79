"""Sheets the import writes: the errors sheet a clerk corrects and submits again, and the blank
template. Both are .xlsx, or .csv (UTF-8 with a byte-order mark, so Excel opens it) by file name.
Cells that would read as formulas are written as text (core.sheets)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhixing.core.sheets import csv_row, xlsx_row

from .columns import COLUMNS, ERRORS_KEY, ERRORS_LABEL, read_header
from .rows import Plan, RowError


def _is_csv(path: Path) -> bool:
    return path.suffix.lower() == ".csv"


def _write(path: Path, header: list[str], rows: Iterable[list[object]], sheet: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if _is_csv(path):
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            out = csv.writer(f)
            out.writerow(csv_row(header))
            for row in rows:
                out.writerow(csv_row(v.date().isoformat() if isinstance(v, dt.datetime) else v for v in row))
        return
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.append(xlsx_row(ws, header))
    for row in rows:
        # Whole-day datetimes go back as dates so the sheet shows 2021-03-05, not a time of day.
        ws.append(
            xlsx_row(
                ws, (v.date() if isinstance(v, dt.datetime) and v.time() == dt.time() else v for v in row)
            )
        )
    wb.save(path)


def reason_text(errors: list[RowError]) -> str:
    return "；".join(f"{e.column}：{e.reason}" for e in errors)


def write_errors(path: str | Path, plan: Plan, only_bad: bool) -> int:
    """The rows of the file with a 错误原因 column: every row when nothing was imported (correct the bad
    ones and submit the sheet again as it is), only the bad rows with --skip-invalid (the good ones are
    in). A 错误原因 column from an earlier round is replaced. When the header itself is wrong, no row
    was checked: the sheet lists the header problems. Returns the number of rows written."""
    path = Path(path)
    if plan.file_level:
        _write(
            path,
            [_("行号"), _("列"), ERRORS_LABEL],
            ([e.row, e.column, e.reason] for e in plan.errors),
            _("错误"),
        )
        return len(plan.errors)
    keys = read_header(plan.table.header).keys
    keep = [i for i, k in enumerate(keys) if k != ERRORS_KEY]
    header = [plan.header[i] for i in keep] + [ERRORS_LABEL]
    by_row = plan.errors_by_row()
    out = []
    for number, cells in plan.table.rows:
        errs = by_row.get(number)
        if only_bad and not errs:
            continue
        values = [cells[i] if i < len(cells) else None for i in keep]
        note = _("第%(r)d行 %(m)s") % {"r": number, "m": reason_text(errs)} if errs else ""
        out.append(values + [note])
    _write(path, header, out, _("导入错误"))
    return len(out)


NOTES = (
    gettext_lazy("第1行为列名：可用中文列名，也可用英文键名，顺序不限，可混用；不认识的列会被拒绝。"),
    gettext_lazy("每行一件案件。多个当事人以“；”或“;”分隔，证件号码按同样顺序填写，个数须与名称一致。"),
    gettext_lazy("证件号码、案号等请以文本格式填写，以免 Excel 将长数字截断。"),
    gettext_lazy("整个文件先全部检查：任何一行有错误时一件也不导入，并逐行列出错误（行号、列、原因）。"),
    gettext_lazy("使用 --skip-invalid 时导入正确的行，错误的行写入 --errors 指定的文件，改正后可再次导入。"),
    gettext_lazy(
        "平台中已有的案号须使用 --update 才会更新；平台中没有的法院须使用 --create-courts 才会建立。"
    ),
    gettext_lazy("已执行到位金额可含利息，但不得超过申请执行标的金额的两倍。"),
)


def write_template(path: str | Path) -> None:
    """The blank template: the header of Chinese labels on sheet 案件, with a note on every header cell
    (its English key, whether it is required, what goes in it), and a sheet 填写说明 listing both header
    forms (Chinese label and English key) with the rules of the import."""
    path = Path(path)
    labels = [c.label for c in COLUMNS]
    if _is_csv(path):
        _write(path, labels, [], "")
        return
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = _("案件")
    ws.append(labels)
    required_fill = PatternFill("solid", fgColor="FCE4D6")
    for i, col in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True, color="C00000" if col.required else "000000")
        if col.required:
            cell.fill = required_fill
        need = _("必填") if col.required else _("选填")
        cell.comment = Comment(f"{col.key}（{need}）\n{col.help}", "zhixing", width=260, height=110)
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(12, len(col.label) * 2 + 4)
        if col.key not in ("filed_on", "closed_on", "applied_amount", "realized_amount"):
            ws.column_dimensions[letter].number_format = "@"  # text, so long IDs keep every digit
    ws.freeze_panes = "A2"
    notes = wb.create_sheet(_("填写说明"))
    notes.append([_("中文列名"), _("英文键名"), _("是否必填"), _("内容")])
    for col in COLUMNS:
        notes.append([col.label, col.key, _("必填") if col.required else _("选填"), col.help])
    notes.append([])
    for line in NOTES:
        notes.append([str(line)])
    for letter, width in zip("ABCD", (18, 18, 10, 80), strict=True):
        notes.column_dimensions[letter].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
