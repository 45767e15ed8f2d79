"""Seed disposal.wage_first (zhixing.disposal.settings_keys.WAGE_FIRST) as a nationwide row: migrant-worker
wage claims are paid first among the ordinary claims of a distribution (rules §10.1 wage priority, "where
the law allows"; local practice, not confirmed nationally, so a setting a court may turn off). Written out
here so the migration keeps its meaning."""

import datetime as dt

from django.db import migrations

KEY = "disposal.wage_first"


def seed(apps, schema_editor):
    apps.get_model("core", "RuleSetting").objects.get_or_create(
        key=KEY,
        effective_from=dt.date(2000, 1, 1),
        court=None,
        defaults={
            "value": True,
            "description": "参与分配时农民工工资债权在普通债权中优先受偿（true/false）",
            "source": "rules §10.1（农民工工资优先，地方做法，未经全国确认，平台默认开启）",
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("core", "RuleSetting").objects.filter(key=KEY, court=None).delete()


class Migration(migrations.Migration):
    dependencies = [("disposal", "0002_seed"), ("core", "0007_audit_system_actor")]
    operations = [migrations.RunPython(seed, unseed)]
