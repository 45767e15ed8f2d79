"""Seed the thresholds of the quarterly review (约谈): a court whose own figure is below "min" (or above
"max") on an indicator is listed. Nationwide defaults, editable in the admin ("规则参数") and
overridable per high court like every rule setting. Written out here so the migration keeps its
meaning."""

import datetime as dt

from django.db import migrations

KEY = "supervision.review_thresholds"
VALUE = {
    "closure_rate": {"min": 0.6},
    "statutory_period_rate": {"min": 0.8},
    "actual_execution_rate": {"min": 0.3},
    "realization_rate": {"min": 0.3},
    "average_days": {"max": 180},
}


def seed(apps, schema_editor):
    RuleSetting = apps.get_model("core", "RuleSetting")
    RuleSetting.objects.get_or_create(
        key=KEY,
        effective_from=dt.date(2000, 1, 1),
        court=None,
        defaults={
            "value": VALUE,
            "description": "季度约谈阈值：本院指标低于 min 或高于 max 时列入约谈名单",
            "source": "省院执行局考核办法（各院可另行设置）",
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("core", "RuleSetting").objects.filter(key=KEY, court=None).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0004_seed_indicator_definitions"), ("core", "0003_seed_holidays")]
    operations = [migrations.RunPython(seed, unseed)]
