"""Chinese labels of the bulletin's keys, shared by the HTML and XLSX renderings."""

from django.utils.translation import gettext_lazy as _

FUNDS = {"unidentified_funds": _("未认领款项"), "overdue_funds": _("超期未发放款项")}
LEVELS = {
    "supreme": _("最高人民法院"),
    "high": _("高级人民法院"),
    "intermediate": _("中级人民法院"),
    "basic": _("基层人民法院"),
}


def indicator_names(data: dict | None = None) -> dict[str, str]:
    """Key → Chinese name: of the definitions frozen in a stored bulletin (`data`, its JSON) when it
    has them, so a renamed indicator does not rename last week's columns; else of today's nationwide
    definitions."""
    from zhixing.supervision.models import IndicatorDefinition

    names = {k: str(v) for k, v in FUNDS.items()}
    if data is not None and "definitions" in data:
        # Nationwide names first; a court's own variant names the column only where nothing else does.
        for d in sorted(data["definitions"], key=lambda d: d["court_id"] is not None):
            names.setdefault(d["key"], d["name"])
        return names
    for key, name in IndicatorDefinition.objects.filter(court=None).values_list("key", "name"):
        names.setdefault(key, name)
    return names


def indicator_kinds(data: dict) -> dict[str, str]:
    """Each indicator's kind as the bulletin froze it ("definitions"); a bulletin stored before the
    definitions were has none, and its ratios are taken as rates."""
    return {d["key"]: d["kind"] for d in data.get("definitions", []) if "key" in d and "kind" in d}


def value_text(value, kind: str = "rate") -> str:
    """A ratio's value as read: a rate in per cent, an average (days to close) to one decimal."""
    if value is None:
        return "—"
    if kind == "average":
        return f"{value:.1f}"
    return f"{value * 100:.2f}%"


def cell(figure, kind: str = "rate") -> str:
    """A figure as one cell of text: a ratio's value with its numerator/denominator."""
    if isinstance(figure, dict) and "value" in figure:
        return f"{value_text(figure['value'], kind)}（{figure['numerator']}/{figure['denominator']}）"
    if isinstance(figure, dict) and "amount" in figure:
        return f"{figure['count']} / {figure['amount']}"
    return str(figure)


def rankings(data: dict, names: dict[str, str]) -> list[dict]:
    """The ranking groups as pages show them: the indicator's name, and each rank's value as text."""
    kinds = indicator_kinds(data)
    return [
        dict(
            g,
            name=names.get(g["indicator"], g["indicator"]),
            ranks=[
                dict(e, text=value_text(e["value"], kinds.get(g["indicator"], "rate"))) for e in g["ranks"]
            ],
        )
        for g in data.get("rankings", [])
    ]


def trend_tables(data: dict, names: dict[str, str]) -> list[dict]:
    """The trend as tables, one per indicator (weeks across, courts down): the charts' figures for a
    reader who cannot see the charts, and for anyone who wants the numbers."""
    t = data.get("trend") or {}
    weeks, series = t.get("weeks", []), t.get("series", [])
    kinds = indicator_kinds(data)
    keys: list[str] = []
    for s in series:
        keys.extend(k for k in s["indicators"] if k not in keys)
    return [
        {
            "name": names.get(k, k),
            "weeks": weeks,
            "rows": [
                {
                    "court": s["court_name"],
                    "cells": [value_text(v, kinds.get(k, "rate")) for v in s["indicators"][k]],
                }
                for s in series
                if k in s["indicators"]
            ],
        }
        for k in keys
    ]
