"""The disposal panel of the case page, registered with zhixing.cases.panels from DisposalConfig.ready()."""

from __future__ import annotations

from zhixing.cases import panels


def register() -> None:
    from .views.case import case_panel

    panels.register("disposal", case_panel)
