"""Importing the pooled account's statement (issue 9 §3b, §9): camt.053 and CSV books receipts to the
right cases; the same file twice changes nothing; a bad file is refused whole with every bad entry
named in Chinese and nothing written; a run killed with SIGKILL half-way and run again ends exact."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from decimal import Decimal
from pathlib import Path

import pytest

from zhixing.core import checks
from zhixing.funds import matching
from zhixing.funds.actions.statements import BATCH, StatementRefused, import_statement
from zhixing.funds.actors import STATEMENT
from zhixing.funds.models import Entry, LedgerAccount, Receipt
from zhixing.funds.queries import account_number, case_balance
from zhixing.funds.statement import StatementEntry, write_camt053

CHINESE = re.compile(r"[\u4e00-\u9fff]")
DAY = dt.date(2026, 11, 30)
CREATED = dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
FUNDS_CHECKS = {"案款分录借贷平衡", "案款余额与分录一致"}


def credit(pool: str, txn: str, amount: str, sub: str = "", remittance: str = "", currency: str = "CNY"):
    return StatementEntry(
        line=0, where="", account=pool, transaction_id=txn, direction="credit", amount=Decimal(amount),
        currency=currency, booked_on=DAY, sub_account=sub, payer_name="付款人", payer_account="6222000011112222",
        remittance=remittance, end_to_end_id="",
    )  # fmt: skip


def camt(pool: str, entries, statement_id: str = "STMT-20261130") -> bytes:
    return write_camt053(pool, statement_id, list(entries), CREATED)


def counts():
    return (
        Receipt.objects.count(),
        Entry.objects.count(),
        sorted(LedgerAccount.objects.values_list("kind", "case_id", "balance")),
    )


def funds_problems() -> list[str]:
    return [p for name, problems in checks.run_all() if name in FUNDS_CHECKS for p in problems]


@pytest.fixture
def two_cases(file_case, pooled):
    return file_case(), file_case()


def test_camt_import_books_receipts_to_the_right_cases(pooled, two_cases):
    a, b = two_cases
    pool = pooled.account_number
    data = camt(
        pool,
        [
            credit(pool, "S1", "1000.00", sub=account_number(a)),
            credit(pool, "S2", "250.75", remittance=f"{b.case_number} 执行款"),
            credit(pool, "S3", "99.99", remittance="不明来款"),
            credit(pool, "S4", "0.01", sub=account_number(b)),
        ],
    )
    result = import_statement(data, "s.xml", actor=STATEMENT)
    assert (result.posted, result.skipped, result.unidentified) == (4, 0, 1)
    assert case_balance(a)[0] == Decimal("1000.00")
    assert case_balance(b)[0] == Decimal("250.76")
    by_txn = {r.transaction_id: r for r in Receipt.objects.all()}
    assert by_txn["S1"].matched_by == Receipt.BY_SUB_ACCOUNT
    assert by_txn["S2"].matched_by == Receipt.BY_CASE_NUMBER
    assert by_txn["S3"].case is None and by_txn["S3"].claim_due_on is not None
    assert LedgerAccount.objects.get(pooled=pooled, kind=LedgerAccount.POOLED).balance == Decimal("1350.75")
    assert funds_problems() == []


def test_importing_the_same_file_twice_changes_nothing(pooled, two_cases):
    a, b = two_cases
    pool = pooled.account_number
    data = camt(
        pool, [credit(pool, f"D{i}", f"{i}.50", sub=account_number(a if i % 2 else b)) for i in range(1, 8)]
    )
    import_statement(data, "s.xml", actor=STATEMENT)
    before = counts()
    again = import_statement(data, "s.xml", actor=STATEMENT)
    assert (again.posted, again.skipped) == (0, 7)
    assert counts() == before


def test_a_line_already_booked_by_its_notification_is_skipped(pooled, two_cases, pay):
    a, _b = two_cases
    pay(a, "500.00", "N1")
    pool = pooled.account_number
    result = import_statement(
        camt(
            pool,
            [
                credit(pool, "N1", "500.00", sub=account_number(a)),
                credit(pool, "N2", "1.00", sub=account_number(a)),
            ],
        ),
        "s.xml",
        actor=STATEMENT,
    )
    assert (result.posted, result.skipped) == (1, 1)
    assert case_balance(a)[0] == Decimal("501.00")


def test_csv_import(pooled, two_cases):
    a, b = two_cases
    pool = pooled.account_number
    text = textwrap.dedent(
        f"""\
        账号,交易流水号,记账日期,借贷标志,金额,币种,子账号,付款人户名,付款人账号,附言
        {pool},CSV1,2026-11-30,贷,"12,000.00",CNY,{account_number(a)},张三,6222,执行款
        {pool},CSV2,2026-11-30,C,300.5,cny,,李四,6223,{b.case_number}
        """
    )
    result = import_statement(text.encode(), "s.csv", actor=STATEMENT)
    assert result.posted == 2
    assert case_balance(a)[0] == Decimal("12000.00")
    assert case_balance(b)[0] == Decimal("300.50")
    before = counts()
    assert import_statement(text.encode(), "s.csv", actor=STATEMENT).skipped == 2
    assert counts() == before


def refused(data: bytes) -> list[str]:
    before = counts()
    with pytest.raises(StatementRefused) as info:
        import_statement(data, "bad", actor=STATEMENT)
    assert counts() == before, "a refused statement wrote something"
    problems = info.value.problems
    assert problems and all(CHINESE.search(p) for p in problems)
    return problems


def unknown_sub(pool: str) -> str:
    return matching.sub_account_for(pool, 99_999_999 - 1)


def test_malformed_amounts_are_each_named(pooled, two_cases):
    a, _b = two_cases
    pool = pooled.account_number
    good = camt(pool, [credit(pool, f"M{i}", f"10{i}.00", sub=account_number(a)) for i in range(4)])
    bad = good.replace(b">101.00<", b">1,01.00<").replace(b">103.00<", b">abc<")
    problems = refused(bad)
    text = "\n".join(problems)
    assert "M1" in text and "M3" in text and "M0" not in text and "M2" not in text


def test_unknown_sub_accounts_are_each_named(pooled, two_cases):
    a, _b = two_cases
    pool = pooled.account_number
    other = matching.sub_account_for("1306" + "9" * 12, 5)
    problems = refused(
        camt(
            pool,
            [
                credit(pool, "U1", "1.00", sub=account_number(a)),
                credit(pool, "U2", "2.00", sub=unknown_sub(pool)),
                credit(pool, "U3", "3.00", sub=other),
            ],
        )
    )
    text = "\n".join(problems)
    assert "U2" in text and "U3" in text and "U1" not in text
    assert len(problems) == 2


def test_repeated_transaction_ids_are_named(pooled, two_cases):
    a, _b = two_cases
    pool = pooled.account_number
    problems = refused(
        camt(
            pool,
            [
                credit(pool, "R1", "1.00", sub=account_number(a)),
                credit(pool, "R1", "2.00"),
                credit(pool, "R2", "3.00"),
            ],
        )
    )
    text = "\n".join(problems)
    assert "R1" in text and "R2" not in text


def test_wrong_currency_is_named(pooled, two_cases):
    a, _b = two_cases
    pool = pooled.account_number
    problems = refused(
        camt(
            pool,
            [credit(pool, "C1", "1.00", sub=account_number(a)), credit(pool, "C2", "2.00", currency="USD")],
        )
    )
    text = "\n".join(problems)
    assert "C2" in text and "USD" in text or "币种" in text


def test_broken_xml_is_refused(pooled, two_cases):
    a, _b = two_cases
    pool = pooled.account_number
    good = camt(pool, [credit(pool, "X1", "1.00", sub=account_number(a))])
    refused(good[: len(good) // 2])
    refused(good.replace(b"<BkToCstmrStmt>", b"<Other>").replace(b"</BkToCstmrStmt>", b"</Other>"))


def test_an_unknown_pooled_account_is_refused(pooled, two_cases):
    problems = refused(camt("6222999988887777", [credit("6222999988887777", "P1", "1.00")]))
    assert "6222999988887777" in problems[0]


def test_all_problems_of_one_file_named_together(pooled, two_cases):
    a, _b = two_cases
    pool = pooled.account_number
    data = camt(
        pool,
        [
            credit(pool, "A1", "111.00", sub=account_number(a)),
            credit(pool, "A2", "2.00", currency="USD"),
            credit(pool, "A3", "3.00"),
            credit(pool, "A3", "4.00"),
        ],
    ).replace(b">111.00<", b">1x1<")
    text = "\n".join(refused(data))
    for txn in ("A1", "A2", "A3"):
        assert txn in text


def test_unknown_sub_account_named_alongside_a_malformed_amount(pooled, two_cases):
    a, _b = two_cases
    pool = pooled.account_number
    data = camt(
        pool,
        [
            credit(pool, "B1", "111.00", sub=account_number(a)),
            credit(pool, "B2", "2.00", sub=unknown_sub(pool)),
        ],
    ).replace(b">111.00<", b">1x1<")
    text = "\n".join(refused(data))
    assert "B1" in text and "B2" in text


# --- Killed half-way and run again (a real SQLite file: another process cannot see the test DB) ---

SETUP = """
import datetime as dt, os, sys
from decimal import Decimal
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhixing.settings")
import django
django.setup()
from zhixing.cases import actions as ca
from zhixing.cases.models import Party
from zhixing.core.actors import CLI
from zhixing.courts import actions as co
from zhixing.funds.queries import account_number, pool_number
high = co.create_court("冀", "河北省高级人民法院", actor=CLI)
court = co.create_court("冀96", "河北雄安新区中级人民法院", parent=high, actor=CLI)
for i in range(3):
    case = ca.file_case(
        court=court, type_code="执", filed_on=dt.date(2026, 3, 2), applied_amount=Decimal("50000.00"),
        parties=[ca.PartyInput(Party.APPLICANT, "王申请", "11010519491231002X"),
                 ca.PartyInput(Party.DEBTOR, "雄安某建设有限公司", "91330109699830509X")],
        cause="追索劳动报酬纠纷", actor=CLI,
    )
    print(case.pk, account_number(case))
print("POOL", pool_number(court))
"""


def _env(data_dir: Path) -> dict[str, str]:
    drop = {"DATABASE_URL", "ZHIXING_SECRET_KEY", "ZHIXING_DEBUG", "DJANGO_SETTINGS_MODULE"}
    return {k: v for k, v in os.environ.items() if k not in drop} | {"ZHIXING_DATA_DIR": str(data_dir)}


def _run(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zhixing.cli", *args],
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=600,
    )


def _receipts(db: Path) -> int:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return con.execute("SELECT count(*) FROM funds_receipt").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        con.close()


def test_killed_half_way_and_run_again_ends_exact(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    db = data_dir / "zhixing.sqlite3"
    migrated = _run(data_dir, "migrate", "--skip-checks", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    made = subprocess.run(
        [sys.executable, "-c", SETUP], env=_env(data_dir), capture_output=True, text=True, timeout=300
    )
    assert made.returncode == 0, made.stderr
    lines = made.stdout.split("\n")
    pool = next(line.split()[1] for line in lines if line.startswith("POOL"))
    subs = [line.split()[1] for line in lines if line and not line.startswith("POOL")]
    assert len(subs) == 3

    n = BATCH * 5 // 2  # three batches of the import: killed after the first is committed
    entries = [
        credit(pool, f"K{i:05d}", f"{1 + i % 997}.{i % 100:02d}", sub=subs[i % 3] if i % 10 else "")
        for i in range(n)
    ]
    expected_total = sum((e.amount for e in entries), Decimal(0))
    expected_cases = {s: sum((e.amount for e in entries if e.sub_account == s), Decimal(0)) for s in subs}
    expected_suspense = sum((e.amount for e in entries if not e.sub_account), Decimal(0))
    path = tmp_path / "big.xml"
    path.write_bytes(camt(pool, entries, "STMT-KILL"))

    proc = subprocess.Popen(
        [sys.executable, "-m", "zhixing.cli", "funds", "import-statement", str(path)],
        env=_env(data_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None:
        seen = _receipts(db)
        if seen > 0:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the import finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    killed_at = _receipts(db)
    assert 0 < killed_at < n, killed_at

    again = _run(data_dir, "funds", "import-statement", str(path))
    assert again.returncode == 0, again.stderr

    con = sqlite3.connect(db)
    try:
        assert con.execute(
            "SELECT count(*), count(DISTINCT transaction_id) FROM funds_receipt"
        ).fetchone() == (n, n)
        total = con.execute("SELECT sum(CAST(amount AS TEXT)) FROM funds_receipt").fetchone()[0]
        amounts = [Decimal(str(a)) for (a,) in con.execute("SELECT CAST(amount AS TEXT) FROM funds_receipt")]
        balances = dict(
            con.execute("SELECT kind, CAST(balance AS TEXT) FROM funds_ledgeraccount WHERE case_id IS NULL")
        )
        per_case = {
            str(cid): Decimal(str(b))
            for cid, b in con.execute(
                "SELECT case_id, CAST(balance AS TEXT) FROM funds_ledgeraccount WHERE case_id IS NOT NULL"
            )
        }
    finally:
        con.close()
    del total
    assert sum(amounts, Decimal(0)) == expected_total
    assert Decimal(balances["pooled"]) == expected_total
    assert Decimal(balances["suspense"]) == expected_suspense
    by_case = {matching.case_id_of(pool, s): v for s, v in expected_cases.items()}
    assert {int(k): v for k, v in per_case.items()} == by_case

    third = _run(data_dir, "funds", "import-statement", str(path))
    assert third.returncode == 0 and f"跳过 {n}" in third.stdout, third.stdout + third.stderr
    check = _run(data_dir, "check")
    assert check.returncode == 0, check.stdout + check.stderr
