"""Benchmark (issue 13): what the command centre's board and the monthly report of measures cost at scale.

    .venv/bin/python benchmarks/measures.py                                     # SQLite
    DATABASE_URL=postgres://zhixing:zhixing@127.0.0.1:5432/zhixing \\
        .venv/bin/python benchmarks/measures.py                                 # PostgreSQL
    options: --cases 100 --measures 20000 --referrals 2000 --operations 60 --runs 30 --seed 13

PostgreSQL works in a database of its own, `zhixing_bench_measures`, dropped and made again on every run;
SQLite in a fresh temporary data folder.

The world: 冀 / 冀96 / 冀9601, the cast, pooled accounts, `--cases` cases filed through
cases.actions.file_case; then by bulk_create, at a tenth of the sizes and again at all of them:
`--measures` coercive measures of every kind and status over the last twelve months (fines with
amounts and payments, detentions with days), `--referrals` referrals at every status, `--operations`
operations today (5 target cases, 4 members, 3 bookings, 10 check-ins each) and as many on each of the
previous 30 days, 200 pieces of equipment, the day's duty roster, field cash awaiting finance.

Timed, each with its SQL statement count (which must not grow with the rows):
(a) queries.board(冀96, today) — the dispatch board;
(b) queries.monthly_measures(冀96, this month) and reports.to_xlsx of it, reports.to_pdf once;
(c) queries.operation_report of an operation with 5 targets.

Prints p50/p99 in ms and a RESULT line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
import warnings
from decimal import Decimal
from pathlib import Path

import harness

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "zhixing_bench_measures"


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def _django() -> None:
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhixing.settings")
    os.environ.setdefault("ZHIXING_DEBUG", "0")
    import django

    django.setup()


def resident_id(body17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body17 + "10X98765432"[sum(int(c) * w for c, w in zip(body17, weights, strict=True)) % 11]


class World:
    def __init__(self, n_cases: int):
        from zhixing.cases import actions as case_actions
        from zhixing.cases.models import Party
        from zhixing.core.actors import CLI
        from zhixing.courts import actions as ca
        from zhixing.courts import rules as r
        from zhixing.funds.actions import open_pooled_account

        high = ca.create_court("冀", "河北省高级人民法院", actor=CLI)
        self.court = ca.create_court("冀96", "河北雄安新区中级人民法院", parent=high, actor=CLI)
        self.lower = ca.create_court("冀9601", "雄县人民法院", parent=self.court, actor=CLI)

        def user(login, name, court, role):
            return ca.create_user(login, name, None, court, [role], actor=CLI)

        self.officers = [user(f"o{i}", f"执行员{i}", self.court, r.OFFICER) for i in range(6)]
        self.command = user("cmd", "王指挥", self.court, r.COMMAND)
        finance = user("fin", "赵财务", self.court, r.FINANCE)
        open_pooled_account(self.court, actor=finance)
        self.cases = []
        for i in range(n_cases):
            court = self.lower if i % 4 == 3 else self.court
            case = case_actions.file_case(
                court=court, type_code="执", filed_on=dt.date(2026, 1, 5), applied_amount=Decimal("100000.00"),
                parties=[
                    case_actions.PartyInput(Party.APPLICANT, "王申请", resident_id("13062919750101123")),
                    case_actions.PartyInput(Party.DEBTOR, f"赵某{i}", resident_id(f"130629198002{i % 28 + 1:02d}345")),
                ],
                cause="民间借贷纠纷", handler=self.officers[0], actor=CLI,
            )  # fmt: skip
            self.cases.append(case)
        self.parties = {c.pk: c.parties.get(role=Party.DEBTOR) for c in self.cases}


def fill(world: World, scale: float, args, rng: random.Random, on: dt.date) -> None:
    from django.utils import timezone

    from zhixing.measures import rules
    from zhixing.measures.models import (
        Booking,
        CoerciveMeasure,
        Duty,
        Equipment,
        FieldCash,
        FieldRecord,
        Member,
        Operation,
        OperationCase,
        Referral,
    )

    now = timezone.now()
    kinds = [k for k, _l in rules.MEASURE_KINDS]
    statuses = [s for s, _l in CoerciveMeasure.STATUSES]
    rows = []
    for _i in range(int(args.measures * scale)):
        case = rng.choice(world.cases)
        kind = rng.choice(kinds)
        decided = on - dt.timedelta(days=rng.randrange(0, 365))
        rows.append(
            CoerciveMeasure(
                case=case, kind=kind, party=world.parties[case.pk], subject_name="赵某", subject_role=rules.PERSON,
                reason="拒不履行", status=rng.choice(statuses), proposed_by=world.officers[0], proposed_on=decided,
                decided_on=decided,
                amount=Decimal(rng.randrange(1, 100) * 1000) if kind in (rules.FINE, rules.REWARD) else None,
                paid_amount=Decimal(rng.randrange(0, 2) * 1000), days=rng.randrange(1, 16) if kind == rules.DETENTION else None,
            )
        )  # fmt: skip
    CoerciveMeasure.objects.bulk_create(rows, batch_size=2000)
    rstat = [s for s, _l in Referral.STATUSES]
    Referral.objects.bulk_create(
        [
            Referral(
                case=(c := rng.choice(world.cases)),
                party=world.parties[c.pk],
                suspects="赵某",
                crime=rules.REFUSAL,
                facts="拒不执行",
                status=rng.choice(rstat),
                drafted_by=world.officers[0],
                drafted_on=on,
                police_unit="雄安新区公安局",
                sent_on=on - dt.timedelta(days=rng.randrange(0, 365)),
            )  # fmt: skip
            for _i in range(int(args.referrals * scale))
        ],
        batch_size=2000,
    )
    base = Equipment.objects.count()
    items = Equipment.objects.bulk_create(
        [
            Equipment(
                court=world.court,
                kind=rng.choice(rules.EQUIPMENT_KINDS)[0],
                code=f"EQ{base + i:05d}",
                name=f"装备{base + i}",
            )
            for i in range(int(200 * scale))
        ]  # fmt: skip
    )
    for back in range(0, 31):
        day = on - dt.timedelta(days=back)
        start = dt.datetime.combine(day, dt.time(8), tzinfo=timezone.get_current_timezone())
        ops = Operation.objects.bulk_create(
            [
                Operation(
                    court=world.court,
                    name=f"行动{day}-{i}",
                    kind="ordinary",
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=8),
                    leader=world.officers[0],
                    planned_by=world.command,
                    status=Operation.UNDERWAY if back == 0 else Operation.CLOSED,
                )  # fmt: skip
                for i in range(int(args.operations * scale))
            ]
        )
        targets, members, bookings, records, cash = [], [], [], [], []
        for op in ops:
            for case in rng.sample(world.cases, 5):
                targets.append(OperationCase(operation=op, case=case, place="某地"))
            for j, user in enumerate(world.officers[:4]):
                members.append(
                    Member(operation=op, user=user, role=rules.LEADER_ROLE if j == 0 else rules.OFFICER_ROLE)
                )
            if back == 0 and items:
                for item in rng.sample(items, min(3, len(items))):
                    bookings.append(
                        Booking(operation=op, equipment=item, starts_at=op.starts_at, ends_at=op.ends_at)
                    )
            for _k in range(10):
                records.append(
                    FieldRecord(
                        operation=op,
                        case=rng.choice(world.cases),
                        officer=world.officers[1],
                        kind=rules.CHECK_IN,
                        at=now,
                    )
                )
            if back == 0:
                cash.append(FieldCash(operation=op, case=world.cases[0], amount=Decimal("1000.00"), receipt_number=f"R{op.pk}",
                                      payer_name="赵某", taken_at=now, taken_by=world.officers[0], handover_due_on=on))  # fmt: skip
        OperationCase.objects.bulk_create(targets, batch_size=2000, ignore_conflicts=True)
        Member.objects.bulk_create(members, batch_size=2000)
        Booking.objects.bulk_create(bookings, batch_size=2000)
        FieldRecord.objects.bulk_create(records, batch_size=2000)
        FieldCash.objects.bulk_create(cash, batch_size=2000)
    Duty.objects.filter(on=on).delete()
    Duty.objects.bulk_create([Duty(court=world.court, user=u, on=on, role="officer") for u in world.officers])


def timed(fn, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm
    with CaptureQueriesContext(connection) as q:
        fn()
    ms = []
    for _i in range(runs):
        t = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t) * 1000)
    return {"p50": round(pct(ms, 50), 1), "p99": round(pct(ms, 99), 1), "statements": len(q)}


def measure(world: World, runs: int, on: dt.date) -> dict:
    from zhixing.measures import queries, reports
    from zhixing.measures.models import CoerciveMeasure, Operation, Referral

    month = on.replace(day=1)
    op = Operation.objects.filter(status=Operation.UNDERWAY).order_by("id").first()
    out = {
        "measures": CoerciveMeasure.objects.count(),
        "referrals": Referral.objects.count(),
        "operations": Operation.objects.count(),
        "board": timed(lambda: queries.board(world.court, on), runs),
        "monthly": timed(lambda: queries.monthly_measures(world.court, month), runs),
        "monthly_xlsx": timed(lambda: reports.to_xlsx(queries.monthly_measures(world.court, month)), runs),
        "operation_report": timed(lambda: queries.operation_report(op), runs),
    }
    t = time.perf_counter()
    reports.to_pdf(queries.monthly_measures(world.court, month))
    out["monthly_pdf_ms"] = round((time.perf_counter() - t) * 1000, 1)
    for key in ("board", "monthly", "monthly_xlsx", "operation_report"):
        r = out[key]
        print(
            f"  {key:<17} p50 {r['p50']:>8.1f} ms  p99 {r['p99']:>8.1f} ms  {r['statements']} statements",
            flush=True,
        )
    print(f"  monthly_pdf       {out['monthly_pdf_ms']:.0f} ms (once)", flush=True)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cases", type=int, default=100)
    p.add_argument("--measures", type=int, default=20_000)
    p.add_argument("--referrals", type=int, default=2_000)
    p.add_argument(
        "--operations", type=int, default=60, help="operations a day, today and each of 30 days before"
    )
    p.add_argument("--runs", type=int, default=30)
    p.add_argument("--seed", type=int, default=13)
    args = p.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    os.environ["ZHIXING_DATA_DIR"] = tempfile.mkdtemp(prefix="zhixing-bench-measures-")
    if url:
        harness.pg_admin(url, DB, f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", f"CREATE DATABASE {DB}")
        os.environ["DATABASE_URL"] = harness.pg_url(url, DB)
    _django()
    from django.core.management import call_command
    from django.db import connection

    from zhixing.cases.actions.common import today

    t = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"{connection.vendor}: migrated in {time.perf_counter() - t:.0f} s", flush=True)
    world = World(args.cases)
    rng = random.Random(args.seed)
    on = today()
    fill(world, 0.1, args, rng, on)
    print("a tenth of the rows", flush=True)
    small = measure(world, args.runs, on)
    t = time.perf_counter()
    fill(world, 0.9, args, rng, on)
    print(f"all the rows (built in {time.perf_counter() - t:.0f} s)", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    full = measure(world, args.runs, on)
    print(harness.machine(url or None, DB))
    print(
        "RESULT "
        + json.dumps({"vendor": connection.vendor, "small": small, "full": full}, ensure_ascii=False)
    )


if __name__ == "__main__":
    main()
