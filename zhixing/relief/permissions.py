"""Who may do what in relief (ARCHITECTURE §10): one predicate per action, enforced by the action and
asked by every page and API view before offering it.

- Campaigns: the command centre or a leader of the organising court sets one up; the command centre or
  leader of a court taking part enrols its cases by hand (and the case's handler may ask for it).
- Settlement: the case's handler, or a judge or leader of its court, records it, resumes after a breach
  and records a suit on the agreement.
- Relief: the filing division (or the case's handler) registers the application; the president (a
  court leader) decides it, never the person who registered it; finance pays it and books recovery.
- The province's wage table: an administrator, or the operator's command line (the CLI actor).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from zhixing.cases.actions.common import ActionError, require_role
from zhixing.cases.actions.common import passes as _passes
from zhixing.cases.models import Case
from zhixing.core import permissions as core_permissions
from zhixing.courts import rules as court_rules
from zhixing.courts.actors import is_system, require_actor
from zhixing.courts.queries import courts_for

from .models import Campaign, ReliefApplication, Settlement

READING_ROLES = (court_rules.OFFICER, court_rules.JUDGE, court_rules.LEADER, court_rules.COMMAND)
CAMPAIGN_ROLES = (court_rules.COMMAND, court_rules.LEADER)
HANDLING_ROLES = (court_rules.JUDGE, court_rules.LEADER)  # besides the case's handler
FILING_ROLES = (court_rules.CLERK, court_rules.OFFICER)
PRESIDENT_ROLES = (court_rules.LEADER,)
FINANCE_ROLES = (court_rules.FINANCE,)
DESK_ROLES = READING_ROLES + FINANCE_ROLES + (court_rules.CLERK,)
# The wage cases' priority list (the festival push): the readers, and finance, who pays that money out.
WAGE_LIST_ROLES = READING_ROLES + FINANCE_ROLES


def _is(user: Any, user_id: int | None) -> bool:
    return user_id is not None and user_id == getattr(user, "pk", None)


def _may(check: Any, user: Any, *args: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) or is_system(user)) and _passes(check, user, *args)


def _on_case(user: Any, case: Case, roles: tuple[str, ...], what: str) -> None:
    require_actor(user)
    if is_system(user):
        return
    if not _is(user, case.handler_id):
        require_role(user, roles, case.court, what)


# --- campaigns ----------------------------------------------------------------------------------------


def check_manage_campaign(user: Any, court: Any) -> None:
    """Setting up or changing a campaign organised by `court`: its command centre or a leader."""
    require_actor(user)
    if not is_system(user):
        require_role(user, CAMPAIGN_ROLES, court, _("组织专项行动"))


def may_manage_campaign(user: Any, court: Any) -> bool:
    return _may(check_manage_campaign, user, court)


def check_read_campaign(user: Any, campaign: Campaign) -> None:
    """The board and report: the reading roles of the organising court (they reach down to the courts
    below it) or of a court taking part (its staff follow the campaign they work in)."""
    require_actor(user)
    if is_system(user):
        return
    for court in [campaign.court, *campaign.courts.exclude(pk=campaign.court_id)]:
        if _passes(require_role, user, READING_ROLES, court, ""):
            return
    require_role(user, READING_ROLES, campaign.court, _("查看专项行动"))


def may_read_campaign(user: Any, campaign: Campaign) -> bool:
    return _may(check_read_campaign, user, campaign)


def check_enrol_case(user: Any, campaign: Campaign, case: Case) -> None:
    """Putting a case into a campaign (or taking it out) by hand: the command centre or a leader of the
    case's court; the case must be in a court taking part."""
    require_actor(user)
    if not campaign.courts.filter(pk=case.court_id).exists():
        raise ActionError(_("案件所在法院未参加该专项行动"))
    if not is_system(user):
        require_role(user, CAMPAIGN_ROLES, case.court, _("纳入专项行动"))


def may_enrol_case(user: Any, campaign: Campaign, case: Case) -> bool:
    return _may(check_enrol_case, user, campaign, case)


# --- the migrant-wage cases' list -------------------------------------------------------------------


def check_read_wage_cases(user: Any) -> None:
    """The wage cases' priority list and its API: a user holding one of WAGE_LIST_ROLES at some court
    (they see that court's cases and those below it, queries.wage.wage_courts)."""
    require_actor(user)
    if is_system(user) or getattr(user, "is_superuser", False):
        return
    if not courts_for(user, WAGE_LIST_ROLES).exists():
        raise PermissionDenied(_("只有执行人员、法官、院领导、指挥中心和财务人员可以查看涉农民工工资案件"))


def may_read_wage_cases(user: Any) -> bool:
    return _may(check_read_wage_cases, user)


# --- settlement --------------------------------------------------------------------------------------


def check_read_settlement(user: Any, case: Case) -> None:
    _on_case(user, case, READING_ROLES, _("查看执行和解"))


def may_read_settlement(user: Any, case: Case) -> bool:
    return _may(check_read_settlement, user, case)


def check_record_settlement(user: Any, case: Case) -> None:
    """Recording an agreement: the handler, or a judge or leader of the court; the case must be open."""
    _on_case(user, case, HANDLING_ROLES, _("记录执行和解"))
    if case.is_closed:
        raise ActionError(_("案件已结案，不能记录执行和解"))


def may_record_settlement(user: Any, case: Case) -> bool:
    return _may(check_record_settlement, user, case)


def check_handle_settlement(user: Any, settlement: Settlement) -> None:
    """Resuming after a breach, recording a suit on the agreement, closing on performance: the handler,
    or a judge or leader of the court, while the settlement is open."""
    _on_case(user, settlement.case, HANDLING_ROLES, _("办理执行和解"))
    if settlement.status not in (*Settlement.OPEN, Settlement.PERFORMED):
        raise ActionError(_("该和解协议已经处理完毕"))


def may_handle_settlement(user: Any, settlement: Settlement) -> bool:
    return _may(check_handle_settlement, user, settlement)


# --- judicial relief ---------------------------------------------------------------------------------


def check_use_desk(user: Any, court: Any) -> None:
    """The relief desk and its report: the court's staff who handle relief."""
    require_actor(user)
    if not is_system(user):
        require_role(user, DESK_ROLES, court, _("查看司法救助"))


def may_use_desk(user: Any, court: Any) -> bool:
    return _may(check_use_desk, user, court)


def check_register_relief(user: Any, case: Case) -> None:
    """Registering an application (a 司救执 case): the filing division or an officer of the case's court."""
    require_actor(user)
    if not is_system(user):
        require_role(user, FILING_ROLES, case.court, _("登记司法救助申请"))


def may_register_relief(user: Any, case: Case) -> bool:
    return _may(check_register_relief, user, case)


def check_decide_relief(user: Any, application: ReliefApplication) -> None:
    """The decision: the president (a court leader), never the person who registered it."""
    require_actor(user)
    if application.status != ReliefApplication.APPLIED:
        raise ActionError(_("该救助申请已经作出决定"))
    if is_system(user):
        return
    require_role(user, PRESIDENT_ROLES, application.court, _("决定司法救助"))
    if _is(user, application.registered_by_id):
        raise ActionError(_("登记救助申请的人不能决定该申请"))


def may_decide_relief(user: Any, application: ReliefApplication) -> bool:
    return _may(check_decide_relief, user, application)


def check_pay_relief(user: Any, application: ReliefApplication) -> None:
    """Paying approved relief and booking its recovery: finance of the court."""
    require_actor(user)
    if not is_system(user):
        require_role(user, FINANCE_ROLES, application.court, _("发放司法救助金"))


def may_pay_relief(user: Any, application: ReliefApplication) -> bool:
    return _may(check_pay_relief, user, application)


def check_set_wage(user: Any) -> None:
    """The province's wage table: an administrator, or the operator's command line."""
    if not core_permissions.is_administrator(user):
        raise ActionError(_("只有管理员可以设置职工月平均工资"))


def may_set_wage(user: Any) -> bool:
    return _may(check_set_wage, user)
