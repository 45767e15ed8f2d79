"""The indicator engine: every indicator of every court and every court's area, from a snapshot.

One Ibis aggregation groups the snapshot by court and computes each definition's numerator and
denominator (all of them counts or sums, so they add up); areas (a court and every court below it)
add up the per-court rows in memory. The aggregation uses only the Ibis API, so the same expressions
run on DuckDB in process (the default) or on Spark (tests/spark compare the two): `compute` takes any
Ibis table with the snapshot's schema.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import ibis
from django.conf import settings
from django.utils.translation import gettext as _
from ibis.expr.types import Table

from . import definitions as defs
from .definitions import Definition

CENT = Decimal("0.01")
# Funds do not exist in the platform yet (issue 4): these figures are reported as zero until they do.
FUNDS_PLACEHOLDERS = ("unidentified_funds", "overdue_funds")


@dataclass(frozen=True)
class CourtInfo:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    path: str

    @property
    def lineage(self) -> list[int]:
        """Self first, then parent, up to the root."""
        return [int(p) for p in reversed(self.path.strip("/").split("/")) if p]


@dataclass
class CourtResult:
    court: CourtInfo
    area: bool
    indicators: dict[str, Any] = field(default_factory=dict)
    definitions: dict[str, Definition] = field(default_factory=dict)


BACKENDS = ("duckdb", "spark")


def duckdb_table(path: str | Path) -> Table:
    """The snapshot as an Ibis table on a fresh in-process DuckDB connection."""
    con = ibis.duckdb.connect()
    return con.read_parquet(str(path), table_name="snapshot")


def spark_session() -> Any:
    """The Spark session the bulletin runs on: local mode on this machine unless ZHIXING_SPARK_MASTER
    names a cluster (then the snapshot folder must be storage every executor reads). Sessions are
    per process (getOrCreate), so the JVM starts once."""
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise RuntimeError(
            _("Spark 需要 Java 17 或更新版本（Debian：apt-get install openjdk-17-jre-headless）")
        )
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(settings.ZHIXING_SPARK_MASTER)
        .appName("zhixing-bulletin")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        # Dates are calendar days with no zone; a session zone other than UTC must not shift them.
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", settings.ZHIXING_SPARK_PARTITIONS)
        .getOrCreate()
    )


def spark_table(path: str | Path, session: Any = None) -> Table:
    """The snapshot as an Ibis table on Spark (PySpark), for a province's or the nation's bulletin
    when one machine is not enough: the same expressions as on DuckDB (tests/spark prove they agree)."""
    con = ibis.pyspark.connect(session or spark_session())
    return con.read_parquet(str(path))  # a temporary view with a fresh name: snapshots never clash


def table(path: str | Path, backend: str = "duckdb") -> Table:
    if backend == "spark":
        return spark_table(path)
    if backend != "duckdb":
        raise ValueError(backend)
    return duckdb_table(path)


def figures_by(
    t: Table,
    variants: list[Definition],
    start: dt.date,
    end: dt.date,
    by: list[str],
    most: tuple[str, ...] = (),
) -> Table:
    """One aggregation grouped by `by`: every numerator `n<id>` and denominator `d<id>` of every
    variant, plus the largest value of each column in `most` (a name to show per group).

    Most numerators and denominators count a few shared case sets (received, accepted, closed …) in
    the same scope, so each distinct (scope, set, date field) is computed once per row as a boolean
    column and the aggregates filter on it with their own condition: DuckDB evaluated the repeated
    set predicates once per aggregate; this took the 10M-case aggregation from 5.3 s to 3.3 s."""
    sets: dict[tuple[tuple[str, ...], str, str], str] = {}
    columns: dict[str, Any] = {}
    for v in variants:
        for spec in (v.numerator, v.denominator):
            if spec:
                defs.check_part(spec)
                key = (v.scope, spec["set"], v.date_field)
                if key not in sets:
                    sets[key] = name = f"_set{len(sets)}"
                    columns[name] = defs.scoped(t, v.scope) & defs.case_set(
                        t, spec["set"], start, end, v.date_field
                    )
    p = t.mutate(**columns)
    aggs: dict[str, Any] = {c: p[c].max() for c in most}
    for v in variants:
        for prefix, spec in (("n", v.numerator), ("d", v.denominator)):
            if spec:
                where = p[sets[(v.scope, spec["set"], v.date_field)]]
                if spec.get("where"):
                    where = where & defs.condition(p, spec["where"], end)
                aggs[f"{prefix}{v.id}"] = defs.aggregate(p, spec, where)
    return p.group_by(by).aggregate(**aggs)


def raw_figures(
    t: Table, variants: list[Definition], courts: list[CourtInfo], start: dt.date, end: dt.date
) -> tuple[dict[int, dict[str, Any]], dict[int, dict[str, Any]]]:
    """(own, area): per court id, every numerator `n<id>` and denominator `d<id>` of every variant."""
    per_court = figures_by(t, variants, start, end, ["court_id"])
    own = {r.pop("court_id"): r for r in per_court.to_pyarrow().to_pylist()}
    # Areas roll up from the per-court rows in memory (one row per court): a second query over the
    # snapshot would scan every case again. Every figure is a count or a sum, so areas add up.
    rolled: dict[int, dict[str, Any]] = {}
    for court in courts:
        row = own.get(court.id)
        if row is None:
            continue
        for area_id in court.lineage:
            acc = rolled.setdefault(area_id, {})
            for name, value in row.items():
                if value is not None:
                    acc[name] = value if acc.get(name) is None else acc[name] + value
    return own, rolled


def money(v: Any) -> str:
    return f"{Decimal(v or 0).quantize(CENT):.2f}"


def _plain(v: Any) -> Any:
    if isinstance(v, Decimal):
        return money(v)
    return int(v or 0)


def figure(defn: Definition, n: Any, d: Any) -> Any:
    """The JSON value of one indicator (indicators.md): a count, an amount string, or a ratio object."""
    if defn.kind == "count":
        return int(n or 0)
    if defn.kind == "amount":
        return money(n)
    n, d = n or 0, d or 0
    value = None if d == 0 else float(Decimal(n) / Decimal(d))
    return {"numerator": _plain(n), "denominator": _plain(d), "value": value}


def row_figures(
    chosen: dict[str, Definition], row: dict, keys: Iterable[str] | None = None
) -> dict[str, Any]:
    """The indicators of one row of figures_by (or raw_figures): each definition's figure from its
    n<id> and d<id> columns, for `keys` (those chosen, in that order; all chosen when None)."""
    return {
        k: figure(chosen[k], row.get(f"n{chosen[k].id}"), row.get(f"d{chosen[k].id}"))
        for k in (chosen if keys is None else keys)
        if k in chosen
    }


def compute(
    t: Table,
    all_definitions: list[Definition],
    courts: list[CourtInfo],
    start: dt.date,
    end: dt.date,
) -> list[CourtResult]:
    """Every court's own figures and its area's, in court-tree order (own before area)."""
    variants = defs.in_force(all_definitions, end)
    own, area = raw_figures(t, variants, courts, start, end)
    results: list[CourtResult] = []
    for court in sorted(courts, key=lambda c: c.path):
        chosen = defs.for_court(variants, court.lineage)
        for is_area, figures in ((False, own), (True, area)):
            indicators = row_figures(chosen, figures.get(court.id, {}))
            for key in FUNDS_PLACEHOLDERS:
                indicators[key] = {"count": 0, "amount": "0.00"}
            results.append(CourtResult(court, is_area, indicators, chosen))
    return results


def case_numbers(
    t: Table, defn: Definition, start: dt.date, end: dt.date, court_ids: list[int] | None = None
) -> list[str]:
    """The cases behind a count (the lists of the bulletin): the numerator's members; for a sum
    measure, those whose summed column is not zero (overdue nodes: cases with at least one)."""
    where = defs.membership(t, defn.numerator, start, end, defn.date_field, defn.scope)
    m = defn.numerator.get("measure", "count")
    if isinstance(m, dict):
        where = where & (defs._column(t, m["sum"]) != 0).fill_null(False)
    if court_ids is not None:
        where = where & t.court_id.isin(court_ids)
    expr = t.filter(where).select("case_number").order_by("case_number")
    return expr.to_pyarrow().column("case_number").to_pylist()  # one column: no dict per row
