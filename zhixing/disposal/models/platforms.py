"""The online judicial-auction platforms on the SPC list (rules §8.2), each registered with its address
and the Ed25519 key its signed messages are verified under (ARCHITECTURE §8)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.Model):
    code = models.CharField(_("平台代码"), max_length=20, unique=True)
    name = models.CharField(_("平台名称"), max_length=60)
    url = models.URLField(_("接口地址"), max_length=200)
    public_key = models.CharField(_("验签公钥"), max_length=64)
    active = models.BooleanField(_("在名单库内"), default=True)
    registered_at = models.DateTimeField(_("登记时间"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("网络司法拍卖平台")
        verbose_name_plural = _("网络司法拍卖平台")

    def __str__(self) -> str:
        return self.name
