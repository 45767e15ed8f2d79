"""The command centre's live page and the handler page (issue 3 items 5 and 6)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhixing.cases.actions.common import today
from zhixing.cases.views.base import render_page, staff_view

from . import centre, handlers
from .render.labels import value_text

LABELS = {
    "handler": gettext_lazy("承办人"),
    "received": gettext_lazy("新收"),
    "closed": gettext_lazy("已结"),
    "closure_rate": gettext_lazy("结案率"),
    "statutory_period_rate": gettext_lazy("法定期限内结案率"),
    "average_days": gettext_lazy("平均结案用时（天）"),
    "overdue_nodes": gettext_lazy("超期节点"),
    "long_pending": gettext_lazy("长期未结"),
}


def _courts_or_refuse(user, courts_of, refusal: str):
    """The courts `courts_of` gives the user; a user given none may not see the page (a superuser
    may, with none)."""
    courts = courts_of(user)
    if not user.is_superuser and not courts.exists():
        raise PermissionDenied(refusal)
    return courts


@staff_view
def live(request):
    courts = _courts_or_refuse(request.user, centre.watched_courts, _("只有指挥中心或院领导可以查看指挥中心"))
    on = today()
    counts = centre.live_counts(courts, on)
    by_court, by_handler = centre.overdue(request.user)
    return render_page(
        request,
        "supervision/centre/live.html",
        {
            "on": on,
            "week_start": centre.week_start(on),
            "totals": centre.totals(counts),
            "tree": [
                (row, {k: value_text(row.rates.get(k)) for k in centre.HEADLINE} if row.rates else None)
                for row in centre.court_tree(courts, counts)
            ],
            "by_court": by_court,
            "by_handler": by_handler,
            "funds": centre.funds_panel(courts, on),
            "funds_url": centre.funds_workbench_url(),
        },
        active="centre",
    )


@staff_view
def handler_list(request):
    courts = _courts_or_refuse(request.user, centre.chief_courts, _("只有院领导可以查看承办人指标"))
    sort = request.GET.get("sort", "")
    if sort not in handlers.COLUMNS and sort != "handler":
        sort = ""
    descending = request.GET.get("order", "desc") != "asc"
    page = centre.handler_page(courts, sort, descending)
    columns = [
        {
            "key": k,
            "label": LABELS[k],
            "active": k == sort,
            # Clicking the active column flips the order; another column starts descending.
            "order": "asc" if k == sort and descending else "desc",
        }
        for k in ("handler", *handlers.COLUMNS)
    ]
    return render_page(
        request,
        "supervision/centre/handlers.html",
        {
            "page": page,
            "columns": columns,
            "rows": [(r, [cell(k, r.indicators.get(k)) for k in handlers.COLUMNS]) for r in page.rows],
        },
        active="centre",
    )


def cell(key: str, v) -> str:
    """A figure as the page shows it: a count as is, a ratio's value (average_days is the only average
    among handlers.COLUMNS), no value as a dash."""
    if isinstance(v, dict):
        return value_text(v.get("value"), "average" if key == "average_days" else "rate")
    return str(v if v is not None else "—")
