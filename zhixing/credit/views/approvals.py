"""The leaders' signing queue (addendum §3.4, §4.2: the president signs): the proposed listings and
consumption restrictions of the courts the user leads, oldest first, each with its case and debtor,
one click to the case page's panel, and the sign / refuse form where the user may decide it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from zhixing.cases.views.base import render_page, staff_view

from .. import forms, permissions, queries, rules


@staff_view
def approvals(request):
    user = request.user
    if not queries.signing_courts(user).exists():
        raise PermissionDenied(_("只有院领导可以审批失信名单和限制消费令"))
    listings = [
        {
            "listing": x,
            "ground": rules.GROUNDS.get(x.ground, ""),
            "form": forms.DecideForm(auto_id=False) if permissions.may_decide_listing(user, x) else None,
        }
        for x in queries.proposed_listings(user)
    ]
    restrictions = [
        {
            "restriction": r,
            "persons": "、".join(p.name for p in r.persons.all()),
            "form": forms.DecideForm(auto_id=False) if permissions.may_issue_restriction(user, r) else None,
        }
        for r in queries.proposed_restrictions(user)
    ]
    return render_page(
        request,
        "credit/approvals.html",
        {"listings": listings, "restrictions": restrictions, "here": reverse("credit:approvals")},
        active="credit_approvals",
    )


@staff_view
def home(request):
    """The navbar's 信用惩戒: a leader with proposals waiting goes to the queue, the command centre and
    leaders otherwise to the credit board."""
    user = request.user
    waiting = queries.signing_courts(user).exists() and queries.has_proposals(user)
    if not waiting and queries.centre_courts(user).exists():
        return redirect("credit:centre")
    return redirect("credit:approvals")
