"""Seed the case-funds rule settings (zhixing.funds.settings_keys) as nationwide rows, each with its
source; a court overrides them in 规则参数."""

import datetime as dt

from django.db import migrations

SINCE = dt.date(2000, 1, 1)  # as the cases seed: in force for every date the platform holds

SETTINGS = [
    (
        "funds.payout_policy",
        {"working_days": 15, "small_amount": None, "small_working_days": None, "outer_days": 30, "resume_days": 10},
        "案款发放期限：可发放之日起15个工作日，且不超过到账通知后30日；暂存结束后10日内发放",
        "addendum §1.2.2、§1.1.1、§1.1.2；湖北：10个工作日，5万元以下5个工作日（rules §5.7）",
    ),
    ("funds.claim_working_days", 3, "不明款认领期限（工作日）", "rules §5.9、addendum §1.4.3（地方规定）"),
    (
        "funds.payout_approvals",
        [
            {"above": "0", "roles": ["judge"]},
            {"above": "100000.00", "roles": ["judge", "leader"]},
            {"above": "1000000.00", "roles": ["judge", "leader", "leader"]},
        ],
        "案款发放审批环节（按金额分档）",
        "rules §5.9、addendum §1.4.4–1.4.5（地方规定）",
    ),
    ("funds.allocation_method", "in_order", "多个申请执行人之间的分配顺序", "rules §5.15"),
    ("funds.no_amount_fee", "50.00", "无执行金额案件的执行申请费", "rules §2.1.12"),
]


def seed(apps, schema_editor):
    RuleSetting = apps.get_model("core", "RuleSetting")
    for key, value, desc, source in SETTINGS:
        RuleSetting.objects.get_or_create(
            key=key, effective_from=SINCE, court=None, defaults={"value": value, "description": desc, "source": source}
        )


class Migration(migrations.Migration):
    dependencies = [("funds", "0001_ledger"), ("core", "0007_audit_system_actor")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
