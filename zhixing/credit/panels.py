"""The credit panel of the case page, registered with zhixing.cases.panels from CreditConfig.ready()."""

from __future__ import annotations

from zhixing.cases import panels


def register() -> None:
    from .views.panel import case_panel

    panels.register("credit", case_panel)
