"""Add the migrant-worker wage clock (wage_working_days, rules §10.1.2 Heilongjiang "priority payout",
local: 5 working days) to every existing funds.payout_policy row, nationwide and per court, keeping the
values a court has set; a row that already names it is left alone. Written out here so the migration
keeps its meaning."""

from django.db import migrations

KEY = "funds.payout_policy"
FIELD = "wage_working_days"
DAYS = 5
NOTE = "；农民工工资案件5个工作日内优先发放（rules §10.1.2，地方规定）"


def seed(apps, schema_editor):
    RuleSetting = apps.get_model("core", "RuleSetting")
    for row in RuleSetting.objects.filter(key=KEY):
        if not isinstance(row.value, dict) or FIELD in row.value:
            continue
        row.value = {**row.value, FIELD: DAYS}
        if row.court_id is None and NOTE not in row.description and len(row.description) + len(NOTE) <= 200:
            row.description += NOTE
        row.save(update_fields=["value", "description"])


def unseed(apps, schema_editor):
    RuleSetting = apps.get_model("core", "RuleSetting")
    for row in RuleSetting.objects.filter(key=KEY):
        if isinstance(row.value, dict) and FIELD in row.value:
            row.value = {k: v for k, v in row.value.items() if k != FIELD}
            row.description = row.description.replace(NOTE, "")
            row.save(update_fields=["value", "description"])


class Migration(migrations.Migration):
    dependencies = [("funds", "0009_relief"), ("core", "0007_audit_system_actor")]
    operations = [migrations.RunPython(seed, unseed)]
