"""`zhixing disposal terms` (contract of issue 12 item 9): one line of JSON with exactly
min_start_price (string, two decimals) and notice_days (int), plus deposit_min and deposit_max
(strings, two decimals) when --start is given; round 2's floor is 80% of --previous-start; bad input is
refused with a Chinese message on stderr and a non-zero exit. Run in process (call_command) and as the
real console script an operator types (.venv/bin/zhixing)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

CHINESE = re.compile(r"[\u4e00-\u9fff]")
TWO_DECIMALS = re.compile(r"^\d+\.\d{2}$")
BASE = ["min_start_price", "notice_days"]
WITH_START = [*BASE, "deposit_min", "deposit_max"]


def terms(*args: str) -> dict:
    out = StringIO()
    call_command("disposal", "terms", *args, stdout=out)
    text = out.getvalue()
    assert text.count("\n") == 1 and text.endswith("\n")  # exactly one line
    data = json.loads(text)
    assert list(data) == (WITH_START if "--start" in args else BASE)
    assert type(data["notice_days"]) is int
    for key in data:
        if key != "notice_days":
            assert isinstance(data[key], str) and TWO_DECIMALS.match(data[key]), (key, data[key])
    return data


def test_first_auction_of_real_estate():
    assert terms("--kind", "real-estate", "--reference", "1000000", "--round", "1") == {
        "min_start_price": "700000.00",
        "notice_days": 30,
    }


def test_first_auction_of_a_movable_with_the_deposit_range():
    assert terms("--kind", "movable", "--reference", "100.01", "--round", "1", "--start", "70.01") == {
        "min_start_price": "70.01",  # 70.007 rounded up
        "notice_days": 15,
        "deposit_min": "3.51",  # 3.5005 rounded up
        "deposit_max": "14.00",  # 14.002 rounded down
    }


def test_second_auction_floor_is_80_percent_of_the_previous_start():
    assert terms(
        "--kind", "real-estate", "--reference", "1000000", "--round", "2", "--previous-start", "800000"
    ) == {"min_start_price": "640000.00", "notice_days": 15}
    assert terms(
        "--kind", "movable", "--reference", "1000", "--round", "2", "--previous-start", "700.01"
    ) == {
        "min_start_price": "560.01",
        "notice_days": 7,
    }


def test_second_auction_without_the_previous_start_assumes_the_lowest_first_start():
    assert terms("--kind", "movable", "--reference", "1000", "--round", "2")["min_start_price"] == "560.00"


def test_previous_start_is_ignored_in_round_1():
    data = terms("--kind", "movable", "--reference", "1000", "--round", "1", "--previous-start", "10")
    assert data == {"min_start_price": "700.00", "notice_days": 15}


def test_amounts_with_separators_and_full_width_digits():
    data = terms(
        "--kind", "real-estate", "--reference", "1,200,000.00", "--round", "1", "--start", "８４００００"
    )
    assert data == {
        "min_start_price": "840000.00",
        "notice_days": 30,
        "deposit_min": "42000.00",
        "deposit_max": "168000.00",
    }


@pytest.mark.parametrize(
    "args",
    [
        ("--kind", "ship", "--reference", "1000", "--round", "1"),
        ("--kind", "other-right", "--reference", "1000", "--round", "1"),  # not in the contract
        ("--kind", "movable", "--reference", "-1000", "--round", "1"),
        ("--kind", "movable", "--reference", "0", "--round", "1"),
        ("--kind", "movable", "--reference", "abc", "--round", "1"),
        ("--kind", "movable", "--reference", "10.001", "--round", "1"),
        ("--kind", "movable", "--reference", "1000", "--round", "3"),
        ("--kind", "movable", "--reference", "1000", "--round", "0"),
        ("--kind", "movable", "--reference", "1000", "--round", "二"),
        ("--kind", "movable", "--reference", "1000", "--round", "2", "--previous-start", "-5"),
        ("--kind", "movable", "--reference", "1000", "--round", "1", "--start", "x"),
        ("--kind", "movable", "--reference", "1000", "--round", "1", "--start", "0"),
        ("--reference", "1000", "--round", "1"),
        ("--kind", "movable", "--round", "1"),
        ("--kind", "movable", "--reference", "1000"),
    ],
)
def test_bad_input_is_refused_in_chinese(args):
    with pytest.raises(CommandError) as info:
        call_command("disposal", "terms", *args, stdout=StringIO())
    assert CHINESE.search(str(info.value))


def console_script() -> Path:
    """The `zhixing` entry point installed beside the interpreter running the tests (.venv/bin)."""
    script = Path(sys.executable).with_name("zhixing")
    assert script.exists(), script
    return script


def test_the_console_command(tmp_path):
    env = {"ZHIXING_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(console_script()), "disposal", "terms", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    ok = run("--kind", "real-estate", "--reference", "1000000", "--round", "1", "--start", "700000")
    assert ok.returncode == 0, ok.stderr
    lines = ok.stdout.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert list(data) == WITH_START
    assert data == {
        "min_start_price": "700000.00",
        "notice_days": 30,
        "deposit_min": "35000.00",
        "deposit_max": "140000.00",
    }
    assert type(data["notice_days"]) is int
    second = run("--kind", "movable", "--reference", "1000", "--round", "2", "--previous-start", "800")
    assert second.returncode == 0 and json.loads(second.stdout) == {
        "min_start_price": "640.00",
        "notice_days": 7,
    }
    for bad in (
        ("--kind", "movable", "--reference", "-1", "--round", "1"),
        ("--kind", "movable", "--reference", "1000", "--round", "3"),
        ("--kind", "boat", "--reference", "1000", "--round", "1"),
    ):
        refused = run(*bad)
        assert refused.returncode == 1, bad
        assert refused.stdout == ""
        assert CHINESE.search(refused.stderr) and "Traceback" not in refused.stderr


def test_the_help_prints(tmp_path):
    """The help text is %-expanded by argparse: a bare "70%" in it crashed --help (found here)."""
    done = subprocess.run(
        [str(console_script()), "disposal", "terms", "--help"],
        env={"ZHIXING_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "--previous-start PRICE" in done.stdout and "不起作用" in done.stdout  # ignored in round 1
    assert "70%" in done.stdout and "5%至20%" in done.stdout


@pytest.mark.django_db
def test_scan_prints_its_counts(platforms):
    """`zhixing disposal scan` runs zhixing.disposal.scans.run now: nothing listed, nothing pulled."""
    out = StringIO()
    call_command("disposal", "scan", stdout=out)
    data = json.loads(out.getvalue())
    assert data == {"reports_ended": 0, "messages": 0, "refused": 0, "unreachable": 0}
