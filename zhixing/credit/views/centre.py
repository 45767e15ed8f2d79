"""The command centre's credit board: removal deadlines (rules §7.1.10: 3 working days; overdue in
red, with counts per court), corrections whose review or correction clock runs (addendum §3.11), pushes
to the agencies not yet acknowledged (per agency, the oldest due day), and listings in their grace
period with their publication day (rules §7.2.6). For a court and the courts below it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from zhixing.cases.actions.common import today
from zhixing.cases.views.base import render_page, staff_view

from .. import queries, rules
from ..models import Push
from . import display

SHOWN = 200


@staff_view
def centre(request):
    user = request.user
    court = queries.chosen_court(user, request.GET.get("court", ""))
    if court is None:
        raise PermissionDenied(_("只有指挥中心或院领导可以查看信用惩戒面板"))
    on = today()
    removals = queries.removal_deadlines(court)
    corrections = []
    for c in queries.running_corrections(court):
        label, day = queries.correction_clock(c)
        corrections.append(
            {
                "correction": c,
                "ground": rules.CORRECTION_GROUNDS.get(c.ground, c.ground),
                "clock": label,
                "due": display.due(day, on),
            }
        )
    pushes = queries.push_summary(court)
    statuses = dict(Push.STATUSES)
    return render_page(
        request,
        "credit/centre.html",
        {
            "court": court,
            "courts": list(queries.centre_courts(user)),
            "on": on,
            "removals": [
                {
                    "listing": x,
                    "trigger": rules.REMOVAL_TRIGGERS.get(x.removal_trigger, ""),
                    "due": display.due(x.removal_due_on, on),
                }
                for x in removals[:SHOWN]
            ],
            "removal_total": len(removals),
            "removal_overdue": sum(1 for x in removals if x.removal_due_on < on),
            "removal_counts": queries.removal_counts(court, on),
            "corrections": corrections,
            "pushes": [{**p, "status_label": statuses.get(p["status"], p["status"])} for p in pushes],
            "grace": queries.in_grace(court)[:SHOWN],
        },
        active="credit_centre",
    )
