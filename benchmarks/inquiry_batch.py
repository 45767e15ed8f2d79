"""Benchmark (issue 10): `zhixing inquiry batch --court 冀9601 --scope open --wait` for 100,000 debtors
against the reference institutions on loopback, target ≥ 2,000 debtor-institution queries per second,
and every debtor's asset register checked against what the institutions hold.

    .venv/bin/python benchmarks/inquiry_batch.py [--debtors 100000] [--runs 1] [--delay-ms 0]
    .venv/bin/python benchmarks/inquiry_batch.py --debtors 5000 --runs 3       # a quick try
    DATABASE_URL=postgres://zhixing:zhixing@127.0.0.1:5432/zhixing .venv/bin/python benchmarks/inquiry_batch.py
    .venv/bin/python benchmarks/inquiry_batch.py --debtors 5000 --profile      # cProfile of the command

Set-up, once per database kind: a fresh temporary ZHIXING_DATA_DIR (and, on PostgreSQL, a database of
its own, `zhixing_bench_inquiry_tpl`, on the server DATABASE_URL names), migrations, the court 冀9601
and its officers through the actions, and N open cases of that court through the cases import
(`import_cases`), each with one debtor with a valid identity code (benchmarks/import_cases.py's
generator, every case made pending and given its first debtor only, one with an identity code).

Each run starts from a copy of the set-up state (the data folder copied; on PostgreSQL
`CREATE DATABASE zhixing_bench_inquiry TEMPLATE zhixing_bench_inquiry_tpl`), starts the reference
institutions with the operator's command `zhixing simulators --delay-ms D` as a child process (the
seven of zhixing/inquiry/reference.py: three banks, the registry, the provident fund centre, vehicle
management, the securities depository, each its own process; they write the trust file with the
court's key and are registered with their addresses and keys), and times, as wall clock, the
operator's command `zhixing inquiry batch --court 冀9601 --scope open --wait` in a child process
(Django's start-up included). Then it reports the batch (debtors, institutions, debtor-institution
queries, queries/s, requests received by the institutions and retries, assets stored, summary and
request rows, rows added per table, counted before and after) and compares every debtor's asset
register (or a sample, --check N) with the institutions' `POST /v1/holdings`: a mismatch is printed
and the script exits non-zero. The benchmark never touches the `zhixing`, `zhixing_bench*` (others')
or `test_*` databases.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import harness
from harness import pg_url as _url
from harness import timed_cli as _timed_cli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CLI = str(ROOT / ".venv" / "bin" / "zhixing")
RUN_DB = "zhixing_bench_inquiry"
TEMPLATE_DB = "zhixing_bench_inquiry_tpl"
DROP_RUN = f"DROP DATABASE IF EXISTS {RUN_DB} WITH (FORCE)"
DROP_TEMPLATE = f"DROP DATABASE IF EXISTS {TEMPLATE_DB} WITH (FORCE)"
COURT = ("冀9601", "雄县人民法院")
HIGH = ("冀", "河北省高级人民法院")


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhixing.settings")
    os.environ.setdefault("ZHIXING_DEBUG", "0")
    import django

    django.setup()


# --- children --------------------------------------------------------------------------------------


def child_setup(cases_csv: str, out: str) -> None:
    """Migrate, make the court and its officers, import the cases; write the counts to `out`."""
    _django()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0, interactive=False)
    import import_cases as ic  # benchmarks/import_cases.py

    from zhixing.cases.actions import import_cases
    from zhixing.cases.importing import read_table, validate
    from zhixing.cases.models import Case, Party
    from zhixing.core.actors import CLI as CLI_ACTOR
    from zhixing.courts import actions as court_actions
    from zhixing.courts import rules as r
    from zhixing.courts.actors import IMPORT

    high = court_actions.create_court(*HIGH, parent=None, actor=CLI_ACTOR)
    court = court_actions.create_court(*COURT, parent=high, actor=CLI_ACTOR)
    for i, person in enumerate(ic.handlers(COURT[0])[:4]):
        court_actions.create_user(f"{COURT[0]}-{i}", person, "x", court, [r.OFFICER], actor=CLI_ACTOR)
    plan = validate(read_table(cases_csv))
    assert not plan.errors, [str(e) for e in plan.errors[:5]]
    import_cases(plan.rows, source="bench", new_courts=plan.new_courts, planner=plan.planner, actor=IMPORT)
    open_ = Case.objects.filter(court=court, status=Case.PENDING)
    debtors = Party.objects.filter(case__in=open_, role=Party.DEBTOR).exclude(id_number="")
    Path(out).write_text(json.dumps({"cases": open_.count(), "debtors": debtors.count()}))


def child_counts() -> None:
    """Rows in every table."""
    _django()
    from django.db import connection

    with connection.cursor() as cur:
        tables = sorted(connection.introspection.table_names(cur))
        counts = {}
        for t in tables:
            cur.execute(f'SELECT COUNT(*) FROM "{t}"')
            counts[t] = cur.fetchone()[0]
    print(json.dumps(counts))


def _post(url: str, payload: dict) -> dict:
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    data = json.dumps(payload).encode()
    req = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
    with opener.open(req, timeout=300) as resp:
        return json.loads(resp.read())


def _get(url: str) -> dict:
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=300) as resp:
        return json.loads(resp.read())


def _norm_asset(a: dict) -> dict:
    from decimal import Decimal

    value = a.get("value")
    return {
        "type": a.get("type", ""),
        "description": str(a.get("description", ""))[:200],
        "account": str(a.get("account", ""))[:64],
        "value": None if value in (None, "") else str(Decimal(str(value)).quantize(Decimal("0.01"))),
        "currency": a.get("currency") or "CNY",
        "encumbrances": list(a.get("encumbrances") or []),
        "measures": list(a.get("measures") or []),
    }


def child_report(check: int, seed: int) -> None:
    """The last batch: its figures, the institutions' request counts, and the register checked against
    the holdings of `check` debtors (0: all)."""
    _django()
    from django.db.models import Count, Max, Min, Sum

    from zhixing.cases.models import Node, Party
    from zhixing.inquiry.models import (
        Asset,
        BatchInstitutionSummary,
        InquiryBatch,
        InquiryRequest,
        Institution,
    )

    batch = InquiryBatch.objects.order_by("-id").first()
    assert batch is not None
    requests = InquiryRequest.objects.filter(batch=batch)
    summaries = BatchInstitutionSummary.objects.filter(batch=batch)
    institutions = list(Institution.objects.filter(active=True, supports_query=True).order_by("code"))
    span = requests.aggregate(
        first_sent=Min("sent_at"), last_sent=Max("sent_at"), last_answered=Max("answered_at")
    )
    received = retries = 0
    for inst in institutions:
        state = _get(f"{inst.url.rstrip('/')}/state")
        mine = list(state["received"].values())
        received += sum(mine)
        retries += sum(n - 1 for n in mine)
    sums = summaries.aggregate(q=Sum("queried"), h=Sum("hits"), a=Sum("assets"), f=Sum("failures"))
    out = {
        "batch": batch.pk,
        "status": batch.status,
        "cases": batch.cases,
        "debtors": batch.debtors,
        "institutions": len(institutions),
        "queries": sums["q"] or 0,
        "hits": sums["h"] or 0,
        "failures": sums["f"] or 0,
        "request_rows": requests.count(),
        "by_status": dict(requests.values_list("status").annotate(n=Count("id")).order_by()),
        "requests_received": received,
        "retries": retries,
        "rows_with_error": requests.exclude(last_error="").count(),
        "summary_rows": summaries.count(),
        "summary_assets": sums["a"] or 0,
        "assets_stored": Asset.objects.filter(found_by=batch).count(),
        "first_inquiry_nodes_done": Node.objects.filter(
            case__court=batch.court, kind__code="first_network_inquiry", done_on__isnull=False
        ).count(),
        "first_inquiry_nodes_open": Node.objects.filter(
            case__court=batch.court, case__status="pending", kind__code="first_network_inquiry",
            done_on__isnull=True, cancelled_on__isnull=True,
        ).count(),
        "batch_seconds": (batch.finished_at - batch.created_at).total_seconds() if batch.finished_at else None,
        "send_seconds": (span["last_sent"] - span["first_sent"]).total_seconds() if span["first_sent"] else None,
        "start_to_first_send": (span["first_sent"] - batch.created_at).total_seconds() if span["first_sent"] else None,
    }  # fmt: skip

    # The register against the holdings.
    debtors = list(
        Party.objects.filter(case__court=batch.court, case__status="pending", role=Party.DEBTOR)
        .exclude(id_number="")
        .values_list("pk", "case_id", "id_number", "name")
    )
    if check and check < len(debtors):
        debtors = random.Random(seed).sample(debtors, check)
    party_ids = {d[0] for d in debtors}
    register: dict[tuple[int, int], dict[str, dict]] = {}
    for row in Asset.objects.filter(party_id__in=party_ids).values(
        "party_id", "case_id", "institution_id", "asset_id", "type", "description", "account", "value",
        "currency", "encumbrances", "other_measures",
    ):  # fmt: skip
        a = dict(
            row, measures=row["other_measures"], value=None if row["value"] is None else str(row["value"])
        )
        register.setdefault((row["party_id"], row["institution_id"]), {})[row["asset_id"]] = a
    mismatches: list[str] = []
    held_total = compared = 0
    for inst in institutions:
        base = inst.url.rstrip("/")
        codes = sorted({d[2] for d in debtors})
        holdings: dict[str, list] = {}
        for i in range(0, len(codes), 5000):
            holdings.update(_post(f"{base}/v1/holdings", {"id_codes": codes[i : i + 5000]})["holdings"])
        for pid, case_id, code, _name in debtors:
            held = {a["asset_id"]: _norm_asset(a) for a in holdings.get(code, [])}
            mine = register.get((pid, inst.pk), {})
            held_total += len(held)
            compared += 1
            if set(held) != set(mine):
                mismatches.append(f"{inst.code} P{pid} {code}: held {sorted(held)} register {sorted(mine)}")
                continue
            for aid, h in held.items():
                m = mine[aid]
                if m["case_id"] != case_id:
                    mismatches.append(f"{inst.code} {aid}: case {m['case_id']} != {case_id}")
                diff = [k for k in h if h[k] != _norm_asset(m)[k]]
                if diff:
                    mismatches.append(f"{inst.code} {aid}: {', '.join(diff)} differ: held {h} register {m}")
    out.update(
        checked_debtors=len(debtors),
        checked_pairs=compared,
        held_assets=held_total,
        register_assets=sum(len(v) for v in register.values()),
        mismatches=len(mismatches),
        mismatch_examples=mismatches[:20],
    )
    print(json.dumps(out, default=str))


# --- generation ------------------------------------------------------------------------------------


def cases_csv(path: Path, n: int, seed: int) -> None:
    """import_cases.py's generator, every case in the one court, made pending (no closing date or
    method), with one debtor: the first of the row's that has an identity code, or the first with a
    generated one."""
    import import_cases as ic

    ic.courts = lambda: [HIGH, COURT]
    raw = path.with_suffix(".raw.csv")
    ic.generate(raw, n, seed, dt.date.today())
    rng = random.Random(seed + 1)
    h = {name: i for i, name in enumerate(ic.HEADER)}
    with (
        raw.open(encoding="utf-8-sig", newline="") as f,
        path.open("w", encoding="utf-8-sig", newline="") as g,
    ):
        reader, writer = csv.reader(f), csv.writer(g)
        writer.writerow(next(reader))
        for row in reader:
            names, ids = row[h["被执行人"]].split("；"), row[h["被执行人证件号码"]].split("；")
            ids += [""] * (len(names) - len(ids))
            k = next((i for i, code in enumerate(ids) if code), 0)
            name, code = names[k], ids[k]
            if not code:
                code = ic._uscc(rng) if name.endswith("公司") else ic._ric(rng)
            row[h["被执行人"]], row[h["被执行人证件号码"]] = name, code
            row[h["结案日期"]] = row[h["结案方式"]] = ""
            writer.writerow(row)
    raw.unlink()


# --- parent ----------------------------------------------------------------------------------------


def _pg_admin(url: str, *statements: str) -> None:
    harness.pg_admin(url, "zhixing_bench_inquiry", *statements)


def _child(args: list[str], env: dict) -> dict:
    return harness.run_child(__file__, args, env)


class Simulators:
    """`zhixing simulators` as a child in a session of its own (so that its institution processes are
    stopped with it, whatever happens)."""

    def __init__(self, env: dict, delay_ms: int, log: Path) -> None:
        self.log = log.open("w")  # the institutions' request log
        self.proc = subprocess.Popen(
            [CLI, "simulators", "--delay-ms", str(delay_ms)],
            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=self.log, text=True, start_new_session=True,
        )  # fmt: skip
        self.lines = []
        assert self.proc.stdout is not None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                self.stop()
                sys.exit("zhixing simulators exited before it was ready:\n" + "".join(self.lines))
            self.lines.append(line)
            if "Ctrl-C" in line:
                break
        else:
            self.stop()
            sys.exit("zhixing simulators did not get ready in 120 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # any institution left behind (same session)
        except ProcessLookupError:
            pass
        self.log.close()


def machine(pg_url: str | None) -> str:
    return harness.machine(pg_url, TEMPLATE_DB)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--debtors", type=int, default=100_000, help="open cases, one debtor each")
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--seed", type=int, default=10)
    p.add_argument("--delay-ms", type=int, default=0, help="the institutions' answer delay")
    p.add_argument("--check", type=int, default=0, help="debtors whose register is checked (0: all)")
    p.add_argument("--profile", action="store_true", help="cProfile one run of the command, top 30")
    p.add_argument("--keep", metavar="DIR", help="copy the set-up data folder to DIR")
    p.add_argument("--child-setup", nargs=2, help=argparse.SUPPRESS)
    p.add_argument("--child-counts", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--child-report", nargs=2, type=int, help=argparse.SUPPRESS)
    args = p.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    if args.child_setup:
        return child_setup(*args.child_setup)
    if args.child_counts:
        return child_counts()
    if args.child_report:
        return child_report(*args.child_report)

    url = os.environ.get("DATABASE_URL", "")
    pg = url if url.startswith(("postgres://", "postgresql://")) else None
    kind = "PostgreSQL" if pg else "SQLite"
    failed = False
    with tempfile.TemporaryDirectory(prefix="zhixing-inquiry-bench-") as tmp:
        tmp = Path(tmp)
        base_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        base_env["ZHIXING_DEBUG"] = "0"
        tpl_dir = tmp / "data-template"
        env = dict(base_env, ZHIXING_DATA_DIR=str(tpl_dir))
        if pg:
            _pg_admin(pg, DROP_RUN, DROP_TEMPLATE, f"CREATE DATABASE {TEMPLATE_DB}")
            env["DATABASE_URL"] = _url(pg, TEMPLATE_DB)
        t = time.perf_counter()
        path = tmp / "cases.csv"
        cases_csv(path, args.debtors, args.seed)
        _child(["--child-setup", str(path), str(tmp / "setup.json")], env)
        setup = json.loads((tmp / "setup.json").read_text())
        print(f"set-up ({kind}): {setup['cases']} open cases of {COURT[0]}, {setup['debtors']} debtors "
              f"with an identity code, {time.perf_counter() - t:.1f}s", flush=True)  # fmt: skip
        print(machine(pg), flush=True)
        if args.keep:
            shutil.copytree(tpl_dir, args.keep, dirs_exist_ok=True)
            print(f"kept in {args.keep}", flush=True)

        def fresh(run: str) -> dict:
            d = tmp / f"data-{run}"
            shutil.rmtree(d, ignore_errors=True)
            shutil.copytree(tpl_dir, d)
            e = dict(base_env, ZHIXING_DATA_DIR=str(d))
            if pg:
                _pg_admin(pg, DROP_RUN, f"CREATE DATABASE {RUN_DB} TEMPLATE {TEMPLATE_DB}")
                e["DATABASE_URL"] = _url(pg, RUN_DB)
            return e

        command = [CLI, "inquiry", "batch", "--court", COURT[0], "--scope", "open", "--wait"]
        results = []
        for run in range(1, args.runs + 1):
            e = fresh(str(run))
            sims = Simulators(e, args.delay_ms, tmp / f"institutions-{run}.log")
            try:
                before = _child(["--child-counts"], e)
                print(f"run {run}: {len(sims.lines) - 2} institutions up (delay {args.delay_ms} ms); "
                      f"load average {load()}", flush=True)  # fmt: skip
                if args.profile:
                    prof = tmp / "batch.prof"
                    seconds, out = _timed_cli(
                        [sys.executable, "-m", "cProfile", "-o", str(prof), *command], e
                    )
                else:
                    seconds, out = _timed_cli(command, e)
                print(f"run {run}: command {seconds:.1f}s; load average {load()}", flush=True)
                print("  " + out.replace("\n", "\n  "), flush=True)
                after = _child(["--child-counts"], e)
                rep = _child(["--child-report", str(args.check), str(args.seed)], e)
            finally:
                sims.stop()
            added = {t: after[t] - before.get(t, 0) for t in after if after[t] != before.get(t, 0)}
            rep["seconds"] = seconds
            rep["rate"] = rep["queries"] / seconds
            rep["added"] = added
            results.append(rep)
            print(f"run {run}: {rep['debtors']} debtors × {rep['institutions']} institutions = "
                  f"{rep['queries']} queries in {seconds:.1f}s: {rep['rate']:,.0f} queries/s "
                  f"(batch created → finished {rep['batch_seconds']:.1f}s, created → first send "
                  f"{rep['start_to_first_send']:.1f}s)", flush=True)  # fmt: skip
            print(f"  requests: {rep['request_rows']} rows {rep['by_status']}, received by the institutions "
                  f"{rep['requests_received']}, retries {rep['retries']}, rows with an error "
                  f"{rep['rows_with_error']}; hits {rep['hits']}; assets stored {rep['assets_stored']} "
                  f"(summaries say {rep['summary_assets']}); summary rows {rep['summary_rows']}; first-inquiry nodes "
                  f"done {rep['first_inquiry_nodes_done']}, still open {rep['first_inquiry_nodes_open']}", flush=True)  # fmt: skip
            print(f"  rows added: {sum(added.values())} in all: "
                  + ", ".join(f"{t} {n:+d}" for t, n in sorted(added.items(), key=lambda kv: -kv[1])), flush=True)  # fmt: skip
            print(f"  register check: {rep['checked_debtors']} debtors × {rep['institutions']} institutions, "
                  f"{rep['held_assets']} assets held, {rep['register_assets']} in the register, "
                  f"{rep['mismatches']} mismatches", flush=True)  # fmt: skip
            for m in rep["mismatch_examples"]:
                print("    " + m, flush=True)
            if rep["mismatches"] or rep["status"] != "done" or rep["first_inquiry_nodes_open"]:
                failed = True
            if args.profile:
                import pstats

                stats = pstats.Stats(str(prof)).sort_stats(os.environ.get("PROFILE_SORT", "cumulative"))
                stats.print_stats(30)
                stats.sort_stats("tottime").print_stats(20)
                stats.sort_stats("cumulative").print_callees(
                    "record_inquiry_nodes|_record_nodes|apply_query|_announce_found|store_answer|start_batch|"
                    r"delivery.py:\d+\(_send\)|delivery.py:\d+\(_poll\)|finish_batch"
                )

        if len(results) > 1:
            secs = [r["seconds"] for r in results]
            rates = [r["rate"] for r in results]
            print(f"median of {len(results)}: {statistics.median(secs):.1f}s "
                  f"({' / '.join(f'{s:.1f}' for s in secs)}), {statistics.median(rates):,.0f} queries/s "
                  f"({' / '.join(f'{r:,.0f}' for r in rates)})", flush=True)  # fmt: skip
        rate = statistics.median(r["rate"] for r in results)
        print(f"{kind}: {rate:,.0f} debtor-institution queries/s, target ≥ 2,000: "
              f"{'met' if rate >= 2000 else 'NOT met'}; load average {load()}", flush=True)  # fmt: skip
        if pg:
            _pg_admin(pg, DROP_RUN, DROP_TEMPLATE)
    if failed:
        sys.exit("the register does not match the institutions' holdings (or the batch is not done)")


if __name__ == "__main__":
    main()
