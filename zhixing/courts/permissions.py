"""Who may administer courts, departments and users, and who counts as staff (ARCHITECTURE §10):
one predicate per action, asked by the courts actions, the admin seams and the navbar alike."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from . import rules
from .actors import is_system, require_actor
from .models import Court
from .queries import has_role, roles_of

ADMIN_ROLES = (rules.ADMIN,)
# Every role is a staff role: holding any of them at a court shows that court's cases.
STAFF_ROLES = tuple(rules.ROLE_LABELS)


def check_administer(actor: Any, court: Court | None) -> None:
    """Courts, departments and users are kept by a 管理员 of the court or a court above it. A named
    system actor (the import with --create-courts, the demo builder, a migration) passes; None is
    refused: there is no "no actor" (issue 8, item 2)."""
    require_actor(actor)
    if is_system(actor) or actor.is_superuser:
        return
    if court is None or not any(has_role(actor, role, court) for role in ADMIN_ROLES):
        raise PermissionDenied(_("只有该法院或上级法院的管理员可以进行此操作"))


def may_administer(user: Any, court: Court | None) -> bool:
    try:
        check_administer(user, court)
    except PermissionDenied:
        return False
    return True


def may_administer_anywhere(user: Any, roles: set[str] | None = None) -> bool:
    """Whether the navbar offers the administration pages; `roles` when the caller already has them."""
    if getattr(user, "is_superuser", False):
        return True
    roles = roles if roles is not None else roles_of(user)
    return bool(roles & set(ADMIN_ROLES))
