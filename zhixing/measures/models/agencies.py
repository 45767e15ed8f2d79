"""The agencies measures talk to over HTTP (ARCHITECTURE §8): the public-security bureau that receives
referrals (拒执罪移送), and the exit-and-entry administration that enforces an exit ban (限制出境). Each
is a row an administrator configures, with its address and the key its signed answers verify under."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    POLICE, BORDER = "police", "border"
    KINDS = [(POLICE, _("公安机关")), (BORDER, _("出入境管理机关"))]

    code = models.CharField(_("单位代码"), max_length=32, unique=True)
    name = models.CharField(_("单位名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=10, choices=KINDS)
    url = models.CharField(_("接口地址"), max_length=200, blank=True)
    public_key = models.CharField(_("公钥"), max_length=64, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("协作机关")
        verbose_name_plural = _("协作机关")

    def __str__(self) -> str:
        return self.name
