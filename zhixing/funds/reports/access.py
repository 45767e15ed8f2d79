"""Who may read the funds reports of a court: finance, the court's leaders and the command centre (a
role on the court or above it, as every funds permission)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from zhixing.cases.actions.common import passes, require_role
from zhixing.courts import rules as court_rules

REPORT_ROLES = (court_rules.FINANCE, court_rules.LEADER, court_rules.COMMAND)


def check_read_report(user: Any, court: Any) -> None:
    require_role(user, REPORT_ROLES, court, _("查看案款对账报表"))


def may_read_report(user: Any, court: Any) -> bool:
    return passes(check_read_report, user, court)


RECONCILING_ROLES = (court_rules.FINANCE,)


def check_reconcile(user: Any, court: Any) -> None:
    require_role(user, RECONCILING_ROLES, court, _("核对银行对账单"))


def may_reconcile(user: Any, court: Any) -> bool:
    return passes(check_reconcile, user, court)
