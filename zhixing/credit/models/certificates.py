"""The voluntary-performance certificate (自动履行证明, rules §10.4): for a debtor who performed in full
before any coercive measure, after the applicant confirmed it; a documents PDF, verifiable by its QR
code on the public verification page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

_USER = {"null": True, "blank": True, "on_delete": models.PROTECT, "related_name": "+", "to": settings.AUTH_USER_MODEL}


class Certificate(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="certificates")
    party = models.ForeignKey("cases.Party", on_delete=models.PROTECT, related_name="certificates")
    applicant_confirmed_on = models.DateField(_("申请执行人确认日期"))
    confirmation = models.CharField(_("确认方式与内容"), max_length=300)
    recorded_by = models.ForeignKey(verbose_name=_("登记人"), **_USER)
    issued_by = models.ForeignKey(verbose_name=_("签发人"), **_USER)
    issued_on = models.DateField(_("签发日期"))
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("自动履行证明")
        verbose_name_plural = _("自动履行证明")
        constraints = [models.UniqueConstraint(fields=["case", "party"], name="credit_certificate_once")]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.party_id}"
