"""The case-facts snapshot: one row per case, exact amounts, its file's hash on record."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pyarrow as pa
import pytest

from tests.supervision import test_indicators_data as fixtures
from tests.supervision.test_indicators_data import CASES
from zhixing.courts import actors
from zhixing.supervision import actions, snapshot

data_dir, dataset = fixtures.data_dir, fixtures.dataset  # the shared data set's fixtures
pytestmark = pytest.mark.django_db


def test_snapshot_has_every_case_with_exact_amounts_and_a_recorded_hash(dataset):
    snap = actions.make_snapshot(dt.date(2026, 3, 1), actor=actors.CLI)
    path = snapshot.resolve(snap.path)
    assert path.parent.name == "snapshots" and path.suffix == ".parquet"
    assert snap.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    table = snapshot.read(snap.path)
    assert snap.rows == table.num_rows == len(CASES)  # every court, 销案 and 执保 included
    assert table.schema.field("realized_amount").type == pa.decimal128(18, 2)
    rows = {r["case_number"]: r for r in table.to_pylist()}
    six = rows["（2025）冀96执3号"]
    assert six["realized_amount"] == Decimal("2000.00") and six["applied_amount"] == Decimal("100000.00")
    assert six["court_code"] == "冀96" and six["court_path"] == dataset.xiongan.path
    assert six["closure_method"] == "terminated_this_round" and six["closed_on"] == dt.date(2026, 2, 28)
    assert six["statutory_due_on"] == dt.date(2026, 2, 28)  # 2025-08-31 + 6 months, clamped
    ten = rows["（2025）冀96执7号"]
    assert (ten["extension_months"], ten["excluded_days"], ten["statutory_due_on"]) == (
        2,
        10,
        dt.date(2026, 3, 11),
    )
    # Open nodes due before E, per case: the two dated nodes of an old pending case; none for a case
    # filed on E (due 03-06 and 03-09) or a closed one.
    assert rows["（2025）冀96执6号"]["overdue_nodes"] == 2
    assert rows["（2026）冀96执2号"]["overdue_nodes"] == 0
    assert rows["（2026）冀96执1号"]["overdue_nodes"] == 0
    assert rows["（2025）冀96执2号"]["closed_on"] is None


def test_an_empty_platform_gives_an_empty_snapshot(courts, data_dir):
    snap = actions.make_snapshot(dt.date(2026, 3, 1), actor=actors.CLI)
    assert snap.rows == 0 and snapshot.read(snap.path).num_rows == 0
