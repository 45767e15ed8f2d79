"""Assessment rounds that cannot be fooled (issue 7): each indicator's unit and Chinese name written
into the round's settings (a rate is stored as a fraction of 1, an average in days), where each value
came from (the year's last bulletin, or an edit with its reason), and the chair's quorum decision.

Rounds made before this get the unit and name of their indicators from the nationwide definitions; their
values are left as they were, so a rate typed in per cent (47.4) is now refused when the round is
scored or published instead of scoring 100.
"""

from django.conf import settings
from django.db import migrations, models


def add_units(apps, schema_editor):
    Definition = apps.get_model("supervision", "IndicatorDefinition")
    Round = apps.get_model("supervision", "AssessmentRound")
    known = {}
    for key, name, kind in (
        Definition.objects.filter(court=None)
        .order_by("key", "-effective_from")
        .values_list("key", "name", "kind")
    ):
        known.setdefault(key, (name, kind))
    for rnd in Round.objects.all():
        config = {}
        for key, item in rnd.indicator_config.items():
            name, kind = known.get(key, (key, "average" if key.endswith("_days") else "rate"))
            config[key] = {
                **item,
                "name": item.get("name") or name,
                "unit": item.get("unit") or ("days" if kind == "average" else "rate"),
            }
        if config != rnd.indicator_config:
            rnd.indicator_config = config
            rnd.save(update_fields=["indicator_config"])


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0005_review_thresholds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="assessmentround",
            name="value_sources",
            field=models.JSONField(blank=True, default=dict, verbose_name="指标值来源"),
        ),
        migrations.AddField(
            model_name="assessmentround",
            name="quorum_reason",
            field=models.TextField(blank=True, verbose_name="法定人数决定理由"),
        ),
        migrations.AddField(
            model_name="assessmentround",
            name="quorum_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="作出法定人数决定的主持人",
            ),
        ),
        migrations.AddField(
            model_name="assessmentround",
            name="quorum_ballots",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="决定时已投票数"),
        ),
        migrations.RunPython(add_units, migrations.RunPython.noop),
    ]
