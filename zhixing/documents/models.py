"""Issued legal documents (法律文书): the PDF as issued, its fingerprint and its verification code."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import rules


def pdf_path(document: Document, filename: str) -> str:
    return f"documents/{document.case_id}/{filename}"


class Document(models.Model):
    """One issued document. Never edited after issue: issuing the same kind again makes a new row with
    the next `version`, so every PDF ever handed out stays verifiable.

    `kind` holds a code of `rules.KINDS`; it has no database choices so that adding a kind needs no
    migration."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="documents", verbose_name=_("案件")
    )
    kind = models.CharField(_("文书种类"), max_length=40)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    number = models.CharField(_("文书编号"), max_length=80, unique=True)
    issued_on = models.DateField(_("签发日期"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("签发人"),
    )
    pdf = models.FileField(_("PDF 文件"), upload_to=pdf_path, max_length=200)
    sha256 = models.CharField(_("SHA-256 指纹"), max_length=64)
    verification_code = models.CharField(_("核验码"), max_length=19, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "kind", "version"]
        verbose_name = _("法律文书")
        verbose_name_plural = _("法律文书")
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "version"], name="document_unique_version"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def title(self) -> str:
        return rules.kind_title(self.kind)
