"""The calendar's reminder on the administrator's pages (issue 7: from 1 October, next year undeclared)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from zhixing.core.calendar import next_year_warning

register = template.Library()


@register.simple_tag
def calendar_warning() -> str:
    return next_year_warning(timezone.localdate()) or ""
