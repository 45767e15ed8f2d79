"""Who may do what with case funds (ARCHITECTURE §10): one predicate per action, enforced by the
action and asked by every page and API view before offering it. Payouts and claims are maker-checker:
the person who asks never approves (rules §5.9, addendum §1.4.5)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from zhixing.cases.actions.common import ActionError, require_role
from zhixing.cases.actions.common import passes as _passes
from zhixing.cases.models import Case
from zhixing.courts import rules as court_rules
from zhixing.courts.actors import is_system, require_actor

from . import queries, rules
from .models import Hold, Payout, Receipt

# The roles each action asks for: the only place a role is named for a funds action.
POOL_ROLES = (court_rules.FINANCE, court_rules.ADMIN)
RECEIVING_ROLES = (court_rules.FINANCE,)
CLAIMING_ROLES = (court_rules.OFFICER, court_rules.JUDGE, court_rules.FINANCE)
CLAIM_APPROVING_ROLES = (court_rules.FINANCE, court_rules.LEADER)
REQUESTING_ROLES = (court_rules.OFFICER, court_rules.JUDGE)
SENDING_ROLES = (court_rules.FINANCE,)
FIELD_ROLES = (court_rules.OFFICER, court_rules.JUDGE)
HOLD_APPROVING_ROLES = (court_rules.JUDGE, court_rules.LEADER)
READING_ROLES = tuple(court_rules.ROLE_LABELS)


def check_open_pooled(user: Any, court: Any) -> None:
    require_role(user, POOL_ROLES, court, _("开立执行款专户"))


def check_receive(user: Any, court: Any) -> None:
    """Receipts come from the bank (its notifications and statements: named system actors) or are
    entered by finance."""
    require_role(user, RECEIVING_ROLES, court, _("登记到账款"))


def may_receive(user: Any, court: Any) -> bool:
    return _passes(check_receive, user, court)


def check_read_funds(user: Any, court: Any) -> None:
    require_role(user, READING_ROLES, court, _("查看案款"))


def may_read_funds(user: Any, court: Any) -> bool:
    return _passes(check_read_funds, user, court)


def check_request_claim(user: Any, receipt: Receipt, case: Case) -> None:
    require_role(user, CLAIMING_ROLES, case.court, _("认领到账款"))
    if receipt.case is not None:
        raise ActionError(_("该笔款项已归入案件 %(case)s") % {"case": receipt.case.case_number})
    if receipt.claim_requested_for_id is not None:
        raise ActionError(_("该笔款项已有待审批的认领申请"))
    if receipt.reversed_on is not None:
        raise ActionError(_("该笔款项已冲正"))


def may_request_claim(user: Any, receipt: Receipt) -> bool:
    require_actor(user)
    if receipt.case_id is not None or receipt.claim_requested_for_id is not None or receipt.reversed_on:
        return False
    return _passes(require_role, user, CLAIMING_ROLES, receipt.pooled.court, "")


def check_approve_claim(user: Any, receipt: Receipt) -> None:
    claimed_for = receipt.claim_requested_for
    if claimed_for is None:
        raise ActionError(_("该笔款项没有待审批的认领申请"))
    require_role(user, CLAIM_APPROVING_ROLES, claimed_for.court, _("审批认领"))
    if not is_system(user) and receipt.claim_requested_by_id == getattr(user, "pk", None):
        raise ActionError(_("认领须由申请人以外的另一人审批"))


def may_approve_claim(user: Any, receipt: Receipt) -> bool:
    return _passes(check_approve_claim, user, receipt)


def check_request_payout(user: Any, case: Case) -> None:
    require_role(user, REQUESTING_ROLES, case.court, _("申请发放案款"))
    if queries.available(case) <= 0:
        raise ActionError(_("案件账户没有可发放的余额"))


def may_request_payout(user: Any, case: Case) -> bool:
    return _passes(check_request_payout, user, case)


def check_approve_payout(user: Any, payout: Payout) -> None:
    """The next step's role, on the case's court, by someone who neither asked nor approved an earlier
    step of this payout (rules.approval_problem)."""
    if payout.status != Payout.REQUESTED:
        raise ActionError(_("该发放申请不在审批中"))
    done = list(payout.approvals.order_by("step"))
    step = len(done)
    if step >= len(payout.steps):
        raise ActionError(_("该发放申请已完成全部审批"))
    role = payout.steps[step]
    require_role(
        user,
        (role,),
        payout.case.court,
        _("审批发放（%(role)s）") % {"role": court_rules.ROLE_LABELS.get(role, role)},
    )
    if is_system(user):
        raise ActionError(_("发放审批须由具名人员进行"))
    problem = rules.approval_problem(role, user.pk, payout.requested_by_id, [a.approver_id for a in done])
    if problem:
        raise ActionError(problem)


def may_approve_payout(user: Any, payout: Payout) -> bool:
    return _passes(check_approve_payout, user, payout)


def check_send_payout(user: Any, payout: Payout) -> None:
    require_role(user, SENDING_ROLES, payout.case.court, _("向银行发送发放指令"))
    if payout.status != Payout.APPROVED:
        raise ActionError(_("只有已批准的发放申请可以发送银行"))
    if not payout.account_confirmed:
        raise ActionError(_("收款账户尚未经书面确认，不能发送"))


def may_send_payout(user: Any, payout: Payout) -> bool:
    return _passes(check_send_payout, user, payout)


def check_field_money(user: Any, case: Case) -> None:
    """Recording cash taken in the field or a payment made straight to the applicant (rules §5.2-5.3)."""
    require_role(user, FIELD_ROLES, case.court, _("登记现场收款或直接支付"))


def may_field_money(user: Any, case: Case) -> bool:
    return _passes(check_field_money, user, case)


def check_request_hold(user: Any, case: Case) -> None:
    require_role(user, REQUESTING_ROLES, case.court, _("申请暂存案款"))
    if queries.available(case) <= 0 and not case.fund_holds.filter(end_on__isnull=True).exists():
        raise ActionError(_("案件账户没有可暂存的款项"))


def check_approve_hold(user: Any, hold: Hold) -> None:
    require_role(user, HOLD_APPROVING_ROLES, hold.case.court, _("批准暂存案款"))
    if hold.approved_by_id is not None:
        raise ActionError(_("该暂存已批准"))
    if not is_system(user) and hold.requested_by_id == getattr(user, "pk", None):
        raise ActionError(_("暂存须由申请人以外的另一人批准"))


def may_approve_hold(user: Any, hold: Hold) -> bool:
    return _passes(check_approve_hold, user, hold)


# Moving money from one case account to another (a distribution among the debtor's creditors, rules
# §5.15): the officer handling the source case (who drafts the distribution), or a judge or leader of
# the court (who finalises it). Another officer may not: the money in a case account is that case's
# until a plan says otherwise. Named system actors pass (require_role).
TRANSFER_ROLES = (court_rules.OFFICER, court_rules.JUDGE, court_rules.LEADER)
TRANSFER_ANY_CASE_ROLES = (court_rules.JUDGE, court_rules.LEADER)


def check_transfer_between_cases(user: Any, source: Case, target: Case) -> None:
    what = _("在案件账户之间划转案款")
    require_role(user, TRANSFER_ROLES, source.court, what)
    if is_system(user) or getattr(user, "is_superuser", False):
        return
    if source.handler_id == getattr(user, "pk", None):
        return
    if not _passes(require_role, user, TRANSFER_ANY_CASE_ROLES, source.court, what):
        raise ActionError(_("只有转出案件的承办人或本院法官、院领导可以划转该案案款"))


def may_transfer_between_cases(user: Any, source: Case, target: Case) -> bool:
    return _passes(check_transfer_between_cases, user, source, target)
