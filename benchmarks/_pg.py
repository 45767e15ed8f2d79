"""Shared helpers of the PostgreSQL benchmarks (scan_overdue.py, inbox.py).

Both run against a database of their own, `zhixing_bench`, on the server DATABASE_URL names (created
when missing, migrated on every start), and fill it with set-based SQL (INSERT … SELECT FROM
generate_series): a million cases in minutes, where the actions would take hours. The courts, officers
and node kinds are the real ones, made through the actions and the catalogue; only the mass rows are
written directly, and every column the SQL does not name gets the model field's default, so a column
added later does not break the benchmark.
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "zhixing_bench"


def bench_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + BENCH_DB))


def ensure_database(url: str) -> None:
    """Create `zhixing_bench` on the server of `url` if it does not exist (the role needs CREATEDB)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DB)))
            print(f"created database {BENCH_DB}")


def setup(require_url: bool = True) -> str:
    """Point Django at zhixing_bench, set it up and migrate. Returns the URL used."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        if require_url:
            sys.exit(
                "DATABASE_URL must name a PostgreSQL server, e.g. "
                "DATABASE_URL=postgres://zhixing:zhixing@127.0.0.1:5432/zhixing "
                f"(the benchmark uses its own database {BENCH_DB} on that server)"
            )
    url = bench_url(url)
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhixing.settings")
    os.environ.setdefault("ZHIXING_DEBUG", "0")  # production-like: no statement log
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    return url


def machine() -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
        cur.execute("SHOW shared_buffers")
        buffers = cur.fetchone()[0]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"machine: {os.cpu_count()} CPUs ({platform.machine()}), load average {load}; "
        f"python {platform.python_version()}; PostgreSQL {pg} (shared_buffers {buffers})"
    )


# --- set-based inserts ---------------------------------------------------------------------------


def insert_select(model, exprs: dict, source: str, source_params: Sequence = ()) -> int:
    """INSERT INTO model's table (all concrete columns but the id) SELECT the given SQL expressions
    FROM `source`. An expression is SQL text, or (SQL text, its parameters). Columns not in `exprs`
    get the field's default (or NULL). Returns the row count."""
    from django.db import connection

    columns = {f.column for f in model._meta.concrete_fields}
    unknown = set(exprs) - columns
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
    cols, values, args = [], [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        cols.append(connection.ops.quote_name(f.column))
        expr = exprs.get(f.column)
        if isinstance(expr, tuple):
            values.append(expr[0])
            args += list(expr[1])
        elif expr is not None:
            values.append(expr)
        elif f.has_default() or not f.null:
            values.append("%s")
            args.append(f.get_db_prep_save(f.get_default(), connection))
        else:
            values.append("NULL")
    text = f"INSERT INTO {model._meta.db_table} ({', '.join(cols)}) SELECT {', '.join(values)} FROM {source}"
    with connection.cursor() as cur:
        cur.execute(text, [*args, *source_params])
        return cur.rowcount


def execute(sql_text: str, params: Sequence = ()) -> int:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(sql_text, params)
        return cur.rowcount


def scalar(sql_text: str, params: Sequence = ()):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(sql_text, params)
        row = cur.fetchone()
        return row[0] if row else None


@contextmanager
def bulk_load(*tables: str):
    """Load faster: drop the tables' plain secondary indexes and foreign keys during the load, then
    put them back (one CREATE INDEX and one validating scan per constraint beat millions of
    incremental index inserts and deferred per-row foreign-key checks). Primary keys and unique
    constraints stay, so the data is still checked for duplicates as it goes in."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.tablename = ANY(%s) AND i.schemaname = current_schema()
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """,
            [list(tables)],
        )
        indexes = cur.fetchall()
        cur.execute(
            """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
            WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)
            """,
            [list(tables)],
        )
        fks = cur.fetchall()
        for table, name, _ in fks:
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cur:
            for _, definition in indexes:
                cur.execute(definition)
            for table, name, definition in fks:
                cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def wipe_cases() -> None:
    """Empty every table that hangs off cases (the benchmarks own this database)."""
    from zhixing.cases.models import Basis, Case, SerialCounter

    tables = [Case._meta.db_table, Basis._meta.db_table, SerialCounter._meta.db_table]
    execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def vacuum(*tables: str) -> None:
    """VACUUM ANALYZE outside a transaction (Django's connection is in autocommit mode here)."""
    for t in tables:
        execute(f"VACUUM (ANALYZE) {t}")


def bench_marker() -> str | None:
    from zhixing.cases.models import Case

    return scalar(f"SELECT imported_from FROM {Case._meta.db_table} ORDER BY id LIMIT 1")


# --- courts and people ---------------------------------------------------------------------------

COURTS = (
    ("冀", "河北省高级人民法院", None),
    ("冀96", "河北雄安新区中级人民法院", "冀"),
    ("冀9601", "雄县人民法院", "冀96"),
    ("冀9602", "容城县人民法院", "冀96"),
    ("冀01", "石家庄市中级人民法院", "冀"),
    ("冀0102", "石家庄市长安区人民法院", "冀01"),
    ("冀0104", "石家庄市桥西区人民法院", "冀01"),
)
CASE_COURTS = ("冀9601", "冀9602", "冀0102", "冀0104", "冀96")


def courts_and_officers(officers_per_court: int) -> tuple[dict, list]:
    """The bench courts and `officers_per_court` officers in each case court, made through the actions
    (once; later runs find them). Officers get no usable password: the benchmarks log them in by
    force_login."""
    from zhixing.courts import actions, actors
    from zhixing.courts import rules as r
    from zhixing.courts.models import Court, User

    courts = {c.code: c for c in Court.objects.all()}
    for code, name, parent in COURTS:
        if code not in courts:
            courts[code] = actions.create_court(
                code, name, parent=courts[parent] if parent else None, actor=actors.CLI
            )
    officers = []
    for code in CASE_COURTS:
        have = list(User.objects.filter(court=courts[code], grants__role=r.OFFICER).order_by("id"))
        for i in range(len(have), officers_per_court):
            have.append(
                actions.create_user(
                    f"bench_{code}_{i:03d}",
                    f"执行员{code}-{i:03d}",
                    None,
                    courts[code],
                    [r.OFFICER],
                    actor=actors.CLI,
                )
            )
        officers += have[:officers_per_court]
    return courts, officers


def insert_cases(n_cases: int, courts: dict, officers: list, marker: str, filed_days_ago: int = 0) -> None:
    """`n_cases` pending cases, serials 1 … n_cases, spread over CASE_COURTS and `officers`, filed over the
    year before `filed_days_ago` days ago, each assigned two days and due 183 days after filing."""
    from zhixing.cases.actions.common import today as _today
    from zhixing.cases.models import Case

    codes = list(CASE_COURTS)
    n = len(codes)
    today = _today()
    filed = f"%s::date - {filed_days_ago} - mod(g * 7919, 365)::int"
    with Clock(f"insert {n_cases:,} cases"), bulk_load(Case._meta.db_table):
        insert_select(
            Case,
            {
                "case_number": (
                    f"'（{today.year}）' || (%s::text[])[1 + mod(g, {n})] || '执' || g || '号'",
                    [codes],
                ),
                "year": str(today.year),
                "court_id": (f"(%s::bigint[])[1 + mod(g, {n})]", [[courts[c].pk for c in codes]]),
                "type_code": "'执'",
                "serial": "g",
                "filed_on": (filed, [today]),
                "applied_amount": "round((1000 + mod(g * 104729, 5000000))::numeric, 2)",
                "handler_id": (f"(%s::bigint[])[1 + mod(g, {len(officers)})]", [[o.pk for o in officers]]),
                "handler_name": "'执行员'",
                "handler_assigned_on": (filed + " + 2", [today]),
                "statutory_due_on": (filed + " + 183", [today]),
                "imported_from": ("%s", [marker]),
                "created_at": "now()",
            },
            "generate_series(1::bigint, %s::bigint) AS g",
            [n_cases],
        )


def deadline_kinds():
    """The catalogue's node kinds that have a deadline and are created on filing (rules §3.2)."""
    from zhixing.cases.models import NodeKind

    return list(NodeKind.objects.filter(created_on_filing=True).exclude(amount_setting="").order_by("order"))


# --- timing --------------------------------------------------------------------------------------


class Clock:
    def __init__(self, label: str):
        self.label = label

    def __enter__(self):
        self.start = time.perf_counter()
        print(f"{self.label} …", flush=True)
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        print(f"{self.label}: {self.seconds:.1f} s", flush=True)


def percentile(values: Iterable[float], p: float) -> float:
    """Nearest-rank percentile."""
    data = sorted(values)
    if not data:
        return math.nan
    k = max(0, min(len(data) - 1, math.ceil(p / 100 * len(data)) - 1))
    return data[k]


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))
