"""Benchmark: the overdue scan over 1,000,000 open nodes on PostgreSQL (target ≤ 30 s).

    DATABASE_URL=postgres://zhixing:zhixing@127.0.0.1:5432/zhixing \\
        .venv/bin/python benchmarks/scan_overdue.py [--scale 1.0] [--runs 3] [--rebuild]

Works in its own database `zhixing_bench` on that server (created and migrated here). Builds pending
cases with set-based SQL, each with the six deadline nodes of the catalogue (rules §3.2) still open and
due dates spread over the last year and the coming weeks, so most of them are overdue; then times
`zhixing.cases.actions.scan_overdue()` — the conditional UPDATE that marks each overdue node once
and writes its `node_overdue` case event — as the median of `--runs` runs, resetting
`overdue_since` and deleting the events between runs. Data already built at the same scale is reused
unless --rebuild is given.
"""

from __future__ import annotations

import argparse
import math
import time

import _pg


def build(nodes: int, marker: str) -> None:
    from zhixing.cases.models import Case, Node

    _pg.wipe_cases()
    courts, officers = _pg.courts_and_officers(officers_per_court=40)
    kinds = _pg.deadline_kinds()
    n_cases = math.ceil(nodes / len(kinds))
    _pg.insert_cases(n_cases, courts, officers, marker)
    with _pg.Clock(f"insert {nodes:,} open nodes"), _pg.bulk_load(Node._meta.db_table):
        _pg.insert_select(
            Node,
            {
                "case_id": "c.id",
                "kind_id": "k.kid",
                "sequence": "0",
                # Deadlines 3–62 days after filing: with filings over the last year, about nine in ten
                # are already past, the rest due in the coming weeks.
                "due_on": "c.filed_on + 3 + mod(c.id * 31 + k.kid * 17, 60)::int",
            },
            f"{Case._meta.db_table} c CROSS JOIN unnest(%s::bigint[]) AS k(kid) ORDER BY c.id, k.kid LIMIT %s",
            [[k.pk for k in kinds], nodes],
        )
    with _pg.Clock("vacuum analyze"):
        _pg.vacuum(Case._meta.db_table, Node._meta.db_table)


def reset() -> None:
    from zhixing.cases.models import CaseEvent, Node

    _pg.execute(f"UPDATE {Node._meta.db_table} SET overdue_since = NULL WHERE overdue_since IS NOT NULL")
    _pg.execute(f"DELETE FROM {CaseEvent._meta.db_table} WHERE kind = 'node_overdue'")
    _pg.vacuum(Node._meta.db_table, CaseEvent._meta.db_table)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 1,000,000 open nodes")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the data even if present")
    args = parser.parse_args()
    _pg.setup()
    from zhixing.cases.actions import scan_overdue
    from zhixing.cases.actions.common import today
    from zhixing.cases.models import Node

    nodes = max(1, int(1_000_000 * args.scale))
    marker = f"bench:scan_overdue:v1:{nodes}"  # bump when the generated data changes
    print(_pg.machine())
    open_now = _pg.scalar(f"SELECT count(*) FROM {Node._meta.db_table} WHERE done_on IS NULL")
    if args.rebuild or _pg.bench_marker() != marker or open_now != nodes:
        with _pg.Clock("build"):
            build(nodes, marker)
    else:
        print(f"reusing {nodes:,} open nodes already built ({marker})")
    overdue = Node.objects.filter(done_on__isnull=True, due_on__lt=today()).count()
    print(f"open nodes: {nodes:,}, of which overdue today: {overdue:,} ({overdue / nodes:.0%})")
    times = []
    for run in range(1, args.runs + 1):
        reset()
        started = time.perf_counter()
        marked = scan_overdue()
        seconds = time.perf_counter() - started
        times.append(seconds)
        again = scan_overdue()
        print(
            f"run {run}: {seconds:.2f} s, marked {marked:,} ({marked / seconds:,.0f} nodes/s); "
            f"second scan marked {again}"
        )
        assert marked == overdue and again == 0, "each overdue node must be marked once and only once"
    best = _pg.median(times)
    print(
        f"RESULT scan_overdue: {nodes:,} open nodes, {overdue:,} overdue: median {best:.2f} s "
        f"({nodes / best:,.0f} open nodes/s, {overdue / best:,.0f} marked/s); target ≤ 30 s: "
        f"{'met' if best <= 30 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
