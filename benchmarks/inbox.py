"""Benchmark: the officer's inbox at 1,000,000 cases on PostgreSQL (target p95 ≤ 150 ms).

    DATABASE_URL=postgres://zhixing:zhixing@127.0.0.1:5432/zhixing \\
        .venv/bin/python benchmarks/inbox.py [--scale 1.0] [--requests 200] [--rebuild]

Works in its own database `zhixing_bench` on that server (created and migrated here). Builds cases
with set-based SQL over five courts and 200 officers (40 a court): filed over two years, about one in
five still pending; each case has 3–6 of the catalogue's deadline nodes (rules §3.2), all done on a
closed case and partly done on a pending one. Then measures, for `--requests` requests spread over the
officers (after a short warm-up):

- the query behind the inbox, `zhixing.cases.queries.inbox_nodes(officer)`: its first page of 50
  plus the total count (`共 N 条`);
- the inbox page itself over HTTP through Django's test client, when the URL `cases:inbox` exists.

Prints p50/p95/p99 in milliseconds. Data already built at the same scale is reused unless --rebuild.
"""

from __future__ import annotations

import argparse
import random
import time
import warnings

import _pg

OFFICERS_PER_COURT = 40  # five case courts: 200 officers


def build(n_cases: int, marker: str) -> None:
    from zhixing.cases.actions.common import today
    from zhixing.cases.models import Case, Node

    _pg.wipe_cases()
    courts, officers = _pg.courts_and_officers(OFFICERS_PER_COURT)
    kinds = _pg.deadline_kinds()
    codes = list(_pg.CASE_COURTS)
    on = today()
    n = len(codes)
    # One case in five is pending (filed within the last 120 days); the rest were filed over two years
    # and are closed. Case g goes to court g mod 5 and to officer (g / 5) mod 40 there; pending is
    # decided on blocks of 200 consecutive cases, so that every officer gets the same share of it.
    pending = "mod(g / 200, 5) = 0"
    filed = (
        f"(%s::date - (CASE WHEN {pending} THEN mod(g * 7919, 120) ELSE 30 + mod(g * 7919, 700) END)::int)"
    )
    per_court = OFFICERS_PER_COURT
    handler = f"(%s::bigint[])[1 + mod(g, {n}) * {per_court} + mod(g / {n}, {per_court})]"
    with _pg.Clock(f"insert {n_cases:,} cases"), _pg.bulk_load(Case._meta.db_table):
        _pg.insert_select(
            Case,
            {
                "case_number": (
                    f"'（' || extract(year FROM {filed})::int || '）' || (%s::text[])[1 + mod(g, {n})] "
                    "|| '执' || g || '号'",
                    [on, codes],
                ),
                "year": (f"extract(year FROM {filed})::int", [on]),
                "court_id": (f"(%s::bigint[])[1 + mod(g, {n})]", [[courts[c].pk for c in codes]]),
                "type_code": "'执'",
                "serial": "g",
                "filed_on": (filed, [on]),
                "cause": "'民间借贷纠纷'",
                "applied_amount": "round((2000 + mod(g * 104729, 3000000))::numeric, 2)",
                "handler_id": (handler, [[o.pk for o in officers]]),
                "handler_name": "'执行员'",
                "handler_assigned_on": (f"{filed} + 2", [on]),
                "status": f"CASE WHEN {pending} THEN 'pending' ELSE 'closed' END",
                "closed_on": (
                    f"CASE WHEN {pending} THEN NULL ELSE {filed} + (25 + mod(g, 60))::int END",
                    [on],
                ),
                "closure_method": f"CASE WHEN {pending} THEN '' ELSE 'completed' END",
                "statutory_due_on": (f"{filed} + 183", [on]),
                "imported_from": ("%s", [marker]),
                "created_at": "now()",
            },
            "generate_series(1::bigint, %s::bigint) AS g",
            [n_cases],
        )
    with _pg.Clock("insert nodes (3–6 a case)"), _pg.bulk_load(Node._meta.db_table):
        rows = _pg.insert_select(
            Node,
            {
                "case_id": "c.id",
                "kind_id": "k.kid",
                "sequence": "0",
                "due_on": "c.filed_on + 3 + mod(c.id * 31 + k.ord * 17, 45)::int",
                # Closed cases have every node done; a pending case has done its first 0–2 nodes.
                "done_on": (
                    "CASE WHEN c.status = 'closed' OR k.ord <= mod(c.id / 5, 3) "
                    "THEN LEAST(c.filed_on + k.ord::int * 2, %s::date) END",
                    [on],
                ),
                "done_by_id": "CASE WHEN c.status = 'closed' OR k.ord <= mod(c.id / 5, 3) THEN c.handler_id END",
            },
            f"{Case._meta.db_table} c JOIN LATERAL (SELECT kid, ord FROM unnest(%s::bigint[]) "
            "WITH ORDINALITY AS u(kid, ord) WHERE ord <= 3 + mod(c.id, 4)) k ON true",
            [[k.pk for k in kinds]],
        )
        print(f"  {rows:,} nodes")
    with _pg.Clock("vacuum analyze"):
        _pg.vacuum(Case._meta.db_table, Node._meta.db_table)


def measure(label: str, officers: list, requests: int, one) -> list[float]:
    rng = random.Random(7)
    for officer in rng.sample(officers, min(10, len(officers))):
        one(officer)  # warm-up: caches, connection, template loading
    times = []
    for _ in range(requests):
        officer = rng.choice(officers)
        started = time.perf_counter()
        one(officer)
        times.append((time.perf_counter() - started) * 1000)
    p50, p95, p99 = (_pg.percentile(times, p) for p in (50, 95, 99))
    print(
        f"RESULT {label}: {requests} requests over {len(officers)} officers: p50 {p50:.1f} ms, "
        f"p95 {p95:.1f} ms, p99 {p99:.1f} ms; target p95 ≤ 150 ms: {'met' if p95 <= 150 else 'NOT met'}"
    )
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 1,000,000 cases")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the data even if present")
    args = parser.parse_args()
    _pg.setup()
    # WhiteNoise warns once that the static folder was never collected; the benchmark serves no files.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from zhixing.cases.models import Case, Node
    from zhixing.cases.queries import inbox_nodes

    n_cases = max(10, int(1_000_000 * args.scale))
    marker = f"bench:inbox:v2:{n_cases}"  # bump when the generated data changes
    print(_pg.machine())
    have = _pg.scalar(f"SELECT count(*) FROM {Case._meta.db_table}")
    if args.rebuild or _pg.bench_marker() != marker or have != n_cases:
        with _pg.Clock("build"):
            build(n_cases, marker)
    else:
        print(f"reusing {n_cases:,} cases already built ({marker})")
    _, officers = _pg.courts_and_officers(OFFICERS_PER_COURT)
    nodes = _pg.scalar(f"SELECT count(*) FROM {Node._meta.db_table}")
    open_nodes = Node.objects.filter(done_on__isnull=True, case__status=Case.PENDING).count()
    print(
        f"cases: {n_cases:,}; nodes: {nodes:,}; open nodes of pending cases: {open_nodes:,} "
        f"(about {open_nodes // len(officers):,} per officer)"
    )

    def query(officer):
        qs = inbox_nodes(officer)
        page = list(qs[:50])
        total = qs.count()
        assert total >= len(page)

    measure("inbox query (page of 50 + count)", officers, args.requests, query)

    try:
        url = reverse("cases:inbox")
    except NoReverseMatch:
        print("the inbox page (cases:inbox) does not exist yet: HTTP not measured")
        return
    clients = {}

    def page(officer):
        client = clients.get(officer.pk)
        if client is None:  # log in once per officer, outside the timing after the warm-up
            client = clients[officer.pk] = Client()
            client.force_login(officer)
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    for officer in officers:  # log everyone in before timing
        clients[officer.pk] = Client()
        clients[officer.pk].force_login(officer)
    measure(f"inbox page GET {url}", officers, args.requests, page)


if __name__ == "__main__":
    main()
