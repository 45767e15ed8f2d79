"""Who may do what in supervision (ARCHITECTURE §10): one predicate per action, enforced by the
action and asked by the pages and the admin before offering it. The role lists here are the only
place supervision names a role."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from zhixing.cases.actions.common import passes as _passes
from zhixing.cases.actions.common import require_role
from zhixing.courts import rules as court_rules
from zhixing.courts.actors import is_system, require_actor
from zhixing.courts.models import Court
from zhixing.courts.queries import has_role

# Bulletins and snapshots: made by, and read by, the command centre, leaders and administrators.
BULLETIN_ROLES = (court_rules.COMMAND, court_rules.LEADER, court_rules.ADMIN)
# Indicator definitions: administrators.
DEFINING_ROLES = (court_rules.ADMIN,)
# Assessment rounds (述职评议): organised by a leader or an administrator of the high court.
MANAGER_ROLES = (court_rules.ADMIN, court_rules.LEADER)
# The chair of the meeting (评议会主持人) is a court leader of the organising court.
CHAIR_ROLES = (court_rules.LEADER,)
# The command centre page and the officer figures below it.
WATCH_ROLES = (court_rules.COMMAND, court_rules.LEADER)
CHIEF_ROLES = (court_rules.LEADER,)


def _over(actor, court: Court | None, roles, what: str) -> None:
    """The role on `court`, or, for every court (None), on every top court (in practice: the high
    court)."""
    for c in [court] if court is not None else Court.objects.filter(parent__isnull=True):
        require_role(actor, roles, c, what)


def check_make_bulletin(user, court: Court | None) -> None:
    _over(user, court, BULLETIN_ROLES, _("生成周通报"))


def check_make_snapshot(user) -> None:
    _over(user, None, BULLETIN_ROLES, _("生成案件快照"))


def may_read_bulletin_of(user, court: Court) -> bool:
    """Whether `user` may read `court`'s figures in a bulletin (and drill into them)."""
    return _passes(require_role, user, BULLETIN_ROLES, court, "")


def check_save_definition(user, court: Court | None) -> None:
    """A version of an indicator definition: 管理员 on `court` or above it, or, for a nationwide version
    (court None), on every top court."""
    _over(user, court, DEFINING_ROLES, _("修改指标定义"))


def may_save_definition(user, court: Court | None) -> bool:
    return _passes(check_save_definition, user, court)


def check_manage_round(user, court: Court, what: str) -> None:
    """Organising an assessment round and each of its managing steps (values, codes, publishing)."""
    require_actor(user)
    if is_system(user) or getattr(user, "is_superuser", False):
        return
    if not has_role(user, MANAGER_ROLES, court):
        raise PermissionDenied(
            _("%(what)s需要在%(court)s具有院领导或管理员角色") % {"what": what, "court": court.name}
        )


def may_manage_round(user, court: Court) -> bool:
    return _passes(check_manage_round, user, court, "")


def may_chair(user, court: Court) -> bool:
    """The chair's decisions on a round (the quorum): a court leader of the organising court or of a
    court above it. Not an administrator, not merely a superuser, and never a system actor."""
    return bool(getattr(user, "is_authenticated", False)) and has_role(user, CHAIR_ROLES, court)
