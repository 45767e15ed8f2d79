"""The removal triggers the platform sees by itself (rules §7.1.10), noted by the system actor so
that their 3-working-day deadline starts on the day they happened:

- (1) performed: the case's realised amount reaches the amount applied for (funds), or it closes as
  执行完毕;
- (4) empty re-inquiries: two or more network queries after 终本 found nothing (inquiry.reinquiries);
  a lead someone gave is for staff to weigh, who may still keep the listing by not removing it —
  the deadline shows, it does not remove;
- (5) suspended for retrial or bankruptcy: an open suspension whose note names 再审 or 破产;
- (6) 不予执行 and (7) 终结执行 closings.

Settlement performed (2) and the applicant's request (3) need a person: staff note them. Listings with
a term end by their term (removals.expire_terms) and are not noted here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from zhixing.cases import rules as case_rules
from zhixing.cases.models import Case
from zhixing.inquiry.reinquiries import empty_reinquiries

from .. import rules
from ..actors import CREDIT_SCAN
from ..models import Listing
from .common import today
from .removals import LIVE, note_trigger

CLOSING_TRIGGERS = {
    case_rules.COMPLETED: "performed",
    case_rules.TERMINATED: "terminated",
    case_rules.REFUSED: "not_enforced",
}
SUSPENSION_WORDS = ("再审", "审判监督", "破产")


def trigger_of(case: Case, on: dt.date) -> tuple[str, dt.date] | None:
    """The first trigger this case shows, with the day it happened."""
    if case.status == Case.CLOSED and case.closure_method in CLOSING_TRIGGERS:
        return CLOSING_TRIGGERS[case.closure_method], case.closed_on or on
    if case.applied_amount and case.realized_amount >= case.applied_amount:
        return "performed", on
    if (
        case.status == Case.CLOSED
        and case.closure_method == case_rules.TERMINATED_THIS_ROUND
        and rules.empty_reinquiries_enough(empty_reinquiries(case))
    ):
        return "empty_reinquiries", on
    suspended = case.excluded_periods.filter(kind="suspension", end_on__isnull=True)
    if any(w in (note or "") for note in suspended.values_list("note", flat=True) for w in SUSPENSION_WORDS):
        return "suspended", on
    return None


def scan_case(case: Case, *, on: dt.date | None = None, actor: Any = CREDIT_SCAN) -> int:
    on = on or today()
    listings = Listing.objects.filter(
        case=case, status__in=LIVE, removal_due_on__isnull=True, term_end__isnull=True
    )
    found = 0
    for listing in listings.select_related("case"):
        seen = trigger_of(listing.case, on)
        if seen is not None and seen[0] in rules.triggers_for(listing.ground):
            # A closing dated before the listing was signed (approved later) triggers on the decision.
            day = max(min(seen[1], on), listing.decided_on or seen[1])
            note_trigger(listing, seen[0], actor=actor, on=day)
            found += 1
    return found


def scan(on: dt.date | None = None, *, actor: Any = CREDIT_SCAN) -> int:
    """The daily backstop: every case with a live listing without a term and no trigger yet (bulk
    imports of bank statements do not signal each receipt)."""
    cases = Case.objects.filter(
        listings__status__in=LIVE, listings__removal_due_on__isnull=True, listings__term_end__isnull=True
    ).distinct()
    return sum(scan_case(case, on=on, actor=actor) for case in cases)


# The case events after which a case is looked at again at once.
WATCHED = {
    "closed",
    "funds_received",
    "funds_claimed",
    "direct_payment",
    "reinquiry_result_told",
    "period_excluded",
}


def on_case_event(sender: Any = None, event: Any = None, **_kwargs: Any) -> None:
    if event is None or event.kind not in WATCHED:
        return
    if not Listing.objects.filter(
        case_id=event.case_id, status__in=LIVE, removal_due_on__isnull=True
    ).exists():
        return
    scan_case(Case.objects.get(pk=event.case_id))
