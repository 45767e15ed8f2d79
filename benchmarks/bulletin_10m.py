"""The full weekly bulletin on a 10,000,000-case snapshot (issue 3), against a hand-written DuckDB query
of the same indicators measured in the same run (target: the bulletin at most 3x the query).

The snapshot is synthetic Parquet in the snapshot schema (zhixing.supervision.snapshot.ARROW_SCHEMA),
written by DuckDB itself in seconds; courts are one high court, 11 intermediate and 110 basic courts.
The bulletin is zhixing.supervision.bulletin.build (every indicator, every court and area, rankings);
the hand query computes the same per-court numerators and denominators with FILTER aggregates and
rolls them up to areas with one join. Runs in a temporary SQLite data folder (for the seeded
indicator definitions); no server needed.

    .venv/bin/python benchmarks/bulletin_10m.py            # --cases 1000000 for a quick try
    .venv/bin/python benchmarks/bulletin_10m.py --cases 1000000 --spark   # also on PySpark local mode

With --spark the same bulletin is built on PySpark in local mode too, timed, and compared whole with
the DuckDB one (identical JSON, at scale): what a province would run when one machine is not enough,
here squeezed onto this machine's cores, so its time says little about a cluster.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR, WEEK = 2026, 47  # E = 2026-11-22, S = 2026-01-01

HAND_SQL = """
WITH s AS (
  SELECT * FROM read_parquet('{path}') WHERE closure_method IS DISTINCT FROM 'withdrawn'
), own AS (
  SELECT court_id,
    count(*) FILTER (WHERE type_code = '执' AND filed_on BETWEEN DATE '{S}' AND DATE '{E}') AS received,
    count(*) FILTER (WHERE type_code = '执' AND filed_on < DATE '{S}'
                     AND (closed_on IS NULL OR closed_on >= DATE '{S}')) AS carried_over,
    count(*) FILTER (WHERE type_code = '执' AND filed_on <= DATE '{E}'
                     AND (closed_on IS NULL OR closed_on >= DATE '{S}')) AS accepted,
    count(*) FILTER (WHERE type_code = '执' AND closed_on BETWEEN DATE '{S}' AND DATE '{E}') AS closed,
    count(*) FILTER (WHERE type_code = '执' AND closed_on BETWEEN DATE '{S}' AND DATE '{E}'
                     AND closure_method = 'completed') AS completed,
    count(*) FILTER (WHERE type_code = '执' AND closed_on BETWEEN DATE '{S}' AND DATE '{E}'
                     AND closure_method = 'terminated_this_round') AS ttr,
    count(*) FILTER (WHERE type_code = '执' AND closed_on BETWEEN DATE '{S}' AND DATE '{E}'
                     AND (closure_method = 'completed'
                          OR (closure_method = 'terminated' AND realized_amount > 0))) AS actual,
    sum(realized_amount) FILTER (WHERE type_code = '执' AND closed_on BETWEEN DATE '{S}' AND DATE '{E}'
                     AND closure_method NOT IN ('refused', 'rejected')) AS realized,
    sum(applied_amount) FILTER (WHERE type_code = '执' AND closed_on BETWEEN DATE '{S}' AND DATE '{E}'
                     AND closure_method NOT IN ('refused', 'rejected')) AS applied,
    count(*) FILTER (WHERE type_code = '执' AND closed_on BETWEEN DATE '{S}' AND DATE '{E}'
                     AND closed_on <= statutory_due_on) AS in_time,
    sum(closed_on - filed_on) FILTER (WHERE type_code = '执'
                     AND closed_on BETWEEN DATE '{S}' AND DATE '{E}') AS days,
    count(*) FILTER (WHERE type_code = '执恢' AND closed_on BETWEEN DATE '{S}' AND DATE '{E}') AS r_closed,
    count(*) FILTER (WHERE type_code = '执恢' AND closed_on BETWEEN DATE '{S}' AND DATE '{E}'
                     AND closure_method = 'completed') AS r_completed,
    count(*) FILTER (WHERE type_code = '执' AND filed_on <= DATE '{E}'
                     AND (closed_on IS NULL OR closed_on > DATE '{E}')
                     AND filed_on + INTERVAL 6 MONTH < DATE '{E}') AS long_pending,
    sum(overdue_nodes) FILTER (WHERE type_code = '执') AS overdue_nodes
  FROM s GROUP BY court_id
), area AS (
  SELECT p.area_id AS court_id, {sums} FROM own JOIN pairs p USING (court_id) GROUP BY p.area_id
)
SELECT 'own' AS scope, * FROM own UNION ALL SELECT 'area', * FROM area
"""
COLUMNS = ["received", "carried_over", "accepted", "closed", "completed", "ttr", "actual", "realized",
           "applied", "in_time", "days", "r_closed", "r_completed", "long_pending", "overdue_nodes"]  # fmt: skip


def courts():
    from zhixing.supervision.engine import CourtInfo

    out = [CourtInfo(1, "冀", "河北省高级人民法院", "high", None, "/1/")]
    cid = 1
    for i in range(1, 12):
        cid += 1
        inter = CourtInfo(cid, f"冀{i:02d}", f"第{i}中级人民法院", "intermediate", 1, f"/1/{cid}/")
        out.append(inter)
        for j in range(1, 11):
            cid += 1
            out.append(
                CourtInfo(
                    cid, f"冀{i:02d}{j:02d}", f"第{i}-{j}基层法院", "basic", inter.id, f"{inter.path}{cid}/"
                )
            )
    return out


def write_snapshot(path: Path, n: int, court_list) -> None:
    """Synthetic cases over 2024-01-01..2026-11-22: 80% 执, 12% 执恢, 8% 执保; 70% closed."""
    import duckdb

    basic = [c for c in court_list if c.level == "basic"]
    ids = ", ".join(str(c.id) for c in basic)
    duckdb.sql(f"""
    COPY (
      WITH r AS (SELECT i, hash(i) AS h, hash(i * 7 + 3) AS g FROM range({n}) t(i)),
      c AS (
        SELECT i, h, g,
          [{ids}][1 + (h % {len(basic)})::INT] AS court_id,
          CASE WHEN h % 100 < 80 THEN '执' WHEN h % 100 < 92 THEN '执恢' ELSE '执保' END AS type_code,
          DATE '2024-01-01' + ((g % 1057)::INT) AS filed_on,
          (g % 10) < 7 AS is_closed,
          ['completed','completed','completed','terminated_this_round','terminated_this_round',
           'terminated','withdrawn','refused','rejected','completed'][1 + ((h // 100) % 10)::INT] AS method,
          ((g // 1000) % 5000000)::DECIMAL(18,2) / 10 + 1000 AS applied
        FROM r
      )
      SELECT i::BIGINT AS case_id, '（2026）冀执' || i || '号' AS case_number, court_id::BIGINT AS court_id,
        '' AS court_code, '' AS court_name, '' AS court_path, type_code, filed_on,
        CASE WHEN is_closed THEN least(filed_on + ((h // 7) % 400)::INT, DATE '2026-11-22') END AS closed_on,
        CASE WHEN is_closed THEN method END AS closure_method,
        applied::DECIMAL(18,2) AS applied_amount,
        CASE WHEN is_closed AND method = 'completed' THEN applied
             WHEN (h // 13) % 3 = 0 THEN (applied / 4)::DECIMAL(18,2) ELSE 0 END::DECIMAL(18,2) AS realized_amount,
        false AS non_litigation, 0::INT AS extension_months, ((h // 11) % 3 * 15)::INT AS excluded_days,
        (filed_on + INTERVAL 6 MONTH)::DATE + ((h // 11) % 3 * 15)::INT AS statutory_due_on,
        (court_id * 100 + h % 20)::BIGINT AS handler_id, '' AS handler_name,
        CASE WHEN is_closed THEN 0 ELSE (g // 99) % 3 END::INT AS overdue_nodes
      FROM c
    ) TO '{path}' (FORMAT PARQUET, COMPRESSION ZSTD)
    """)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--spark", action="store_true", help="also build it on PySpark (local mode)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="zhixing-bulletin-bench-"))
    os.environ["ZHIXING_DATA_DIR"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhixing.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import duckdb
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from zhixing.supervision import bulletin, engine, queries, rules

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs ({platform.machine()}), load {load}; python "
          f"{platform.python_version()}; duckdb {duckdb.__version__}")  # fmt: skip
    court_list = courts()
    path = tmp / "snapshot.parquet"
    t0 = time.perf_counter()
    write_snapshot(path, args.cases, court_list)
    print(f"snapshot: {args.cases:,} cases written in {time.perf_counter() - t0:.1f} s")
    definitions = queries.definitions()
    start, end = rules.bulletin_period(YEAR, WEEK)

    pairs = [(c.id, a) for c in court_list for a in c.lineage]
    sums = ", ".join(f"sum({c}) AS {c}" for c in COLUMNS)
    sql = HAND_SQL.format(path=path, S=start, E=end, sums=sums)
    bulletin_times, hand_times = [], []
    result = hand = None
    for _run in range(args.runs):  # interleaved, so both see the same machine
        t0 = time.perf_counter()
        result = bulletin.build(engine.duckdb_table(path), definitions, court_list, YEAR, WEEK)
        bulletin_times.append(time.perf_counter() - t0)
        con = duckdb.connect()
        con.execute("CREATE TABLE pairs (court_id BIGINT, area_id BIGINT)")
        con.executemany("INSERT INTO pairs VALUES (?, ?)", pairs)
        t0 = time.perf_counter()
        hand = con.sql(sql).fetchall()
        hand_times.append(time.perf_counter() - t0)
        con.close()
    assert result is not None and hand is not None
    # The two agree on the figures they share (the province's area row).
    top = next(c for c in result["courts"] if c["court_code"] == "冀" and c["area"])["indicators"]
    row = next(r for r in hand if r[0] == "area" and r[1] == 1)
    by = dict(zip(["scope", "court_id", *COLUMNS], row, strict=True))
    assert top["received"] == by["received"] and top["closed"] == by["closed"], (top, by)
    assert top["closure_rate"]["denominator"] == by["accepted"], (top["closure_rate"], by["accepted"])
    b, h = statistics.median(bulletin_times), statistics.median(hand_times)
    print("bulletin runs: " + " / ".join(f"{x:.2f}" for x in bulletin_times) + " s")
    print("hand query runs: " + " / ".join(f"{x:.2f}" for x in hand_times) + " s")
    print(f"RESULT bulletin on {args.cases:,} cases: median {b:.2f} s; hand-written DuckDB query "
          f"{h:.2f} s; ratio {b / h:.2f} (target ≤ 3)")  # fmt: skip
    if args.spark:
        t0 = time.perf_counter()
        session = engine.spark_session()
        print(f"spark session started in {time.perf_counter() - t0:.1f} s ({session.version})")
        spark_times = []
        for _run in range(args.runs):
            t0 = time.perf_counter()
            on_spark = bulletin.build(engine.spark_table(path, session), definitions, court_list, YEAR, WEEK)
            spark_times.append(time.perf_counter() - t0)
            assert on_spark == result, "Spark and DuckDB disagree"
        s = statistics.median(spark_times)
        print("spark runs: " + " / ".join(f"{x:.2f}" for x in spark_times) + " s")
        print(f"RESULT spark (local mode) on {args.cases:,} cases: median {s:.2f} s, identical JSON; "
              f"{s / b:.1f}x the DuckDB bulletin on this machine")  # fmt: skip


if __name__ == "__main__":
    main()
