"""The outside institutions the platform queries and controls through (rules §6.10)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import rules


class Institution(models.Model):
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    LINKS = [(NATIONAL, _("总对总")), (PROVINCIAL, _("点对点"))]

    code = models.CharField(_("机构代码"), max_length=32, unique=True)
    name = models.CharField(_("机构名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=16, choices=rules.INSTITUTION_KINDS)
    link = models.CharField(_("连接方式"), max_length=10, choices=LINKS, default=NATIONAL)
    # The province a point-to-point link belongs to: the high court's code (冀).
    province = models.CharField(_("省份"), max_length=10, blank=True)
    url = models.CharField(_("接口地址"), max_length=200)
    # Raw 32-byte Ed25519 key, base64 (PROTOCOL.md): recorded at registration, never taken from an answer.
    public_key = models.CharField(_("公钥"), max_length=64)
    supports_query = models.BooleanField(_("支持查询"), default=True)
    supports_freeze = models.BooleanField(_("支持冻结/查封/扣押"), default=True)
    supports_renew = models.BooleanField(_("支持续行"), default=True)
    supports_release = models.BooleanField(_("支持解除"), default=True)
    supports_deduct = models.BooleanField(_("支持扣划"), default=False)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("查控机构")
        verbose_name_plural = _("查控机构")

    def __str__(self) -> str:
        return self.name

    def supports(self, action: str) -> bool:
        return bool(getattr(self, f"supports_{action}", False))
