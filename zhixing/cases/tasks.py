"""Background tasks of the cases app."""

from __future__ import annotations

from django_tasks import task

from zhixing.core.periodic import periodic

from . import actions


@periodic("scan_overdue_nodes", seconds=3600)
@task()
def scan_overdue_nodes() -> int:
    """Mark nodes whose deadline passed as overdue (once each; see actions.scan_overdue)."""
    return actions.scan_overdue()
