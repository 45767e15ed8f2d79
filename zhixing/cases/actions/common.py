"""Helpers shared by the case actions: errors, permission checks, settings lookups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.core.rulesettings import rule_setting
from zhixing.courts import rules as court_rules
from zhixing.courts.actors import is_system, require_actor
from zhixing.courts.queries import has_role


class ActionError(ValidationError):
    """A rule refused the action; `messages` are for the user, in Chinese."""


def today() -> dt.date:
    return timezone.localdate()


def require_role(actor, roles: Iterable[str], court, what: str) -> None:
    """A named system actor (courts.actors) or a superuser passes; a person needs one of `roles` on the
    court or above it. No actor at all is refused: it is a caller's mistake, not the system."""
    require_actor(actor)
    if is_system(actor) or getattr(actor, "is_superuser", False):
        return
    roles = list(roles)
    if not has_role(actor, roles, court):
        names = "、".join(court_rules.ROLE_LABELS.get(r, r) for r in roles)
        raise PermissionDenied(
            _("%(what)s需要在%(court_name)s具有以下角色之一：%(names)s")
            % {"what": what, "court_name": court.name, "names": names}
        )


def passes(check, *args) -> bool:
    """A permission check (`check_<verb>`) as a yes or no, for `may_<verb>`: pages asking what to offer."""
    try:
        check(*args)
    except (PermissionDenied, ActionError):
        return False
    return True


def setting(key: str, court, on: dt.date | None = None):
    return rule_setting(key, court, on)
