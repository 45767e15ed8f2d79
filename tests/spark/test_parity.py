"""DuckDB and PySpark (local mode) give identical results on the same snapshot (issue 3): the engine's
Ibis expressions are written once and run on both, as a province or the nation would run them when one
machine is not enough.

Three snapshots: the hand-worked data set of tests/supervision (period boundaries, 销案, 执恢/执保,
extensions and excluded days, month ends, long-pending at exactly six months), the same through the
per-officer view, and a seeded random snapshot that stresses what backends most often disagree on —
month-end and leap-day arithmetic, nulls in every nullable column, decimal sums, 销案 and out-of-scope
types in every set.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.management import call_command

from tests.supervision import test_indicators_data as fixtures
from zhixing.courts import actors
from zhixing.supervision import actions, bulletin, engine, handlers, queries, rules, snapshot
from zhixing.supervision.snapshot import ARROW_SCHEMA

data_dir, dataset = fixtures.data_dir, fixtures.dataset
pytestmark = [pytest.mark.spark, pytest.mark.django_db, pytest.mark.xdist_group("spark")]


def both(path, spark):
    return engine.duckdb_table(path), engine.spark_table(path, spark)


@pytest.fixture
def hand_worked(dataset):
    start, end = rules.bulletin_period(2026, 9)
    snap = actions.make_snapshot(end, actor=actors.CLI)
    return snapshot.resolve(snap.path)


def test_the_bulletin_is_identical_on_spark(hand_worked, spark):
    duck, sp = both(hand_worked, spark)
    courts, definitions = queries.courts(), queries.definitions()
    xiongan = next(c for c in courts if c.code == "冀96")
    # W09 (the hand-worked week), W01 (E = 2026-01-04, four days into the year), a week of 2025, and
    # one court's bulletin (rankings and lists within its area only).
    for year, week, top in ((2026, 9, None), (2026, 1, None), (2025, 36, None), (2026, 9, xiongan)):
        on_duckdb = bulletin.build(duck, definitions, courts, year, week, top=top)
        on_spark = bulletin.build(sp, definitions, courts, year, week, top=top)
        assert on_spark == on_duckdb, (year, week, top)
    # The comparison is not vacuous: the hand-worked figures are in it (tests/supervision).
    own = next(c for c in on_duckdb["courts"] if c["court_code"] == "冀96" and not c["area"])
    assert own["indicators"]["closed"] == 5 and own["indicators"]["long_pending"] > 0
    assert on_duckdb["lists"]["long_pending"]


def test_zhixing_bulletin_engine_spark_makes_the_bulletin_duckdb_makes(dataset, spark, cast, tmp_path):
    on_duckdb = json.loads(actions.make_bulletin(fixtures.WEEK, actor=cast.command).content)
    out = tmp_path / "spark.json"
    call_command("bulletin", "--week", fixtures.WEEK, "--engine", "spark", "--remake", "-o", str(out))
    on_spark = json.loads(out.read_text(encoding="utf-8"))
    for made in (on_duckdb, on_spark):
        del made["snapshot"]  # each bulletin freezes its own snapshot (same rows, another file)
        made.pop("changes")  # the second is compared against the first, as "last week" is not
    assert on_spark == on_duckdb


def test_per_officer_figures_are_identical_on_spark(hand_worked, spark):
    duck, sp = both(hand_worked, spark)
    courts, definitions = queries.courts(), queries.definitions()
    start, end = dt.date(2026, 1, 1), dt.date(2026, 3, 1)
    on_duckdb = handlers.compute(duck, definitions, courts, start, end)
    on_spark = handlers.compute(sp, definitions, courts, start, end)
    assert [(r.court.code, r.handler_id, r.indicators) for r in on_spark] == [
        (r.court.code, r.handler_id, r.indicators) for r in on_duckdb
    ]


# --- A seeded random snapshot ------------------------------------------------------------------

TYPES = ["执", "执", "执", "执恢", "执保", "执异"]
METHODS = [None, "completed", "terminated_this_round", "terminated", "refused", "rejected",
           "withdrawn", "other"]  # fmt: skip
# Days that month arithmetic gets wrong: month ends, 29 February, the 30th and 31st.
AWKWARD = [dt.date(2024, 2, 29), dt.date(2024, 8, 31), dt.date(2025, 8, 30), dt.date(2025, 8, 31),
           dt.date(2025, 9, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2025, 2, 28),
           dt.date(2025, 3, 31), dt.date(2025, 10, 31)]  # fmt: skip


def _day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    if rng.random() < 0.3:
        return rng.choice([d for d in AWKWARD if lo <= d <= hi] or [lo])
    return lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))


def _money(rng: random.Random) -> Decimal | None:
    return None if rng.random() < 0.1 else Decimal(rng.randrange(0, 10**9)) / 100


def random_snapshot(path, courts, n: int, seed: int) -> None:
    rng = random.Random(seed)
    cols: dict[str, list] = {f.name: [] for f in ARROW_SCHEMA}
    for i in range(n):
        court = rng.choice(courts)
        filed = _day(rng, dt.date(2024, 1, 1), dt.date(2026, 3, 10))
        closed = None if rng.random() < 0.4 else _day(rng, filed, dt.date(2026, 3, 10))
        ext, excl = rng.choice([None, 0, 1, 3]), rng.choice([None, 0, 10, 45])
        handler = rng.choice([None, 1, 2, 3])
        row = {
            "case_id": i + 1,
            "case_number": f"（{filed.year}）{court.code}执{i + 1}号",
            "court_id": court.id,
            "court_code": court.code,
            "court_name": court.name,
            "court_path": court.path,
            "type_code": rng.choice(TYPES),
            "filed_on": filed,
            "closed_on": closed,
            "closure_method": (rng.choice(METHODS[1:]) if closed else rng.choice([None, ""])),
            "applied_amount": _money(rng),
            "realized_amount": _money(rng),
            "non_litigation": rng.random() < 0.2,
            "extension_months": ext,
            "excluded_days": excl,
            "statutory_due_on": None if rng.random() < 0.05 else _day(rng, filed, dt.date(2026, 12, 31)),
            "handler_id": handler,
            "handler_name": None if handler is None else f"办案人{handler}",
            "overdue_nodes": rng.choice([None, 0, 0, 1, 4]),
        }
        for k, v in row.items():
            cols[k].append(v)
    pq.write_table(pa.Table.from_pydict(cols, schema=ARROW_SCHEMA), path)


def test_a_random_snapshot_gives_identical_figures_and_lists(courts, spark, tmp_path):
    infos, definitions = queries.courts(), queries.definitions()
    path = tmp_path / "random.parquet"
    random_snapshot(path, infos, n=3000, seed=20261122)
    duck, sp = both(path, spark)
    for start, end in (
        (dt.date(2026, 1, 1), dt.date(2026, 3, 1)),
        (dt.date(2025, 1, 1), dt.date(2025, 8, 31)),
    ):
        on_duckdb = engine.compute(duck, definitions, infos, start, end)
        on_spark = engine.compute(sp, definitions, infos, start, end)
        assert [(r.court.code, r.area, r.indicators) for r in on_spark] == [
            (r.court.code, r.area, r.indicators) for r in on_duckdb
        ]
        for d in definitions:
            assert engine.case_numbers(sp, d, start, end) == engine.case_numbers(duck, d, start, end), d.key
    # Not vacuous: the random cases reach every kind of figure.
    top = next(r for r in on_duckdb if r.area and r.court.code == "冀")
    assert top.indicators["closed"] > 100 and top.indicators["long_pending"] > 100
    assert top.indicators["realization_rate"]["value"] is not None
