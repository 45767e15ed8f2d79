"""The panels relief adds to the case page (settlement; campaigns the case is in), registered with
zhixing.cases.panels from wiring.py (cases cannot import relief)."""

from __future__ import annotations

from zhixing.cases import panels


def register() -> None:
    from .views.settlements import case_panel as settlement_panel

    panels.register("relief_settlement", settlement_panel)
