"""Seed the inquiry rule settings (zhixing.inquiry.settings_keys) as nationwide rows, each with its
source; a court overrides them in 规则参数."""

import datetime as dt

from django.db import migrations

SINCE = dt.date(2000, 1, 1)  # as the cases seed: in force for every date the platform holds

SETTINGS = [
    (
        "inquiry.max_term_days",
        {"deposit": 365, "movable": 730, "real_estate": 1095, "other_right": 1095},
        "查控措施最长期限（日）：存款1年，动产2年，不动产及其他财产权3年；每次续行不超过同一期限",
        "rules §6.8（解释第485条；查扣冻规定第27条）",
    ),
    ("inquiry.renewal_lead_days", 30, "查控措施到期前提醒续行的天数", "issue 10；rules §3.2（委托执行前不足1个月须续行）"),
    (
        "inquiry.retry",
        {"base_seconds": 2, "cap_seconds": 600, "max_attempts": 10, "poll_seconds": 1},
        "查控指令重试：首次间隔、最长间隔（秒，指数退避）、最多尝试次数、轮询回执间隔",
        "ARCHITECTURE §8",
    ),
    ("inquiry.chunk_size", 1000, "每个查询请求所含被执行人数（不超过1000）", "issue 10 第3项；rules §6.10"),
]


def seed(apps, schema_editor):
    RuleSetting = apps.get_model("core", "RuleSetting")
    for key, value, desc, source in SETTINGS:
        RuleSetting.objects.get_or_create(
            key=key, effective_from=SINCE, court=None, defaults={"value": value, "description": desc, "source": source}
        )


class Migration(migrations.Migration):
    dependencies = [("inquiry", "0001_initial"), ("core", "0007_audit_system_actor")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
