import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # The annual assessment (述职评议). 0002 (indicators and bulletins) is written in parallel; this
    # migration depends only on 0001 and the coordinator orders the two when merging.
    dependencies = [
        ("courts", "0001_initial"),
        ("supervision", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="AssessmentRound",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="考核年度")),
                ("title", models.CharField(max_length=100, verbose_name="名称")),
                ("held_on", models.DateField(verbose_name="述职评议会日期")),
                ("assessment_weight", models.DecimalField(decimal_places=3, max_digits=4, verbose_name="考核得分权重")),
                ("review_weight", models.DecimalField(decimal_places=3, max_digits=4, verbose_name="评议得分权重")),
                ("indicator_config", models.JSONField(default=dict, verbose_name="指标权重与目标值")),
                ("indicator_values", models.JSONField(default=dict, verbose_name="指标实际值")),
                ("grading", models.JSONField(default=dict, verbose_name="等次评定规则")),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "筹备中"), ("voting", "投票中"), ("published", "已公布")],
                        default="draft",
                        max_length=10,
                        verbose_name="状态",
                    ),
                ),
                ("panel_size", models.PositiveSmallIntegerField(default=0, verbose_name="评议组人数")),
                ("salt", models.CharField(editable=False, max_length=64)),
                ("results", models.JSONField(blank=True, editable=False, null=True, verbose_name="公布结果")),
                ("result_pdf", models.BinaryField(blank=True, null=True, verbose_name="结果 PDF")),
                (
                    "result_sha256",
                    models.CharField(blank=True, editable=False, max_length=64, verbose_name="结果 PDF 指纹"),
                ),
                ("published_on", models.DateField(blank=True, null=True, verbose_name="公布日期")),
                (
                    "court",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assessment_rounds",
                        to="courts.court",
                        verbose_name="组织法院",
                    ),
                ),
                ("courts", models.ManyToManyField(related_name="+", to="courts.court", verbose_name="被考核法院")),
            ],
            options={"verbose_name": "述职评议", "verbose_name_plural": "述职评议", "ordering": ["-year", "court"]},
        ),
        migrations.CreateModel(
            name="AssessmentVote",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("score", models.PositiveSmallIntegerField(verbose_name="评议得分")),
                (
                    "court",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="courts.court"
                    ),
                ),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="votes",
                        to="supervision.assessmentround",
                    ),
                ),
            ],
            options={
                "verbose_name": "评议票",
                "verbose_name_plural": "评议票",
                "ordering": ["round", "court", "score"],
            },
        ),
        migrations.CreateModel(
            name="BallotCode",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code_hash", models.CharField(max_length=64)),
                ("used", models.BooleanField(default=False)),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="codes",
                        to="supervision.assessmentround",
                    ),
                ),
            ],
            options={"verbose_name": "投票码", "verbose_name_plural": "投票码"},
        ),
        migrations.AddConstraint(
            model_name="assessmentround",
            constraint=models.UniqueConstraint(fields=("court", "year", "title"), name="assessment_round_unique"),
        ),
        migrations.AddConstraint(
            model_name="assessmentvote",
            constraint=models.CheckConstraint(condition=models.Q(score__lte=100), name="assessment_vote_score_range"),
        ),
        migrations.AddConstraint(
            model_name="ballotcode",
            constraint=models.UniqueConstraint(fields=("round", "code_hash"), name="ballot_code_unique"),
        ),
    ]
