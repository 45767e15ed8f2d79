"""Panels other apps add to the case page.

`cases` knows nothing of the apps built on it (ARCHITECTURE "Layout"), so documents, funds, inquiry
and credit show their part of a case by registering a panel here from their AppConfig.ready():
a function (request, case) -> HTML, rendered in registration order below the node timeline.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

Panel = Callable[[object, object], str]
_panels: list[tuple[str, Panel]] = []


def register(name: str, panel: Panel) -> None:
    if name not in {n for n, _p in _panels}:
        _panels.append((name, panel))


def render_all(request, case) -> SafeString:
    return mark_safe("".join(panel(request, case) for _n, panel in _panels))  # noqa: S308 - panels render templates
