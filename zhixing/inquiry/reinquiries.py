"""Reads of the per-case inquiry outcomes (models/outcomes.py) that other apps ask: the credit app,
deciding a dishonest listing's removal, asks how many network queries after 终本 found nothing."""

from __future__ import annotations

from typing import Any

from zhixing.cases.models import Case
from zhixing.cases.rules import TERMINATED_THIS_ROUND

from .models import CaseInquiryOutcome


def empty_reinquiries(case: Any) -> int:
    """The consecutive empty network queries of `case` since its (latest) 终本, newest first, stopping
    at the first that found something (rules §7.1.10 (4): two or more, with no valid lead from anyone,
    decide the removal of a dishonest listing without a fixed term; the leads are the credit app's to
    weigh). A query some institution never answered (a partial batch) proves nothing and is skipped.
    0 for a case that is not closed by 终本."""
    if case.status != Case.CLOSED or case.closure_method != TERMINATED_THIS_ROUND or case.closed_on is None:
        return 0
    outcomes = CaseInquiryOutcome.objects.filter(
        case=case, after_termination=True, finished_at__date__gte=case.closed_on
    ).order_by("-finished_at", "-id")
    count = 0
    for found, complete in outcomes.values_list("found", "complete"):
        if found:
            break
        if complete:
            count += 1
    return count
