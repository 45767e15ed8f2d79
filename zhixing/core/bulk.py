"""Plain bulk writes for the few hot paths that write tens of thousands of rows at once (imports,
a bank statement's bookings, the audit trail of an import). Django's bulk_create builds and inspects a
model instance per row, which costs more than the database write itself at that volume.

On PostgreSQL the rows go in by COPY (one stream per table, several times faster than INSERTs for the
same rows); on SQLite by one prepared INSERT run many times, which SQLite does in C."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.db import connection, models
from django.utils import timezone


def chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` primary keys for rows the caller is about to write with explicit ids (so that rows
    pointing at them can be written in the same pass, without reading ids back). Call inside the
    writing transaction."""
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = str(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The table's own sequence: ids reserved here are never handed out again, even if the
            # transaction rolls back (gaps, as with any insert).
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if not connection.in_atomic_block:
            raise RuntimeError("reserve_ids needs the writing transaction")
        # SQLite has one writer at a time and our transactions begin IMMEDIATE (settings), so the
        # ids after the highest ever used are ours until we commit. sqlite_sequence remembers the
        # highest id of an AUTOINCREMENT table even after its row was deleted.
        qn = connection.ops.quote_name
        cursor.execute(
            f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0),"
            f" COALESCE((SELECT MAX({qn(pk)}) FROM {qn(table)}), 0))",
            [table],
        )
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


class Inserter:
    """Many rows of one model, given as tuples in the order of `names` ("id" allowed, with ids from
    `reserve_ids`); every other column gets its model default (auto_now_add: now)."""

    def __init__(self, model: type[models.Model], names: list[str]):
        fields = list(model._meta.concrete_fields)
        by_name = {f.name: f for f in fields}
        rest = [f for f in fields if f.name not in names and not f.primary_key]
        now = timezone.now()
        self.defaults = tuple(
            f.get_db_prep_save(
                now
                if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
                else f.get_default(),
                connection,
            )
            for f in rest
        )
        qn = connection.ops.quote_name
        columns = ", ".join(
            qn(c) for c in [str(by_name[n].column) for n in names] + [str(f.column) for f in rest]
        )
        table = qn(model._meta.db_table)
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            table, columns, ", ".join(["%s"] * (len(names) + len(rest)))
        )

    def insert(self, rows: Iterable[tuple]) -> None:
        defaults = self.defaults
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(self.copy_sql) as copy:
                    for row in rows:
                        copy.write_row(tuple(row) + defaults)
                return
            values = [tuple(row) + defaults for row in rows]
            for part in chunks(values, 5000):
                cursor.executemany(self.sql, part)


def add_to_column(model: type[models.Model], column: str, deltas: Mapping[int, Decimal]) -> None:
    """column += delta for each primary key (a money column: rounded to the fen, core.money.plus says
    why): one UPDATE joined to the deltas on PostgreSQL, one prepared UPDATE run many times on SQLite."""
    if not deltas:
        return
    qn = connection.ops.quote_name
    table, col, pk = qn(model._meta.db_table), qn(column), qn(str(model._meta.pk.column))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} SET {col} = {table}.{col} + d.delta"
                f" FROM unnest(%s::bigint[], %s::numeric[]) AS d(id, delta) WHERE {table}.{pk} = d.id",
                [list(deltas), list(deltas.values())],
            )
        else:
            cursor.executemany(
                f"UPDATE {table} SET {col} = ROUND({col} + %s, 2) WHERE {pk} = %s",
                [(d, i) for i, d in deltas.items()],
            )


def rows_in(
    model: type[models.Model],
    column: str,
    values: Iterable,
    fields: Sequence[str],
    where: str = "",
    params: Sequence = (),
) -> list[tuple]:
    """SELECT `fields` FROM the model's table WHERE `column` is one of `values` [AND `where`], with the
    values passed as one array parameter. Django's `__in` lookup prepares every value in Python (about
    5 µs each), which a statement import of tens of thousands of lines would pay several times.
    `fields`, `column` and `where` are SQL written by the caller, never user input."""
    values = list(values)
    if not values:
        return []
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    select = ", ".join(qn(f) for f in fields)
    extra = f" AND ({where})" if where else ""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT {select} FROM {table} WHERE {qn(column)} = ANY(%s){extra}", [values, *params]
            )
        else:
            cursor.execute(
                f"SELECT {select} FROM {table} WHERE {qn(column)} IN (SELECT value FROM json_each(%s)){extra}",
                [json.dumps(values), *params],
            )
        return cursor.fetchall()
