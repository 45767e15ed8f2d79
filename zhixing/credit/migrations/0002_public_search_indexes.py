"""Indexes for the public search (issue 11 item 4; zhixing/portal/search.py) beyond the model's btrees on
`id_code` and `name` (exact matches):

- PostgreSQL: a pg_trgm GIN index on `name`, which serves `name LIKE '%…%'` for a partial name of 3
  characters or more (pg_trgm is a trusted extension since PostgreSQL 13: the database owner may
  create it). Trigrams of Chinese characters are taken under a UTF-8 ctype (C.UTF-8 here).
- SQLite: an FTS5 table with the `trigram` tokenizer (SQLite ≥ 3.34) over `name`, holding no copy of
  the text (external content), kept in step with credit_publicentry by triggers, so a row deleted when a
  listing is removed leaves the index in the same statement.
- Both: indexes in the search's order (published_on DESC, id DESC) after (name, kind) and (id_code,
  kind): an exact search reads its page of 50 in order and counts each kind (up to 1,001) from the
  index alone. They make the model's single-column btrees on name and id_code redundant (prefixes).
- PostgreSQL also (kind, published_on DESC, id DESC): the newest 50 of a partial name matching a great
  many rows (有限公司) are found by walking it rather than by sorting them all. Not on SQLite, whose
  planner, without statistics, took it for an identity-code search too and walked a whole kind.

Raw SQL per vendor (schema_editor.connection.vendor); the model's state is unchanged."""

from django.db import migrations

TABLE = "credit_publicentry"
FTS = "credit_publicentry_fts"

NEWEST = f"CREATE INDEX IF NOT EXISTS credit_public_newest ON {TABLE} (kind, published_on DESC, id DESC)"
# An exact search reads its page in the search's order and counts each kind from the index alone.
NAME_NEWEST = f"CREATE INDEX IF NOT EXISTS credit_public_name_newest ON {TABLE} (name, kind, published_on DESC, id DESC)"
ID_NEWEST = f"CREATE INDEX IF NOT EXISTS credit_public_id_newest ON {TABLE} (id_code, kind, published_on DESC, id DESC)"
ORDERED = [NAME_NEWEST, ID_NEWEST]
DROP_ORDERED = [
    "DROP INDEX IF EXISTS credit_public_newest",
    "DROP INDEX IF EXISTS credit_public_name_newest",
    "DROP INDEX IF EXISTS credit_public_id_newest",
]

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS credit_public_name_trgm ON {TABLE} USING gin (name gin_trgm_ops)",
    *ORDERED,
    NEWEST,
]
PG_BACKWARD = ["DROP INDEX IF EXISTS credit_public_name_trgm", *DROP_ORDERED]

SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
    f"name, content='{TABLE}', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}(rowid, name) VALUES (new.id, new.name); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, name) VALUES ('delete', old.id, old.name); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF name ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, name) VALUES ('delete', old.id, old.name); "
    f"INSERT INTO {FTS}(rowid, name) VALUES (new.id, new.name); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    *ORDERED,
]
SQLITE_BACKWARD = [
    *DROP_ORDERED,
    f"DROP TRIGGER IF EXISTS {FTS}_ai",
    f"DROP TRIGGER IF EXISTS {FTS}_ad",
    f"DROP TRIGGER IF EXISTS {FTS}_au",
    f"DROP TABLE IF EXISTS {FTS}",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("credit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
            elidable=False,
        )
    ]
