"""Seed the credit rule settings (zhixing.credit.settings_keys) as nationwide rows, each with its
source; a court overrides them in 规则参数."""

import datetime as dt

from django.db import migrations

SINCE = dt.date(2000, 1, 1)  # as the cases seed: in force for every date the platform holds

SETTINGS = [
    (
        "credit.otp",
        {"digits": 6, "ttl_seconds": 300, "max_attempts": 5, "resend_seconds": 60},
        "当事人服务一次性验证码：位数、有效期（秒）、最多错误次数、重发间隔（秒）",
        "issue 11 第5项（平台默认值，非全国性规定）",
    ),
    (
        "credit.default_grace_months",
        0,
        "纳入失信名单、限制消费前默认给予的宽限期（月，0为不给予；可设1–3）",
        "rules §7.2.6（法发〔2019〕35号）",
    ),
]


def seed(apps, schema_editor):
    RuleSetting = apps.get_model("core", "RuleSetting")
    for key, value, desc, source in SETTINGS:
        RuleSetting.objects.get_or_create(
            key=key, effective_from=SINCE, court=None, defaults={"value": value, "description": desc, "source": source}
        )


class Migration(migrations.Migration):
    dependencies = [("credit", "0002_public_search_indexes"), ("core", "0007_audit_system_actor")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
