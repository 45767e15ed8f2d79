"""`zhixing measures scan` (the hourly job now, one line of JSON with its counts) and `zhixing measures
report --court CODE --month YYYY-MM [--xlsx FILE] [--pdf FILE]` (one line of JSON, the workbook and the
PDF written when asked); a bad argument is refused in Chinese on stderr with exit code 1."""

from __future__ import annotations

import json
import re
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from tests.disposal.test_terms_command import console_script
from tests.measures.test_reports import november  # noqa: F401 - the fixture

CHINESE = re.compile(r"[\u4e00-\u9fff]")
pytestmark = pytest.mark.django_db


def measures(*args: str) -> dict:
    out = StringIO()
    call_command("measures", *args, stdout=out)
    text = out.getvalue()
    assert text.count("\n") == 1  # exactly one line
    return json.loads(text)


def test_scan_with_no_agency_does_nothing(courts):
    assert measures("scan") == {"messages": 0, "refused": 0, "unreachable": 0}


def test_report_prints_and_writes(november, tmp_path):  # noqa: F811
    xlsx, pdf = tmp_path / "m.xlsx", tmp_path / "m.pdf"
    data = measures("report", "--court", "冀96", "--month", "2026-11", "--xlsx", str(xlsx), "--pdf", str(pdf))
    assert data["court"] == "冀96" and data["month"] == "2026-11"
    summary = data["tables"][0]
    assert summary["title"] == "汇总" and summary["rows"][0] == ["罚款", 2, "80000.00"]
    assert load_workbook(xlsx).sheetnames == ["汇总", "分法院", "移送案件处理情况"]
    assert pdf.read_bytes().startswith(b"%PDF")


def test_report_of_an_empty_month(courts):
    data = measures("report", "--court", "冀", "--month", "2026-01")
    assert data["tables"][0]["rows"][0] == ["罚款", 0, "0.00"]


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--court", "冀96"),
        ("--court", "冀96", "--month", "2026-13"),
        ("--court", "冀999", "--month", "2026-11"),
        ("--month", "2026-11"),
    ],
)
def test_report_refusals_are_chinese(courts, args):
    with pytest.raises(CommandError) as info:
        call_command("measures", "report", *args, stdout=StringIO())
    assert CHINESE.search(str(info.value))


def test_report_refuses_an_unwritable_file(courts, tmp_path):
    with pytest.raises(CommandError) as info:
        call_command(
            "measures", "report", "--court", "冀", "--month", "2026-11", "--xlsx", str(tmp_path / "no" / "x.xlsx"),
            stdout=StringIO(),
        )  # fmt: skip
    assert "无法写入" in str(info.value)


def test_the_console_command(tmp_path):
    env = {"ZHIXING_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [str(console_script()), "measures", "report", "--court", "冀96", "--month", "11/2026"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert "YYYY-MM" in done.stderr and "Traceback" not in done.stderr
    helped = subprocess.run(
        [str(console_script()), "measures", "report", "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert helped.returncode == 0 and "--month YYYY-MM" in helped.stdout and "--xlsx FILE" in helped.stdout
