"""The cache every server process shares (settings CACHES): Django's database cache, with an increment
that holds when several processes count at once.

Django's DatabaseCache.incr reads the value and writes the sum: two processes incrementing the same key
at once both read 5 and both write 6, so one count is lost and a rate limit lets more through than it
says. Here the write is a conditional UPDATE, taken only if the stored value is still the one read
(compare-and-set); a process that lost the race reads again. Each failed attempt means another process's
increment went in, so the retries end. It needs no lock and no transaction of its own, so it behaves the
same on SQLite and PostgreSQL and inside a request's transaction or outside one. Redis (ZHIXING_CACHE_URL)
increments atomically itself (INCR).

The table is created by core's migration 0006 (`createcachetable zhixing_cache`), so a migrated data
folder has it whatever ZHIXING_CACHE_URL said when it was migrated.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends import db
from django.db import connections, models, router
from django.utils.timezone import now

TABLE = "zhixing_cache"
ATTEMPTS = 100  # a lost race means someone else's increment went in; 100 in a row does not happen


class DatabaseCache(db.DatabaseCache):
    def __init__(self, table: str, params: dict[str, Any]):
        super().__init__(table, params)
        self.table = table

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        cache_key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        q = connection.ops.quote_name
        table, value_col, key_col = q(self.table), q("value"), q("cache_key")
        expression = models.Expression(output_field=models.DateTimeField())
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        for _attempt in range(ATTEMPTS):
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {value_col}, {q('expires')} FROM {table} WHERE {key_col} = %s", [cache_key]
                )
                row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            stored, expires = connection.ops.process_clob(row[0]), row[1]
            for converter in converters:
                expires = converter(expires, expression, connection)
            if expires < now():
                # Dropped (unless another process has just opened a new window there), so that the
                # `add` opening the next window inserts a row, which only one process can do.
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"DELETE FROM {table} WHERE {key_col} = %s AND {q('expires')} < %s",
                        [cache_key, connection.ops.adapt_datetimefield_value(now().replace(microsecond=0))],
                    )
                raise ValueError(f"Key '{key}' not found")
            total = pickle.loads(base64.b64decode(stored.encode())) + delta
            encoded = base64.b64encode(pickle.dumps(total, self.pickle_protocol)).decode("latin1")
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET {value_col} = %s WHERE {key_col} = %s AND {value_col} = %s",
                    [encoded, cache_key, stored],
                )
                if cursor.rowcount == 1:
                    return total
        raise RuntimeError(f"cache key '{key}': {ATTEMPTS} increments in a row lost to other processes")
