"""Who may do what in disposal (ARCHITECTURE §10): one predicate per action, enforced by the action
and asked by every page and API view before offering it.

The officer handling the case runs the procedure (starts it, asks for prices, proposes each round,
lists it, records outcomes, drafts the distribution); the auction's terms are decided by a collegial
panel of three judges or leaders (rules §8.14, §12.7: 执行审查权 apart from implementation); objections
to the reference price or to the distribution are ruled on by a judge who is not the handler.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from zhixing.cases.actions.common import ActionError, require_role
from zhixing.cases.actions.common import passes as _passes
from zhixing.cases.models import Case
from zhixing.courts import rules as court_rules
from zhixing.courts.actors import is_system, require_actor

from .models import Auction, Disposal, Distribution, PriceProcedure

# The roles each action asks for: the only place a role is named for a disposal action.
HANDLING_ROLES = (court_rules.JUDGE, court_rules.LEADER)  # besides the case's handler
PANEL_ROLES = (court_rules.JUDGE, court_rules.LEADER)
RULING_ROLES = (court_rules.JUDGE, court_rules.LEADER)
READING_ROLES = (court_rules.JUDGE, court_rules.LEADER, court_rules.COMMAND, court_rules.OFFICER)
PLATFORM_ROLES = (court_rules.ADMIN, court_rules.COMMAND)
PANEL_SIZE = 3


def _is_handler(user: Any, case: Case) -> bool:
    require_actor(user)
    return case.handler_id is not None and case.handler_id == getattr(user, "pk", None)


def _on_case(user: Any, case: Case, roles: tuple[str, ...], what: str) -> None:
    if is_system(user):
        return
    if not _is_handler(user, case):
        require_role(user, roles, case.court, what)


def _open(case: Case) -> None:
    if case.is_closed:
        raise ActionError(_("案件已结案，不能再处置财产"))


# --- reading ----------------------------------------------------------------------------------------


def check_read_disposal(user: Any, case: Case) -> None:
    """A case's disposal: its handler, and the court's officers, judges, leaders and command centre."""
    _on_case(user, case, READING_ROLES, _("查看财产处置"))


def may_read_disposal(user: Any, case: Case) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and _passes(check_read_disposal, user, case)


def check_use_desk(user: Any, court: Any) -> None:
    """The auction desk of a court (and the courts below it)."""
    require_role(user, READING_ROLES, court, _("使用拍卖工作台"))


def may_use_desk(user: Any, court: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and _passes(check_use_desk, user, court)


# --- the procedure ----------------------------------------------------------------------------------


def check_handle_disposal(user: Any, case: Case) -> None:
    """Start a disposal, run the reference price, propose and list a round, record an outcome."""
    _on_case(user, case, HANDLING_ROLES, _("办理财产处置"))
    _open(case)


def may_handle_disposal(user: Any, case: Case) -> bool:
    return _passes(check_handle_disposal, user, case)


def check_vote_auction(user: Any, auction: Auction) -> None:
    """A member of the collegial panel agrees to a round's terms: a judge or leader, once each."""
    require_role(user, PANEL_ROLES, auction.disposal.case.court, _("合议确定拍卖方案"))
    if auction.status != Auction.DRAFT:
        raise ActionError(_("该拍卖方案已合议，不能再表决"))
    if not is_system(user) and auction.votes.filter(member_id=getattr(user, "pk", None)).exists():
        raise ActionError(_("您已对该拍卖方案表决"))


def may_vote_auction(user: Any, auction: Auction) -> bool:
    return _passes(check_vote_auction, user, auction)


def check_rule_objection(user: Any, case: Case) -> None:
    """An objection to a reference price or a distribution plan is ruled on by a judge or leader who is
    not the case's handler (rules §12.1: review apart from implementation)."""
    require_role(user, RULING_ROLES, case.court, _("处理异议"))
    if not is_system(user) and _is_handler(user, case):
        raise ActionError(_("承办人不能处理本案的异议（须由审查人员处理）"))


def may_rule_objection(user: Any, case: Case) -> bool:
    return _passes(check_rule_objection, user, case)


def check_rule_price_objection(user: Any, procedure: PriceProcedure) -> None:
    check_rule_objection(user, procedure.disposal.case)
    if not procedure.objection or procedure.objection_ruling:
        raise ActionError(_("没有待处理的参考价异议"))


def may_rule_price_objection(user: Any, procedure: PriceProcedure) -> bool:
    return _passes(check_rule_price_objection, user, procedure)


def check_confirm_sale(user: Any, disposal: Disposal) -> None:
    """The confirmation ruling (成交确认裁定) is a ruling: a judge or leader signs it."""
    require_role(user, RULING_ROLES, disposal.case.court, _("作出成交确认裁定"))


def may_confirm_sale(user: Any, disposal: Disposal) -> bool:
    return _passes(check_confirm_sale, user, disposal)


def check_finalise_distribution(user: Any, distribution: Distribution) -> None:
    check_rule_objection(user, distribution.case)


def may_finalise_distribution(user: Any, distribution: Distribution) -> bool:
    return _passes(check_finalise_distribution, user, distribution)


def check_register_platform(user: Any) -> None:
    """The platforms serve every court: an administrator or command centre of a top court registers
    them (as credit's agencies)."""
    from zhixing.courts.models import Court

    tops = list(Court.objects.filter(parent__isnull=True).order_by("pk"))
    for top in tops[:-1]:
        if _passes(require_role, user, PLATFORM_ROLES, top, ""):
            return
    if not tops:
        require_actor(user)
        if not is_system(user) and not getattr(user, "is_superuser", False):
            raise ActionError(_("尚无法院，不能登记网络司法拍卖平台"))
        return
    require_role(user, PLATFORM_ROLES, tops[-1], _("登记网络司法拍卖平台"))


def may_register_platform(user: Any) -> bool:
    return _passes(check_register_platform, user)
