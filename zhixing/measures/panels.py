"""The 强制措施 panel of the case page, registered with zhixing.cases.panels from wiring.py (cases cannot
import measures)."""

from __future__ import annotations

from zhixing.cases import panels


def register() -> None:
    from .views.case import case_panel

    panels.register("measures", case_panel)
