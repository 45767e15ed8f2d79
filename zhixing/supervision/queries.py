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
