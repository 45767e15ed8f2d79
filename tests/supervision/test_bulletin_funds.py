"""The bulletin's funds figures (indicators.md `unidentified_funds`, `overdue_funds`: count and amount
at E, per court and per area) from the case-funds ledger read back to E, the command centre's funds
panel, and 执行到位率 following the money. Today is 2026-12-01; week 2026-W48 ends E = 2026-11-29.

 receipt  case      booked      amount  what happened                      at E
 R1       执101     2026-10-01  1000    never paid out                     overdue (1000)
 R2       —         2026-11-20   300    still unidentified                 unidentified
 R3       —         2026-11-25   200    claimed into 执101 today (after E)  unidentified
 R4       —         2026-11-30    50    still unidentified                 after E: nothing
 R5       执102     2026-10-05   700    paid out today (after E)           overdue (700)
 R6       执103     2026-11-20   400    closed case, due after E           nothing; realised +400
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.cases.test_import_support import run, write_csv
from tests.funds.conftest import receive, sent_payout
from tests.supervision import test_indicators_data as fixtures
from tests.supervision.test_indicators_data import XIONGXIAN, case
from zhixing.cases.models import Case
from zhixing.core.actors import CLI
from zhixing.funds import actions, queries
from zhixing.funds.actors import BANK
from zhixing.funds.models import Payout, Receipt
from zhixing.supervision import actions as supervision_actions
from zhixing.supervision import funds_figures

data_dir = fixtures.data_dir
pytestmark = pytest.mark.django_db
WEEK = "2026-W48"
E = dt.date(2026, 11, 29)

# Loan cases: the table's deadlines are the ordinary payout clock (a migrant-worker wage case, the
# import's default cause, is paid within its shorter one: tests/funds/test_wage_payout.py).
CASES = [
    {**c, "cause": "民间借贷纠纷"}
    for c in (
        case("（2026）冀96执101号", "2026-03-02", applied="50000"),
        case("（2026）冀96执102号", "2026-03-02", applied="50000"),
        case("（2026）冀96执103号", "2026-06-01", "2026-11-10", "执行完毕", "1000", "100"),
        case("（2026）冀9601执101号", "2026-03-02", court=XIONGXIAN),
    )
]


def _case(number: str) -> Case:
    return Case.objects.get(case_number=number)


def _receive(pooled, txn, amount, on, case=None) -> Receipt:
    return receive(pooled, txn, amount, on, case, remittance="还款")


@pytest.fixture
def ledger(courts, cast, data_dir, tmp_path, clock):
    # The table above is told on 2026-12-01, whatever day the suite runs (the undeclared-year pass
    # runs in 2027, when R6's deadline has long passed).
    clock.move_to(dt.date(2026, 12, 1))
    code, _out, err = run(write_csv(tmp_path / "funds.csv", CASES))
    assert code == 0, err
    pooled = actions.open_pooled_account(courts.xiongan, actor=cast.finance)
    a, b, c = _case("（2026）冀96执101号"), _case("（2026）冀96执102号"), _case("（2026）冀96执103号")
    _receive(pooled, "R1", "1000", dt.date(2026, 10, 1), a)
    _receive(pooled, "R2", "300", dt.date(2026, 11, 20))
    r3 = _receive(pooled, "R3", "200", dt.date(2026, 11, 25))
    _receive(pooled, "R4", "50", dt.date(2026, 11, 30))
    _receive(pooled, "R5", "700", dt.date(2026, 10, 5), b)
    _receive(pooled, "R6", "400", dt.date(2026, 11, 20), c)
    actions.request_claim(r3, a, actor=cast.officer)
    actions.approve_claim(r3, actor=cast.finance)
    payout = sent_payout(b, "700", cast)
    payout = actions.record_payout_result(payout.idempotency_key, True, actor=BANK)
    assert payout.status == Payout.CONFIRMED
    return pooled


def bulletin() -> dict:
    return json.loads(supervision_actions.make_bulletin(WEEK, actor=CLI).content)


def figures(data: dict, code: str, area: bool) -> dict:
    (row,) = [c for c in data["courts"] if c["court_code"] == code and c["area"] is area]
    return row["indicators"]


def test_the_figures_are_the_ledger_read_back_to_the_period_end(ledger):
    data = bulletin()
    assert data["period"]["end"] == E.isoformat()
    own = figures(data, "冀96", area=False)
    # R2 and R3 (claimed only after E); not R4 (booked after E).
    assert own["unidentified_funds"] == {"count": 2, "amount": "500.00"}
    # R1, and R5 which was still unpaid at E though paid out today.
    assert own["overdue_funds"] == {"count": 2, "amount": "1700.00"}
    for code in ("冀96", "冀"):
        area = figures(data, code, area=True)
        assert area["unidentified_funds"] == {"count": 2, "amount": "500.00"}
        assert area["overdue_funds"] == {"count": 2, "amount": "1700.00"}
    for code, is_area in (("冀9601", False), ("冀9601", True), ("冀01", False), ("冀", False)):
        f = figures(data, code, is_area)
        assert f["unidentified_funds"] == f["overdue_funds"] == {"count": 0, "amount": "0.00"}


def test_today_the_ledger_says_otherwise(ledger):
    """The same receipts read today: R3 is in a case, R5 is paid, R4 has arrived."""
    today = dt.date(2026, 12, 1)
    assert sorted(queries.unidentified(today).values_list("transaction_id", flat=True)) == ["R2", "R4"]
    assert list(queries.overdue(today).values_list("transaction_id", flat=True)) == ["R1"]
    # Read back to a day before anything arrived, nothing.
    assert funds_figures.per_court(dt.date(2026, 9, 30)) == {}


def test_partly_paid_out_after_the_end_counts_what_was_unpaid_at_the_end(ledger, cast):
    """Two receipts in one case, paid out oldest first after E: what the later payout took is given
    back to the receipts it consumed, newest first."""
    a = _case("（2026）冀96执101号")
    _receive(ledger, "R7", "500", dt.date(2026, 10, 10), a)  # overdue at E too
    payout = sent_payout(a, "1200", cast)
    actions.record_payout_result(payout.idempotency_key, True, actor=BANK)
    # Today: R1 (oldest) paid in full, R7 in part (300 left), R3 (payable today) untouched.
    left = queries.overdue(dt.date(2026, 12, 1)).values_list("transaction_id", "outstanding")
    assert list(left) == [("R7", Decimal("300.00"))]
    # At E: R1 1000 and R7 500 (both given back what the payout took), R5 700.
    own = figures(bulletin(), "冀96", area=False)
    assert own["overdue_funds"] == {"count": 3, "amount": "2200.00"}


def test_a_receipt_raises_the_realization_rate(ledger):
    closed = _case("（2026）冀96执103号")
    assert closed.realized_amount == Decimal("500.00")  # 100 imported + R6's 400
    f = figures(bulletin(), "冀96", area=False)
    assert f["realized_amount"] == "500.00"
    assert f["realization_rate"] == {"numerator": "500.00", "denominator": "1000.00", "value": 0.5}


def test_the_bulletin_page_links_the_funds_figures_to_the_workbench(ledger, cast, client):
    made = supervision_actions.make_bulletin(WEEK, actor=CLI)
    client.force_login(cast.command)
    page = client.get(reverse("supervision:detail", args=[made.pk])).content.decode()
    assert "2 / 500.00" in page and "2 / 1700.00" in page
    assert "/funds/?tab=unidentified" in page and "/funds/?tab=overdue" in page


def test_the_command_centre_shows_the_funds_panel(ledger, cast, client):
    client.force_login(cast.command)
    resp = client.get(reverse("centre:live"))
    assert resp.status_code == 200
    page = resp.content.decode()
    assert 'id="funds-panel"' in page
    row = page[page.index('data-code="冀96"', page.index('id="funds-panel"')) :]
    row = row[: row.index("</tr>")]
    # Today: unidentified R2 and R4 (350.00); overdue R1 (1000.00).
    assert ">2</a>" in row and "350.00" in row and ">1</a>" in row and "1,000.00" in row
    assert "/funds/" in page


def test_the_panel_says_so_when_there_is_nothing(courts, cast, client):
    client.force_login(cast.command)
    page = client.get(reverse("centre:live")).content.decode()
    assert 'id="funds-none"' in page
