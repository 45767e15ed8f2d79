"""Helpers shared by the inquiry actions: the outbox row, the officer an instruction names, settings."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from zhixing.cases.actions.common import today
from zhixing.core.rulesettings import rule_setting
from zhixing.courts.actors import is_system

from .. import settings_keys, signing
from ..connectors import LegalDocument, Officer, instruction
from ..models import InquiryRequest, Institution

__all__ = ["Retry", "enqueue", "officer_of", "retry_policy", "today"]


@dataclass(frozen=True)
class Retry:
    base_seconds: float
    cap_seconds: float
    max_attempts: int
    poll_seconds: float


def retry_policy(court: Any = None) -> Retry:
    value = rule_setting(settings_keys.RETRY, court, today())
    return Retry(
        float(value["base_seconds"]),
        float(value["cap_seconds"]),
        int(value["max_attempts"]),
        float(value.get("poll_seconds", 1)),
    )


def officer_of(actor: Any) -> Officer:
    """The named officer an instruction carries (rules §6.5): the user, or the system actor by name."""
    if is_system(actor):
        return Officer(str(actor), f"SYS-{actor.code}")
    return Officer(getattr(actor, "full_name", "") or str(actor), getattr(actor, "username", ""))


@functools.cache
def database_tag() -> str:
    """Six hex digits that tell this database from any other: the moment its first migration was
    applied. Row ids restart in a new database (a `demo --reset`, a test run), while an institution
    remembers every request id it ever applied; without the tag a new database's first batch would
    be answered with an old one's results."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT applied FROM django_migrations ORDER BY id LIMIT 1")
        row = cursor.fetchone()
    return hashlib.sha256(str(row[0] if row else "").encode()).hexdigest()[:6]


def request_key(court: Any, *parts: Any) -> str:
    """An idempotency key unique across courts, platforms and databases (≤ 64 characters,
    PROTOCOL.md); a retry of one request reuses the key stored on its row."""
    return "-".join([signing.signer(court), database_tag(), *(str(p) for p in parts)])[:64]


def enqueue(
    *,
    key: str,
    court: Any,
    institution: Institution,
    action: str,
    items: list[dict[str, Any]],
    actor: Any,
    batch: Any = None,
    measure: Any = None,
    document: LegalDocument | None = None,
    now: dt.datetime | None = None,
) -> InquiryRequest:
    """An outbox row (not saved): the exact body sent, every time it is sent."""
    now = now or timezone.now()
    body = instruction(key, signing.signer(court), officer_of(actor), action, items, document)
    return InquiryRequest(
        key=key,
        institution=institution,
        batch=batch,
        measure=measure,
        court=court,
        action=action,
        body=body,
        items=len(items),
        next_attempt_at=now,
        created_at=now,
    )
