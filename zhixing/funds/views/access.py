"""What the funds pages ask about a user beyond one object: whether to show the navbar link, and the
user's roles by court for lists, so that a list of payouts or receipts asks no query per row. Each
helper answers as the predicate of zhixing.funds.permissions it mirrors (tests compare them)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from zhixing.courts import queries as court_queries
from zhixing.courts.models import Court, RoleGrant

from .. import permissions, rules
from ..models import Payout, Receipt


def reading_courts(user: Any) -> QuerySet[Court]:
    """Every court whose funds the user may read (permissions.may_read_funds), courts below included."""
    if getattr(user, "is_superuser", False):
        return Court.objects.all()
    return court_queries.courts_for(user, permissions.READING_ROLES)


def may_read_funds_anywhere(user: Any) -> bool:
    return reading_courts(user).exists()


class Roles:
    """The user's grants read once: role → court paths it reaches (a role reaches the courts below)."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.superuser = bool(getattr(user, "is_superuser", False))
        self.paths: dict[str, list[str]] = {}
        for role, path in RoleGrant.objects.filter(user=user).values_list("role", "court__path"):
            self.paths.setdefault(role, []).append(path)

    def has(self, roles: Iterable[str], court: Court) -> bool:
        if self.superuser:
            return True
        return any(court.path.startswith(p) for r in roles for p in self.paths.get(r, ()))

    def may_approve_payout(self, payout: Payout) -> bool:
        """permissions.may_approve_payout, on a payout read with its approvals prefetched."""
        if payout.status != Payout.REQUESTED:
            return False
        done = sorted(payout.approvals.all(), key=lambda a: a.step)
        if len(done) >= len(payout.steps):
            return False
        role = payout.steps[len(done)]
        if not self.has((role,), payout.case.court):
            return False
        return not rules.approval_problem(
            role, self.user.pk, payout.requested_by_id, [a.approver_id for a in done]
        )

    def may_send_payout(self, payout: Payout) -> bool:
        return (
            payout.status == Payout.APPROVED
            and payout.account_confirmed
            and self.has(permissions.SENDING_ROLES, payout.case.court)
        )

    def may_request_claim(self, receipt: Receipt) -> bool:
        return (
            receipt.case_id is None
            and receipt.claim_requested_for_id is None
            and self.has(permissions.CLAIMING_ROLES, receipt.pooled.court)
        )

    def may_approve_claim(self, receipt: Receipt) -> bool:
        claimed_for = receipt.claim_requested_for
        if claimed_for is None or not self.has(permissions.CLAIM_APPROVING_ROLES, claimed_for.court):
            return False
        return receipt.claim_requested_by_id != self.user.pk
