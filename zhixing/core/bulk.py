"""Plain multi-row INSERTs for the few hot paths that write tens of thousands of rows at once (imports,
the audit trail of an import). Django's bulk_create builds and inspects a model instance per row,
which costs more than the database write itself at that volume."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models
from django.utils import timezone


def chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Inserter:
    """`INSERT INTO table (…) VALUES (…)` for many rows of one model, given as tuples in the order of
    `names`; every other column gets its model default (auto_now_add: now)."""

    def __init__(self, model: type[models.Model], names: list[str]):
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        by_name = {f.name: f for f in fields}
        rest = [f for f in fields if f.name not in names]
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
        columns = [str(by_name[n].column) for n in names] + [str(f.column) for f in rest]
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            qn(model._meta.db_table), ", ".join(map(qn, columns)), ", ".join(["%s"] * len(columns))
        )

    def insert(self, rows: Iterable[tuple]) -> None:
        defaults = self.defaults
        values = [tuple(row) + defaults for row in rows]
        with connection.cursor() as cursor:
            for part in chunks(values, 5000):
                cursor.executemany(self.sql, part)
