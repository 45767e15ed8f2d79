"""What relief plugs into the apps below it, connected from ReliefConfig.ready(): cases, funds and
measures cannot import relief. One line per seam; a helper adding a seam adds its line here."""

from __future__ import annotations


def connect() -> None:
    pass
