"""Who may do what where: roles granted on a court reach that court and every court below it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from . import rules
from .models import Court, RoleGrant


def _grant_paths(user, roles: Iterable[str]) -> list[str]:
    if not getattr(user, "is_authenticated", False):
        return []
    cache = user.__dict__.setdefault("_grant_paths", {})
    key = tuple(sorted(roles))
    if key not in cache:
        cache[key] = list(
            RoleGrant.objects.filter(user=user, role__in=key).values_list("court__path", flat=True).distinct()
        )
    return cache[key]


def has_role(user, role: str | Iterable[str], court: Court) -> bool:
    """True when `user` holds `role` (or one of several) on `court` or on a court above it."""
    roles = [role] if isinstance(role, str) else list(role)
    return any(court.path.startswith(p) for p in _grant_paths(user, roles))


def courts_for(user, role: str | Iterable[str]) -> QuerySet[Court]:
    """Every court in which `user` holds `role`, the courts below included."""
    roles = [role] if isinstance(role, str) else list(role)
    paths = _grant_paths(user, roles)
    if not paths:
        return Court.objects.none()
    return Court.objects.filter(reduce(or_, (Q(path__startswith=p) for p in paths)))


def roles_of(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))


def court_by_code(code: str) -> Court | None:
    return Court.objects.filter(code=code).first()


def court_above(code: str, known: Mapping[str, Court] | None = None) -> Court | None:
    """The nearest court above the court of `code` that the platform knows, by the code
    (rules.codes_above: 冀0602 → 冀06, else 冀, else 最高法); None when none is known. `known` (courts
    by code) saves the queries when the caller has read the courts already."""
    above = rules.codes_above(code)
    if known is None:
        known = {c.code: c for c in Court.objects.filter(code__in=above)}
    return next((known[c] for c in above if c in known), None)


def may_move_court(user, court: Court, new_parent: Court | None) -> bool:
    """May `user` hang `court` (and the courts below it) under `new_parent`? An administrator whose
    grant reaches both the court's present place (the court above it) and the new one; a court at the
    top, or a move to the top, needs a superuser. A named system actor (the import) may."""
    from .actors import is_system

    if user is None or is_system(user) or getattr(user, "is_superuser", False):
        return True
    if court.parent is None or new_parent is None:
        return False
    return has_role(user, rules.ADMIN, court.parent) and has_role(user, rules.ADMIN, new_parent)
