"""core.sheets: text that a spreadsheet would run as a formula is written as text (issue 7, "Security":
OWASP CSV injection); numbers and dates stay numbers and dates."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from zhixing.core.sheets import csv_row, csv_unescape, xlsx_row

RISKY = ['=HYPERLINK("http://example.com","点此")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "#N/A"]


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_cells_of_formula_text_are_text_and_numbers_stay_numbers(tmp_path, write_only):
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("表")
    ws.append(xlsx_row(ws, [*RISKY, "王申请", 5, Decimal("1.50"), dt.date(2026, 3, 2), None, "a\x01b"]))
    wb.save(tmp_path / "t.xlsx")
    got = list(load_workbook(tmp_path / "t.xlsx")["表"].iter_rows(min_row=1, max_row=1))[0]
    for cell, text in zip(got, RISKY, strict=False):
        assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", text.replace("\r", "\n"), True)
    name, number, amount, date, empty, control = got[len(RISKY) :]
    assert (name.value, name.data_type, name.quotePrefix) == ("王申请", "s", False)
    assert (number.value, number.data_type) == (5, "n")
    assert (amount.value, amount.data_type) == (1.5, "n")
    assert date.is_date and date.value == dt.datetime(2026, 3, 2)
    assert empty.value is None
    assert control.value == "a\ufffdb"  # XML cannot hold U+0001: shown, not a failed download


def test_csv_cells_of_formula_text_get_an_apostrophe_that_the_import_takes_off():
    buf = io.StringIO()
    csv.writer(buf).writerow(csv_row([*RISKY, "王申请", 5, "-", "'=x"]))
    cells = next(csv.reader(io.StringIO(buf.getvalue())))
    assert cells[: len(RISKY)] == ["'" + t if t != "#N/A" else t for t in RISKY]
    assert cells[len(RISKY) :] == ["王申请", "5", "'-", "''=x"]
    assert [csv_unescape(c) for c in cells] == [*RISKY, "王申请", "5", "-", "'=x"]
    assert csv_unescape("'") == "'" and csv_unescape("'abc") == "'abc"


def test_the_tables_workbook_hook_adds_a_chart_over_the_written_cells():
    from types import SimpleNamespace

    from openpyxl.chart import BarChart, Reference

    from zhixing.core.sheets import tables_workbook

    seen = []

    def after(wb, sheets):
        seen.append([ws.title for ws in sheets])
        chart = BarChart()
        chart.add_data(Reference(sheets[1], min_col=2, min_row=1, max_row=3), titles_from_data=True)
        sheets[1].add_chart(chart, "D2")

    tables = [
        SimpleNamespace(title="汇总", headers=["项目", "数值"], rows=[["结案", 2]]),
        SimpleNamespace(title="分法院", headers=["法院", "结案"], rows=[["雄县", 1], ["=雄安", 2]]),
    ]
    wb = load_workbook(io.BytesIO(tables_workbook(tables, [["标题"]], after=after)))
    assert seen == [["汇总", "分法院"]]
    (chart,) = wb["分法院"]._charts
    assert chart.series[0].val.numRef.f == "'分法院'!$B$2:$B$3"
    assert wb["分法院"]["A3"].data_type == "s" and wb["分法院"]["A3"].value == "=雄安"  # still text
