"""Pushes of listings, changes and removals to the subscribing agencies (issue 11 item 3): the outbox
rows, written in the transaction of the listing action that causes them, so a listing is never
published without its pushes nor a push sent for a listing that was rolled back. `delivery` sends
them.

A push's message (the agency protocol, simulators/agencies; the layout in `message`):

    {"message_id": <the push's key>, "court": <the court's signer code, e.g. HE96>,
     "action": "list" | "change" | "remove", "record_id": <the listing's record id>,
     "record": {<the published fields of rules §7.1.6, identity code masked>},   (not for remove)
     "sent_at": <ISO 8601, added at each send>}

The message is fixed when the row is written (the record as it stood then); a retry sends the same
message under the same id, and the agency applies it once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db.models import Count
from django.utils import timezone

from zhixing.core import audit
from zhixing.core.actors import is_system, require_actor
from zhixing.inquiry import signing
from zhixing.inquiry.actions.common import database_tag

from .. import permissions
from ..models import Agency, Listing, Push

MAX_KEY = 64


def record_id(listing: Listing) -> str:
    """The id an agency files the listing's record under, the same in every message and in the file
    export: unique across databases (the tag), as the keys are (an agency keeps what it was sent
    before a `demo --reset`)."""
    return f"{database_tag()}-L{listing.pk}"


def push_key(listing: Listing, action: str, agency: Agency, sequence: int) -> str:
    """The idempotency key (the message id): unique per listing, action, agency and, for repeated
    changes, the change's number; at most 64 characters (an over-long one is shortened by a hash)."""
    key = f"{record_id(listing)}-{action}-{sequence}-{agency.code}"
    if len(key) > MAX_KEY:
        key = f"{record_id(listing)}-{action}-{sequence}-" + hashlib.sha256(agency.code.encode()).hexdigest()
    return key[:MAX_KEY]


def message(listing: Listing, action: str, key: str, court: Any) -> dict[str, Any]:
    """The message stored on the row and sent (`sent_at` is added at each send). A removal carries no
    record: the agency is told to take the record down, not given it again."""
    body: dict[str, Any] = {
        "message_id": key,
        "court": signing.signer(court),
        "action": action,
        "record_id": record_id(listing),
    }
    if action != Agency.REMOVE:
        body["record"] = dict(listing.record or {})
    return body


def subscribers(action: str) -> list[Agency]:
    return [a for a in Agency.objects.filter(active=True) if action in (a.subscribes or [])]


def enqueue(
    listing: Listing, action: str, *, due_on: dt.date | None = None, now: dt.datetime | None = None
) -> list[Push]:
    """One outbox row per active agency subscribing to `action` (list / change / remove), due at once.
    `due_on` is the day the message must have reached the agency (a removal's 3 working days). Call it
    inside the listing action's transaction."""
    if action not in dict(Agency.ACTIONS):
        raise ValueError(f"unknown push action {action!r}")
    now = now or timezone.now()
    agencies = subscribers(action)
    if not agencies:
        return []
    court = listing.case.court
    # How many messages of this action each agency already has for the listing: the next change is
    # number n (a list or a removal is number 0, there being one of each).
    sent = dict(
        Push.objects.filter(listing=listing, action=action, agency__in=agencies)
        .values_list("agency_id")
        .annotate(n=Count("id"))
        .values_list("agency_id", "n")
    )
    rows = []
    for agency in agencies:
        key = push_key(listing, action, agency, sent.get(agency.pk, 0))
        rows.append(
            Push(
                agency=agency,
                listing=listing,
                action=action,
                key=key,
                payload=message(listing, action, key, court),
                due_on=due_on,
                next_at=now,
                created_at=now,
            )
        )
    return Push.objects.bulk_create(rows)


def register_agency(
    code: str,
    name: str,
    kind: str,
    url: str,
    public_key: str,
    *,
    actor: Any,
    subscribes: list[str] | None = None,
    active: bool = True,
) -> Agency:
    """Create or update an agency by its code with its address and public key (the only key its
    acknowledgements are verified under) and the actions it subscribes to (all three by default)."""
    require_actor(actor)
    if not is_system(actor):
        permissions.check_manage_agencies(actor, None)
    if kind not in dict(Agency.KINDS):
        raise ValueError(f"unknown agency kind {kind!r}")
    wanted = [
        a
        for a, _label in Agency.ACTIONS
        if a in (subscribes if subscribes is not None else dict(Agency.ACTIONS))
    ]
    agency, _created = Agency.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "url": url,
            "public_key": public_key,
            "subscribes": wanted,
            "active": active,
        },
    )
    audit.append(
        "credit.register_agency",
        agency,
        {"code": code, "name": name, "url": url},
        actor,
    )
    return agency
