"""Invariants of the cases app, run by `zhixing check` (registered in zhixing.core.checks)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from zhixing.core.checks import register

from .models import Case, Node

# After closing only the 终本 re-inquiry nodes keep running (rules §2.3, 终本规定 art 9).
KINDS_OPEN_AFTER_CLOSING = ("reinquiry",)


@register("已结案件无未完成节点")
def closed_cases_have_no_open_nodes() -> Iterator[str]:
    """Closing ends every open process node except the re-inquiries (cases.actions.closing), so an
    open node on a closed case means a write went around the actions, and its deadline would still
    show as overdue in the officer's inbox."""
    rows = (
        Node.objects.filter(case__status=Case.CLOSED, done_on__isnull=True, cancelled_on__isnull=True)
        .exclude(kind__code__in=KINDS_OPEN_AFTER_CLOSING)
        .values_list("case__case_number", "kind__name")
        .order_by("case__case_number", "kind__order", "sequence")
    )
    for case_number, kind_name in rows.iterator():
        yield _("案件 %(case)s 已结案，但节点“%(node)s”仍未完成") % {"case": case_number, "node": kind_name}
