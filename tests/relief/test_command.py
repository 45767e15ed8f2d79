"""The operator command's contract (issue 14): `zhixing relief cap --province CODE --year YEAR
--unexecuted AMOUNT` prints the cap with two decimals and nothing else, or fails non-zero with a Chinese
message when the wage is not set; `zhixing relief set-wage --province CODE --year YEAR --monthly AMOUNT`
sets it; bad input is refused in Chinese with exit 1; `zhixing relief report` gives the yearly figures."""

from __future__ import annotations

import json
import re
import subprocess
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from tests.disposal.test_terms_command import console_script
from zhixing.core.models import AuditEntry
from zhixing.relief.models import ProvinceWage

CHINESE = re.compile(r"[\u4e00-\u9fff]")
pytestmark = pytest.mark.django_db


def relief(*args: str) -> str:
    out = StringIO()
    call_command("relief", *args, stdout=out)
    return out.getvalue()


def test_cap_prints_only_the_two_decimal_cap(wage):
    assert relief("cap", "--province", "冀", "--year", "2025", "--unexecuted", "1000000") == "288000.00\n"


def test_cap_never_above_the_unexecuted_amount(wage):
    assert relief("cap", "--province", "冀", "--year", "2025", "--unexecuted", "12345.6") == "12345.60\n"
    assert relief("cap", "--province", "冀", "--year", "2025", "--unexecuted", "0") == "0.00\n"


def test_cap_without_the_wage_fails_in_chinese(wage):
    with pytest.raises(CommandError) as info:
        relief("cap", "--province", "冀", "--year", "2024", "--unexecuted", "1000")
    assert "尚未设置" in str(info.value) and "2024" in str(info.value)


def test_set_wage_sets_and_corrects(db):
    relief("set-wage", "--province", "冀", "--year", "2025", "--monthly", "8000")
    relief("set-wage", "--province", "冀", "--year", "2025", "--monthly", "8,123.45", "--source", "统计公报")
    row = ProvinceWage.objects.get(province="冀", year=2025)
    assert row.monthly == Decimal("8123.45") and row.source == "统计公报"
    assert AuditEntry.objects.filter(action="relief.wage").count() == 2
    assert relief("cap", "--province", "冀", "--year", "2025", "--unexecuted", "9999999") == "292444.20\n"


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("cap",),
        ("cap", "--province", "X", "--year", "2025", "--unexecuted", "1"),
        ("cap", "--province", "冀", "--year", "二〇二五", "--unexecuted", "1"),
        ("cap", "--province", "冀", "--year", "2025", "--unexecuted", "abc"),
        ("cap", "--province", "冀", "--year", "2025", "--unexecuted", "-5"),
        ("set-wage", "--province", "冀", "--year", "2025"),
        ("set-wage", "--province", "冀", "--year", "2025", "--monthly", "-8000"),
        ("set-wage", "--province", "冀", "--year", "2025", "--monthly", "0"),
        ("set-wage", "--province", "沪沪", "--year", "2025", "--monthly", "8000"),
        ("report", "--court", "冀999", "--year", "2026"),
        ("report", "--court", "冀96"),
        ("cap", "--bogus", "1"),
        ("wrong",),
    ],
)
def test_bad_input_is_refused_in_chinese(courts, args):
    with pytest.raises(CommandError) as info:
        relief(*args)
    assert CHINESE.search(str(info.value))
    assert not ProvinceWage.objects.exists()


def test_report_prints_one_line_of_json_and_writes_excel(courts, tmp_path, clock):
    xlsx = tmp_path / "r.xlsx"
    text = relief("report", "--court", "冀", "--year", str(clock.today.year), "--xlsx", str(xlsx))
    assert text.count("\n") == 1
    data = json.loads(text)
    assert data["court"] == "冀" and data["courts"] == []
    assert data["total"] == {"count": 0, "people": 0, "amount": "0.00", "recovered": "0.00"}
    assert load_workbook(xlsx).active["B2"].value == "合计"


def test_the_console_command(tmp_path):
    """The real `zhixing` executable on a fresh database: exit codes, stdout and stderr."""
    env = {"ZHIXING_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(console_script()), *args], env=env, capture_output=True, text=True, timeout=300
        )

    bad = run("relief", "cap", "--province", "Q", "--year", "2025", "--unexecuted", "1")
    assert bad.returncode == 1 and bad.stdout == "" and CHINESE.search(bad.stderr)
    assert "Traceback" not in bad.stderr
    unknown = run("relief", "cap", "--bogus", "1")
    assert unknown.returncode == 1 and unknown.stdout == "" and "命令参数有误" in unknown.stderr
    assert run("migrate", "-v0").returncode == 0
    missing = run("relief", "cap", "--province", "冀", "--year", "2025", "--unexecuted", "1000000")
    assert missing.returncode != 0 and missing.stdout == "" and "尚未设置" in missing.stderr
    assert "Traceback" not in missing.stderr
    done = run("relief", "set-wage", "--province", "冀", "--year", "2025", "--monthly", "8000")
    assert done.returncode == 0, done.stderr
    ok = run("relief", "cap", "--province", "冀", "--year", "2025", "--unexecuted", "1000000")
    assert ok.returncode == 0 and ok.stdout == "288000.00\n", ok.stderr
