"""The daily settlement scan (core.periodic): registered, refreshes every open agreement against the
ledger, and running it again changes nothing."""

from __future__ import annotations

import pytest

from tests.relief.settlement_world import plus, record
from zhixing.core import periodic
from zhixing.relief.models import Settlement
from zhixing.relief.scans import run

pytestmark = pytest.mark.django_db


def test_the_scan_is_a_daily_periodic_job():
    task, seconds = periodic.registered()["relief_scan"]
    assert seconds == 24 * 3600


def test_the_scan_performs_and_breaks_agreements_and_leaves_finished_ones_alone(
    cast, file_case, clock, pay_in
):
    paying, breaking = file_case(), file_case()
    a = record(paying, cast.officer, clock.today, mode="none")
    b = record(breaking, cast.officer, clock.today, mode="none")
    clock.move_to(plus(clock.today, 31))
    pay_in(paying, "30000.00")
    assert run() == {"checked": 2, "performed": 1, "breached": 1, "refused": 0}
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.status, b.status) == (Settlement.PERFORMED, Settlement.BREACHED)
    assert run() == {"checked": 1, "performed": 0, "breached": 0, "refused": 0}


def test_agreements_that_did_not_move_cost_no_query_each(cast, file_case, clock, steady_caches):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as done:
            assert run()["checked"] == Settlement.objects.filter(status__in=Settlement.OPEN).count()
        return sum(1 for q in done.captured_queries if "core_cachestamp" not in q["sql"])

    for _i in range(2):
        record(file_case(), cast.officer, clock.today, mode="none")
    two = queries()
    for _i in range(5):
        record(file_case(), cast.officer, clock.today, mode="none")
    assert queries() == two  # nothing due, nothing paid: read in bulk, nothing locked or written
