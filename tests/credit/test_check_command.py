"""`zhixing credit check` (contract of issue 11 item 9): one line of JSON with exactly the keys allowed,
reasons and term_end; a minor refused, ground (1) without a term, grounds (2)–(6) ending after two years;
a bad date or ground refused in Chinese with a non-zero exit."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHINESE = re.compile(r"[\u4e00-\u9fff]")
UNIT = "91330109699830509X"


def rid(birth: dt.date, serial: str = "123") -> str:
    body = f"130629{birth:%Y%m%d}{serial}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]


ADULT = rid(dt.date(1980, 5, 17))
MINOR = rid(dt.date(2010, 3, 1))


def check(*args: str) -> dict:
    out = StringIO()
    call_command("credit", "check", *args, stdout=out)
    text = out.getvalue()
    assert text.count("\n") == 1 and text.endswith("\n")  # exactly one line
    data = json.loads(text)
    assert list(data) == ["allowed", "reasons", "term_end"]
    assert isinstance(data["allowed"], bool) and isinstance(data["reasons"], list)
    return data


def test_ground_1_is_allowed_without_a_term():
    assert check("--id", ADULT, "--ground", "1", "--on", "2026-09-30") == {
        "allowed": True,
        "reasons": [],
        "term_end": None,
    }


@pytest.mark.parametrize("ground", ["2", "3", "4", "5", "6"])
def test_grounds_2_to_6_end_after_two_years(ground):
    assert check("--id", ADULT, "--ground", ground, "--on", "2026-09-30") == {
        "allowed": True,
        "reasons": [],
        "term_end": "2028-09-30",
    }


def test_a_term_from_29_february_ends_on_28_february():
    assert check("--id", UNIT, "--ground", "2", "--on", "2028-02-29")["term_end"] == "2030-02-28"


def test_a_minor_is_refused_with_a_chinese_reason():
    data = check("--id", MINOR, "--ground", "2", "--on", "2026-09-30")
    assert data["allowed"] is False and data["term_end"] is None
    assert len(data["reasons"]) == 1 and "未满十八周岁" in data["reasons"][0]
    # the 18th birthday
    assert check("--id", MINOR, "--ground", "2", "--on", "2028-03-01")["allowed"] is True


def test_an_invalid_code_is_refused_in_the_json():
    data = check("--id", "123456", "--ground", "1", "--on", "2026-09-30")
    assert data["allowed"] is False and CHINESE.search(data["reasons"][0])


def test_a_lower_case_x_is_the_same_code():
    code = next(
        rid(dt.date(1980, 5, 17), f"{n:03d}")
        for n in range(1000)
        if rid(dt.date(1980, 5, 17), f"{n:03d}").endswith("X")
    )
    assert check("--id", code.lower(), "--ground", "3", "--on", "2026-01-05")["allowed"] is True


@pytest.mark.parametrize(
    "args",
    [
        ("--id", ADULT, "--ground", "7", "--on", "2026-09-30"),
        ("--id", ADULT, "--ground", "0", "--on", "2026-09-30"),
        ("--id", ADULT, "--ground", "二", "--on", "2026-09-30"),
        ("--id", ADULT, "--ground", "１", "--on", "2026-09-30"),  # a full-width digit
        ("--id", ADULT, "--ground", "1", "--on", "2026-02-30"),
        ("--id", ADULT, "--ground", "1", "--on", "30/09/2026"),
    ],
)
def test_a_bad_ground_or_date_is_refused_in_chinese(args):
    with pytest.raises(CommandError) as info:
        call_command("credit", "check", *args, stdout=StringIO())
    assert CHINESE.search(str(info.value))


def test_the_console_command(tmp_path):
    """The real `zhixing` entry point, as an operator runs it: JSON on stdout (Chinese not escaped),
    exit 0; a bad date: a bare Chinese message on stderr, exit non-zero."""
    env = {"ZHIXING_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "zhixing.cli", "credit", "check", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    ok = run("--id", MINOR, "--ground", "4", "--on", "2026-09-30")
    assert ok.returncode == 0, ok.stderr
    lines = ok.stdout.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert list(data) == ["allowed", "reasons", "term_end"]
    assert data["allowed"] is False and data["term_end"] is None
    assert "未满十八周岁" in lines[0]  # ensure_ascii=False
    term = run("--id", ADULT, "--ground", "4", "--on", "2026-09-30")
    assert json.loads(term.stdout) == {"allowed": True, "reasons": [], "term_end": "2028-09-30"}
    bad = run("--id", ADULT, "--ground", "4", "--on", "2026-13-01")
    assert bad.returncode != 0
    assert CHINESE.search(bad.stderr) and "Traceback" not in bad.stderr
