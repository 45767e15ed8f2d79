"""The dishonest list as a file (issue 11 item 3, "and as a file export"): the records the pushes carry,
for an agency that takes files instead of messages, or for everyone.

    zhixing credit export [--agency CODE] [--since YYYY-MM-DD] --format csv|jsonl --out FILE

Record layout (one row / line per listing ever published):

    record_id   the id the pushes file the record under (actions.pushes.record_id)
    status      listed | removed (removed or revoked: the agency must take the record down)
    changed_on  the day of the last change: the removal, else the publication
    then the 16 published fields of rules §7.1.6 (rules.PUBLISHED_FIELDS: name, party_type,
    id_code_masked, sex, age, legal_representative, province, case_number, filed_on, court_name,
    basis_number, basis_unit, duty, performance, conduct, published_on) — the identity code masked;
    empty for a removed record, which an agency must no longer hold.

CSV: UTF-8 with a byte-order mark (so that Excel reads the Chinese), a header of the Chinese names,
text that would start a formula guarded (zhixing.core.sheets). JSON Lines: one object a line, the keys
above. `--agency CODE` exports the listings pushed to that agency (its subscriptions); `--since` those
published, removed or changed on or after that day. Every export is in the audit log.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.db.models import Q, QuerySet

from zhixing.core import audit
from zhixing.core.actors import require_actor
from zhixing.core.sheets import csv_row

from . import rules
from .actions.pushes import record_id
from .models import Agency, Listing

FORMATS = ("csv", "jsonl")
LISTED, REMOVED = "listed", "removed"
FIELDS = [key for key, _label in rules.PUBLISHED_FIELDS]
COLUMNS = ["record_id", "status", "changed_on", *FIELDS]
HEADER = ["记录编号", "状态", "变更日期", *(label for _key, label in rules.PUBLISHED_FIELDS)]
STATUS_LABELS = {LISTED: "在列", REMOVED: "已删除"}


def listings(agency: Agency | None = None, since: dt.date | None = None) -> QuerySet[Listing]:
    """The listings a file holds: every one ever published (for `agency`, those pushed to it),
    changed on or after `since`."""
    rows = Listing.objects.filter(published_on__isnull=False).filter(
        status__in=(Listing.PUBLISHED, Listing.REMOVED, Listing.REVOKED)
    )
    if agency is not None:
        rows = rows.filter(pushes__agency=agency)
    if since is not None:
        rows = rows.filter(
            Q(published_on__gte=since)
            | Q(removed_on__gte=since)
            | Q(pushes__action=Agency.CHANGE, pushes__created_at__date__gte=since)
        )
    return rows.distinct().order_by("id")


def entry(listing: Listing) -> dict[str, Any]:
    """One record of the file: its id, its state, and the published fields (none once removed)."""
    removed = listing.status != Listing.PUBLISHED
    record = listing.record or {}
    changed = listing.removed_on if removed and listing.removed_on else listing.published_on
    out: dict[str, Any] = {
        "record_id": record_id(listing),
        "status": REMOVED if removed else LISTED,
        "changed_on": changed.isoformat() if changed else "",
    }
    for key in FIELDS:
        out[key] = "" if removed else record.get(key, "")
    return out


def entries(agency: Agency | None = None, since: dt.date | None = None) -> Iterator[dict[str, Any]]:
    for listing in (
        listings(agency, since)
        .only("id", "status", "record", "published_on", "removed_on")
        .iterator(chunk_size=2000)
    ):
        yield entry(listing)


def write(out: IO[str], fmt: str, rows: Iterator[dict[str, Any]]) -> int:
    """Write the rows to a text stream; returns how many. (The CSV byte-order mark is the caller's:
    open the file with encoding "utf-8-sig".)"""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    count = 0
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for row in rows:
            values = [row[c] for c in COLUMNS]
            values[1] = STATUS_LABELS[values[1]]
            writer.writerow(csv_row(values))
            count += 1
    else:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
    return count


def export_file(
    path: Path | str,
    fmt: str,
    *,
    actor: Any,
    agency: Agency | None = None,
    since: dt.date | None = None,
) -> int:
    """Write the file (whole or not at all: a temporary file renamed into place) and record the
    export in the audit log. Returns the number of records."""
    require_actor(actor)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    try:
        with open(tmp, "w", encoding=encoding, newline="") as out:
            count = write(out, fmt, entries(agency, since))
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    audit.append(
        "credit.export",
        agency,
        {
            "agency": agency.code if agency else "",
            "since": since.isoformat() if since else "",
            "format": fmt,
            "records": count,
            "file": path.name,
        },
        actor,
    )
    return count
