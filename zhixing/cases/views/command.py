"""The command centre's overdue list across the courts it watches, with counts by court and handler."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from zhixing.courts.models import Court
from zhixing.courts.queries import courts_for

from .. import permissions, queries
from ..actions.common import today
from ..filters import CommandFilter
from .base import paginate, render_page, staff_view
from .display import node_row


@staff_view
def command_centre(request):
    user = request.user
    courts = Court.objects.all() if user.is_superuser else courts_for(user, permissions.COMMAND_ROLES)
    if not user.is_superuser and not courts.exists():
        raise PermissionDenied(_("只有指挥中心或院领导可以查看超期节点"))
    fs = CommandFilter(request.GET, queryset=queries.overdue_nodes(user), request=request, courts=courts)
    form, nodes = fs.form, fs.qs
    by_court, by_handler = queries.overdue_counts(nodes)
    page = paginate(request, nodes)
    on, soon = today(), queries.due_soon_days()
    return render_page(
        request,
        "cases/command.html",
        {
            "form": form,
            "page": page,
            "rows": [node_row(n, on, soon) for n in page.object_list],
            "by_court": by_court,
            "by_handler": by_handler,
        },
        active="command",
    )
