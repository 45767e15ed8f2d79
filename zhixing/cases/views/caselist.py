"""The case list: every case the user may see, filtered by status, court and a search."""

from __future__ import annotations

from zhixing.courts.models import Court
from zhixing.courts.queries import courts_for

from .. import queries
from ..actions.common import today
from ..forms import CaseFilterForm
from .base import paginate, render_page, staff_view, yuan


def list_courts(user):
    if user.is_superuser:
        return Court.objects.all()
    return courts_for(user, queries.STAFF_ROLES)


@staff_view
def case_list(request):
    form = CaseFilterForm(request.GET, courts=list_courts(request.user))
    data = form.cleaned_data if form.is_valid() else {}
    cases = queries.case_list(request.user, data.get("status") or "", data.get("court"), data.get("q") or "")
    page = paginate(request, cases)
    rows = [{"case": c, "applied": yuan(c.applied_amount)} for c in page.object_list]
    return render_page(
        request,
        "cases/list.html",
        {"form": form, "page": page, "rows": rows, "today": today()},
        active="cases",
    )
