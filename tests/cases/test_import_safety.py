"""The import and its errors sheet against hostile content (issue 7, "Security"): text that a
spreadsheet would run as a formula comes back as text."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from tests.cases.test_import_support import LABELS, row, run, write_csv
from zhixing.cases.importing import read_table

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://example.com/x","点此查看")'


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_errors_sheet_writes_formula_like_names_as_text(tmp_path, courts, suffix):
    bad = row(debtors=LINK, filed_on="2025-13-01", excluded_days="+3")
    errors = tmp_path / f"errors{suffix}"
    code, _out, _err = run(write_csv(tmp_path / "in.csv", [bad]), "--errors", str(errors))
    assert code == 1
    column = LABELS.index("被执行人")
    if suffix == ".xlsx":
        cell = load_workbook(errors).active.cell(row=2, column=column + 1)
        assert (cell.value, cell.data_type) == (LINK, "s")
    else:
        with errors.open(encoding="utf-8-sig", newline="") as f:
            cells = list(csv.reader(f))[1]
        assert cells[column] == "'" + LINK  # OWASP: a leading apostrophe keeps it text
        assert cells[LABELS.index("扣除期限天数")] == "'+3"
    # The clerk corrects the sheet and submits it as it is: the import reads the cells as they were.
    again = read_table(errors).rows[0][1]
    assert again[column] == LINK and again[LABELS.index("扣除期限天数")] == "+3"
