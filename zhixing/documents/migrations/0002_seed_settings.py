"""Seed the rule settings the document templates read, with their sources."""

import datetime

from django.db import migrations

SINCE = datetime.date(2000, 1, 1)

SETTINGS = [
    ("documents.execution_notice.perform_days", 0,
     "执行通知书责令履行的期限（日；0 为立即履行）", "rules §3.2；民诉法第251条（可立即采取强制执行措施）"),
    ("documents.property_report_order.report_days", 5,
     "报告财产令责令报告财产的期限（日）", "财产调查规定第4条（期限由法院确定）；平台默认，可配置"),
]


def seed(apps, schema_editor):
    RuleSetting = apps.get_model("core", "RuleSetting")
    for key, value, desc, source in SETTINGS:
        RuleSetting.objects.get_or_create(
            key=key, effective_from=SINCE, court=None, defaults={"value": value, "description": desc, "source": source}
        )


def unseed(apps, schema_editor):
    RuleSetting = apps.get_model("core", "RuleSetting")
    RuleSetting.objects.filter(key__in=[s[0] for s in SETTINGS], effective_from=SINCE, court=None).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_document"), ("core", "0002_initial")]
    operations = [migrations.RunPython(seed, unseed)]
