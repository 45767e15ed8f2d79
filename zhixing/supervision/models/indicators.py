"""Indicator definitions, snapshots and bulletins."""

__all__: list[str] = []
