"""How the credit pages show states: badge colours and deadline texts."""

from __future__ import annotations

import datetime as dt

from zhixing.cases.views.base import days_text

from ..models import ConsumptionPermit, Correction, Listing, Restriction

LISTING_BADGES = {
    Listing.PROPOSED: "text-bg-warning",
    Listing.REFUSED: "text-bg-secondary",
    Listing.DECIDED: "text-bg-info",
    Listing.PUBLISHED: "text-bg-danger",
    Listing.REMOVED: "text-bg-light",
    Listing.REVOKED: "text-bg-light",
}
RESTRICTION_BADGES = {
    Restriction.PROPOSED: "text-bg-warning",
    Restriction.REFUSED: "text-bg-secondary",
    Restriction.ISSUED: "text-bg-danger",
    Restriction.LIFTED: "text-bg-light",
}
CORRECTION_BADGES = {
    Correction.FILED: "text-bg-warning",
    Correction.FOUNDED: "text-bg-success",
    Correction.REJECTED: "text-bg-secondary",
    Correction.RECONSIDERING: "text-bg-info",
    Correction.UPHELD: "text-bg-secondary",
    Correction.OVERTURNED: "text-bg-success",
}
PERMIT_BADGES = {
    ConsumptionPermit.REQUESTED: "text-bg-warning",
    ConsumptionPermit.GRANTED: "text-bg-success",
    ConsumptionPermit.DENIED: "text-bg-secondary",
}


def due(day: dt.date | None, on: dt.date) -> dict:
    """A deadline as the pages show it: the day, "剩 N 天 / 今日到期 / 超期 N 天", overdue or not."""
    return {"on": day, "text": days_text(day, on), "overdue": day is not None and day < on}
