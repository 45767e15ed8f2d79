"""Who may do what to a case (ARCHITECTURE §10): one predicate per action, enforced by the action and
asked by every page and API view before offering it.

`check_<verb>` raises what the action raises (PermissionDenied for a missing role, ActionError for a
rule); `may_<verb>` is the same question as a yes or no for pages deciding which buttons to show.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from zhixing.courts import rules as court_rules
from zhixing.courts.actors import is_system, require_actor
from zhixing.courts.models import User
from zhixing.courts.queries import courts_for, has_role

from . import events, rules
from .actions.common import ActionError, require_role
from .actions.common import passes as _passes
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


# The roles each action asks for. These lists and the rule settings they stand beside are the only
# place a role is named for an action: pages, the API and the admin ask the predicates below.
FILING_ROLES = (court_rules.CLERK, court_rules.OFFICER, court_rules.LEADER)
ASSIGNING_ROLES = (court_rules.CLERK, court_rules.LEADER, court_rules.JUDGE)
HANDLING_ROLES = (court_rules.OFFICER,)
PARTY_ROLES = (court_rules.CLERK, court_rules.JUDGE, court_rules.LEADER)
# Recording nodes, excluded periods and asking to close on a case one does not handle.
SUPERVISING_ROLES = (court_rules.JUDGE, court_rules.LEADER)
EXTENDING_ROLES = (court_rules.LEADER,)
IMPORTING_ROLES = (court_rules.CLERK, court_rules.LEADER, court_rules.ADMIN)
COMMAND_ROLES = (court_rules.COMMAND, court_rules.LEADER)


def _is_handler(user, case: Case) -> bool:
    require_actor(user)
    return case.handler_id is not None and case.handler_id == getattr(user, "pk", None)


# --- Filing --------------------------------------------------------------------------------------


def check_file_case(user, court) -> None:
    require_role(user, FILING_ROLES, court, _("立案"))


def may_file_case(user, court) -> bool:
    return _passes(check_file_case, user, court)


def filing_courts(user):
    """Courts in which `user` may file cases (what check_file_case accepts)."""
    from zhixing.courts.models import Court

    if is_system(user) or getattr(user, "is_superuser", False):
        return Court.objects.all()
    return courts_for(user, FILING_ROLES)


def may_file_anywhere(user, roles: set[str] | None = None) -> bool:
    """Whether the navbar offers filing; `roles` are the user's granted roles when already loaded."""
    if getattr(user, "is_superuser", False):
        return True
    roles = roles if roles is not None else set(user.grants.values_list("role", flat=True))
    return bool(roles & set(FILING_ROLES))


def check_import(user, court) -> None:
    require_role(user, IMPORTING_ROLES, court, _("导入案件"))


def check_assign_handler(user, case: Case, handler) -> None:
    """Taking an unassigned case is for an officer; assigning someone else is for a clerk, judge or
    leader; the handler must be one who may handle the case (handler_refusal)."""
    require_actor(user)
    if is_system(user) or getattr(user, "pk", None) != getattr(handler, "pk", None):
        require_role(user, ASSIGNING_ROLES, case.court, _("分配承办人"))
    else:
        require_role(user, HANDLING_ROLES, case.court, _("承办案件"))
    why = handler_refusal(case, handler)
    if why:
        raise ActionError(why)
    if case.is_closed:
        raise ActionError(_("案件已结案"))


def may_take_case(user, case: Case) -> bool:
    return case.handler_id is None and _passes(check_assign_handler, user, case, user)


def may_assign_to(user, case: Case, handler) -> bool:
    """check_assign_handler as a yes or no: may `user` make `handler` the handler of `case`?"""
    return _passes(check_assign_handler, user, case, handler)


def may_assign_handler(user, case: Case) -> bool:
    return not case.is_closed and _passes(require_role, user, ASSIGNING_ROLES, case.court, "")


def officers_for(court):
    """Those who may handle cases of `court` (handler_refusal): active officers with a grant on
    `court` or a court above it, since a role reaches down the hierarchy."""
    return filing_officers([court])


def filing_officers(courts):
    """Officers who may handle a case in any of these courts."""
    lineage = {cid for c in courts for cid in c.lineage_ids()}
    return (
        User.objects.filter(is_active=True, grants__role__in=HANDLING_ROLES, grants__court_id__in=lineage)
        .distinct()
        .order_by("full_name", "username")
    )


def check_add_party(user, case: Case) -> None:
    if not _is_handler(user, case):
        require_role(user, PARTY_ROLES, case.court, _("增加当事人"))
    if case.is_closed:
        raise ActionError(_("案件已结案，不能增加当事人"))


def may_add_party(user, case: Case) -> bool:
    return _passes(check_add_party, user, case)


# --- Nodes and periods ---------------------------------------------------------------------------


def check_record_node(user, case: Case, kind_code: str = "") -> None:
    """The handler, or a judge or leader of the court; after closing only the re-inquiries."""
    if not _is_handler(user, case):
        require_role(user, SUPERVISING_ROLES, case.court, _("办理非本人承办案件的节点"))
    if case.is_closed and kind_code != "reinquiry":
        raise ActionError(_("案件已结案，不能再记录流程节点"))


def may_record_node(user, case: Case, kind_code: str = "") -> bool:
    return _passes(check_record_node, user, case, kind_code)


def check_excluded_period(user, case: Case) -> None:
    """Starting or ending a period not counted: the handler, or a judge or leader of the court."""
    if not _is_handler(user, case):
        require_role(user, SUPERVISING_ROLES, case.court, _("登记扣除期限"))
    if case.is_closed:
        raise ActionError(_("案件已结案"))


def may_excluded_period(user, case: Case) -> bool:
    return _passes(check_excluded_period, user, case)


def check_approve_extension(user, case: Case) -> None:
    """rules §3.1.2–3.1.3: the president (院领导) approves an extension; never the handler."""
    require_role(user, EXTENDING_ROLES, case.court, _("批准延长执行期限"))
    if _is_handler(user, case):
        raise ActionError(_("承办人不得批准本人承办案件的延长"))
    if case.is_closed:
        raise ActionError(_("案件已结案"))


def may_approve_extension(user, case: Case) -> bool:
    return _passes(check_approve_extension, user, case)


def check_resume(user, case: Case) -> None:
    """Resuming files a new case in the same court: whoever may file there."""
    check_file_case(user, case.court)
    if case.closure_method not in (rules.TERMINATED_THIS_ROUND, rules.TERMINATED):
        raise ActionError(_("只有终结本次执行程序或终结执行的案件可以恢复执行"))


def may_resume(user, case: Case) -> bool:
    return _passes(check_resume, user, case)


def check_reveal_identity(user, case: Case) -> None:
    """Seeing a party's full identity code: staff of the case's court (or above)."""
    require_role(user, tuple(court_rules.ROLE_LABELS), case.court, _("查看完整身份证号码"))


def may_reveal_identity(user, case: Case) -> bool:
    return _passes(check_reveal_identity, user, case)


# --- Closing -------------------------------------------------------------------------------------


def check_request_closure(user, case: Case) -> None:
    """The handler, or a judge or leader of the court, asks to close the case; someone else decides."""
    if not _is_handler(user, case):
        require_role(user, SUPERVISING_ROLES, case.court, _("提请结案"))


def check_decide_closure(user, case: Case, request: ClosureRequest | None, method: str | None = None) -> None:
    """Approving or refusing a closure request (rules §12, §2.3): an approving role on the case's court
    (rule setting `closing.approver_roles`), and never the case's handler, a former handler, or the
    person who asked, whatever other roles they hold. A case closes only on a pending request: there
    is no closing by one person alone."""
    from .queries import approver_roles

    require_actor(user)
    if is_system(user):
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


def may_request_closure(user, case: Case, pending: ClosureRequest | None) -> bool:
    return not case.is_closed and pending is None and _passes(check_request_closure, user, case)


def may_decide_closure(user, case: Case, pending: ClosureRequest | None) -> bool:
    return not case.is_closed and pending is not None and _passes(check_decide_closure, user, case, pending)


def approving_courts(user, grants=None):
    """Courts where `user` holds a role that court's `closing.approver_roles` names (any method); a
    grant reaches the courts below its court, each read against its own setting."""
    from django.db.models import Q

    from zhixing.courts.models import Court

    from .queries import approver_roles

    if getattr(user, "is_superuser", False):
        return Court.objects.all()
    grants = list(user.grants.select_related("court")) if grants is None else grants
    if not grants:
        return Court.objects.none()
    below = Q()
    for g in grants:
        below |= Q(path__startswith=g.court.path)
    ids = {
        c.pk
        for c in Court.objects.filter(below).only("pk", "path", "parent_id")
        if any(c.path.startswith(g.court.path) and g.role in approver_roles(c) for g in grants)
    }
    return Court.objects.filter(pk__in=ids)


def may_approve_anywhere(user, grants=None) -> bool:
    """Whether the approvals page is for this user (the navbar link and the page's own check).
    `grants` (with their courts) when the caller has them already."""
    from .queries import approver_roles

    if getattr(user, "is_superuser", False):
        return True
    grants = list(user.grants.select_related("court")) if grants is None else grants
    if any(g.role in approver_roles(g.court) for g in grants):
        return True  # the common case, without a query: the grant's own court
    # Only a role some court's version names can approve below the grant: else no query either.
    named = _roles_named_anywhere()
    return any(g.role in named for g in grants) and approving_courts(user, grants).exists()


def _roles_named_anywhere() -> set[str]:
    """Every role any version of `closing.approver_roles`, for any court, names (from the per-process
    cache of rule settings, no query)."""
    from zhixing.core.rulesettings import _rows

    from . import settings_keys

    named: set[str] = set()
    for _on, _court, value in _rows(settings_keys.CLOSURE_APPROVER_ROLES):
        for roles in value.values() if isinstance(value, dict) else [value]:
            named.update(roles or ())
    return named


def may_command(user, roles: set[str] | None = None) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    roles = roles if roles is not None else set(user.grants.values_list("role", flat=True))
    return bool(roles & set(COMMAND_ROLES))


# --- Handler -------------------------------------------------------------------------------------


def handler_refusal(case: Case, handler) -> str | None:
    """Why `handler` may not handle `case` (None when they may): an active user holding the officer
    role on the case's court or a court above it, the rule the filing form's officer list follows
    (queries.officers_for)."""
    if handler is None or not getattr(handler, "is_active", False):
        return _("%(handler)s 的账号已停用，不能承办案件") % {"handler": handler}
    if not has_role(handler, HANDLING_ROLES, case.court):
        return _("%(handler)s 不是%(court)s的执行员，不能承办该院的执行案件") % {
            "handler": handler,
            "court": case.court.name,
        }
    return None
