"""`zhixing funds` operator commands (issue 9 §9): the JSON shapes, amounts as two-decimal strings,
fee and interest, and bad input refused with a non-zero exit and a Chinese message."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhixing.funds.queries import account_number

TWO_PLACES = re.compile(r"^-?\d+\.\d{2}$")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def funds(*args: str) -> str:
    out = StringIO()
    call_command("funds", *args, stdout=out)
    return out.getvalue()


def test_accounts_json_shape(pooled, courts, file_case, pay):
    first, second = file_case(), file_case()
    pay(first, "1234.50", "C1")
    data = json.loads(funds("accounts", "--json"))
    assert set(data) == {"pooled", "cases"}
    codes = {p["court_code"]: p["account_number"] for p in data["pooled"]}
    assert codes["冀96"] == pooled.account_number
    assert set(codes) == {"冀", "冀96", "冀9601", "冀01"}
    for p in data["pooled"]:
        assert set(p) == {"court_code", "account_number"}
    assert len(data["cases"]) == 2
    by_number = {c["case_number"]: c for c in data["cases"]}
    for c in data["cases"]:
        assert set(c) == {"case_number", "account_number", "balance"}
        assert isinstance(c["balance"], str) and TWO_PLACES.match(c["balance"])
    assert by_number[first.case_number]["balance"] == "1234.50"
    assert by_number[second.case_number]["balance"] == "0.00"
    assert by_number[first.case_number]["account_number"] == account_number(first)


def test_accounts_json_with_no_cases(courts):
    data = json.loads(funds("accounts", "--json"))
    assert data["cases"] == [] and len(data["pooled"]) == 4


def test_report_json_keys(pooled, file_case, pay):
    case = file_case()
    pay(case, "100.00", "C1")
    from zhixing.funds import actions
    from zhixing.funds.actors import BANK
    from zhixing.funds.models import Receipt

    actions.receive(
        actions.Incoming(pooled.account_number, "C2", Receipt.TRANSFER, Decimal("23.45"), case.filed_on),
        actor=BANK,
    )
    data = json.loads(funds("report", "--json"))
    assert {"pooled_balance", "case_balance_total", "suspense_balance", "unidentified", "overdue"} <= set(
        data
    )
    assert data["pooled_balance"] == "123.45"
    assert data["case_balance_total"] == "100.00"
    assert data["suspense_balance"] == "23.45"
    assert data["unidentified"] == {"count": 1, "amount": "23.45"}
    assert data["overdue"] == {"count": 0, "amount": "0.00"}


def test_report_json_on_an_empty_ledger(courts):
    data = json.loads(funds("report", "--json"))
    for key in ("pooled_balance", "case_balance_total", "suspense_balance"):
        assert data[key] == "0.00"
    assert data["unidentified"] == {"count": 0, "amount": "0.00"}


@pytest.mark.parametrize(
    ("amount", "fee"),
    [("100000", "1400.00"), ("10000", "50.00"), ("1000000", "12400.00"), ("50000", "650.00")],
)
def test_fee(amount, fee):
    assert funds("fee", amount).strip() == fee


@pytest.mark.parametrize(
    ("args", "interest"),
    [
        (("100000", "2026-01-01", "2026-01-11"), "175.00"),
        (("100000", "2026-01-01", "2026-01-01"), "0.00"),
    ],
)
def test_interest(args, interest):
    assert funds("interest", *args).strip() == interest


@pytest.mark.parametrize(
    "args",
    [
        ("fee", "abc"),
        ("fee", "-5"),
        ("fee",),
        ("interest", "100000", "2026-02-30", "2026-03-01"),
        ("interest", "x", "2026-01-01", "2026-01-11"),
        ("interest", "100000"),
        ("report", "--json", "--on", "昨天"),
        ("import-statement", "/nonexistent/statement.xml"),
    ],
)
def test_bad_input_is_refused_in_chinese(args):
    with pytest.raises(CommandError) as info:
        funds(*args)
    assert CHINESE.search(str(info.value))


def test_the_console_command_exits_non_zero_on_bad_input(tmp_path):
    env = {"ZHIXING_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}

    def fee(amount: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "zhixing.cli", "funds", "fee", amount],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    ok = fee("100000")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "1400.00"
    bad = fee("一百元")
    assert bad.returncode != 0
    assert CHINESE.search(bad.stderr)
