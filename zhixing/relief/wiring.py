"""What relief plugs into the apps below it, connected from ReliefConfig.ready(): cases, funds and
measures cannot import relief. One line per seam; a helper adding a seam adds its line here."""

from __future__ import annotations


def connect() -> None:
    from . import panels

    # The settlement tab and the campaigns a case is in, on the case page (panels.py).
    panels.register()
    # The daily watch of settlements against the ledger registers itself with core.periodic.
    from . import scans  # noqa: F401

    # `zhixing demo`: campaigns, settlements, relief once the cases are built.
    from .demo import connect as connect_demo

    connect_demo()
