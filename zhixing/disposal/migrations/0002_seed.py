"""Seed disposal's rule settings (zhixing.disposal.settings_keys) as nationwide rows, and its process
nodes (the case timeline and the command centre's overdue watch): seizure → reference price → auction
→ confirmation → transfer → payout. Deadlines of the timed ones are set per disposal by the actions
(cases.actions.open_node), from the seizure, the failure or the ruling they count from."""

import datetime as dt

from django.db import migrations

SINCE = dt.date(2000, 1, 1)

SETTINGS = [
    ("disposal.price_objection_days", 5, "当事人对评估、询价报告提出异议的期限（日）", "法释〔2018〕15号 第22条（shared/domain 未确认，平台默认）"),
    ("disposal.valuation_days", 30, "评估机构出具评估报告期限（日）", "shared/domain 未确认，平台默认"),
    ("disposal.directed_days", 3, "定向询价出具结果期限（日）", "shared/domain 未确认，平台默认"),
    ("disposal.sale", {"notice_days": 15, "period_days": 60, "price_ratio": "1.00"},
     "网络变卖：公告期（日）、变卖期（日）、变卖价相对第二次拍卖起拍价的比例", "rules §8.13（数字未确认，平台默认）"),
    ("disposal.balance_days", 15, "买受人缴纳余款期限（日，拍卖公告载明）", "平台默认"),
]

MONEY = ["执", "执恢"]
KINDS = [
    # order, code, name, source
    (110, "disposal_reference_price", "启动确定财产处置参考价", "rules §3.2；法释〔2018〕15号 第1条（查封后30日内）"),
    (120, "auction_notice", "发布网络司法拍卖公告", "rules §8.5"),
    (125, "reauction", "流拍后再次拍卖", "rules §8.12（30日内）"),
    (130, "auction_confirmation", "作出成交确认裁定", "rules §8.10"),
    (135, "transfer_assistance", "向登记机关发出协助过户通知书", "rules §3.2（5日内）"),
    (140, "proceeds_payout", "发放处置价款", "addendum §1.2"),
    (145, "property_undisposable", "财产依法不能处置", "addendum §2.2（终本规定第4条）"),
]


def seed(apps, schema_editor):
    RuleSetting = apps.get_model("core", "RuleSetting")
    NodeKind = apps.get_model("cases", "NodeKind")
    for key, value, desc, source in SETTINGS:
        RuleSetting.objects.get_or_create(
            key=key, effective_from=SINCE, court=None, defaults={"value": value, "description": desc, "source": source}
        )
    for order, code, name, source in KINDS:
        NodeKind.objects.update_or_create(
            code=code,
            defaults=dict(order=order, name=name, anchor="", amount_setting="", unit="days",
                          created_on_filing=False, applies_to=MONEY, source=source),
        )


def unseed(apps, schema_editor):
    apps.get_model("cases", "NodeKind").objects.filter(code__in=[k[1] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("disposal", "0001_initial"), ("cases", "0010_party_phone_node_disclosed"), ("core", "0007_audit_system_actor")]
    operations = [migrations.RunPython(seed, unseed)]
