"""Who may do what with credit measures (ARCHITECTURE §10): one predicate per action, enforced by the
action and asked by every page and API view before offering it.

The officer handling the case proposes a listing or a restriction; a court leader signs it (addendum
§3.4, §4.2: the president signs) and is never the person who proposed it (maker-checker). Corrections
are reviewed by an adjudication judge (rules §12.1: 执行审查权), never the officer who proposed the
listing. Removal is a duty with a deadline: the handler, a judge or a leader records it, and the
system removes by itself on term expiry.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from zhixing.cases.actions.common import ActionError, require_role
from zhixing.cases.actions.common import passes as _passes
from zhixing.cases.models import Case
from zhixing.courts import rules as court_rules
from zhixing.courts.actors import is_system, require_actor

from .models import ConsumptionPermit, Correction, Listing, Restriction

# The roles each action asks for: the only place a role is named for a credit action.
SUPERVISING_ROLES = (court_rules.JUDGE, court_rules.LEADER)
SIGNING_ROLES = (court_rules.LEADER,)
REVIEWING_ROLES = (court_rules.JUDGE,)
READING_ROLES = (court_rules.JUDGE, court_rules.LEADER, court_rules.COMMAND)
AGENCY_ROLES = (court_rules.ADMIN, court_rules.COMMAND)


def _is_handler(user: Any, case: Case) -> bool:
    require_actor(user)
    return case.handler_id is not None and case.handler_id == getattr(user, "pk", None)


def _on_case(user: Any, case: Case, roles: tuple[str, ...], what: str) -> None:
    if not _is_handler(user, case):
        require_role(user, roles, case.court, what)


def _not_same_person(user: Any, maker_id: int | None, what: str) -> None:
    if not is_system(user) and maker_id is not None and maker_id == getattr(user, "pk", None):
        raise ActionError(what)


# --- reading ----------------------------------------------------------------------------------------


def check_read_credit(user: Any, case: Case) -> None:
    """The case's credit measures: its handler, the judges and leaders of its court, the command centre."""
    _on_case(user, case, READING_ROLES, _("查看信用惩戒措施"))


def may_read_credit(user: Any, case: Case) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and _passes(check_read_credit, user, case)


# --- the dishonest list -----------------------------------------------------------------------------


def check_propose_listing(user: Any, case: Case) -> None:
    _on_case(user, case, SUPERVISING_ROLES, _("提请纳入失信被执行人名单"))
    if case.is_closed:
        raise ActionError(_("案件已结案，不能提请纳入失信名单"))


def may_propose_listing(user: Any, case: Case) -> bool:
    return _passes(check_propose_listing, user, case)


def check_decide_listing(user: Any, listing: Listing) -> None:
    require_role(user, SIGNING_ROLES, listing.case.court, _("签发失信决定书"))
    _not_same_person(user, listing.proposed_by_id, _("提请人不能签发本人提请的失信决定（须由另一人审批）"))
    if listing.status != Listing.PROPOSED:
        raise ActionError(_("该失信名单已处理，不能再审批"))


def may_decide_listing(user: Any, listing: Listing) -> bool:
    return _passes(check_decide_listing, user, listing)


def check_remove_listing(user: Any, listing: Listing) -> None:
    """Removal (屏蔽/删除) is a duty: the system on term expiry, or the case's staff on a trigger."""
    if not is_system(user):
        _on_case(user, listing.case, SUPERVISING_ROLES, _("删除失信信息"))
    if listing.status not in (Listing.DECIDED, Listing.PUBLISHED):
        raise ActionError(_("只有已决定或已公布的失信名单才能删除"))


def may_remove_listing(user: Any, listing: Listing) -> bool:
    return _passes(check_remove_listing, user, listing)


def check_revoke_listing(user: Any, listing: Listing) -> None:
    """Revoking a wrong listing (addendum §3.8) undoes a president's decision: a leader does it."""
    require_role(user, SIGNING_ROLES, listing.case.court, _("撤销失信决定"))
    if listing.status not in (Listing.DECIDED, Listing.PUBLISHED):
        raise ActionError(_("只有已决定或已公布的失信名单才能撤销"))


def may_revoke_listing(user: Any, listing: Listing) -> bool:
    return _passes(check_revoke_listing, user, listing)


def check_record_correction(user: Any, listing: Listing) -> None:
    _on_case(user, listing.case, SUPERVISING_ROLES, _("登记失信信息纠正申请"))
    if listing.status not in (Listing.DECIDED, Listing.PUBLISHED):
        raise ActionError(_("只有已决定或已公布的失信名单才能申请纠正"))


def may_record_correction(user: Any, listing: Listing) -> bool:
    return _passes(check_record_correction, user, listing)


def check_follow_correction(user: Any, correction: Correction) -> None:
    """Serving a rejection and recording the reconsideration go on whatever became of the listing
    meanwhile (addendum §3.11: no stay; the person's remedy outlives a removal)."""
    _on_case(user, correction.listing.case, SUPERVISING_ROLES, _("登记纠正申请的送达与复议"))


def may_follow_correction(user: Any, correction: Correction) -> bool:
    return _passes(check_follow_correction, user, correction)


def check_decide_correction(user: Any, correction: Correction) -> None:
    require_role(user, REVIEWING_ROLES, correction.listing.case.court, _("审查失信信息纠正申请"))
    _not_same_person(user, correction.listing.proposed_by_id, _("提请纳入的人不能审查对该名单的纠正申请"))
    if correction.status != Correction.FILED:
        raise ActionError(_("该纠正申请已审查"))


def may_decide_correction(user: Any, correction: Correction) -> bool:
    return _passes(check_decide_correction, user, correction)


# --- consumption restriction ------------------------------------------------------------------------


def check_propose_restriction(user: Any, case: Case) -> None:
    _on_case(user, case, SUPERVISING_ROLES, _("提请发出限制消费令"))
    if case.is_closed:
        raise ActionError(_("案件已结案，不能提请限制消费"))


def may_propose_restriction(user: Any, case: Case) -> bool:
    return _passes(check_propose_restriction, user, case)


def check_issue_restriction(user: Any, restriction: Restriction) -> None:
    require_role(user, SIGNING_ROLES, restriction.case.court, _("签发限制消费令"))
    _not_same_person(
        user, restriction.proposed_by_id, _("提请人不能签发本人提请的限制消费令（须由另一人审批）")
    )
    if restriction.status != Restriction.PROPOSED:
        raise ActionError(_("该限制消费令已处理"))


def may_issue_restriction(user: Any, restriction: Restriction) -> bool:
    return _passes(check_issue_restriction, user, restriction)


def check_lift_restriction(user: Any, restriction: Restriction) -> None:
    if not is_system(user):
        _on_case(user, restriction.case, SUPERVISING_ROLES, _("解除限制消费令"))
    if restriction.status != Restriction.ISSUED:
        raise ActionError(_("只有已发出的限制消费令才能解除"))


def may_lift_restriction(user: Any, restriction: Restriction) -> bool:
    return _passes(check_lift_restriction, user, restriction)


def check_request_permit(user: Any, restriction: Restriction) -> None:
    _on_case(user, restriction.case, SUPERVISING_ROLES, _("登记必要消费申请"))
    if restriction.status != Restriction.ISSUED:
        raise ActionError(_("只有已发出的限制消费令才能申请必要消费"))


def may_request_permit(user: Any, restriction: Restriction) -> bool:
    return _passes(check_request_permit, user, restriction)


def check_decide_permit(user: Any, permit: ConsumptionPermit) -> None:
    require_role(user, SUPERVISING_ROLES, permit.restriction.case.court, _("审批必要消费申请"))
    _not_same_person(user, permit.recorded_by_id, _("登记人不能审批本人登记的必要消费申请"))
    if permit.status != ConsumptionPermit.REQUESTED:
        raise ActionError(_("该申请已审批"))


def may_decide_permit(user: Any, permit: ConsumptionPermit) -> bool:
    return _passes(check_decide_permit, user, permit)


# --- certificates and agencies ----------------------------------------------------------------------


def check_issue_certificate(user: Any, case: Case) -> None:
    _on_case(user, case, SUPERVISING_ROLES, _("出具自动履行证明"))


def may_issue_certificate(user: Any, case: Case) -> bool:
    return _passes(check_issue_certificate, user, case)


def check_manage_agencies(user: Any, court: Any = None) -> None:
    """The agencies the list is pushed to serve every court: an administrator or the command centre of
    a top court (a court with none above it) manages them; `court` narrows it to one court's tree."""
    if court is not None:
        require_role(user, AGENCY_ROLES, court, _("管理联合惩戒单位"))
        return
    from zhixing.courts.models import Court

    tops = list(Court.objects.filter(parent__isnull=True).order_by("pk"))
    for top in tops[:-1]:
        if _passes(require_role, user, AGENCY_ROLES, top, ""):
            return
    if not tops:
        raise ActionError(_("尚未建立法院，不能管理联合惩戒单位"))
    require_role(user, AGENCY_ROLES, tops[-1], _("管理联合惩戒单位"))


def may_manage_agencies(user: Any, court: Any = None) -> bool:
    return _passes(check_manage_agencies, user, court)
