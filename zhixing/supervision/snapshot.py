"""The case-facts snapshot: one row per case of every court, frozen as Parquet (ARCHITECTURE §7).

Cases are read in chunks with values_list().iterator() and written batch by batch with pyarrow, so
memory stays flat at a million cases. Amounts are decimal128(18, 2): exact, never float. The snapshot
records the facts as they are when it is made; `as_of` (the bulletin's end date E) only decides the
per-case count of process nodes open at E whose deadline is before E (`overdue_nodes`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from zhixing.cases.models import Case, Node
from zhixing.courts.models import Court

CHUNK = 20_000
_MONEY = pa.decimal128(18, 2)
ARROW_SCHEMA = pa.schema(
    [
        ("case_id", pa.int64()),
        ("case_number", pa.string()),
        ("court_id", pa.int64()),
        ("court_code", pa.string()),
        ("court_name", pa.string()),
        ("court_path", pa.string()),
        ("type_code", pa.string()),
        ("filed_on", pa.date32()),
        ("closed_on", pa.date32()),
        ("closure_method", pa.string()),
        ("applied_amount", _MONEY),
        ("realized_amount", _MONEY),
        ("non_litigation", pa.bool_()),
        ("extension_months", pa.int32()),
        ("excluded_days", pa.int32()),
        ("statutory_due_on", pa.date32()),
        ("handler_id", pa.int64()),
        ("handler_name", pa.string()),
        ("overdue_nodes", pa.int32()),
    ]
)
_FIELDS = [
    "id", "case_number", "court_id", "type_code", "filed_on", "closed_on", "closure_method",
    "applied_amount", "realized_amount", "non_litigation", "extension_months", "excluded_days",
    "statutory_due_on", "handler_id", "handler_name", "handler__full_name",
]  # fmt: skip


@dataclass
class Extracted:
    relpath: str  # under settings.DATA_DIR
    rows: int
    sha256: str
    made_at: dt.datetime


def snapshot_dir() -> Path:
    path = Path(settings.DATA_DIR) / "snapshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def resolve(relpath: str) -> Path:
    return Path(settings.DATA_DIR) / relpath


def overdue_counts(as_of: dt.date) -> dict[int, int]:
    """Per case, the process nodes open at `as_of` (not done, or done after it; not cancelled by the
    case's closing, or cancelled after it) whose deadline is before it (indicators.md `overdue_nodes`)."""
    open_at = (Q(done_on__isnull=True) | Q(done_on__gt=as_of)) & (
        Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=as_of)
    )
    rows = (
        Node.objects.filter(open_at, due_on__lt=as_of)
        .order_by()
        .values("case_id")
        .annotate(n=Count("id"))
        .values_list("case_id", "n")
    )
    return dict(rows.iterator(chunk_size=CHUNK))


def extract(as_of: dt.date) -> Extracted:
    """Write the snapshot file and return where it is, its row count and its SHA-256."""
    made_at = timezone.now()
    courts = {c.pk: (c.code, c.name, c.path) for c in Court.objects.all()}
    overdue = overdue_counts(as_of)
    name = f"snapshot-{as_of.isoformat()}-{made_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.parquet"
    path = snapshot_dir() / name
    tmp = path.with_suffix(".part")
    total = 0
    rows = Case.objects.order_by("id").values_list(*_FIELDS).iterator(chunk_size=CHUNK)
    with pq.ParquetWriter(tmp, ARROW_SCHEMA, compression="zstd") as writer:
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= CHUNK:
                writer.write_batch(_batch(batch, courts, overdue))
                total += len(batch)
                batch = []
        if batch or total == 0:
            writer.write_batch(_batch(batch, courts, overdue))
            total += len(batch)
    tmp.rename(path)
    return Extracted(str(path.relative_to(Path(settings.DATA_DIR))), total, file_sha256(path), made_at)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _batch(rows: list[tuple], courts: dict, overdue: dict[int, int]) -> pa.RecordBatch:
    cols: dict[str, list] = {f.name: [] for f in ARROW_SCHEMA}
    for (
        pk, number, court_id, type_code, filed_on, closed_on, method, applied, realized, non_lit,
        ext, excl, due, handler_id, handler_name, handler_full,
    ) in rows:  # fmt: skip
        code, cname, cpath = courts[court_id]
        cols["case_id"].append(pk)
        cols["case_number"].append(number)
        cols["court_id"].append(court_id)
        cols["court_code"].append(code)
        cols["court_name"].append(cname)
        cols["court_path"].append(cpath)
        cols["type_code"].append(type_code)
        cols["filed_on"].append(filed_on)
        cols["closed_on"].append(closed_on)
        cols["closure_method"].append(method or "")
        cols["applied_amount"].append(applied)
        cols["realized_amount"].append(realized)
        cols["non_litigation"].append(non_lit)
        cols["extension_months"].append(ext)
        cols["excluded_days"].append(excl)
        cols["statutory_due_on"].append(due)
        cols["handler_id"].append(handler_id)
        cols["handler_name"].append(handler_name or handler_full or "")
        cols["overdue_nodes"].append(overdue.get(pk, 0))
    return pa.RecordBatch.from_pydict(cols, schema=ARROW_SCHEMA)


def read(relpath: str) -> pa.Table:
    return pq.read_table(resolve(relpath))
