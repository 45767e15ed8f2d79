"""Field evidence (photos, body-camera files, scans): bytes under $ZHIXING_DATA_DIR/evidence/ with their
SHA-256 fingerprint, time and officer. Never edited and never deleted: a wrong file is superseded by
another with a reason, and `zhixing check` proves every file still has its fingerprint."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import rules
from .operations import FieldRecord, Operation


class EvidenceQuerySet(models.QuerySet):
    def delete(self):  # type: ignore[override]
        raise models.ProtectedError(str(_("证据不能删除，只能以新证据替代并说明理由")), set(self))


class Evidence(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="evidence")
    operation = models.ForeignKey(
        Operation, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    record = models.ForeignKey(
        FieldRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=rules.EVIDENCE_KINDS)
    title = models.CharField(_("说明"), max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    # Relative to $ZHIXING_DATA_DIR/evidence/, named by the fingerprint so nothing is overwritten.
    path = models.CharField(_("存储路径"), max_length=200, unique=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("字节数"))
    content_type = models.CharField(_("文件类型"), max_length=100)
    taken_at = models.DateTimeField(_("拍摄或形成时间"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"))
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    supersede_reason = models.CharField(_("替代理由"), max_length=200, blank=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("证据")
        verbose_name_plural = _("证据")
        ordering = ["taken_at", "id"]
        indexes = [models.Index(fields=["case", "taken_at"], name="evidence_case_taken")]

    def __str__(self) -> str:
        return f"{self.title}（{self.sha256[:12]}）"

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise models.ProtectedError(str(_("证据不能删除，只能以新证据替代并说明理由")), {self})
