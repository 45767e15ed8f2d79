"""Leave room on PostgreSQL's pages of cases_node, so marking a node overdue (a column no index
covers) is a HOT update that rewrites no index (benchmarks/README.md, overdue scan)."""

from django.db import migrations


def set_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE cases_node SET (fillfactor = 80)")


def reset_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE cases_node RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_lean_node_and_event_indexes")]
    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]
