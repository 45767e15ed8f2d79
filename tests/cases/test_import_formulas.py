"""An .xlsx formula cell without a computed value is reported, by row and column, not read as empty
(issue 7, "Security", smaller findings); a formula with its value imports the value."""

from __future__ import annotations

import zipfile

import pytest

from tests.cases.test_import_support import good_rows, run, write_xlsx
from zhixing.cases.models import Case

pytestmark = pytest.mark.django_db


def formula_sheet(path, cached: str | None):
    """The good rows with 申请执行标的金额 of the first row as the formula =50000+0, its computed value
    stored as Excel stores it (`cached`) or, as openpyxl and some other programs write it, none."""
    rows = good_rows()
    rows[0]["applied_amount"] = "=50000+0"
    write_xlsx(path, rows)
    if cached is not None:
        with zipfile.ZipFile(path) as z:
            parts = {i.filename: z.read(i.filename) for i in z.infolist()}
        sheet = "xl/worksheets/sheet1.xml"
        parts[sheet] = parts[sheet].replace(b"<f>50000+0</f>", f"<f>50000+0</f><v>{cached}</v>".encode())
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts.items():
                z.writestr(name, data)
    return path


def test_a_formula_cell_without_a_computed_value_is_an_error_not_an_empty_cell(tmp_path, courts):
    code, _out, err = run(formula_sheet(tmp_path / "f.xlsx", cached=None))
    assert code == 1 and not Case.objects.exists()
    assert "第2行 申请执行标的金额：单元格为公式且没有计算结果，请粘贴为数值" in err
    assert "必填项为空" not in err


def test_a_formula_cell_with_its_computed_value_imports_the_value(tmp_path, courts):
    code, _out, err = run(formula_sheet(tmp_path / "f.xlsx", cached="50000"))
    assert code == 0, err
    assert str(Case.objects.get(case_number="（2025）冀96执100号").applied_amount) == "50000.00"
