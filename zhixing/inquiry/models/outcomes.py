"""What a batch found per case (issue 10 item 7): one row per batch and case, written when the batch
finishes, never one per debtor × institution. It answers "were the 终本 re-inquiries empty?" (rules
§7.1.10 (4): two or more empty network queries after 终本, and no valid lead, decide the removal of a
dishonest listing) and is what the applicant is told after a re-inquiry (rules §2.3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .batches import InquiryBatch


class CaseInquiryOutcome(models.Model):
    batch = models.ForeignKey(InquiryBatch, on_delete=models.CASCADE, related_name="outcomes")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="inquiry_outcomes")
    found = models.BooleanField(_("查询到财产"))
    assets = models.PositiveIntegerField(_("财产数"), default=0)
    # Every institution answered (the batch was not partial): only a complete empty answer counts as
    # an empty query.
    complete = models.BooleanField(_("全部机构已答复"), default=True)
    # The case stood closed by 终本 when the batch finished: a re-inquiry (rules §2.3).
    after_termination = models.BooleanField(_("终本后查询"), default=False)
    finished_at = models.DateTimeField(_("完成时间"))

    class Meta:
        verbose_name = _("案件查询结果")
        verbose_name_plural = _("案件查询结果")
        constraints = [models.UniqueConstraint(fields=["batch", "case"], name="inquiry_outcome_once")]
        indexes = [models.Index(fields=["case", "finished_at"], name="inquiry_outcome_case")]

    def __str__(self) -> str:
        return f"{self.batch_id}/{self.case_id}: {'found' if self.found else 'empty'}"
