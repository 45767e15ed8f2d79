"""Benchmark (issue 9): `zhixing funds import-statement` with matching, target ≥ 20,000 lines/s on
SQLite and on PostgreSQL.

    .venv/bin/python benchmarks/funds_import.py [--cases 20000] [--runs 3] [--seed 9]
    DATABASE_URL=postgres://zhixing:zhixing@127.0.0.1:5432/zhixing .venv/bin/python benchmarks/funds_import.py
    .venv/bin/python benchmarks/funds_import.py --profile      # cProfile of one SQLite import, top 25

Set-up, once per database kind: a fresh temporary ZHIXING_DATA_DIR (and, on PostgreSQL, a database of
its own, `zhixing_bench_import_tpl`, on the server DATABASE_URL names), migrations, the court 冀9601
and its officers through the actions, its pooled account (`open_pooled_account`), and N cases of that
court through the cases import (`import_cases`, as benchmarks/import_cases.py does). Then two
statements of credits: 20,000 lines as camt.053 XML (`write_camt053`; the parser's 20 MB limit holds
about 28,000 XML lines) and 100,000 lines in the CSV layout (zhixing/funds/STATEMENT_CSV.md). The mix:
70% paid to the case's sub-account, 20% with only the case number in the remittance, 10% unidentified.

Each run starts from a copy of the set-up state (the SQLite file copied; on PostgreSQL
`CREATE DATABASE zhixing_bench_import TEMPLATE zhixing_bench_import_tpl`) and times, as wall clock,
the operator's command `.venv/bin/zhixing funds import-statement FILE` in a child process (Django's
start-up included; it is measured apart with `zhixing funds fee`), then the same file a second time
(every line skipped), checking that the second import changed no receipt, entry, leg, case event,
balance or realized amount. The parse alone (`parse_statement`) is timed in a child process of its
own. Figures are lines/s, medians of the runs. The benchmark never touches the `zhixing` or `test_*`
databases, nor `zhixing_bench` (the other PostgreSQL benchmarks').
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import harness
from harness import pg_url as _url
from harness import timed_cli as _timed_cli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CLI = str(ROOT / ".venv" / "bin" / "zhixing")
RUN_DB = "zhixing_bench_import"
TEMPLATE_DB = "zhixing_bench_import_tpl"
DROP_RUN = f"DROP DATABASE IF EXISTS {RUN_DB} WITH (FORCE)"
DROP_TEMPLATE = f"DROP DATABASE IF EXISTS {TEMPLATE_DB} WITH (FORCE)"
COURT = ("冀9601", "雄县人民法院")
HIGH = ("冀", "河北省高级人民法院")
CSV_HEADER = [
    "account", "transaction_id", "booked_on", "direction", "amount", "currency", "sub_account",
    "payer_name", "payer_account", "remittance", "end_to_end_id",
]  # fmt: skip


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhixing.settings")
    os.environ.setdefault("ZHIXING_DEBUG", "0")
    import django

    django.setup()


# --- children --------------------------------------------------------------------------------------


def child_setup(cases_csv: str, out: str) -> None:
    """Migrate, make the court, its officers, its pooled account and the cases; write what the
    statements need (pool number, case ids and numbers) to `out`."""
    _django()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0, interactive=False)
    import import_cases as ic  # benchmarks/import_cases.py

    from zhixing.cases.actions import import_cases
    from zhixing.cases.importing import read_table, validate
    from zhixing.cases.models import Case
    from zhixing.core.actors import CLI as CLI_ACTOR
    from zhixing.courts import actions as court_actions
    from zhixing.courts import rules as r
    from zhixing.courts.actors import IMPORT
    from zhixing.funds.actions import open_pooled_account

    high = court_actions.create_court(*HIGH, parent=None, actor=CLI_ACTOR)
    court = court_actions.create_court(*COURT, parent=high, actor=CLI_ACTOR)
    for i, person in enumerate(ic.handlers(COURT[0])[:4]):
        court_actions.create_user(f"{COURT[0]}-{i}", person, "x", court, [r.OFFICER], actor=CLI_ACTOR)
    pooled = open_pooled_account(court, actor=CLI_ACTOR)
    plan = validate(read_table(cases_csv))
    assert not plan.errors, [str(e) for e in plan.errors[:5]]
    import_cases(plan.rows, source="bench", new_courts=plan.new_courts, planner=plan.planner, actor=IMPORT)
    rows = list(Case.objects.filter(court=court).order_by("pk").values_list("pk", "case_number"))
    Path(out).write_text(json.dumps({"pool": pooled.account_number, "cases": rows}, ensure_ascii=False))


def child_parse(path: str) -> None:
    _django()
    from zhixing.funds.statement import parse_statement

    data = Path(path).read_bytes()
    t = time.perf_counter()
    st = parse_statement(data, Path(path).name)
    print(json.dumps({"lines": len(st.entries), "seconds": time.perf_counter() - t}))


def child_state() -> None:
    """A fingerprint of everything an import writes (but the audit trail: a repeated import records
    that it ran)."""
    _django()
    from django.db.models import Count, Sum

    from zhixing.cases.models import Case, CaseEvent
    from zhixing.funds.models import Entry, LedgerAccount, Leg, Receipt

    print(
        json.dumps(
            {
                "receipts": Receipt.objects.count(),
                "matched": Receipt.objects.filter(case__isnull=False).count(),
                "by": dict(Receipt.objects.values_list("matched_by").annotate(n=Count("id")).order_by()),
                "entries": Entry.objects.count(),
                "legs": Leg.objects.count(),
                "events": CaseEvent.objects.count(),
                "balances": str(LedgerAccount.objects.aggregate(s=Sum("balance"))["s"]),
                "realized": str(Case.objects.aggregate(s=Sum("realized_amount"))["s"]),
            }
        )
    )


# --- generation ------------------------------------------------------------------------------------


def cases_csv(path: Path, n: int, seed: int) -> None:
    """import_cases.py's generator, every case in the one court."""
    import import_cases as ic

    ic.courts = lambda: [HIGH, COURT]
    ic.generate(path, n, seed, dt.date.today())


def statement_entries(pool: str, cases: list, n: int, seed: int, tag: str) -> list:
    from zhixing.funds.matching import sub_account_for
    from zhixing.funds.statement import StatementEntry

    rng = random.Random(seed)
    out = []
    for i in range(1, n + 1):
        cid, number = rng.choice(cases)
        kind = rng.random()
        sub, remittance = "", "货款"
        if kind < 0.7:
            sub, remittance = sub_account_for(pool, cid), f"{number} 执行款"
        elif kind < 0.9:
            remittance = f"{number}案款 申请执行人{rng.randrange(1000)}"
        else:
            remittance = rng.choice(["货款", "往来款", "还款", "转账"])
        out.append(
            StatementEntry(
                line=i,
                where="",
                account=pool,
                transaction_id=f"B{tag}{i:09d}",
                direction="credit",
                amount=Decimal(rng.randrange(10_000, 50_000_000)) / 100,
                currency="CNY",
                booked_on=dt.date(2026, 11, 2) + dt.timedelta(days=rng.randrange(28)),
                sub_account=sub,
                payer_name=f"付款人{rng.randrange(100000)}",
                payer_account=f"6222{rng.randrange(10**15):015d}",
                remittance=remittance,
                end_to_end_id="",
            )
        )
    return out


def write_csv(path: Path, entries: list) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_HEADER)
    for e in entries:
        w.writerow([e.account, e.transaction_id, e.booked_on.isoformat(), "C", f"{e.amount:.2f}", "CNY",
                    e.sub_account, e.payer_name, e.payer_account, e.remittance, ""])  # fmt: skip
    path.write_text(buf.getvalue(), encoding="utf-8")


# --- parent ----------------------------------------------------------------------------------------


def _pg_admin(url: str, *statements: str) -> None:
    harness.pg_admin(url, "zhixing_bench_import", *statements)


def _child(args: list[str], env: dict) -> dict:
    return harness.run_child(__file__, args, env)


def machine(pg_url: str | None) -> str:
    return harness.machine(pg_url, TEMPLATE_DB)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cases", type=int, default=20_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--seed", type=int, default=9)
    p.add_argument("--xml-lines", type=int, default=20_000)
    p.add_argument("--csv-lines", type=int, default=100_000)
    p.add_argument("--profile", action="store_true", help="cProfile one SQLite import of the XML file")
    p.add_argument("--keep", metavar="DIR", help="copy the set-up data folder and the statements to DIR")
    p.add_argument("--child-setup", nargs=2, help=argparse.SUPPRESS)
    p.add_argument("--child-parse", help=argparse.SUPPRESS)
    p.add_argument("--child-state", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    if args.child_setup:
        return child_setup(*args.child_setup)
    if args.child_parse:
        return child_parse(args.child_parse)
    if args.child_state:
        return child_state()

    url = os.environ.get("DATABASE_URL", "")
    pg = url if url.startswith(("postgres://", "postgresql://")) else None
    kind = "PostgreSQL" if pg else "SQLite"
    with tempfile.TemporaryDirectory(prefix="zhixing-funds-import-bench-") as tmp:
        tmp = Path(tmp)
        base_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        base_env["ZHIXING_DEBUG"] = "0"
        tpl_dir = tmp / "data-template"
        env = dict(base_env, ZHIXING_DATA_DIR=str(tpl_dir))
        if pg:
            _pg_admin(pg, DROP_RUN, DROP_TEMPLATE,
                      f"CREATE DATABASE {TEMPLATE_DB}")  # fmt: skip
            env["DATABASE_URL"] = _url(pg, TEMPLATE_DB)
        t = time.perf_counter()
        cases_path = tmp / "cases.csv"
        cases_csv(cases_path, args.cases, args.seed)
        _child(["--child-setup", str(cases_path), str(tmp / "setup.json")], env)
        setup = json.loads((tmp / "setup.json").read_text())
        print(f"set-up ({kind}): {len(setup['cases'])} cases of {COURT[0]}, pool {setup['pool']}, "
              f"{time.perf_counter() - t:.1f}s", flush=True)  # fmt: skip

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhixing.settings")
        os.environ["ZHIXING_DATA_DIR"] = str(tmp / "parent")  # for the writer's imports only
        os.environ.pop("DATABASE_URL", None)
        _django()
        from zhixing.funds.statement import write_camt053

        files = []
        if args.xml_lines:
            entries = statement_entries(setup["pool"], setup["cases"], args.xml_lines, args.seed, "X")
            path = tmp / "statement.xml"
            path.write_bytes(
                write_camt053(setup["pool"], "BENCH-XML-1", entries, dt.datetime(2026, 12, 1, 8))
            )
            files.append((path, len(entries)))
        if args.csv_lines:
            entries = statement_entries(setup["pool"], setup["cases"], args.csv_lines, args.seed + 1, "C")
            path = tmp / "statement.csv"
            write_csv(path, entries)
            files.append((path, len(entries)))
        for path, n in files:
            print(f"{path.name}: {n} lines, {path.stat().st_size / 2**20:.1f} MiB", flush=True)
        print(machine(pg), flush=True)

        def fresh(run: str) -> dict:
            d = tmp / f"data-{run}"
            shutil.rmtree(d, ignore_errors=True)
            shutil.copytree(tpl_dir, d)
            e = dict(base_env, ZHIXING_DATA_DIR=str(d))
            if pg:
                _pg_admin(pg, DROP_RUN,
                          f"CREATE DATABASE {RUN_DB} TEMPLATE {TEMPLATE_DB}")  # fmt: skip
                e["DATABASE_URL"] = _url(pg, RUN_DB)
            return e

        if args.keep:
            shutil.copytree(tmp, args.keep, dirs_exist_ok=True)
            print(f"kept in {args.keep}", flush=True)
        if args.profile:
            path = files[0][0]
            e = fresh("profile")
            prof = tmp / "import.prof"
            _timed_cli([sys.executable, "-m", "cProfile", "-o", str(prof), CLI, "funds", "import-statement",
                        str(path)], e)  # fmt: skip
            import pstats

            stats = pstats.Stats(str(prof)).sort_stats(os.environ.get("PROFILE_SORT", "cumulative"))
            stats.print_stats(25)
            stats.print_callees("book_many|_problems|parse_statement")
            return

        startup = statistics.median(
            _timed_cli([CLI, "funds", "fee", "100000"], fresh("startup"))[0] for _ in range(3)
        )
        print(f"Django start-up (zhixing funds fee): {startup:.2f}s median of 3", flush=True)
        summary = []
        for path, n in files:
            parse, first, second = [], [], []
            for run in range(1, args.runs + 1):
                e = fresh(f"{path.suffix[1:]}-{run}")
                parse.append(_child(["--child-parse", str(path)], e)["seconds"])
                s1, out1 = _timed_cli([CLI, "funds", "import-statement", str(path)], e)
                state1 = _child(["--child-state"], e)
                s2, out2 = _timed_cli([CLI, "funds", "import-statement", str(path)], e)
                state2 = _child(["--child-state"], e)
                assert state1["receipts"] == n, (state1, out1)
                assert state1 == state2, ("the second import changed something", state1, state2, out2)
                first.append(s1)
                second.append(s2)
                print(f"{kind} {path.suffix} run {run}: parse {parse[-1]:.2f}s = {n / parse[-1]:,.0f} lines/s; "
                      f"import {s1:.2f}s = {n / s1:,.0f} lines/s; again (all skipped, nothing changed) "
                      f"{s2:.2f}s = {n / s2:,.0f} lines/s", flush=True)  # fmt: skip
                if run == 1:
                    print(f"  {out1.splitlines()[0] if out1 else ''} | again: "
                          f"{out2.splitlines()[0] if out2 else ''}\n  state: {state1}", flush=True)  # fmt: skip
            mp, m1, m2 = (statistics.median(x) for x in (parse, first, second))
            summary.append(
                f"RESULT {kind} {path.suffix[1:]} {n} lines, median of {args.runs}: "
                f"import {n / m1:,.0f} lines/s ({m1:.2f}s: {' / '.join(f'{x:.2f}' for x in first)}; "
                f"without start-up {n / (m1 - startup):,.0f}), parse {n / mp:,.0f} lines/s ({mp:.2f}s), "
                f"second import {n / m2:,.0f} lines/s ({m2:.2f}s); target ≥ 20,000: "
                f"{'met' if n / m1 >= 20_000 else 'NOT met'}"
            )
            print(summary[-1], flush=True)
        if pg:
            _pg_admin(pg, DROP_RUN, DROP_TEMPLATE)
        print("\n".join(summary))


if __name__ == "__main__":
    main()
