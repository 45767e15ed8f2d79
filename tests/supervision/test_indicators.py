"""The indicators of shared/domain/indicators.md on the hand-worked data set (table and dates in
test_indicators_data.py). Week 2026-W09: S = 2026-01-01, E = 2026-03-01."""

from __future__ import annotations

import datetime as dt
import json

import ibis
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.supervision import test_indicators_data as fixtures
from tests.supervision.test_indicators_data import WEEK
from zhixing.core.calendar import add_months
from zhixing.courts import actors
from zhixing.supervision import actions, definitions

data_dir, dataset = fixtures.data_dir, fixtures.dataset  # the shared data set's fixtures
pytestmark = pytest.mark.django_db


def bulletin(week=WEEK, court=None) -> dict:
    return json.loads(actions.make_bulletin(week, court=court, actor=actors.CLI).content)


def figures(data: dict, code: str, area: bool) -> dict:
    (row,) = [c for c in data["courts"] if c["court_code"] == code and c["area"] is area]
    return row["indicators"]


def rate(n, d):
    return {"numerator": n, "denominator": d, "value": None if d in (0, "0.00") else (float(n) / float(d))}


def test_own_figures_of_a_court_worked_by_hand(dataset):
    f = figures(bulletin(), "冀96", area=False)
    # received: filed in [S, E]: #3 (filed on S) and #4 (filed on E); not #5 (E+1), not #12 (销案),
    # not 执恢 #13/#14 or 执保 #15.
    assert f["received"] == 2
    # carried over: filed before S and not closed before S: #2 (S-1), #6, #7, #8, #9, #10, #11;
    # not #1 (closed 2025-12-20, before S).
    assert f["carried_over"] == 7 and f["accepted"] == 9
    # closed in [S, E]: #3, #6 (2026-02-28), #7 (on E), #10, #11 → 5; pending 9 − 5 = 4: #2, #4, #8, #9.
    assert f["closed"] == 5 and f["pending"] == 4
    assert f["closure_rate"] == rate(5, 9)
    assert f["completion_rate"] == rate(2, 5)  # 执行完毕: #3, #11
    assert f["termination_rate"] == rate(1, 5)  # 终本: #6
    # 执行完毕 #3, #11, plus 终结执行 with money realised #7 (500) → 3.
    assert f["actual_execution_rate"] == rate(3, 5)
    # Leaving out 不予执行 #10: realised 50000 + 2000 + 500 + 8000 = 60500; applied 50000 + 100000
    # + 20000 + 8000 = 178000.
    assert f["realization_rate"] == {
        "numerator": "60500.00",
        "denominator": "178000.00",
        "value": 60500 / 178000,
    }
    assert f["realized_amount"] == "60500.00"
    # Within the statutory period: #3 (due 07-01); #6 closed on its month-end due date 2026-02-28
    # (2025-08-31 + 6 months); #10 only thanks to its extension and excluded days (2025-07-01 + 6 + 2
    # months = 2026-03-01, + 10 days = 03-11; closed 02-05); #11 only thanks to its 20 excluded days
    # (2026-01-15 + 20 = 02-04; closed 01-30). Not #7: 2025-08-30 + 6 months = 2026-02-28 (no 30 Feb),
    # closed 03-01.
    assert f["statutory_period_rate"] == rate(4, 5)
    # Days to close: #3 19, #6 181, #7 183, #10 219, #11 199 → 801 over 5 cases.
    assert f["average_days"] == rate(801, 5)
    assert f["resumed_completion_rate"] == rate(1, 1)  # 执恢 #13 closed 执行完毕; #14 pending
    # Long pending at E: #9 (2025-08-31 + 6 months = 2026-02-28, before E); not #8 (2025-09-01 + 6
    # months = 2026-03-01 = E exactly), not #2 (→ 2026-06-30).
    assert f["long_pending"] == 1
    # Overdue nodes: each pending case imported without a handler has two dated open nodes (assign a
    # handler, 7 days; first network inquiry, 5 days), both due within weeks of filing: #2, #8, #9 →
    # 6. #4 (filed on E) is not yet overdue; 执恢 #14's two are not counted (scope 执).
    assert f["overdue_nodes"] == 6
    assert f["unidentified_funds"] == f["overdue_funds"] == {"count": 0, "amount": "0.00"}


def test_area_rolls_up_the_courts_below(dataset):
    data = bulletin()
    basic = figures(data, "冀9601", area=False)
    # 冀9601: #16 filed 02-01 closed 02-11 (10 days, 执行完毕, 1000 of 1000); #17 pending, filed 02-02.
    assert (basic["received"], basic["closed"], basic["pending"]) == (2, 1, 1)
    assert basic["average_days"] == rate(10, 1) and basic["overdue_nodes"] == 2
    assert figures(data, "冀9601", area=True) == basic  # nothing below a basic court
    area = figures(data, "冀96", area=True)
    assert (area["received"], area["carried_over"], area["closed"], area["pending"]) == (4, 7, 6, 5)
    assert area["closure_rate"] == rate(6, 11) and area["completion_rate"] == rate(3, 6)
    assert area["average_days"] == rate(811, 6) and area["realized_amount"] == "61500.00"
    assert area["overdue_nodes"] == 8 and area["long_pending"] == 1
    # The high court has no cases of its own; its area is everything, 冀01's one closed case included.
    assert figures(data, "冀", area=False)["accepted"] == 0
    assert figures(data, "冀", area=False)["closure_rate"] == rate(0, 0)
    high = figures(data, "冀", area=True)
    assert (high["accepted"], high["closed"], high["realized_amount"]) == (12, 7, "63500.00")


def test_lists_name_the_cases_behind_overdue_and_long_pending(dataset):
    lists = bulletin()["lists"]
    assert lists["long_pending"] == ["（2025）冀96执6号"]
    assert lists["overdue_nodes"] == [
        "（2025）冀96执2号",
        "（2025）冀96执5号",
        "（2025）冀96执6号",
        "（2026）冀9601执2号",
    ]


def test_a_high_courts_definition_governs_the_courts_below_it(dataset, cast):
    # 冀96 counts 执恢 in its closure rate from 2026: its own 5 + #13 closed over 9 + #13, #14 accepted.
    args = dict(
        key="closure_rate",
        name="结案率",
        kind="rate",
        scope=["执", "执恢"],
        numerator={"set": "closed"},
        denominator={"set": "accepted"},
        effective_from=dt.date(2026, 1, 1),
        court=dataset.xiongan,
    )
    with pytest.raises(PermissionDenied):
        actions.save_definition(**args, actor=cast.officer)
    actions.save_definition(**args, actor=cast.admin)
    data = bulletin()
    assert figures(data, "冀96", area=False)["closure_rate"] == rate(6, 11)
    assert figures(data, "冀9601", area=False)["closure_rate"] == rate(1, 2)  # no 执恢 there
    assert figures(data, "冀01", area=False)["closure_rate"] == rate(1, 1)  # nationwide definition
    # A version effective after E is not yet in force.
    actions.save_definition(
        **{**args, "effective_from": dt.date(2026, 3, 2), "scope": ["执保"]}, actor=cast.admin
    )
    assert figures(bulletin(), "冀96", area=False)["closure_rate"] == rate(6, 11)


@pytest.mark.parametrize(
    "numerator",
    [
        {"set": "shut"},
        {"set": "closed", "where": {"colour": ["red"]}},
        {"set": "closed", "measure": {"avg": "x"}},
    ],
)
def test_a_definition_that_cannot_be_computed_is_refused(cast, numerator):
    with pytest.raises(ValidationError):
        actions.save_definition(
            key="x", name="x", kind="count", scope=["执"], numerator=numerator, denominator=None,
            effective_from=dt.date(2026, 1, 1), actor=cast.admin,
        )  # fmt: skip


def test_month_arithmetic_in_ibis_matches_the_calendar():
    # Every day of 2023–2024 (a leap year, month ends of every length) plus 0–25 months.
    days = [dt.date(2023, 1, 1) + dt.timedelta(days=i) for i in range(731)]
    t = ibis.memtable({"d": days}, schema={"d": "date"})
    con = ibis.duckdb.connect()
    for n in (0, 1, 6, 8, 12, 25):
        got = con.to_pyarrow(t.select(r=definitions.add_months(t.d, n))).column("r").to_pylist()
        assert got == [add_months(d, n) for d in days], n
