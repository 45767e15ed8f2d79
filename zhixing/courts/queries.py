"""Who may do what where: roles granted on a court reach that court and every court below it."""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

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
