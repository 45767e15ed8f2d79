"""Benchmark (issue 14): what campaigns, migrant-wage priority, settlement and judicial relief cost at scale.

    .venv/bin/python benchmarks/relief.py                                       # SQLite
    DATABASE_URL=postgres://zhixing:zhixing@127.0.0.1:5432/zhixing \\
        .venv/bin/python benchmarks/relief.py                                   # PostgreSQL
    options: --cases 20000 --receipts 10000 --settlements 2000 --relief 1000 --measures 5000
             --operations 40 --runs 20 --seed 14

PostgreSQL works in a database of its own, `zhixing_bench_relief`, dropped and made again on every run;
SQLite in a fresh temporary data folder.

The world: the Hebei courts of benchmarks/import_cases.py (冀, 冀96 and the 11 intermediate courts with
three basic courts each, Xiong'an's three: 40 courts), four officers each, a pooled account per court,
the 冀 2025 wage; `--cases` cases of the import generator (2019 to October 2026, every cause, closed and
pending) written through the cases import; a campaign of 冀 over every court, window 2026-09-01 to
2026-12-31, kinds livelihood, migrant wage, small amount, first enforcement. Then, by bulk_create, at a
tenth of the sizes and again at the rest: receipts (each with its ledger entry; wage cases' money
partly awaiting payout with a deadline around today), settlements with three instalments each and
receipts after the agreement (some paid up, some behind), relief applications at every status, coercive
measures carried out in the window, operations under the campaign's code with two witnesses each.

Timed, each with its SQL statement count:
(a) enrol_by_rules over the campaign (once per stage: the tenth, then the cases added since);
(b) relief.queries.campaigns.figures (board, report and API read it) — statements must not grow;
    reports.to_xlsx of it; reports.to_pdf once; the board page GET;
(c) the wage-case priority list: wage_cases page of 50 + count + totals; the page GET;
(d) the settlement daily scan scans.run(): the first pass (states change) and a second (nothing does);
    the settlement-rate query by court;
(e) the relief desk: actions.yearly_report, the desk's rows for a page of 50, the page GET.

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
DB = "zhixing_bench_relief"
START, END = dt.date(2026, 9, 1), dt.date(2026, 12, 31)
CODE = "BENCH-百日攻坚"


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def _django() -> None:
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhixing.settings")
    os.environ.setdefault("ZHIXING_DEBUG", "0")
    import django

    django.setup()


def cases_csv(folder: Path, n: int, seed: int) -> tuple[Path, Path]:
    """import_cases.py's generator, split in a first tenth and the rest (serials stay unique)."""
    import import_cases as ic

    whole = folder / "cases.csv"
    ic.generate(whole, n, seed, dt.date.today())
    lines = whole.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    head, body = lines[0], lines[1:]
    cut = max(1, len(body) // 10)
    a, b = folder / "cases-a.csv", folder / "cases-b.csv"
    a.write_text(head + "".join(body[:cut]), encoding="utf-8-sig")
    b.write_text(head + "".join(body[cut:]), encoding="utf-8-sig")
    return a, b


class World:
    def __init__(self) -> None:
        import import_cases as ic
        from django.conf import settings

        from zhixing.core.actors import CLI
        from zhixing.courts import actions as ca
        from zhixing.courts import rules as r
        from zhixing.funds.actions import open_pooled_account
        from zhixing.relief.actions import relief as relief_actions

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        made: dict[str, object] = {}
        self.officers = []
        self.pools = {}
        for code, name in ic.courts():
            parent = made.get(
                "冀96" if code.startswith("冀96") and code != "冀96" else code[:3] if len(code) == 5 else "冀"
            )
            made[code] = court = ca.create_court(
                code, name, parent=parent if code != "冀" else None, actor=CLI
            )
            for i, person in enumerate(ic.handlers(code)[:4]):
                self.officers.append(
                    ca.create_user(f"{code}-{i}", person, "x", court, [r.OFFICER], actor=CLI)
                )
            self.pools[court.pk] = open_pooled_account(court, actor=CLI)
        self.high = made["冀"]
        self.courts = list(made.values())
        # One person with every reading and desk role at the high court (sees the whole province).
        roles = [r.OFFICER, r.JUDGE, r.LEADER, r.COMMAND, r.FINANCE, r.CLERK]
        self.boss = ca.create_user("boss", "省院指挥", "x", self.high, roles, actor=CLI)
        relief_actions.set_wage("冀", 2025, Decimal("8650.00"), actor=CLI, source="illustrative")
        relief_actions.set_wage("冀", 2026, Decimal("8900.00"), actor=CLI, source="illustrative")
        self.campaign = None

    def import_cases(self, path: Path) -> float:
        from zhixing.cases.actions import import_cases
        from zhixing.cases.importing import read_table, validate
        from zhixing.courts.actors import IMPORT

        t = time.perf_counter()
        plan = validate(read_table(str(path)))
        assert not plan.errors, [str(e) for e in plan.errors[:5]]
        import_cases(
            plan.rows, source=path.name, new_courts=plan.new_courts, planner=plan.planner, actor=IMPORT
        )
        return time.perf_counter() - t

    def make_campaign(self):
        from zhixing.relief.actions.campaigns import create_campaign

        self.campaign = create_campaign(
            self.high, CODE, "全省涉民生案件百日攻坚专项行动", START, END, [c.pk for c in self.courts],
            ["livelihood", "migrant_wage", "small_amount", "first_enforcement"],
            target_closed=2000, target_amount=Decimal("50000000.00"), note="benchmark", actor=self.boss,
        )  # fmt: skip


def fill(world: World, scale: float, args, rng: random.Random, on: dt.date, since_id: int) -> None:
    """Rows over the cases with id > since_id (the cases imported for this stage)."""
    from django.utils import timezone

    from zhixing.cases.models import Case, Party
    from zhixing.funds.models import Entry, Receipt
    from zhixing.measures import rules as mrules
    from zhixing.measures.models import CoerciveMeasure, Operation, Witness
    from zhixing.relief import rules as rrules
    from zhixing.relief.models import Instalment, ReliefApplication, Settlement

    tz = timezone.get_current_timezone()
    now = timezone.now()
    cases = list(
        Case.objects.filter(pk__gt=since_id).values_list(
            "pk", "court_id", "status", "is_migrant_wage", "filed_on"
        )
    )
    pending = [c for c in cases if c[2] == Case.PENDING]
    wage = [c for c in pending if c[3]]
    first_party: dict[tuple[int, str], int] = {}
    for pid, cid, role in (
        Party.objects.filter(case_id__gt=since_id).order_by("-id").values_list("pk", "case_id", "role")
    ):
        first_party[(cid, role)] = pid

    # receipts: spread over every case, booked in the last 200 days; wage cases' money partly waiting
    receipts: list[tuple[int, int, dt.date, Decimal, Decimal, dt.date | None]] = []
    for _i in range(int(args.receipts * scale)):
        c = rng.choice(wage) if wage and rng.random() < 0.25 else rng.choice(cases)
        booked = on - dt.timedelta(days=rng.randrange(0, 200))
        amount = Decimal(rng.randrange(100, 50000))
        waiting = c[3] and c[2] == Case.PENDING and rng.random() < 0.6
        due = booked + dt.timedelta(days=rng.randrange(5, 40)) if waiting else None
        receipts.append((c[0], c[1], booked, amount, amount if waiting else Decimal(0), due))

    # settlements: on pending cases, agreed 30-150 days ago, three instalments a month apart
    chosen = rng.sample(pending, min(len(pending), int(args.settlements * scale)))
    settlements, schedules = [], []
    for c in chosen:
        agreed = max(c[4], on - dt.timedelta(days=rng.randrange(30, 150)))
        total = Decimal(rng.randrange(30, 300) * 100)
        part = (total / 3).quantize(Decimal("0.01"))
        plan = [(agreed + dt.timedelta(days=30 * k), part if k < 3 else total - 2 * part) for k in (1, 2, 3)]
        settlements.append(
            Settlement(
                case_id=c[0], agreed_on=agreed, outstanding=total, agreed_amount=total, mode=Settlement.NONE,
                last_day=plan[-1][0], recorded_by=world.officers[0],
            )
        )  # fmt: skip
        schedules.append(plan)
        paid_parts = rng.choice((0, 1, 2, 3, 3))
        for k in range(paid_parts):
            receipts.append((c[0], c[1], min(on, plan[k][0]), plan[k][1], Decimal(0), None))

    entries = Entry.objects.bulk_create(
        [Entry(kind=Entry.RECEIPT, at=now, booked_on=r[2], memo="bench") for r in receipts], batch_size=2000
    )
    base = Receipt.objects.count()
    Receipt.objects.bulk_create(
        [
            Receipt(
                pooled=world.pools[r[1]], transaction_id=f"B{base + i:09d}", channel=Receipt.TRANSFER,
                amount=r[3], booked_on=r[2], received_at=now, case_id=r[0], matched_by=Receipt.BY_SUB_ACCOUNT,
                entry=e, payable_on=r[2], payout_due_on=r[5], outstanding=r[4],
            )
            for i, (r, e) in enumerate(zip(receipts, entries, strict=True))
        ],
        batch_size=2000,
    )  # fmt: skip
    made = Settlement.objects.bulk_create(settlements, batch_size=2000)
    Instalment.objects.bulk_create(
        [
            Instalment(settlement=s, seq=k, due_on=due, amount=amount)
            for s, plan in zip(made, schedules, strict=True)
            for k, (due, amount) in enumerate(plan, start=1)
        ],
        batch_size=2000,
    )
    through = Settlement.parties.through
    through.objects.bulk_create(
        [
            through(settlement_id=s.pk, party_id=first_party[(s.case_id, role)])
            for s in made
            for role in (Party.APPLICANT, Party.DEBTOR)
            if (s.case_id, role) in first_party
        ],
        batch_size=2000,
    )

    # relief applications: on cases with an applicant, at every status, applied this year and last
    statuses = [s for s, _l in ReliefApplication.STATUSES]
    taken = set(ReliefApplication.objects.values_list("case_id", flat=True))
    apps = []
    serial = ReliefApplication.objects.count()
    pool = [c for c in cases if (c[0], Party.APPLICANT) in first_party and c[0] not in taken]
    for c in rng.sample(pool, min(len(pool), int(args.relief * scale))):
        serial += 1
        applied = on - dt.timedelta(days=rng.randrange(0, 500))
        status = rng.choice(statuses)
        requested = Decimal(rng.randrange(10, 100) * 1000)
        decided = status != ReliefApplication.APPLIED
        granted = status in ReliefApplication.GRANTED
        amount = min(requested, Decimal(200000)) if granted else None
        apps.append(
            ReliefApplication(
                case_number=f"（{applied.year}）冀司救执{serial}号", court_id=c[1], year=applied.year, serial=serial,
                case_id=c[0], applicant_id=first_party[(c[0], Party.APPLICANT)],
                grounds=rng.choice(list(rrules.GROUNDS)), hardship="生活困难", evidence=["低保证明"],
                requested=requested, applied_on=applied, status=status, registered_by=world.officers[0],
                decided_by=world.officers[1] if decided else None,
                decided_on=applied + dt.timedelta(days=10) if decided else None,
                unexecuted=requested if decided else None, wage_year=2025 if decided else None,
                monthly_wage=Decimal("8650.00") if decided else None,
                cap=Decimal("311400.00") if decided else None, amount=amount,
                paid_on=applied + dt.timedelta(days=20) if status == ReliefApplication.PAID else None,
                recovered=Decimal(rng.choice((0, 0, 0, 1000))) if status == ReliefApplication.PAID else Decimal(0),
            )
        )  # fmt: skip
    ReliefApplication.objects.bulk_create(apps, batch_size=2000)

    # coercive measures carried out in the window, and operations under the campaign's code
    kinds = [mrules.SUMMONS, mrules.DETENTION, mrules.FINE]
    debtors = {cid: pid for (cid, role), pid in first_party.items() if role == Party.DEBTOR}
    pick = [c for c in cases if c[0] in debtors]
    rows = []
    for _i in range(int(args.measures * scale)):
        c = rng.choice(pick)
        kind = rng.choice(kinds)
        day = START + dt.timedelta(days=rng.randrange(0, (on - START).days + 1))
        rows.append(
            CoerciveMeasure(
                case_id=c[0], kind=kind, party_id=debtors[c[0]], subject_name="赵某", subject_role=mrules.PERSON,
                reason="拒不履行", status=CoerciveMeasure.IN_FORCE, proposed_by=world.officers[0], proposed_on=day,
                decided_on=day, started_at=dt.datetime.combine(day, dt.time(9), tzinfo=tz),
                amount=Decimal(5000) if kind == mrules.FINE else None, paid_amount=Decimal(0),
                days=5 if kind == mrules.DETENTION else None,
            )
        )  # fmt: skip
    CoerciveMeasure.objects.bulk_create(rows, batch_size=2000)
    ops = []
    for i in range(int(args.operations * scale)):
        day = START + dt.timedelta(days=rng.randrange(0, (on - START).days + 1))
        start = dt.datetime.combine(day, dt.time(8), tzinfo=tz)
        court = rng.choice(world.courts)
        ops.append(
            Operation(
                court=court, name=f"集中执行{day}-{i}", kind="ordinary", starts_at=start,
                ends_at=start + dt.timedelta(hours=8), leader=world.officers[0], planned_by=world.boss,
                status=Operation.CLOSED, campaign=CODE,
            )
        )  # fmt: skip
    ops = Operation.objects.bulk_create(ops)
    Witness.objects.bulk_create(
        [
            Witness(
                operation=op,
                name=f"见证人{k}",
                kind=mrules.WITNESS_KINDS[k % len(mrules.WITNESS_KINDS)][0],
                attended=k == 0,
            )  # fmt: skip
            for op in ops
            for k in range(2)
        ]
    )


class Statements:
    """Counts the SQL statements run while it is installed (connection.execute_wrapper). The query
    log of CaptureQueriesContext is cleared by the test client's request_started signal."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def timed(fn, runs: int) -> dict:
    from django.db import connection

    fn()  # warm
    count = Statements()
    with connection.execute_wrapper(count):
        fn()
    ms = []
    for _i in range(runs):
        t = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t) * 1000)
    return {"p50": round(pct(ms, 50), 1), "p99": round(pct(ms, 99), 1), "statements": count.n}


def once(fn) -> tuple[dict, object]:
    from django.db import connection

    count = Statements()
    with connection.execute_wrapper(count):
        t = time.perf_counter()
        value = fn()
        ms = (time.perf_counter() - t) * 1000
    return {"ms": round(ms, 1), "statements": count.n}, value


def measure(world: World, runs: int, on: dt.date) -> dict:
    from django.test import Client

    from zhixing.cases.models import Case
    from zhixing.courts.models import Court
    from zhixing.relief import reports, scans
    from zhixing.relief.actions import relief as relief_actions
    from zhixing.relief.actions.campaigns import enrol_by_rules
    from zhixing.relief.models import CampaignCase, ReliefApplication, Settlement
    from zhixing.relief.queries import campaigns as cq
    from zhixing.relief.queries import settlements as sq
    from zhixing.relief.queries import wage as wq
    from zhixing.relief.views.relief import _rows

    campaign = world.campaign
    out: dict = {}
    out["enrol"], added = once(lambda: enrol_by_rules(campaign, actor=world.boss))
    out["enrol"]["added"] = added
    out["rows"] = {
        "cases": Case.objects.count(),
        "in_campaign": CampaignCase.objects.filter(campaign=campaign).count(),
        "open_settlements": Settlement.objects.filter(status__in=Settlement.OPEN).count(),
        "relief": ReliefApplication.objects.count(),
        "wage_pending": Case.objects.filter(is_migrant_wage=True, status=Case.PENDING).count(),
    }
    out["scan_first"], counts = once(scans.run)
    out["scan_first"]["counts"] = counts
    out["scan_again"], counts = once(scans.run)
    out["scan_again"]["counts"] = counts
    out["figures"] = timed(lambda: cq.figures(campaign), runs)
    out["figures_xlsx"] = timed(lambda: reports.to_xlsx(cq.figures(campaign)), max(3, runs // 4))
    out["figures_pdf"], pdf = once(lambda: reports.to_pdf(cq.figures(campaign)))
    out["figures_pdf"]["bytes"] = len(pdf)
    courts = Court.objects.order_by("path")

    def wage_page():
        qs = wq.wage_cases(courts, on)
        return list(qs[:50]), qs.count(), wq.totals(courts, on)

    out["wage_list"] = timed(wage_page, runs)
    out["settlement_rates"] = timed(lambda: sq.by_court(courts, START, END), runs)
    out["yearly_report"] = timed(lambda: relief_actions.yearly_report(courts, on.year), runs)

    def desk_rows():
        page = list(relief_actions.visible_applications(courts).order_by("-applied_on", "-id")[:50])
        return _rows(world.boss, page)

    out["desk_rows"] = timed(desk_rows, runs)
    client = Client()
    client.force_login(world.boss)
    for key, url in (
        ("page_board", f"/relief/campaigns/{campaign.code}/"),
        ("page_wage", "/relief/wage-cases/"),
        ("page_desk", "/relief/desk/"),
    ):

        def get(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        try:
            out[key] = timed(get, max(5, runs // 2))
        except AssertionError as exc:  # a page not there yet: say so, keep measuring
            out[key] = {"error": str(exc)}
    for key, r in out.items():
        if key == "rows":
            print(f"  rows: {r}", flush=True)
        elif "p50" in r:
            print(f"  {key:<17} p50 {r['p50']:>8.1f} ms  p99 {r['p99']:>8.1f} ms  {r['statements']} statements",
                  flush=True)  # fmt: skip
        else:
            print(f"  {key:<17} {json.dumps(r, ensure_ascii=False)}", flush=True)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cases", type=int, default=20_000)
    p.add_argument("--receipts", type=int, default=10_000)
    p.add_argument("--settlements", type=int, default=2_000)
    p.add_argument("--relief", type=int, default=1_000)
    p.add_argument("--measures", type=int, default=5_000)
    p.add_argument("--operations", type=int, default=40)
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--seed", type=int, default=14)
    args = p.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    folder = Path(tempfile.mkdtemp(prefix="zhixing-bench-relief-"))
    os.environ["ZHIXING_DATA_DIR"] = str(folder)
    if url:
        harness.pg_admin(url, DB, f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", f"CREATE DATABASE {DB}")
        os.environ["DATABASE_URL"] = harness.pg_url(url, DB)
    _django()
    from django.core.management import call_command
    from django.db import connection

    from zhixing.cases.actions.common import today
    from zhixing.cases.models import Case

    started = time.perf_counter()
    t = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"{connection.vendor}: migrated in {time.perf_counter() - t:.0f} s", flush=True)
    first, rest = cases_csv(folder, args.cases, args.seed)
    world = World()
    rng = random.Random(args.seed)
    on = today()
    s = world.import_cases(first)
    world.make_campaign()
    fill(world, 0.1, args, rng, on, 0)
    print(f"a tenth of the rows (cases imported in {s:.0f} s)", flush=True)
    small = measure(world, args.runs, on)
    last = Case.objects.order_by("-pk").values_list("pk", flat=True).first()
    t = time.perf_counter()
    s = world.import_cases(rest)
    fill(world, 0.9, args, rng, on, last)
    print(f"all the rows (built in {time.perf_counter() - t:.0f} s, cases imported in {s:.0f} s)", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    full = measure(world, args.runs, on)
    print("full / tenth: p50 ratio, statements tenth -> full")
    for key, r in full.items():
        if isinstance(r, dict) and "p50" in r and "p50" in small.get(key, {}):
            ratio = r["p50"] / small[key]["p50"] if small[key]["p50"] else float("nan")
            print(f"  {key:<17} {ratio:5.2f}x  {small[key]['statements']} -> {r['statements']}")
    print(f"total {time.perf_counter() - started:.0f} s")
    print(harness.machine(url or None, DB))
    print(
        "RESULT "
        + json.dumps(
            {"vendor": connection.vendor, "small": small, "full": full}, ensure_ascii=False, default=str
        )
    )


if __name__ == "__main__":
    main()
