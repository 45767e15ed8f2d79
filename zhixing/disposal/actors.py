"""The named system actors of disposal: the connector to the auction platforms (listing, results,
payments) and the daily scan (round deadlines, the distribution's objection window)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.courts.actors import SystemActor

PLATFORM = SystemActor("auction_platform", _("系统·网络司法拍卖平台接口"))
DISPOSAL_SCAN = SystemActor("disposal_scan", _("系统·财产处置扫描"))
