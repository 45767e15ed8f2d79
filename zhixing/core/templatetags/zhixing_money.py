"""`{{ amount|yuan }}`: money on a page as 1,234,567.50 (core.money.format_yuan), so every page writes
amounts the same way; an empty value stays empty."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from zhixing.core.money import format_yuan

register = template.Library()


@register.filter
def yuan(value) -> str:
    if value is None or value == "":
        return ""
    try:
        return format_yuan(Decimal(value))
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
