"""Benchmark: `zhixing funds report` over 1,000,000 case accounts on PostgreSQL (target ≤ 2 s), and
`zhixing funds accounts --json` streaming every one of them.

    DATABASE_URL=postgres://zhixing:zhixing@127.0.0.1:5432/zhixing \\
        .venv/bin/python benchmarks/funds_report.py [--cases 1000000] [--runs 5] [--rebuild]

Works in its own database `zhixing_bench_funds` on that server (created and migrated here; the other
benchmarks' `zhixing_bench` is left alone). The courts and their pooled accounts are made through the
actions; the mass rows are a benchmark fixture written with set-based SQL (INSERT … SELECT FROM
generate_series), not app data:

- `--cases` cases over five courts, each with its case ledger account and one receipt booked over the
  last 200 days. Nine in ten are paid out (outstanding 0, balance 0); of the rest, one in ten is kept
  past its payout deadline (超期款), the others are due in the coming weeks. A case account's kept
  balance is its receipt's outstanding amount.
- 0.5 % as many unidentified receipts (不明款) in the pools' suspense accounts.
- each pool's own ledger account holds Σ case + suspense, so the ledger balances as `zhixing check`
  wants it (the legs are not written: the report reads the kept balances and the receipts only).

Times, as the median of `--runs` runs: `zhixing.funds.queries.report(on)` in process, the CLI
`zhixing funds report --json` as a subprocess (interpreter and Django start included), and the CLI
`zhixing funds accounts --json` streaming all cases to a file (checked to hold one entry per case).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import _pg

_pg.BENCH_DB = "zhixing_bench_funds"  # a database of its own: the funds tables are wiped on rebuild
ZHIXING = str(_pg.ROOT / ".venv" / "bin" / "zhixing")


def machine_details() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{mem_kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, StopIteration):
        ram = "RAM ?"
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"nproc {nproc}, CPU {cpu}, {ram}, {platform.platform()}"


def build(n_cases: int, marker: str) -> None:
    from zhixing.cases.models import Case
    from zhixing.courts.actors import CLI
    from zhixing.funds import actions
    from zhixing.funds.models import Entry, LedgerAccount, Leg, Payout, PayoutApproval, PooledAccount, Receipt

    t = {m.__name__: m._meta.db_table for m in (Case, Entry, LedgerAccount, Leg, Payout, Receipt)}
    _pg.execute(
        f"TRUNCATE {PayoutApproval._meta.db_table}, {t['Payout']}, {t['Receipt']}, {t['Leg']}, "
        f"{t['LedgerAccount']}, {t['Entry']} RESTART IDENTITY CASCADE"
    )
    _pg.wipe_cases()
    courts, officers = _pg.courts_and_officers(officers_per_court=2)
    actions.ensure_pooled_accounts(actor=CLI)
    codes = list(_pg.CASE_COURTS)
    n = len(codes)
    today = _today()
    _pg.insert_cases(n_cases, courts, officers, marker, filed_days_ago=200)
    n_unidentified = max(1, n_cases // 200)
    # Every receipt has its booking entry (a one-to-one column): entries first, ids base+1 … base+M.
    base = _pg.scalar(f"SELECT coalesce(max(id), 0) FROM {t['Entry']}")
    with _pg.Clock(f"insert {n_cases + n_unidentified:,} entries"), _pg.bulk_load(t["Entry"]):
        _pg.insert_select(
            Entry,
            {
                "kind": ("%s", [Entry.RECEIPT]),
                "at": "now()",
                "booked_on": ("%s::date - mod(g * 31, 200)::int", [today]),
                "system_actor": "'bench'",
            },
            "generate_series(1::bigint, %s::bigint) AS g",
            [n_cases + n_unidentified],
        )
    # Receipt g of case g (serial g): paid out unless g is a multiple of 10; of those, multiples of 100
    # are past their payout deadline, the others due within the next 30 days.
    outstanding = "CASE WHEN mod(c.serial, 10) = 0 THEN r.amount ELSE 0 END"
    with _pg.Clock(f"insert {n_cases:,} case receipts"), _pg.bulk_load(t["Receipt"]):
        _pg.insert_select(
            Receipt,
            {
                "pooled_id": "p.id",
                "transaction_id": "'BENCH' || c.serial",
                "channel": ("%s", [Receipt.TRANSFER]),
                "amount": "r.amount",
                "booked_on": ("%s::date - mod(c.serial * 31, 200)::int", [today]),
                "received_at": "now()",
                "payer_name": "'某被执行人'",
                "payer_account": "'62220202' || lpad(c.serial::text, 11, '0')",
                "case_id": "c.id",
                "matched_by": ("%s", [Receipt.BY_SUB_ACCOUNT]),
                "entry_id": ("%s::bigint + c.serial", [base]),
                "payable_on": ("%s::date - mod(c.serial * 31, 200)::int", [today]),
                "payout_due_on": (
                    "CASE WHEN mod(c.serial, 100) = 0 THEN %s::date - 1 - mod(c.serial, 90)::int "
                    "ELSE %s::date + 1 + mod(c.serial, 30)::int END",
                    [today, today],
                ),
                "outstanding": outstanding,
            },
            f"{t['Case']} c JOIN {PooledAccount._meta.db_table} p ON p.court_id = c.court_id "
            "CROSS JOIN LATERAL (SELECT round((500 + mod(c.serial::bigint * 7919, 200000))::numeric / 7, 2) AS amount) r",
        )
        _pg.insert_select(
            Receipt,
            {
                "pooled_id": (f"(%s::bigint[])[1 + mod(g, {n})]", [[_pool(courts[c]) for c in codes]]),
                "transaction_id": "'BENCHU' || g",
                "channel": ("%s", [Receipt.TRANSFER]),
                "amount": "round((100 + mod(g * 104729, 50000))::numeric / 3, 2)",
                "booked_on": ("%s::date - mod(g * 13, 30)::int", [today]),
                "received_at": "now()",
                "payer_name": "'某付款人'",
                "payer_account": "'62170000' || lpad(g::text, 11, '0')",
                "remittance": "'执行款'",
                "entry_id": ("%s::bigint + %s + g", [base, n_cases]),
                "claim_due_on": ("%s::date - mod(g * 13, 30)::int + 5", [today]),
            },
            "generate_series(1::bigint, %s::bigint) AS g",
            [n_unidentified],
        )
    with _pg.Clock(f"insert {n_cases:,} case ledger accounts"), _pg.bulk_load(t["LedgerAccount"]):
        _pg.insert_select(
            LedgerAccount,
            {
                "kind": ("%s", [LedgerAccount.CASE]),
                "pooled_id": "r.pooled_id",
                "case_id": "r.case_id",
                "balance": "r.outstanding",
            },
            f"{t['Receipt']} r WHERE r.case_id IS NOT NULL",
        )
        la, rc = t["LedgerAccount"], t["Receipt"]
        for kind, total in (
            (
                LedgerAccount.SUSPENSE,
                f"(SELECT coalesce(sum(amount), 0) FROM {rc} WHERE case_id IS NULL AND pooled_id = p.id)",
            ),
            (LedgerAccount.FEES, "0"),
            (
                LedgerAccount.POOLED,
                f"(SELECT coalesce(sum(amount), 0) FROM {rc} WHERE case_id IS NULL AND pooled_id = p.id)"
                f" + (SELECT coalesce(sum(balance), 0) FROM {la} WHERE kind = 'case' AND pooled_id = p.id)",
            ),
        ):
            _pg.execute(
                f"INSERT INTO {la} (kind, pooled_id, case_id, balance, pending_out) "
                f"SELECT %s, p.id, NULL, {total}, 0 FROM {PooledAccount._meta.db_table} p "
                f"ON CONFLICT DO NOTHING",
                [kind],
            )
    with _pg.Clock("vacuum analyze"):
        _pg.vacuum(t["Case"], t["Entry"], t["Receipt"], t["LedgerAccount"])


def _pool(court) -> int:
    from zhixing.funds.models import PooledAccount

    return PooledAccount.objects.get(court=court).pk


def _today():
    from django.utils import timezone

    return timezone.localdate()


def timed(fn, runs: int) -> tuple[list[float], object]:
    times, out = [], None
    for _ in range(runs):
        started = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - started)
    return times, out


def fmt(times: list[float]) -> str:
    return f"median {_pg.median(times):.3f} s ({' / '.join(f'{t:.3f}' for t in times)})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the data even if present")
    parser.add_argument("--explain", action="store_true", help="print the report queries' plans")
    args = parser.parse_args()
    url = _pg.setup()
    from django.db import connection
    from django.db.models import Sum

    from zhixing.cases.models import Case
    from zhixing.funds import queries
    from zhixing.funds.models import LedgerAccount

    marker = f"bench:funds_report:v1:{args.cases}"  # bump when the generated data changes
    print(_pg.machine())
    print(machine_details())
    have = LedgerAccount.objects.filter(kind=LedgerAccount.CASE).count()
    if args.rebuild or _pg.bench_marker() != marker or have != args.cases:
        with _pg.Clock("build"):
            build(args.cases, marker)
    else:
        print(f"reusing {args.cases:,} case accounts already built ({marker})")
    on = _today()
    print(
        f"cases: {Case.objects.count():,}, case ledger accounts: {LedgerAccount.objects.filter(kind='case').count():,}"
    )

    if args.explain:
        for qs in (
            LedgerAccount.objects.values("kind").annotate(t=Sum("balance")),
            queries.unidentified(on),
            queries.overdue(on),
        ):
            print(qs.explain(analyze=True))

    queries.report(on)  # warm the cache once, as a running server would be
    report_times, rep = timed(lambda: queries.report(on), args.runs)
    data = rep.as_json()
    print("report:", json.dumps(data, ensure_ascii=False))
    pooled = Decimal(data["pooled_balance"])
    assert pooled == Decimal(data["case_balance_total"]) + Decimal(data["suspense_balance"]) + Decimal(
        data["fees_balance"]
    ), "the generated ledger must balance"
    print(f"queries.report(on): {fmt(report_times)}")

    env = {**os.environ, "DATABASE_URL": url}
    connection.close()

    def cli_report():
        res = subprocess.run(
            [ZHIXING, "funds", "report", "--json"], env=env, capture_output=True, text=True, check=True
        )
        return json.loads(res.stdout)

    cli_times, cli_data = timed(cli_report, args.runs)
    assert cli_data == data, (cli_data, data)
    print(f"zhixing funds report --json (subprocess): {fmt(cli_times)}")

    with tempfile.TemporaryDirectory() as tmp:
        out_path = Path(tmp) / "accounts.json"

        def cli_accounts():
            with open(out_path, "wb") as out:
                subprocess.run([ZHIXING, "funds", "accounts", "--json"], env=env, stdout=out, check=True)
            return out_path.stat().st_size

        acc_runs = max(1, min(args.runs, 3))
        acc_times, size = timed(cli_accounts, acc_runs)
        parsed = json.loads(out_path.read_text(encoding="utf-8"))
        assert len(parsed["cases"]) == args.cases, len(parsed["cases"])
    print(f"zhixing funds accounts --json ({size / 1e6:.0f} MB): {fmt(acc_times)}")

    best = _pg.median(report_times)
    cli = _pg.median(cli_times)
    acc = _pg.median(acc_times)
    print(
        f"RESULT funds_report: {args.cases:,} case accounts, {data['unidentified']['count']:,} unidentified, "
        f"{data['overdue']['count']:,} overdue: queries.report median {best:.3f} s, CLI report median {cli:.3f} s; "
        f"target ≤ 2 s: {'met' if max(best, cli) <= 2 else 'NOT met'}; "
        f"CLI accounts --json median {acc:.1f} s ({args.cases / acc:,.0f} cases/s)"
    )


if __name__ == "__main__":
    main()
