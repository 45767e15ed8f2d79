"""The table of the shared cache (zhixing.core.cache, settings CACHES) that the public pages' rate limits
count in. Created whatever ZHIXING_CACHE_URL says now, so switching back from Redis finds it."""

from django.core.management import call_command
from django.db import migrations

TABLE = "zhixing_cache"


def create(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0005_audit_key")]

    operations = [migrations.RunPython(create, drop)]
