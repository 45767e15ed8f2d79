"""The panels relief adds to the case page (settlement; campaigns the case is in), registered with
zhixing.cases.panels from wiring.py (cases cannot import relief)."""

from __future__ import annotations


def register() -> None:
    pass
