"""Seed the node catalogue (rules §3.2) and the rule settings this app reads, with their sources."""

import datetime

from django.db import migrations

SINCE = datetime.date(2000, 1, 1)

SETTINGS = [
    ("node.assign_handler.days", 7, "分配承办人期限（日）", "rules §3.2；法发〔2006〕35号 第2条"),
    ("node.execution_notice.days", 3, "承办人收到案件后发出执行通知书期限（日）", "rules §3.2；法发〔2006〕35号 第4条（民诉解释第480条为10日）"),
    ("node.property_report_order.days", 3, "报告财产令与执行通知书同时发出（日）", "rules §3.2；财产调查规定 第3条"),
    ("node.ask_applicant_leads.days", 3, "告知申请执行人提供财产线索期限（日）", "rules §3.2；法发〔2006〕35号 第5条"),
    ("node.first_network_inquiry.days", 5, "首次网络查控期限（日）", "rules §3.2；焦作地方规定，全国未见（可配置）"),
    ("node.property_investigation.months", 1, "完成财产调查期限（月）", "rules §3.2；法发〔2006〕35号 第7条"),
    ("node.due_soon_days", 3, "期限届满前多少日内为“临期”", "平台默认，可配置"),
    ("period.statutory_months", 6, "执行期限（月）", "rules §3.1.1"),
    ("period.statutory_months_non_litigation", 3, "非诉执行案件执行期限（月）", "rules §3.1.1"),
    ("closing.ttr_min_months", 3, "终本须自立案起超过的月数", "rules §2.3 第1条第4项"),
    ("closing.reinquiry_interval_months", 6, "终本后定期查询间隔（月）", "rules §2.3 终本规定第9条"),
    ("closing.reinquiry_years", 5, "终本后定期查询年限（年）", "rules §2.3 终本规定第9条"),
    ("closing.approver_roles", {"default": ["judge", "leader"]}, "结案审批角色", "rules §2.3、§12"),
    ("calendar.roll_to_working_day", True, "期间最后一日为节假日的顺延至其后第一个工作日", "rules §14.1（民诉法第85条）"),
    ("cause.livelihood", ["追索劳动报酬", "劳务合同", "劳动争议", "劳动合同", "赡养", "抚养", "扶养", "抚育费",
                          "机动车交通事故责任", "生命权", "健康权", "身体权", "医疗损害", "人身损害"],
     "涉民生案由（含以下字样）", "rules §10.1（可配置）"),
    ("cause.migrant_wage", ["追索劳动报酬", "劳务合同", "拖欠农民工工资"], "涉农民工工资案由（含以下字样）", "rules §10.1（可配置）"),
]

IMPL = ["执", "执恢", "执保"]
MONEY = ["执", "执恢"]
KINDS = [
    # order, code, name, anchor, amount setting, unit, created on filing, applies to, source
    (10, "assign_handler", "分配承办人", "filed", "node.assign_handler.days", "days", True, IMPL, "rules §3.2"),
    (20, "execution_notice", "发出执行通知书", "handler_assigned", "node.execution_notice.days", "days", True, MONEY, "rules §3.2"),
    (30, "property_report_order", "发出报告财产令", "handler_assigned", "node.property_report_order.days", "days", True, MONEY, "rules §3.2"),
    (40, "ask_applicant_leads", "告知申请执行人提供财产线索", "handler_assigned", "node.ask_applicant_leads.days", "days", True, MONEY, "rules §3.2"),
    (50, "first_network_inquiry", "首次网络查控", "filed", "node.first_network_inquiry.days", "days", True, IMPL, "rules §3.2"),
    (60, "property_investigation", "完成财产调查", "handler_assigned", "node.property_investigation.months", "months", True, MONEY, "rules §3.2"),
    (70, "consumption_restriction", "发出限制消费令", "", "", "days", False, MONEY, "rules §2.3、§7.2"),
    (80, "dishonest_listing", "纳入失信被执行人名单", "", "", "days", False, MONEY, "rules §2.3、§7.1"),
    (81, "dishonest_not_applicable", "经审查不符合纳入失信名单条件", "", "", "days", False, MONEY, "rules §2.3"),
    (90, "debtor_conduct_handled", "查找被执行人及处理妨害执行行为", "", "", "days", False, MONEY, "rules §2.3 第1条第5项"),
    (200, "reinquiry", "终本后定期网络查询", "", "closing.reinquiry_interval_months", "months", False, MONEY, "rules §2.3 终本规定第9条"),
]


def seed(apps, schema_editor):
    RuleSetting = apps.get_model("core", "RuleSetting")
    NodeKind = apps.get_model("cases", "NodeKind")
    for key, value, desc, source in SETTINGS:
        RuleSetting.objects.get_or_create(
            key=key, effective_from=SINCE, court=None, defaults={"value": value, "description": desc, "source": source}
        )
    for order, code, name, anchor, setting, unit, on_filing, applies, source in KINDS:
        NodeKind.objects.update_or_create(
            code=code,
            defaults=dict(order=order, name=name, anchor=anchor, amount_setting=setting, unit=unit,
                          created_on_filing=on_filing, applies_to=applies, source=source),
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial"), ("core", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
