"""The named system actors of network inquiry and control: the connector (answers from institutions)
and the scheduled scans and re-inquiries. They hold no role; inquiry actions let them through by name."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.courts.actors import SystemActor

CONNECTOR = SystemActor("inquiry", _("系统·网络查控接口"))
REINQUIRY = SystemActor("reinquiry", _("系统·终本定期查询"))
MEASURE_SCAN = SystemActor("measure_scan", _("系统·查控到期扫描"))
