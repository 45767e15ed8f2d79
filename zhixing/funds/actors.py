"""The named system actors of case funds: the bank's connector (its notifications and replies) and
the statement import. They hold no role; funds actions let them through by name."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.courts.actors import SystemActor

BANK = SystemActor("bank", _("系统·银行接口"))
STATEMENT = SystemActor("statement", _("系统·对账单导入"))
