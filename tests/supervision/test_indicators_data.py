"""The hand-worked data set of the indicator tests (no tests here; imported by test_indicators*.py and
test_bulletin*.py). Cases go in through `zhixing import-cases`, as a court's history would.

Week 2026-W09: E = Sunday 2026-03-01, S = 2026-01-01. Courts (tests/conftest.py): 冀 above 冀96 and
冀01; 冀9601 below 冀96. All cases are first enforcement (执) unless the number says otherwise.

 #  case number           filed       closed      method   applied  realised  ext excl  statutory due
 1  （2025）冀96执1号      2025-06-10  2025-12-20  完毕       10000    10000              2025-12-10
 2  （2025）冀96执2号      2025-12-31  —                                                 2026-06-30
 3  （2026）冀96执1号      2026-01-01  2026-01-20  完毕       50000    50000              2026-07-01
 4  （2026）冀96执2号      2026-03-01  —                                                 2026-09-01
 5  （2026）冀96执3号      2026-03-02  —                                                 2026-09-02
 6  （2025）冀96执3号      2025-08-31  2026-02-28  终本      100000     2000              2026-02-28 (month end)
 7  （2025）冀96执4号      2025-08-30  2026-03-01  终结       20000      500              2026-02-28 (Feb 30 → 28)
 8  （2025）冀96执5号      2025-09-01  —                                                 2026-03-01
 9  （2025）冀96执6号      2025-08-31  —                                                 2026-02-28
10  （2025）冀96执7号      2025-07-01  2026-02-05  不予执行   30000        0   2   10  2026-03-01 + 10 = 03-11
11  （2025）冀96执8号      2025-07-15  2026-01-30  完毕        8000     8000        20  2026-01-15 + 20 = 02-04
12  （2026）冀96执4号      2026-01-05  2026-02-10  销案       99999        0              2026-07-05
13  （2026）冀96执恢1号    2026-01-10  2026-02-15  完毕        5000     5000
14  （2026）冀96执恢2号    2026-01-12  —
15  （2026）冀96执保1号    2026-01-15  2026-01-16  完毕         700      700
16  （2026）冀9601执1号    2026-02-01  2026-02-11  完毕        1000     1000
17  （2026）冀9601执2号    2026-02-02  —
18  （2026）冀01执1号      2026-01-03  2026-02-03  完毕        2000     2000
"""

from __future__ import annotations

import pytest

from tests.cases.test_import_support import row, run, write_csv

WEEK = "2026-W09"
XIONGAN = "河北雄安新区中级人民法院"
XIONGXIAN = "雄县人民法院"
SHIJIAZHUANG = "石家庄市中级人民法院"


def case(number, filed, closed="", method="", applied="1000", realized="", court=XIONGAN, ext="", excl=""):
    return row(
        case_number=number,
        court_name=court,
        filed_on=filed,
        closed_on=closed,
        closure_method=method,
        applied_amount=applied,
        realized_amount=realized,
        extension_months=ext,
        excluded_days=excl,
        basis_number="",
        handler="",
    )


CASES = [
    case("（2025）冀96执1号", "2025-06-10", "2025-12-20", "执行完毕", "10000", "10000"),
    case("（2025）冀96执2号", "2025-12-31"),
    case("（2026）冀96执1号", "2026-01-01", "2026-01-20", "执行完毕", "50000", "50000"),
    case("（2026）冀96执2号", "2026-03-01"),
    case("（2026）冀96执3号", "2026-03-02"),
    case("（2025）冀96执3号", "2025-08-31", "2026-02-28", "终本", "100000", "2000"),
    case("（2025）冀96执4号", "2025-08-30", "2026-03-01", "终结执行", "20000", "500"),
    case("（2025）冀96执5号", "2025-09-01"),
    case("（2025）冀96执6号", "2025-08-31"),
    case("（2025）冀96执7号", "2025-07-01", "2026-02-05", "不予执行", "30000", "0", ext="2", excl="10"),
    case("（2025）冀96执8号", "2025-07-15", "2026-01-30", "执行完毕", "8000", "8000", excl="20"),
    case("（2026）冀96执4号", "2026-01-05", "2026-02-10", "销案", "99999", "0"),
    case("（2026）冀96执恢1号", "2026-01-10", "2026-02-15", "执行完毕", "5000", "5000"),
    case("（2026）冀96执恢2号", "2026-01-12"),
    case("（2026）冀96执保1号", "2026-01-15", "2026-01-16", "执行完毕", "700", "700"),
    case("（2026）冀9601执1号", "2026-02-01", "2026-02-11", "执行完毕", "1000", "1000", court=XIONGXIAN),
    case("（2026）冀9601执2号", "2026-02-02", court=XIONGXIAN),
    case("（2026）冀01执1号", "2026-01-03", "2026-02-03", "执行完毕", "2000", "2000", court=SHIJIAZHUANG),
]


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def dataset(courts, data_dir, tmp_path):
    code, _out, err = run(write_csv(tmp_path / "history.csv", CASES))
    assert code == 0, err
    return courts
