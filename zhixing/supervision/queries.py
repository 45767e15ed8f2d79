"""Reads of supervision data shared by the command, pages and the API."""

from __future__ import annotations

from zhixing.courts.models import Court

from .definitions import Definition
from .engine import CourtInfo
from .models import Bulletin, IndicatorDefinition


def definitions() -> list[Definition]:
    return [Definition.of(d) for d in IndicatorDefinition.objects.all()]


def courts() -> list[CourtInfo]:
    return [
        CourtInfo(c.pk, c.code, c.name, c.level, c.parent_id, c.path)
        for c in Court.objects.order_by("path").only("id", "code", "name", "level", "parent_id", "path")
    ]


def stored_bulletin(week: str, court: Court | None) -> Bulletin | None:
    """The newest bulletin made for this week and court scope (None: all courts)."""
    return Bulletin.objects.filter(week=week, court=court).select_related("snapshot").first()


def earlier_bulletin(court: Court | None, start, end) -> Bulletin | None:
    """The newest bulletin stored for an earlier week of the same year to date (same period start,
    so 2026-W01 starts afresh) and the same scope: the one whose trend the next bulletin extends.
    Of several made for that week, the last made."""
    return (
        Bulletin.objects.filter(court=court, start=start, end__lt=end)
        .order_by("-end", "-made_at", "-id")
        .first()
    )


# --- Staff pages (who sees which bulletin) --------------------------------------------------------


def _page_roles() -> list[str]:
    from .permissions import BULLETIN_ROLES

    return list(BULLETIN_ROLES)


def bulletin_courts(user):
    """The courts whose figures `user` may read in bulletins: command centre, leader or admin there
    or above."""
    from zhixing.courts.queries import courts_for

    return courts_for(user, _page_roles())


def sees_everything(user) -> bool:
    """A bulletin of all courts (court NULL) shows every court: only for those over every top court."""
    from zhixing.courts.queries import has_role

    tops = list(Court.objects.filter(parent__isnull=True))
    return bool(tops) and all(has_role(user, _page_roles(), c) for c in tops)


def visible_bulletins(user):
    """Stored bulletins whose whole scope the user may read, newest first, without their JSON."""
    from django.db.models import Q

    allowed = Q(court__in=bulletin_courts(user))
    if sees_everything(user):
        allowed |= Q(court__isnull=True)
    return (
        Bulletin.objects.filter(allowed)
        .select_related("court", "made_by", "snapshot")
        .defer("content")
        .order_by("-week", "-made_at", "-id")
    )
