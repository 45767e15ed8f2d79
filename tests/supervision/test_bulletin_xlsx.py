"""The bulletin's workbook writes court names and case numbers as text, never as live formulas
(issue 7, "Security")."""

from __future__ import annotations

import json
from types import SimpleNamespace

from openpyxl import load_workbook

from zhixing.supervision.render import xlsx

LINK = '=HYPERLINK("http://example.com/x","点此查看")'


def test_formula_like_text_in_the_bulletin_is_written_as_text(tmp_path):
    data = {
        "period": {"start": "2026-01-01", "end": "2026-03-01", "week": "2026-W09"},
        "definitions": [{"key": "received", "name": "收案数", "kind": "count", "court_id": None}],
        "courts": [{"court_code": "冀96", "court_name": LINK, "area": False, "indicators": {"received": 3}}],
        "rankings": [
            {
                "indicator": "received",
                "area": False,
                "parent_code": "@冀",
                "ranks": [{"court_code": "冀96", "rank": 1, "value": 3}],
            }
        ],
        "lists": {"received": ["-1+1"]},
    }
    xlsx.write(SimpleNamespace(content=json.dumps(data)), str(tmp_path / "b.xlsx"))
    wb = load_workbook(tmp_path / "b.xlsx")
    name = wb["指标"].cell(row=3, column=2)
    assert (name.value, name.data_type) == (LINK, "s")
    parent, rank = wb["排名"].cell(row=2, column=3), wb["排名"].cell(row=2, column=5)
    assert (parent.value, parent.data_type) == ("@冀", "s")
    assert (rank.value, rank.data_type) == (1, "n")  # numbers stay numbers
    listed = wb["收案数"].cell(row=2, column=1)
    assert (listed.value, listed.data_type) == ("-1+1", "s")
