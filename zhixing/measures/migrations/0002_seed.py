"""Seed the process nodes of measures (the case timeline and the command centre's overdue watch): the
decision on a reward-notice application (10 days, rules §3.2), field cash handed to finance (the same
day, rules §5.3) and the police's decision on a referral (7 / 30 days, rules §10.3.3). Their deadlines
are set per case by the actions (cases.actions.open_node). Every number of this app is nationally
confirmed (measures/rules.py), so no rule setting is seeded."""

from django.db import migrations

MONEY = ["执", "执恢"]
KINDS = [
    # order, code, name, source
    (150, "reward_decision", "决定是否发布悬赏公告", "rules §3.2；财产调查规定第17、21条（10日内）"),
    (155, "cash_handover", "现场收取款项移交财务", "rules §5.3（当日移交）"),
    (160, "referral_decision", "公安机关作出是否立案决定", "rules §10.3.3；法发〔2025〕8号（7日，复杂30日）"),
]


def seed(apps, schema_editor):
    NodeKind = apps.get_model("cases", "NodeKind")
    for order, code, name, source in KINDS:
        NodeKind.objects.update_or_create(
            code=code,
            defaults=dict(order=order, name=name, anchor="", amount_setting="", unit="days",
                          created_on_filing=False, applies_to=MONEY, source=source),
        )


def unseed(apps, schema_editor):
    apps.get_model("cases", "NodeKind").objects.filter(code__in=[k[1] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_initial"), ("cases", "0010_party_phone_node_disclosed")]
    operations = [migrations.RunPython(seed, unseed)]
