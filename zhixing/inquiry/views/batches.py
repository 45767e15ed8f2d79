"""The batch pages: a court's batches with the form that starts a court-wide one (在执案件 or 终本到期复查),
and one batch's progress per institution, which refreshes itself (htmx polling) while it runs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from zhixing.cases.views.base import paginate, render_page, staff_view

from .. import page_queries, permissions, queries
from ..forms import BatchForm
from ..models import InquiryBatch
from . import display

POLL_SECONDS = 3


def _court_or_refuse(request):
    court = page_queries.chosen_court(request.user, request.GET.get("court", ""))
    if court is None:
        raise PermissionDenied(_("只有指挥中心或院领导可以查看查控批次"))
    return court


@staff_view
def batch_list(request):
    user = request.user
    court = _court_or_refuse(request)
    courts = list(page_queries.watching_courts(user))
    page = paginate(request, page_queries.court_batches(court))
    batches = list(page.object_list)
    figures = page_queries.batch_figures(batches)
    rows = [
        {
            "batch": b,
            "badge": display.BATCH_BADGES.get(b.status, "text-bg-light"),
            "f": figures.get(b.pk, {}),
        }
        for b in batches
    ]
    ctx: dict[str, Any] = {"court": court, "courts": courts, "page": page, "rows": rows}
    if permissions.may_start_batch(user, court):
        ctx["form"] = BatchForm(courts=[c for c in courts if c.pk == court.pk])
    return render_page(request, "inquiry/batches.html", ctx, active="inquiry")


def _visible_batch(user, pk: int) -> InquiryBatch:
    """A batch its court's command centre and leaders may follow, and whoever started it; others 404."""
    batch = get_object_or_404(InquiryBatch.objects.select_related("court", "started_by"), pk=pk)
    if batch.started_by_id == user.pk or permissions.may_view_calendar(user, batch.court):
        return batch
    raise PermissionDenied(_("只有发起人、指挥中心或院领导可以查看该批次"))


def progress_context(batch: InquiryBatch) -> dict[str, Any]:
    rows = queries.batch_progress(batch)
    total = {
        k: sum(getattr(r, k) for r in rows)
        for k in ("requests", "answered", "failed", "outstanding", "queried", "hits", "assets")
    }
    done = total["answered"] + total["failed"]
    return {
        "batch": batch,
        "rows": rows,
        "total": total,
        "percent": round(100 * done / total["requests"]) if total["requests"] else 100,
        "running": batch.status == InquiryBatch.RUNNING,
        "badge": display.BATCH_BADGES.get(batch.status, "text-bg-light"),
        "poll": POLL_SECONDS,
    }


@staff_view
def batch_detail(request, pk: int):
    batch = _visible_batch(request.user, pk)
    return render_page(request, "inquiry/batch.html", progress_context(batch), active="inquiry")


@staff_view
def batch_progress(request, pk: int):
    """The progress block alone, for the detail page's htmx polling (it stops once the batch ends)."""
    batch = _visible_batch(request.user, pk)
    return render(request, "inquiry/_batch_progress.html", progress_context(batch))
