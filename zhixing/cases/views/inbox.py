"""The officer's inbox: open nodes of the cases they handle, most urgent first, with filters,
pagination and an Excel export of exactly what the filters show."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .. import queries
from ..actions.common import today
from ..filters import InboxFilter
from .base import paginate, render_page, staff_view
from .display import node_row
from .export import xlsx_response


def inbox_query(request):
    """The filters' form and the nodes they select; a value that does not validate filters nothing."""
    fs = InboxFilter(request.GET, queryset=queries.inbox_nodes(request.user), request=request)
    return fs.form, fs.qs


@staff_view
def inbox(request):
    form, nodes = inbox_query(request)
    page = paginate(request, nodes)
    on, soon = today(), queries.due_soon_days()
    return render_page(
        request,
        "cases/inbox.html",
        {"form": form, "page": page, "rows": [node_row(n, on, soon) for n in page.object_list]},
        active="inbox",
    )


@staff_view
def inbox_export(request):
    """Every row the filters select (all pages), read in chunks so a long inbox does not sit in memory."""
    _form, nodes = inbox_query(request)
    on, soon = today(), queries.due_soon_days()
    header = [
        _("案号"), _("执行法院"), _("立案日期"), _("节点"), _("期限"), _("暂定期限"), _("状态"), _("剩余天数")
    ]  # fmt: skip

    def rows():
        for n in nodes.select_related("case__court").iterator(chunk_size=2000):
            r = node_row(n, on, soon)
            yield [
                n.case.case_number,
                n.case.court.name,
                n.case.filed_on,
                n.kind.name,
                n.due_on,
                _("暂定") if n.due_provisional else "",
                r.label,
                (n.due_on - on).days,
            ]

    return xlsx_response(_("待办"), header, rows(), f"待办-{on:%Y%m%d}.xlsx")
