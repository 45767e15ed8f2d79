"""Concurrent writers on PostgreSQL, the production database (ARCHITECTURE §5, §6).

Each thread has its own database connection and starts at a shared barrier, so the writers really
meet in the database: filings race for the next serial of one court, type and year (rules §1.1.4), and
several overdue scans race for the same nodes, which must be marked once and only once.

The tests are transactional (rows must be committed for the other connections to see them), and
`serialized_rollback` gives them the seeded node kinds, rule settings and holidays even when another
transactional test has flushed the database before them.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection

from zhixing.cases import actions as case_actions
from zhixing.cases import events
from zhixing.cases.models import Case, CaseEvent, Node, Party

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FILED_ON = dt.date(2026, 3, 2)
APPLICANT_ID = "11010519491231002X"  # rules §13.1 sample
DEBTOR_UNIT_ID = "91330109699830509X"  # rules §13.2 sample


def run_at_once(n: int, work: Callable[[int], object]) -> list[object]:
    """Run `work(i)` for i in 0..n-1 in n threads released together; re-raise the first failure."""
    barrier = threading.Barrier(n)
    results: list[object] = [None] * n
    errors: list[BaseException] = []

    def body(i: int) -> None:
        try:
            barrier.wait(timeout=60)
            results[i] = work(i)
        except BaseException as exc:  # reported to the test below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection; the test database must be droppable

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread hung (deadlock?)"
    if errors:
        raise errors[0]
    return results


def filing(courts, cast, i: int) -> Case:
    return case_actions.file_case(
        court=courts.xiongan,
        type_code="执",
        filed_on=FILED_ON,
        applied_amount=Decimal("10000.00") + i,
        parties=[
            case_actions.PartyInput(Party.APPLICANT, f"申请人{i:02d}", APPLICANT_ID),
            case_actions.PartyInput(Party.DEBTOR, "雄安某建设有限公司", DEBTOR_UNIT_ID),
        ],
        cause="追索劳动报酬纠纷",
        handler=cast.officer,
        actor=cast.clerk,
    )


def test_twenty_simultaneous_filings_get_twenty_consecutive_serials(courts, cast):
    cases = run_at_once(20, lambda i: filing(courts, cast, i))

    serials = sorted(c.serial for c in cases)
    assert serials == list(range(1, 21))
    stored = Case.objects.filter(court=courts.xiongan, type_code="执", year=2026)
    assert sorted(stored.values_list("serial", flat=True)) == serials
    assert stored.values("case_number").distinct().count() == 20
    assert "（2026）冀96执20号" in set(stored.values_list("case_number", flat=True))
    # The next filing, alone, continues the sequence.
    assert filing(courts, cast, 20).serial == 21


def test_concurrent_overdue_scans_mark_each_node_exactly_once(courts, cast):
    for i in range(12):
        filing(courts, cast, i)
    scan_on = FILED_ON + dt.timedelta(days=120)
    due = Node.objects.filter(done_on__isnull=True, due_on__lt=scan_on, overdue_since__isnull=True)
    expected = Counter(due.values_list("case_id", "kind__code", "due_on"))
    assert len(expected) >= 24, "the filings should leave many nodes past their deadline"
    assert not CaseEvent.objects.filter(kind=events.NODE_OVERDUE).exists()

    marked = run_at_once(6, lambda i: case_actions.scan_overdue(on=scan_on))

    assert sum(marked) == sum(expected.values())  # however the work was split between the scans
    assert not due.exists()
    assert Node.objects.filter(overdue_since=scan_on).count() == sum(expected.values())
    got = Counter(
        (e.case_id, e.data["node"], dt.date.fromisoformat(e.data["due_on"]))
        for e in CaseEvent.objects.filter(kind=events.NODE_OVERDUE)
    )
    assert got == expected  # one node_overdue event per node, none twice
    assert case_actions.scan_overdue(on=scan_on) == 0  # a later scan finds nothing left to mark
