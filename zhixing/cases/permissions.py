"""Who may do what to a case (ARCHITECTURE §10): one predicate per action, enforced by the action and
asked by every page and API view before offering it.

`check_<verb>` raises what the action raises (PermissionDenied for a missing role, ActionError for a
rule); `may_<verb>` is the same question as a yes or no for pages deciding which buttons to show.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from zhixing.courts import rules as court_rules
from zhixing.courts.models import User
from zhixing.courts.queries import has_role

from . import events, rules
from .actions.common import ActionError, require_role
from .models import Case, CaseEvent, ClosureRequest


def former_handler_ids(case: Case) -> set[int]:
    """Everyone who has been the handler of `case`: the current one and each one named by its
    handler-assignment events (whose data keep the username, for machines)."""
    names = CaseEvent.objects.filter(case=case, kind=events.HANDLER_ASSIGNED).values_list(
        "data__handler", flat=True
    )
    ids = set(User.objects.filter(username__in={n for n in names if n}).values_list("pk", flat=True))
    if case.handler_id is not None:
        ids.add(case.handler_id)
    return ids


# --- Closing -------------------------------------------------------------------------------------


def check_request_closure(user, case: Case) -> None:
    """The handler, or a judge or leader of the court, asks to close the case; someone else decides."""
    if user is not None and case.handler_id != getattr(user, "pk", None):
        require_role(user, [court_rules.JUDGE, court_rules.LEADER], case.court, _("提请结案"))


def check_decide_closure(user, case: Case, request: ClosureRequest | None, method: str | None = None) -> None:
    """Approving or refusing a closure request (rules §12, §2.3): an approving role on the case's court
    (rule setting `closing.approver_roles`), and never the case's handler, a former handler, or the
    person who asked, whatever other roles they hold. A case closes only on a pending request: there
    is no closing by one person alone."""
    from .queries import approver_roles

    if user is None:
        raise ActionError(_("结案必须由审批人批准"))
    method = request.method if request is not None else method
    require_role(user, approver_roles(case.court, method), case.court, _("审批结案"))
    why = rules.approver_allowed(
        user.pk,
        case.handler_id,
        request.requested_by_id if request is not None else None,
        former_handler_ids(case),
    )
    if why:
        raise ActionError(why)
    if request is None:
        raise ActionError(_("本案没有待审批的结案申请：结案须先由一人提请，再由另一人审批"))
    if request.status != ClosureRequest.PENDING:
        raise ActionError(_("该结案申请已处理"))


def _passes(check, *args) -> bool:
    try:
        check(*args)
    except (PermissionDenied, ActionError):
        return False
    return True


def may_request_closure(user, case: Case, pending: ClosureRequest | None) -> bool:
    return not case.is_closed and pending is None and _passes(check_request_closure, user, case)


def may_decide_closure(user, case: Case, pending: ClosureRequest | None) -> bool:
    return not case.is_closed and pending is not None and _passes(check_decide_closure, user, case, pending)


# --- Handler -------------------------------------------------------------------------------------


def handler_refusal(case: Case, handler) -> str | None:
    """Why `handler` may not handle `case` (None when they may): an active user holding the officer
    role on the case's court or a court above it, the rule the filing form's officer list follows
    (queries.officers_for)."""
    if handler is None or not getattr(handler, "is_active", False):
        return _("%(handler)s 的账号已停用，不能承办案件") % {"handler": handler}
    if not has_role(handler, court_rules.OFFICER, case.court):
        return _("%(handler)s 不是%(court)s的执行员，不能承办该院的执行案件") % {
            "handler": handler,
            "court": case.court.name,
        }
    return None
