"""Who may do what in measures (ARCHITECTURE §10): one predicate per action, enforced by the action and
asked by every page and API view before offering it.

- The handler (or a judge or leader of the court) records obstructions, proposes measures, carries
  them out and drafts referrals.
- A fine, a detention or a search is approved by the president (a court leader: CPL arts 119, 259);
  the other measures and a referral by a judge or a leader; never by the one who proposed it.
- The command centre plans operations, books equipment, keeps the register and the duty roster.
- A member of an operation records on the spot (check-in, findings, cash, seizures, evidence).
- Finance takes the cash over (funds.record_cash) and books fines.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from zhixing.cases.actions.common import ActionError, require_role
from zhixing.cases.actions.common import passes as _passes
from zhixing.cases.models import Case
from zhixing.courts import rules as court_rules
from zhixing.courts.actors import is_system, require_actor

from . import rules
from .models import CoerciveMeasure, Operation, Referral

HANDLING_ROLES = (court_rules.JUDGE, court_rules.LEADER)  # besides the case's handler
READING_ROLES = (court_rules.OFFICER, court_rules.JUDGE, court_rules.LEADER, court_rules.COMMAND)
PRESIDENT_ROLES = (court_rules.LEADER,)
APPROVING_ROLES = (court_rules.JUDGE, court_rules.LEADER)
COMMAND_ROLES = (court_rules.COMMAND, court_rules.LEADER)
FINANCE_ROLES = (court_rules.FINANCE,)
# The board, the register and the monthly report: the readers and finance (who takes the cash over).
BOARD_ROLES = READING_ROLES + FINANCE_ROLES
# Who may be put on an operation's team (the planning form offers them).
TEAM_ROLES = (court_rules.OFFICER, court_rules.JUDGE, court_rules.LEADER, court_rules.COMMAND)
AGENCY_ROLES = (court_rules.ADMIN, court_rules.COMMAND)


def _is(user: Any, user_id: int | None) -> bool:
    return user_id is not None and user_id == getattr(user, "pk", None)


def _on_case(user: Any, case: Case, roles: tuple[str, ...], what: str) -> None:
    require_actor(user)
    if is_system(user):
        return
    if not _is(user, case.handler_id):
        require_role(user, roles, case.court, what)


def _open(case: Case) -> None:
    if case.is_closed:
        raise ActionError(_("案件已结案，不能再采取强制措施"))


def _member(user: Any, operation: Operation) -> bool:
    pk = getattr(user, "pk", None)
    return pk is not None and operation.members.filter(user_id=pk).exists()


def _may(check: Any, user: Any, *args: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) or is_system(user)) and _passes(check, user, *args)


# --- reading ----------------------------------------------------------------------------------------


def check_read_measures(user: Any, case: Case) -> None:
    """A case's measures, referrals and evidence: its handler and the court's officers, judges, leaders
    and command centre."""
    _on_case(user, case, READING_ROLES, _("查看强制措施"))


def may_read_measures(user: Any, case: Case) -> bool:
    return _may(check_read_measures, user, case)


def check_open_measures_page(user: Any, case: Case) -> None:
    """The case's measures page (and the panel's link to it): its readers, and finance, who books a fine
    paid into the court there (check_book_fine) and sees the fines to book."""
    _on_case(user, case, READING_ROLES + FINANCE_ROLES, _("查看强制措施"))


def may_open_measures_page(user: Any, case: Case) -> bool:
    return _may(check_open_measures_page, user, case)


def check_use_board(user: Any, court: Any) -> None:
    """The command centre's operations and dispatch board, the equipment register, the monthly report."""
    require_role(user, BOARD_ROLES, court, _("查看外勤调度"))


def may_use_board(user: Any, court: Any) -> bool:
    return _may(check_use_board, user, court)


# --- measures ---------------------------------------------------------------------------------------


def check_handle_measures(user: Any, case: Case) -> None:
    """Record an obstruction, propose a measure, carry it out and end it, register an informant."""
    _on_case(user, case, HANDLING_ROLES, _("办理强制措施"))
    _open(case)


def may_handle_measures(user: Any, case: Case) -> bool:
    return _may(check_handle_measures, user, case)


def check_decide_measure(user: Any, measure: CoerciveMeasure) -> None:
    """rules.PRESIDENT_APPROVES: the president approves a fine, a detention or a search; a judge or a
    leader the others; never the one who proposed it."""
    require_actor(user)
    roles = PRESIDENT_ROLES if measure.kind in rules.PRESIDENT_APPROVES else APPROVING_ROLES
    what = _("批准%(kind)s") % {"kind": measure.get_kind_display()}
    require_role(user, roles, measure.case.court, what)
    if not is_system(user) and _is(user, measure.proposed_by_id):
        raise ActionError(_("提请人不能审批自己提请的强制措施"))
    if measure.status != CoerciveMeasure.PROPOSED:
        raise ActionError(_("该强制措施不在待审批状态"))
    _open(measure.case)


def may_decide_measure(user: Any, measure: CoerciveMeasure) -> bool:
    return _may(check_decide_measure, user, measure)


def check_end_measure(user: Any, measure: CoerciveMeasure) -> None:
    """End or cancel a measure: as check_handle_measures, but also once the case is closed (a debtor
    who paid in full is released and their exit ban lifted after the case is closed, rules §6.16)."""
    _on_case(user, measure.case, HANDLING_ROLES, _("结束或撤销强制措施"))


def may_end_measure(user: Any, measure: CoerciveMeasure) -> bool:
    return _may(check_end_measure, user, measure)


def check_read_informant(user: Any, case: Case) -> None:
    """An informant's phone (a logged read, rewards.informant_phone): the handler, a judge or a leader."""
    _on_case(user, case, HANDLING_ROLES, _("查看举报人联系方式"))


def may_read_informant(user: Any, case: Case) -> bool:
    return _may(check_read_informant, user, case)


def check_book_fine(user: Any, measure: CoerciveMeasure) -> None:
    """Finance books a fine paid into the court."""
    require_role(user, FINANCE_ROLES, measure.case.court, _("登记罚款缴纳"))


def may_book_fine(user: Any, measure: CoerciveMeasure) -> bool:
    return _may(check_book_fine, user, measure)


# --- referrals --------------------------------------------------------------------------------------


def check_draft_referral(user: Any, case: Case) -> None:
    _on_case(user, case, HANDLING_ROLES, _("拟移送拒执罪线索"))


def may_draft_referral(user: Any, case: Case) -> bool:
    return _may(check_draft_referral, user, case)


def check_approve_referral(user: Any, referral: Referral) -> None:
    """A court leader approves sending a referral to the police; not its drafter."""
    require_actor(user)
    require_role(user, PRESIDENT_ROLES, referral.case.court, _("批准移送公安机关"))
    if not is_system(user) and _is(user, referral.drafted_by_id):
        raise ActionError(_("拟稿人不能批准自己拟定的移送"))


def may_approve_referral(user: Any, referral: Referral) -> bool:
    return _may(check_approve_referral, user, referral)


def check_track_referral(user: Any, referral: Referral) -> None:
    """Send an approved referral and record what the police, the procuratorate and the trial court did."""
    _on_case(user, referral.case, HANDLING_ROLES + (court_rules.COMMAND,), _("登记移送进展"))


def may_track_referral(user: Any, referral: Referral) -> bool:
    return _may(check_track_referral, user, referral)


# --- operations -------------------------------------------------------------------------------------


def check_plan_operation(user: Any, court: Any) -> None:
    """Plan an operation, book equipment, invite witnesses, keep the register and the roster."""
    require_role(user, COMMAND_ROLES, court, _("部署外勤行动"))


def may_plan_operation(user: Any, court: Any) -> bool:
    return _may(check_plan_operation, user, court)


def check_record_in_field(user: Any, operation: Operation) -> None:
    """Only a member of the operation records on the spot, while it is under way."""
    require_actor(user)
    if not is_system(user) and not _member(user, operation):
        raise ActionError(_("只有本次行动的队员才能记录现场情况"))
    if operation.status != Operation.UNDERWAY:
        raise ActionError(_("行动不在进行中"))


def may_record_in_field(user: Any, operation: Operation) -> bool:
    return _may(check_record_in_field, user, operation)


def check_run_operation(user: Any, operation: Operation) -> None:
    """Start and close an operation: its leader or the command centre."""
    require_actor(user)
    if is_system(user) or _is(user, operation.leader_id):
        return
    require_role(user, COMMAND_ROLES, operation.court, _("开始或结束外勤行动"))


def may_run_operation(user: Any, operation: Operation) -> bool:
    return _may(check_run_operation, user, operation)


def check_take_over_cash(user: Any, court: Any) -> None:
    """Finance takes the field cash over and books it into the case account."""
    require_role(user, FINANCE_ROLES, court, _("接收现场收款"))


def may_take_over_cash(user: Any, court: Any) -> bool:
    return _may(check_take_over_cash, user, court)


# --- agencies -----------------------------------------------------------------------------------------


def check_register_agency(user: Any) -> None:
    """The police bureaus and border administrations serve every court of the area: an administrator or
    the command centre of a top court registers them (as disposal's platforms), or the system
    (`zhixing simulators`)."""
    from django.core.exceptions import PermissionDenied

    from zhixing.courts.models import Court

    require_actor(user)
    if is_system(user) or getattr(user, "is_superuser", False):
        return
    for top in Court.objects.filter(parent__isnull=True).order_by("pk"):
        if _passes(require_role, user, AGENCY_ROLES, top, ""):
            return
    raise PermissionDenied(_("登记协作机关需要在最高一级法院具有管理员或指挥中心角色"))


def may_register_agency(user: Any) -> bool:
    return _may(check_register_agency, user)


def check_add_evidence(user: Any, case: Case, operation: Operation | None = None) -> None:
    """Field evidence: a member of the operation, while it is under way or after it closed (the body
    cameras are unloaded back at the court); evidence outside an operation, whoever handles the case's
    measures."""
    if operation is None:
        check_handle_measures(user, case)
        return
    require_actor(user)
    if not is_system(user) and not _member(user, operation):
        raise ActionError(_("只有本次行动的队员才能上传现场证据"))
    if operation.status not in (Operation.UNDERWAY, Operation.CLOSED):
        raise ActionError(_("行动尚未开始或已取消"))


def may_add_evidence(user: Any, case: Case, operation: Operation | None = None) -> bool:
    return _may(check_add_evidence, user, case, operation)
