"""Seed relief's rule settings (zhixing.relief.settings_keys) as nationwide rows, each with its source;
a court overrides them in 规则参数."""

import datetime as dt

from django.db import migrations

SINCE = dt.date(2000, 1, 1)  # as the cases seed: in force for every date the platform holds

SETTINGS = [
    ("relief.small_amount", "50000.00", "专项行动“小额标的案件”的金额上限（元）", "rules §10.1.3（雄安“冀执利剑+”，地方规定）"),
    (
        "relief.government_words",
        ["人民政府", "管理委员会", "委员会", "局", "办事处", "街道"],
        "专项行动“涉党政机关被执行人案件”：被执行人单位名称含有的词",
        "rules §10.1.1（地方做法）",
    ),
    (
        "relief.soe_words",
        ["国有", "国资", "集团有限公司", "投资控股", "城市建设投资", "城投"],
        "专项行动“涉国有企业被执行人案件”：被执行人单位名称含有的词",
        "rules §10.1.1（地方做法）",
    ),
    ("relief.decision_working_days", 10, "司法救助申请的审批期限（工作日）", "rules §9.6（未经确认，如10个工作日）"),
]


def seed(apps, schema_editor):
    RuleSetting = apps.get_model("core", "RuleSetting")
    for key, value, desc, source in SETTINGS:
        RuleSetting.objects.get_or_create(
            key=key, effective_from=SINCE, court=None, defaults={"value": value, "description": desc, "source": source}
        )


def unseed(apps, schema_editor):
    apps.get_model("core", "RuleSetting").objects.filter(key__in=[s[0] for s in SETTINGS], court=None).delete()


class Migration(migrations.Migration):
    dependencies = [("relief", "0001_initial"), ("core", "0007_audit_system_actor")]
    operations = [migrations.RunPython(seed, unseed)]
