"""The voluntary-performance certificate (自动履行证明, rules §10.4): for a debtor who performed in full
before any coercive measure, after the applicant confirmed it; a documents PDF, verifiable by its QR
code on the public verification page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _user(label: Any) -> models.ForeignKey:
    """Who did a step: a user, or none when a named system actor did it (the audit log names it)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=label,
    )


class Certificate(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="certificates")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="certificates")
    applicant_confirmed_on = models.DateField(_("申请执行人确认日期"))
    confirmation = models.CharField(_("确认方式与内容"), max_length=300)
    recorded_by = _user(_("登记人"))
    issued_by = _user(_("签发人"))
    issued_on = models.DateField(_("签发日期"))
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("自动履行证明")
        verbose_name_plural = _("自动履行证明")
        constraints = [models.UniqueConstraint(fields=["case", "party"], name="credit_certificate_once")]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.party_id}"
