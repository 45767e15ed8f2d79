"""The annual assessment (述职评议): a round, its one-time ballot codes and the secret votes.

Secrecy is a property of the schema, not of the code that uses it: a ballot code row holds only a keyed
hash and a used flag (no time it was used), and a vote row holds the round, the court voted on and the
score, under a random primary key, with no foreign key to a code, no ballot number and no timestamp.
Nothing in the database says which member holds which code, nor which code cast which vote.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AssessmentRound", "BallotCode", "AssessmentVote"]


class AssessmentRound(models.Model):
    """One year's assessment of the intermediate courts below a high court.

    The configuration is JSON so that a high court can change weights, targets and grades without a
    migration; zhixing.supervision.assessment.rules validates and reads it."""

    DRAFT = "draft"
    VOTING = "voting"
    PUBLISHED = "published"
    STATUSES = [(DRAFT, _("筹备中")), (VOTING, _("投票中")), (PUBLISHED, _("已公布"))]

    court = models.ForeignKey(
        "courts.Court", on_delete=models.PROTECT, related_name="assessment_rounds", verbose_name=_("组织法院")
    )
    year = models.PositiveSmallIntegerField(_("考核年度"))
    title = models.CharField(_("名称"), max_length=100)
    held_on = models.DateField(_("述职评议会日期"))
    courts = models.ManyToManyField("courts.Court", related_name="+", verbose_name=_("被考核法院"))
    assessment_weight = models.DecimalField(_("考核得分权重"), max_digits=4, decimal_places=3)
    review_weight = models.DecimalField(_("评议得分权重"), max_digits=4, decimal_places=3)
    # {indicator_key: {"name": "结案率", "unit": "rate"|"days", "weight": "0.4", "target": "0.9",
    #  "direction": "higher"|"lower"}}. Stored units (rules.py): a rate, its target and every weight
    # as a fraction of 1, an average in days; pages show and take per cent.
    indicator_config = models.JSONField(_("指标权重与目标值"), default=dict)
    # {court_code: {indicator_key: "0.93"}}, stored units: filled from the year's last bulletin, or
    # edited by a leader or an administrator with a reason.
    indicator_values = models.JSONField(_("指标实际值"), default=dict)
    # {court_code: {indicator_key: {"source": "bulletin", "week": "2025-W52", "bulletin": 7} |
    #  {"source": "edited", "reason": "…", "by": "周管理"}}}: where each value came from.
    value_sources = models.JSONField(_("指标值来源"), default=dict, blank=True)
    # {"mode": "thresholds"|"quota", "grades": [{"name", "min", "share"?}], "fallback": "不合格"}
    grading = models.JSONField(_("等次评定规则"), default=dict)
    status = models.CharField(_("状态"), max_length=10, choices=STATUSES, default=DRAFT)
    panel_size = models.PositiveSmallIntegerField(_("评议组人数"), default=0)
    # The key of the code hashes. Kept secret from pages and the API: with it and the hashes, a guess at
    # a code can be checked offline (still 2^59 guesses for a 12-character code).
    salt = models.CharField(max_length=64, editable=False)
    # The chair's decision that the ballots cast suffice although not every code was used.
    quorum_reason = models.TextField(_("法定人数决定理由"), blank=True)
    quorum_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("作出法定人数决定的主持人"),
    )
    quorum_ballots = models.PositiveSmallIntegerField(_("决定时已投票数"), null=True, blank=True)
    results = models.JSONField(_("公布结果"), null=True, blank=True, editable=False)
    result_pdf = models.BinaryField(_("结果 PDF"), null=True, blank=True, editable=False)
    result_sha256 = models.CharField(_("结果 PDF 指纹"), max_length=64, blank=True, editable=False)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "court"]
        verbose_name = _("述职评议")
        verbose_name_plural = _("述职评议")
        constraints = [
            models.UniqueConstraint(fields=["court", "year", "title"], name="assessment_round_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class BallotCode(models.Model):
    """One printed one-time code, known to the platform only by its keyed hash."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("投票码")
        verbose_name_plural = _("投票码")
        constraints = [
            models.UniqueConstraint(fields=["round", "code_hash"], name="ballot_code_unique"),
        ]


class AssessmentVote(models.Model):
    """One panel member's score for one court. The random key keeps the order of the keys from telling
    which votes came in together; there is deliberately no link to the code and no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="votes")
    court = models.ForeignKey("courts.Court", on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("评议得分"))

    class Meta:
        ordering = ["round", "court", "score"]
        verbose_name = _("评议票")
        verbose_name_plural = _("评议票")
        constraints = [
            models.CheckConstraint(condition=models.Q(score__lte=100), name="assessment_vote_score_range"),
        ]
