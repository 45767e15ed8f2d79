"""The case list: every case the user may see, filtered by status, court and a search."""

from __future__ import annotations

from zhixing.courts.models import Court
from zhixing.courts.queries import courts_for

from .. import queries
from ..actions.common import today
from ..filters import CaseListFilter
from .base import paginate, render_page, staff_view, yuan


def list_courts(user):
    if user.is_superuser:
        return Court.objects.all()
    return courts_for(user, queries.STAFF_ROLES)


@staff_view
def case_list(request):
    fs = CaseListFilter(
        request.GET,
        queryset=queries.case_list(request.user),
        request=request,
        courts=list_courts(request.user),
    )
    form, cases = fs.form, fs.qs
    page = paginate(request, cases)
    rows = [{"case": c, "applied": yuan(c.applied_amount)} for c in page.object_list]
    return render_page(
        request,
        "cases/list.html",
        {"form": form, "page": page, "rows": rows, "today": today()},
        active="cases",
    )
