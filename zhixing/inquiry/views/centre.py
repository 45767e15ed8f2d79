"""The command centre's inquiry pages (issue 10 items 5 and 9): the measure-expiry calendar, with the
renewal reminders raised and the measures that lapsed unrenewed shown first and in red (a measure never
lapses silently), and the inquiry panel of a day: batches, answers, hits and failures by institution."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from zhixing.cases.actions.common import today
from zhixing.cases.views.base import render_page, staff_view, yuan

from .. import page_queries, permissions, queries
from ..models import InquiryBatch, Measure
from . import display

HORIZONS = (30, 90, 180, 365)
LAPSED_SHOWN = 200


def _court_or_refuse(request):
    court = page_queries.chosen_court(request.user, request.GET.get("court", ""))
    if court is None or not permissions.may_view_calendar(request.user, court):
        raise PermissionDenied(_("只有指挥中心或院领导可以查看查控到期日历"))
    return court


def measure_rows(measures: list[Measure], on: dt.date) -> list[dict[str, Any]]:
    return [
        {
            "measure": m,
            "amount": yuan(m.amount),
            "left": display.expiry_text(m, on),
            "due": m.renewal_due_since is not None,
            "pending": m.pending == "renew",
        }
        for m in measures
    ]


def _horizon(request) -> int:
    raw = request.GET.get("days", "")
    return int(raw) if raw.isdigit() and int(raw) in HORIZONS else 90


@staff_view
def calendar(request):
    court = _court_or_refuse(request)
    on, days = today(), _horizon(request)
    upcoming = measure_rows(queries.expiry_calendar(court, on, on + dt.timedelta(days=days)), on)
    lapsed = queries.lapsed_measures(court)
    months = [
        {"month": month, "rows": list(rows)}
        for month, rows in groupby(upcoming, key=lambda r: r["measure"].expiry.replace(day=1))
    ]
    return render_page(
        request,
        "inquiry/calendar.html",
        {
            "court": court,
            "courts": list(page_queries.watching_courts(request.user)),
            "on": on,
            "days": days,
            "horizons": HORIZONS,
            "months": months,
            "upcoming_count": len(upcoming),
            "due": measure_rows(queries.renewals_due(court), on),
            "lapsed": measure_rows(lapsed[:LAPSED_SHOWN], on),
            "lapsed_count": len(lapsed),
        },
        active="inquiry_centre",
    )


@staff_view
def panel(request):
    court = _court_or_refuse(request)
    on = today()
    raw = request.GET.get("on", "")
    try:
        on = dt.date.fromisoformat(raw) if raw else on
    except ValueError:
        pass
    rows = queries.inquiry_panel(court, on)
    keys = ("debtors", "queried", "requests", "answered", "hits", "assets", "failures")
    total = {k: sum(r[k] or 0 for r in rows) for k in keys}
    batches = list(
        InquiryBatch.objects.filter(court__path__startswith=court.path, created_at__date=on)
        .select_related("started_by", "court")
        .order_by("-created_at")
    )
    return render_page(
        request,
        "inquiry/panel.html",
        {
            "court": court,
            "courts": list(page_queries.watching_courts(request.user)),
            "on": on,
            "rows": [{**r, "kind_label": display.kind_label(r["institution__kind"])} for r in rows],
            "total": total,
            "batches": [{"batch": b, "badge": display.BATCH_BADGES.get(b.status, "")} for b in batches],
            "running": sum(1 for b in batches if b.status == InquiryBatch.RUNNING),
        },
        active="inquiry_centre",
    )
