"""The named system actors of measures: the daily scan (detention release, questioning limits, cash not
handed over, the referral clocks)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.courts.actors import SystemActor

MEASURES_SCAN = SystemActor("measures_scan", _("系统·强制措施与移送扫描"))
