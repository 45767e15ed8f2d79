"""Who may do what in network inquiry and control (ARCHITECTURE §10): one predicate per action,
enforced by the action and asked by every page and API view before offering it.

Query results may be used only in the case (rules §6.6): a debtor's assets and measures are seen by
the staff on the case (its handler, and the judges and leaders of its court who supervise it, as the
cases permissions let them record its nodes) and by the command centre; another officer of the same
court, or anyone of another court, sees nothing.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from zhixing.cases.actions.common import ActionError, require_role
from zhixing.cases.actions.common import passes as _passes
from zhixing.cases.models import Case
from zhixing.cases.rules import TERMINATED_THIS_ROUND
from zhixing.courts import rules as court_rules
from zhixing.courts.actors import is_system, require_actor

from . import rules
from .models import Asset, Measure

# The roles each action asks for: the only place a role is named for an inquiry action.
SUPERVISING_ROLES = (court_rules.JUDGE, court_rules.LEADER)
BATCH_ROLES = (court_rules.COMMAND, court_rules.LEADER)
READING_ROLES = (court_rules.JUDGE, court_rules.LEADER, court_rules.COMMAND)
REGISTERING_ROLES = (court_rules.ADMIN, court_rules.COMMAND)


def _is_handler(user: Any, case: Case) -> bool:
    require_actor(user)
    return case.handler_id is not None and case.handler_id == getattr(user, "pk", None)


def _on_case(user: Any, case: Case, roles: tuple[str, ...], what: str) -> None:
    if not _is_handler(user, case):
        require_role(user, roles, case.court, what)


def check_register_institution(user: Any, court: Any) -> None:
    require_role(user, REGISTERING_ROLES, court, _("登记查控机构"))


def check_start_inquiry(user: Any, case: Case) -> None:
    """One case's inquiry: its handler, or a judge or leader of its court. A closed case only after
    终本 (its periodic re-inquiry, rules §2.3)."""
    _on_case(user, case, SUPERVISING_ROLES, _("发起网络查控"))
    if case.is_closed and case.closure_method != TERMINATED_THIS_ROUND:
        raise ActionError(_("案件已结案，不能发起网络查控"))


def may_start_inquiry(user: Any, case: Case) -> bool:
    return _passes(check_start_inquiry, user, case)


def check_start_batch(user: Any, court: Any) -> None:
    """A court-wide batch (every open case, or the 终本 cases due for re-inquiry): the command centre
    or a leader of the court."""
    require_role(user, BATCH_ROLES, court, _("发起批量网络查控"))


def may_start_batch(user: Any, court: Any) -> bool:
    return _passes(check_start_batch, user, court)


def check_view_results(user: Any, case: Case) -> None:
    """rules §6.6: the results are for the case only."""
    _on_case(user, case, READING_ROLES, _("查看被执行人财产信息"))


def may_view_results(user: Any, case: Case) -> bool:
    return _passes(check_view_results, user, case)


def check_view_calendar(user: Any, court: Any) -> None:
    """The measure-expiry calendar and the inquiry panel of a court: the command centre and leaders."""
    require_role(user, BATCH_ROLES, court, _("查看查控到期日历"))


def may_view_calendar(user: Any, court: Any) -> bool:
    return _passes(check_view_calendar, user, court)


def _measuring(user: Any, case: Case, what: str) -> None:
    _on_case(user, case, SUPERVISING_ROLES, what)
    if case.is_closed and not is_system(user):
        raise ActionError(_("案件已结案"))


def check_freeze(user: Any, asset: Asset) -> None:
    word = dict(rules.MEASURE_KINDS)[rules.measure_kind(asset.type)]
    _measuring(user, asset.case, str(word))
    if not asset.institution.active or not asset.institution.supports_freeze:
        raise ActionError(_("%(inst)s 不支持网络%(word)s") % {"inst": asset.institution.name, "word": word})
    if asset.measures.filter(status__in=[Measure.REQUESTED, Measure.ACTIVE]).exists():
        raise ActionError(_("该财产已有本院生效或待回执的查控措施"))


def may_freeze(user: Any, asset: Asset) -> bool:
    return _passes(check_freeze, user, asset)


def _on_measure(user: Any, measure: Measure, action: str, what: str) -> None:
    _measuring(user, measure.case, what)
    if measure.status != Measure.ACTIVE:
        raise ActionError(
            _("措施当前状态为“%(s)s”，不能%(what)s") % {"s": measure.get_status_display(), "what": what}
        )
    if measure.pending:
        raise ActionError(_("该措施已有待回执的指令"))
    if not measure.asset.institution.supports(action):
        raise ActionError(
            _("%(inst)s 不支持网络%(what)s") % {"inst": measure.asset.institution.name, "what": what}
        )


def check_renew(user: Any, measure: Measure) -> None:
    _on_measure(user, measure, "renew", _("续行"))


def may_renew(user: Any, measure: Measure) -> bool:
    return _passes(check_renew, user, measure)


def check_release(user: Any, measure: Measure) -> None:
    """Release on payment, on closing (the system may, once the case is closed) or by ruling."""
    require_actor(user)
    if is_system(user):
        if measure.status != Measure.ACTIVE or measure.pending:
            raise ActionError(_("措施不是生效状态"))
        return
    _on_measure(user, measure, "release", _("解除"))


def may_release(user: Any, measure: Measure) -> bool:
    return _passes(check_release, user, measure)


def check_deduct(user: Any, measure: Measure) -> None:
    _on_measure(user, measure, "deduct", _("扣划"))
    if measure.asset.type not in rules.MONEY_ASSETS:
        raise ActionError(_("只有存款等资金可以扣划"))


def may_deduct(user: Any, measure: Measure) -> bool:
    return _passes(check_deduct, user, measure)
