"""The public entries (models.PublicEntry) follow their sources inside the sources' transactions: a
listing published, a restriction issued or a 终本 case closed writes its rows; a removal, revocation,
lifting or resumption deletes them at once (issue 11 item 4: removed entries vanish at once)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from ..models import PublicEntry


def source_of(kind: str, pk: int, part: str = "") -> str:
    """The row's source key: `listing:12`, `restriction:7`, `restriction:7:p3` (a bound person),
    `case:99`."""
    prefix = {PublicEntry.DISHONEST: "listing", PublicEntry.RESTRICTED: "restriction"}.get(kind, "case")
    return f"{prefix}:{pk}{':' + part if part else ''}"


def put(
    kind: str,
    source: str,
    *,
    name: str,
    id_code: str,
    court_id: int | None,
    published_on: dt.date,
    record: dict[str, Any],
) -> PublicEntry:
    """Write (or rewrite, after a correction) one public row."""
    entry, _created = PublicEntry.objects.update_or_create(
        source=source,
        defaults={
            "kind": kind,
            "name": name,
            "id_code": id_code,
            "court_id": court_id,
            "published_on": published_on,
            "record": record,
        },
    )
    return entry


def withdraw(sources: Iterable[str] = (), prefix: str = "") -> int:
    """Delete the rows of these sources (and, with `prefix`, every row whose source starts with it:
    `restriction:7:` takes a restriction's bound persons)."""
    deleted = 0
    sources = list(sources)
    if sources:
        deleted += PublicEntry.objects.filter(source__in=sources).delete()[0]
    if prefix:
        deleted += PublicEntry.objects.filter(source__startswith=prefix).delete()[0]
    return deleted
