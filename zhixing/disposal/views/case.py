"""The case's disposal page (/disposal/cases/<id>/, the "财产处置" tab) and its summary panel on the case
page (registered with zhixing.cases.panels from DisposalConfig.ready()).

Each disposal with its reference-price procedures and reports, its rounds with their terms, the
panel's votes, the listing and result, the money received, the ruling and transfer notice, and the
distribution; and the forms of exactly the actions this user may take, each asked of its `may_*`
predicate (and offered only once its action exists)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from zhixing.cases.actions.common import today
from zhixing.cases.views.base import render_page, staff_view, visible_case

from .. import forms, permissions, queries, rules
from ..models import Auction, Disposal, Distribution, Platform, PriceProcedure
from . import display
from .actions import available

BADGES = {
    Disposal.PRICING: "text-bg-info",
    Disposal.AUCTION: "text-bg-primary",
    Disposal.SALE: "text-bg-warning",
    Disposal.SOLD: "text-bg-success",
    Disposal.TAKEN: "text-bg-success",
    Disposal.RELEASED: "text-bg-secondary",
}
ROUND_BADGES = {
    Auction.DRAFT: "text-bg-warning",
    Auction.DECIDED: "text-bg-info",
    Auction.LISTED: "text-bg-primary",
    Auction.SOLD: "text-bg-success",
    Auction.FAILED: "text-bg-secondary",
    Auction.RENEGED: "text-bg-danger",
    Auction.SUSPENDED: "text-bg-warning",
    Auction.CANCELLED: "text-bg-light",
}


def _offer(allowed: bool, name: str) -> bool:
    return allowed and available(name)


def procedure_row(user: Any, disposal: Disposal, p: PriceProcedure, handle: bool, on) -> dict[str, Any]:
    p.disposal = disposal
    row: dict[str, Any] = {"procedure": p, "reports": list(p.reports.all())}
    is_open = p.status == PriceProcedure.OPEN
    if is_open and p.method == "agreement" and _offer(handle, "record_agreement"):
        row["agreement_form"] = forms.AgreementForm(auto_id=False)
    if is_open and p.method in ("directed", "valuation"):
        if _offer(handle, "record_report"):
            row["report_form"] = forms.ReportForm(auto_id=False)
        if _offer(handle, "fail_procedure"):
            row["fail_form"] = forms.ReasonForm(auto_id=False)
    if is_open and p.method == "network" and _offer(handle, "collect_reports"):
        row["collect"] = True
    in_window = p.objection_due_on is None or p.objection_due_on >= on
    if p.status == PriceProcedure.DONE and not p.objection and in_window and _offer(handle, "object_price"):
        row["object_form"] = forms.ObjectionForm(auto_id=False)
    if permissions.may_rule_price_objection(user, p) and available("rule_price_objection"):
        row["rule_form"] = forms.RulingForm(auto_id=False)
    return row


def panel_member(user: Any, case: Any) -> bool:
    """A judge or leader of the case's court: may sit on its collegial panel (check_vote_auction's role
    part, asked once a page; the "voted already" part is read from the prefetched votes)."""
    from zhixing.cases.actions.common import passes, require_role

    return passes(require_role, user, permissions.PANEL_ROLES, case.court, "")


def auction_row(
    user: Any, disposal: Disposal, a: Auction, handle: bool, member: bool = False
) -> dict[str, Any]:
    a.disposal = disposal
    votes = list(a.votes.all())
    row: dict[str, Any] = {
        "auction": a,
        "badge": ROUND_BADGES.get(a.status, "text-bg-light"),
        "votes": votes,
        "votes_needed": max(permissions.PANEL_SIZE - len(votes), 0),
    }
    voted = any(v.member_id == getattr(user, "pk", None) for v in votes)
    if a.status == Auction.DRAFT and member and not voted and available("vote_auction"):
        row["vote_form"] = forms.VoteForm(auto_id=False)
    if a.status == Auction.DECIDED and _offer(handle, "list_auction"):
        row["list"] = True
    return row


def distribution_row(user: Any, disposal: Disposal, dist: Distribution, handle: bool, on) -> dict[str, Any]:
    dist.disposal = disposal
    objections = list(dist.objections.all())
    pending = [o for o in objections if o.decided_on is None]
    row: dict[str, Any] = {"distribution": dist, "lines": list(dist.lines.all()), "objections": objections}
    if dist.status == Distribution.DRAFT and _offer(handle, "notify_distribution"):
        row["notify"] = True
    in_window = dist.objection_due_on is not None and dist.objection_due_on >= on
    if dist.status in (Distribution.NOTIFIED, Distribution.OBJECTED) and in_window:
        if _offer(handle, "object_distribution"):
            row["object_form"] = forms.DistributionObjectionForm(auto_id=False)
    if (
        pending
        and permissions.may_rule_objection(user, disposal.case)
        and available("rule_distribution_objection")
    ):
        row["rule_forms"] = [
            (o, forms.RuleDistributionObjectionForm(auto_id=False, initial={"objection": o.pk}))
            for o in pending
        ]
    if (
        dist.status in (Distribution.NOTIFIED, Distribution.OBJECTED)
        and not pending
        and not in_window
        and permissions.may_finalise_distribution(user, dist)
        and available("finalise_distribution")
    ):
        row["finalise"] = True
    if dist.status == Distribution.FINAL and _offer(handle, "pay_distribution"):
        row["pay_form"] = forms.PayeeForm(auto_id=False, lines=row["lines"])
    return row


def disposal_row(
    user: Any, d: Disposal, handle: bool, platforms: list[Platform], on, member: bool = False
) -> dict[str, Any]:
    procedures = list(d.procedures.all())
    auctions = list(d.auctions.all())
    open_round = next((a for a in auctions if a.status in Auction.OPEN), None)
    sale_failed = any(a.stage == Auction.SALE and a.status == Auction.FAILED for a in auctions)
    dist = queries.distribution_of(d)
    row: dict[str, Any] = {
        "disposal": d,
        "badge": BADGES.get(d.status, "text-bg-light"),
        "procedures": [procedure_row(user, d, p, handle, on) for p in procedures],
        "auctions": [auction_row(user, d, a, handle, member) for a in auctions],
        "distribution": distribution_row(user, d, dist, handle, on) if dist else None,
        "reference_overdue": d.status == Disposal.PRICING and not procedures and d.reference_due_on < on,
    }
    # A failed first round and no second yet: the re-auction's deadline (30 days, rules §8.12), as on
    # the desk.
    if d.is_open and not any(a.round_no > 1 for a in auctions):
        for a, a_row in zip(auctions, row["auctions"], strict=True):
            failed = queries.failed_on(a) if a.status == Auction.FAILED and a.round_no == 1 else None
            if failed:
                a_row["reauction"] = display.due(rules.reauction_by(failed), on)
    if not d.is_open:
        handle = False
    if (
        d.status == Disposal.PRICING
        and d.reference_price is None
        and not any(p.status == PriceProcedure.OPEN for p in procedures)
        and _offer(handle, "start_price")
    ):
        row["price_form"] = forms.StartPriceForm(auto_id=False)
    if (
        d.reference_price is not None
        and open_round is None
        and not sale_failed
        and _offer(handle, "propose_auction")
    ):
        row["propose_form"] = forms.ProposeAuctionForm(auto_id=False, platforms=platforms)
        row["choose_platform"] = d.platform_id is None
    if open_round is not None and open_round.status == Auction.LISTED and _offer(handle, "suspend_auction"):
        row["suspend_form"] = forms.ReasonForm(auto_id=False)
    if d.suspended_since and _offer(handle, "resume_auction"):
        row["resume_form"] = forms.ResumeForm(auto_id=False)
    if sale_failed and d.is_open:
        if d.applicant_refused_on is None:
            row["take"] = _offer(handle, "take_in_payment")
            row["refuse"] = _offer(handle, "refuse_taking")
        row["release"] = _offer(handle, "release_undisposable")
    if d.status == Disposal.SOLD:
        if not d.ruling_number and permissions.may_confirm_sale(user, d) and available("confirm_sale"):
            row["confirm"] = True
        if (
            d.ruling_number
            and d.served_on is None
            and _offer(permissions.may_handle_disposal(user, d.case), "serve_ruling")
        ):
            row["serve_form"] = forms.ServeForm(auto_id=False, initial={"served_on": on})
        if (
            d.served_on
            and not d.transfer_notice_number
            and _offer(permissions.may_handle_disposal(user, d.case), "send_transfer_notice")
        ):
            row["transfer"] = True
    if (
        d.status in (Disposal.SOLD, Disposal.TAKEN)
        and dist is None
        and _offer(permissions.may_handle_disposal(user, d.case), "draw_distribution")
    ):
        row["draw_form"] = forms.DrawForm(auto_id=False)
    return row


def page_context(request, case) -> dict[str, Any]:
    user, on = request.user, today()
    handle = permissions.may_handle_disposal(user, case)
    disposals = queries.case_disposals(case)
    platforms = list(Platform.objects.filter(active=True)) if handle else []
    member = panel_member(user, case) if disposals else False
    ctx: dict[str, Any] = {
        "case": case,
        "on": on,
        "rows": [disposal_row(user, d, handle, platforms, on, member) for d in disposals],
    }
    if handle and available("start_disposal"):
        measures = queries.startable_measures(case)
        if measures:
            ctx["start_form"] = forms.StartDisposalForm(auto_id="s_%s", measures=measures)
    return ctx


@staff_view
def case_page(request, case_id: int):
    case = visible_case(request.user, case_id)
    if not permissions.may_read_disposal(request.user, case):
        raise PermissionDenied(_("只有本案承办人及本院执行人员、法官、院领导和指挥中心可以查看财产处置"))
    return render_page(request, "disposal/case.html", page_context(request, case), active="cases")


# --- the case page's panel ------------------------------------------------------------------------


def case_panel(request: Any, case: Any) -> str:
    """The "财产处置" panel: one line a disposal and the link to the case's disposal page."""
    allowed = permissions.may_read_disposal(request.user, case)
    context: dict[str, Any] = {"case": case, "allowed": allowed}
    if allowed:
        rows = []
        for d in (
            Disposal.objects.filter(case=case)
            .select_related("platform")
            .prefetch_related("auctions")
            .order_by("seized_on", "id")
        ):
            auctions = list(d.auctions.all())
            rows.append(
                {
                    "disposal": d,
                    "badge": BADGES.get(d.status, "text-bg-light"),
                    "last": auctions[-1] if auctions else None,
                }
            )
        context["rows"] = rows
        context["can_start"] = permissions.may_handle_disposal(request.user, case)
    context["csrf_token"] = get_token(request)
    return render_to_string("disposal/_case_panel.html", context, request=request)
