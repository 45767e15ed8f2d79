"""Who may change what the shared kernel keeps: the calendar, the rule settings, the audit log
(ARCHITECTURE §10: one predicate per action, asked by the action and by every page that offers it).

core depends on nothing of ours (ARCHITECTURE "Layout", issue 8 item 3), yet its predicates turn on
roles held per court, which `zhixing.courts` owns. So core declares here the few questions it needs to
ask about courts and roles, and courts answers them from its AppConfig.ready()
(`zhixing.courts.seams`): `provide(name, fn)` registers an answer, `ask(name, ...)` asks it. The
questions are a closed list, so a misspelt name fails at once instead of answering nothing, and an
unanswered question raises (ImproperlyConfigured) instead of letting a check pass.

The predicate itself stays here, once: `is_administrator(user, court)` is what core.actions enforce
and what the admin pages ask; courts only says whether a user holds the administrator role on a court.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .actors import is_system, require_actor

QUESTIONS: dict[str, str] = {
    "is_admin_of": "(user, court) -> bool: holds the administrator role on `court` or a court above it",
    "is_admin_anywhere": "(user) -> bool: holds the administrator role on some court",
    "admin_courts": "(user) -> QuerySet: the courts `user` administers, the courts below included",
    "top_courts": "() -> Iterable: the courts with no court above them",
    "court_by_code": "(code) -> court or None",
}

_answers: dict[str, Callable[..., Any]] = {}


def provide(name: str, fn: Callable[..., Any]) -> None:
    """Register the answer to question `name` (one of QUESTIONS); a later call replaces it."""
    if name not in QUESTIONS:
        raise ImproperlyConfigured(f"core.permissions: unknown question {name!r}")
    _answers[name] = fn


def ask(name: str, *args: Any) -> Any:
    if name not in QUESTIONS:
        raise ImproperlyConfigured(f"core.permissions: unknown question {name!r}")
    try:
        fn = _answers[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"core.permissions: no app answers {name!r} (is zhixing.courts in INSTALLED_APPS?)"
        ) from None
    return fn(*args)


def is_administrator(actor: Any, court: Any = None) -> bool:
    """May `actor` administer `court` (a court), or, with court None, what is nationwide (the
    administrator role on a top court)? A named system actor (core.actors.SystemActor: the import,
    a migration, a command) passes; None is refused (TypeError), there is no "no actor"."""
    require_actor(actor)
    if is_system(actor):
        return True
    if getattr(actor, "is_superuser", False):
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    if court is not None:
        return bool(ask("is_admin_of", actor, court))
    return any(ask("is_admin_of", actor, top) for top in ask("top_courts"))


def holds_admin_role(user: Any) -> bool:
    """Superusers and holders of the administrator role on any court use the administrator's pages."""
    if not getattr(user, "is_active", False):
        return False
    return bool(user.is_superuser or ask("is_admin_anywhere", user))
