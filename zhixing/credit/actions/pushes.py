"""Pushes of listings, changes and removals to the subscribing agencies (issue 11 item 3): the outbox
rows, written in the transaction of the listing action that causes them, so a listing is never
published without its pushes nor a push sent for a listing that was rolled back."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..models import Agency, Listing, Push


def enqueue(listing: Listing, action: str, *, due_on: dt.date | None = None, now: dt.datetime | None = None) -> list[Push]:
    """One outbox row per active agency subscribing to `action` (list / change / remove). The key is
    unique per listing, action and agency (and per change, by its sequence), so a retry of the send
    reuses it and the agency applies the message once."""
    now = now or timezone.now()
    agencies = [a for a in Agency.objects.filter(active=True) if action in (a.subscribes or [])]
    if not agencies:
        return []
    seq = Push.objects.filter(listing=listing, action=action).count() // max(len(agencies), 1)
    payload = {"record_id": f"L{listing.pk}", "action": action, "record": listing.record}
    rows = [
        Push(
            agency=agency,
            listing=listing,
            action=action,
            key=f"L{listing.pk}-{action}-{seq}-{agency.code}"[:64],
            payload=payload,
            due_on=due_on,
            next_at=now,
            created_at=now,
        )
        for agency in agencies
    ]
    return Push.objects.bulk_create(rows)
