"""The auction desk of a court and the courts below it (/disposal/desk/): plans awaiting the collegial
panel with this user's vote button, plans decided and not yet listed, live listings with their bidding
times, recent results, first rounds that failed with the 30-day deadline of the second (rules §8.12),
sales under way, and distributions in their objection window. Each list is read in a fixed number of
queries, whatever its length."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from zhixing.cases.actions.common import today
from zhixing.cases.views.base import render_page, staff_view

from .. import forms, permissions, queries, rules
from ..models import Auction
from . import display
from .actions import available


def desk_context(user: Any, court: Any) -> dict[str, Any]:
    on = today()
    can_vote = available("vote_auction")
    members: dict[int, bool] = {}
    awaiting = []
    for a in queries.awaiting_panel(court):
        votes = list(a.votes.all())
        voted = any(v.member_id == user.pk for v in votes)
        offer = (
            can_vote and not voted and len(votes) < permissions.PANEL_SIZE and _panel_member(user, a, members)
        )
        awaiting.append(
            {
                "auction": a,
                "votes": votes,
                "voted": voted,
                "vote_form": forms.VoteForm(auto_id=False) if offer else None,
            }
        )
    due = []
    for a in queries.due_for_second_round(court):
        failed = queries.failed_on(a)
        by = rules.reauction_by(failed) if failed else None
        due.append({"auction": a, "failed_on": failed, "due": display.due(by, on)})
    return {
        "court": court,
        "on": on,
        "awaiting": awaiting,
        "decided": queries.decided(court),
        "live": queries.live(court),
        "results": queries.recent_results(court, on),
        "due": due,
        "sales": queries.sales(court),
        "distributions": [
            {"distribution": x, "due": display.due(x.objection_due_on, on)}
            for x in queries.in_objection_window(court)
        ],
        "recent_days": queries.RECENT_DAYS,
        "shown": queries.SHOWN,
    }


def _panel_member(user: Any, auction: Auction, members: dict[int, bool]) -> bool:
    """The vote predicate without its per-row "already voted" query (the votes are prefetched), its
    role asked once a court."""
    from zhixing.cases.actions.common import passes, require_role

    court = auction.disposal.case.court
    if court.pk not in members:
        members[court.pk] = passes(require_role, user, permissions.PANEL_ROLES, court, "")
    return members[court.pk]


@staff_view
def desk(request):
    user = request.user
    court = queries.chosen_court(user, request.GET.get("court", ""))
    if court is None or not permissions.may_use_desk(user, court):
        raise PermissionDenied(_("只有执行人员、法官、院领导和指挥中心可以使用拍卖工作台"))
    context = desk_context(user, court)
    context["courts"] = list(queries.desk_courts(user))
    return render_page(request, "disposal/desk.html", context, active="disposal_desk")
