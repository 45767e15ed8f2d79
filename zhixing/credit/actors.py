"""The named system actors of credit measures: the daily scan (publication after the grace period,
term expiry, removal triggers the platform sees) and the push connector."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.courts.actors import SystemActor

CREDIT_SCAN = SystemActor("credit_scan", _("系统·信用惩戒扫描"))
PUSH = SystemActor("credit_push", _("系统·名单推送"))
