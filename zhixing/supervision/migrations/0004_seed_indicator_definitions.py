"""Seed the default indicator definitions of shared/domain/indicators.md (nationwide, court NULL).

The list is written out here, not imported, so that this migration keeps meaning what it meant when it
ran. Also the merge point of 0002_indicators and 0003_assessment, which both follow 0001.
"""

import datetime as dt

from django.db import migrations

FIRST = ["执"]
CLOSED = {"set": "closed"}
NOT_REFUSED = {"not": {"closure_method": ["refused", "rejected"]}}


def _closed_with(*methods):
    return {"set": "closed", "where": {"closure_method": list(methods)}}


# (key, name, kind, scope, numerator, denominator, date_field, higher_is_better)
DEFAULTS = [
    ("received", "新收", "count", FIRST, {"set": "received"}, None, "filed_on", True),
    ("carried_over", "旧存", "count", FIRST, {"set": "carried_over"}, None, "filed_on", True),
    ("accepted", "受理", "count", FIRST, {"set": "accepted"}, None, "filed_on", True),
    ("closed", "已结", "count", FIRST, CLOSED, None, "closed_on", True),
    ("pending", "未结", "count", FIRST, {"set": "pending"}, None, "closed_on", True),
    ("closure_rate", "结案率", "rate", FIRST, CLOSED, {"set": "accepted"}, "closed_on", True),
    ("completion_rate", "执行完毕率", "rate", FIRST, _closed_with("completed"), CLOSED, "closed_on", True),
    (
        "termination_rate",
        "终本率",
        "rate",
        FIRST,
        _closed_with("terminated_this_round"),
        CLOSED,
        "closed_on",
        False,
    ),
    (
        "actual_execution_rate",
        "实际执结率",
        "rate",
        FIRST,
        {
            "set": "closed",
            "where": {
                "any": [
                    {"closure_method": ["completed"]},
                    {"closure_method": ["terminated"], "realized_amount": {">": 0}},
                ]
            },
        },
        CLOSED,
        "closed_on",
        True,
    ),
    (
        "realization_rate",
        "执行到位率",
        "rate",
        FIRST,
        {"set": "closed", "where": NOT_REFUSED, "measure": {"sum": "realized_amount"}},
        {"set": "closed", "where": NOT_REFUSED, "measure": {"sum": "applied_amount"}},
        "closed_on",
        True,
    ),
    (
        "statutory_period_rate",
        "法定期限内结案率",
        "rate",
        FIRST,
        {"set": "closed", "where": {"closed_on": {"<=": {"column": "statutory_due_on"}}}},
        CLOSED,
        "closed_on",
        True,
    ),
    (
        "average_days",
        "平均结案用时（天）",
        "average",
        FIRST,
        {"set": "closed", "measure": {"sum": "days_to_close"}},
        CLOSED,
        "closed_on",
        False,
    ),
    (
        "resumed_completion_rate",
        "执行完毕率（执恢）",
        "rate",
        ["执恢"],
        _closed_with("completed"),
        CLOSED,
        "closed_on",
        True,
    ),
    (
        "realized_amount",
        "执行到位金额",
        "amount",
        FIRST,
        {"set": "closed", "where": NOT_REFUSED, "measure": {"sum": "realized_amount"}},
        None,
        "closed_on",
        True,
    ),
    (
        "long_pending",
        "长期未结案件",
        "count",
        FIRST,
        {"set": "pending", "where": {"filed_more_than_months_before_end": 6}},
        None,
        "closed_on",
        False,
    ),
    (
        "overdue_nodes",
        "超期节点",
        "count",
        FIRST,
        {"set": "all", "measure": {"sum": "overdue_nodes"}},
        None,
        "closed_on",
        False,
    ),
]


def seed(apps, schema_editor):
    IndicatorDefinition = apps.get_model("supervision", "IndicatorDefinition")
    for i, (key, name, kind, scope, num, den, date_field, better) in enumerate(DEFAULTS):
        IndicatorDefinition.objects.create(
            key=key,
            name=name,
            kind=kind,
            scope=scope,
            numerator=num,
            denominator=den,
            date_field=date_field,
            higher_is_better=better,
            court=None,
            effective_from=dt.date(2000, 1, 1),
            position=(i + 1) * 10,
        )


def unseed(apps, schema_editor):
    apps.get_model("supervision", "IndicatorDefinition").objects.filter(court=None).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0002_indicators"), ("supervision", "0003_assessment")]
    operations = [migrations.RunPython(seed, unseed)]
