"""The per-officer indicators (issue 3 item 5), worked by hand on a small data set imported as a
court's history. Snapshot at E = 2026-03-01, so the year to date is [2026-01-01, 2026-03-01].

 case                  handler  filed       closed      method  days  statutory due
 A （2025）冀96执11号   张执行   2025-12-01  2026-01-31  完毕     61    2026-06-01 (within)
 B （2026）冀96执11号   张执行   2026-01-10  2026-02-09  完毕     30    2026-07-10 (within)
 C （2025）冀96执12号   张执行   2025-08-01  —                          long pending (02-01 < E)
 D （2026）冀96执12号   张执行   2026-02-20  —
 E （2025）冀96执13号   陈执行   2025-03-01  2026-02-01  终本    337    2025-09-01 (late)
 F （2026）冀96执13号   陈执行   2026-01-05  —                          not long pending (→ 07-05)
 G （2026）冀96执14号   —        2026-02-01  —
 H （2026）冀01执11号   —        2026-02-01  —                          another court
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.cases.test_import_support import run, write_csv
from tests.supervision import test_indicators_data as fixtures
from tests.supervision.test_indicators_data import SHIJIAZHUANG, case
from zhixing.cases.models import Node
from zhixing.core.actors import CLI
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as r
from zhixing.supervision import actions, centre, engine, handlers, queries, snapshot

data_dir = fixtures.data_dir
pytestmark = pytest.mark.django_db
E = dt.date(2026, 3, 1)


def h(row, name):
    row["handler"] = name
    return row


CASES = [
    h(case("（2025）冀96执11号", "2025-12-01", "2026-01-31", "执行完毕", "1000", "1000"), "张执行"),
    h(case("（2026）冀96执11号", "2026-01-10", "2026-02-09", "执行完毕", "1000", "1000"), "张执行"),
    h(case("（2025）冀96执12号", "2025-08-01"), "张执行"),
    h(case("（2026）冀96执12号", "2026-02-20"), "张执行"),
    h(case("（2025）冀96执13号", "2025-03-01", "2026-02-01", "终本", "1000", "0"), "陈执行"),
    h(case("（2026）冀96执13号", "2026-01-05"), "陈执行"),
    case("（2026）冀96执14号", "2026-02-01"),
    case("（2026）冀01执11号", "2026-02-01", court=SHIJIAZHUANG),
]


@pytest.fixture
def people(cast, courts, data_dir, tmp_path):
    code, _out, err = run(write_csv(tmp_path / "handlers.csv", CASES))
    assert code == 0, err
    actions.make_snapshot(E, actor=cast.admin)
    return cast


def rate(n, d):
    return {"numerator": n, "denominator": d, "value": None if d == 0 else n / d}


def overdue_at_e(number: str) -> int:
    # Independent of the engine: the nodes of the case open at E with a deadline before E.
    return Node.objects.filter(case__case_number=number, due_on__lt=E, done_on__isnull=True).count()


def rows_of(courts) -> dict[str | None, handlers.HandlerResult]:
    page = centre.handler_page(courts)
    return {r.handler_name or None: r for r in page.rows}


def test_per_officer_figures_worked_by_hand(people, courts):
    rows = rows_of(centre.chief_courts(people.president))
    zhang, chen, nobody = rows["张执行"].indicators, rows["陈执行"].indicators, rows[None].indicators
    # 张执行: received B, D; closed A, B over accepted A–D; both closed in time; (61 + 30) / 2 days.
    assert zhang["received"] == 2 and zhang["closed"] == 2
    assert zhang["closure_rate"] == rate(2, 4)
    assert zhang["statutory_period_rate"] == rate(2, 2)
    assert zhang["average_days"] == rate(91, 2)
    assert zhang["long_pending"] == 1  # C
    # 陈执行: received F; closed E (late, 337 days) over accepted E, F.
    assert chen["received"] == 1 and chen["closed"] == 1
    assert chen["closure_rate"] == rate(1, 2)
    assert chen["statutory_period_rate"] == rate(0, 1)
    assert chen["average_days"] == rate(337, 1)
    assert chen["long_pending"] == 0
    # The case with no handler is a row of its own; the 冀01 case is not in the leader's courts.
    assert nobody["received"] == 1 and nobody["closed"] == 0
    assert {r.court.code for r in centre.handler_page(centre.chief_courts(people.president)).rows} == {"冀96"}
    # Overdue nodes: each pending case's open nodes past their deadline at E, summed per officer.
    assert zhang["overdue_nodes"] == overdue_at_e("（2025）冀96执12号") + overdue_at_e("（2026）冀96执12号")
    assert chen["overdue_nodes"] == overdue_at_e("（2026）冀96执13号") > 0
    assert nobody["overdue_nodes"] == overdue_at_e("（2026）冀96执14号") > 0


def test_officer_rows_add_up_to_the_courts_bulletin_figures(people, courts):
    snap = actions.Snapshot.objects.first()
    t = engine.duckdb_table(snapshot.resolve(snap.path))
    infos = [c for c in queries.courts() if c.code == "冀96"]
    start, end = handlers.year_to_date(E)
    (own,) = [x for x in engine.compute(t, queries.definitions(), infos, start, end) if not x.area]
    rows = handlers.compute(t, queries.definitions(), infos, start, end)
    for key in ("received", "closed", "overdue_nodes", "long_pending"):
        assert sum(x.indicators[key] for x in rows) == own.indicators[key]


def test_sorting_by_a_column(people):
    courts = centre.chief_courts(people.president)
    by_rate = centre.handler_page(courts, "statutory_period_rate", descending=True).rows
    # 张执行 100%, 陈执行 0%, then the rows with no closed case (no value) last.
    assert [x.handler_name for x in by_rate[:2]] == ["张执行", "陈执行"]
    assert all(x.indicators["statutory_period_rate"]["value"] is None for x in by_rate[2:])
    asc = centre.handler_page(courts, "received", descending=False).rows
    assert [x.indicators["received"] for x in asc] == sorted(x.indicators["received"] for x in asc)
    assert asc[-1].handler_name == "张执行"


def test_an_officer_with_no_case_is_listed_with_zeros(people, courts):
    court_actions.create_user("xu", "徐执行", "pw-xu", courts.xiongan, [r.OFFICER], actor=CLI)
    idle = rows_of(centre.chief_courts(people.president))["徐执行"].indicators
    assert idle["received"] == idle["closed"] == idle["overdue_nodes"] == 0
    assert idle["closure_rate"]["value"] is None


def test_the_page_for_the_chief_and_nobody_else(people, courts, client):
    url = reverse("centre:handlers")
    client.force_login(people.president)
    page = client.get(url + "?sort=closure_rate&order=desc").content.decode()
    assert "张执行" in page and "陈执行" in page and "50.00%" in page and "45.5" in page
    assert "2026-01-01 至 2026-03-01" in page
    assert "石家庄" not in page
    for outsider in (people.outsider, people.officer):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
    # Another court's leader sees its own court's row only.
    other = court_actions.create_user("shi", "石院长", "pw-shi", courts.shijiazhuang, [r.LEADER], actor=CLI)
    client.force_login(other)
    page = client.get(url).content.decode()
    assert "石家庄市中级人民法院" in page and "张执行" not in page and "陈执行" not in page


def test_without_a_snapshot_the_page_says_so(cast, client):
    client.force_login(cast.president)
    assert "尚无案件快照" in client.get(reverse("centre:handlers")).content.decode()


def test_the_page_makes_the_same_queries_whatever_the_number_of_officers(
    people, courts, client, tmp_path, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhixing.core import stamps

    # The per-process caches look at their stamp every CHECK_SECONDS of real time: on a loaded machine
    # the two requests below can straddle one, adding a query that has nothing to do with the officers.
    monkeypatch.setattr(stamps, "CHECK_SECONDS", 3600.0)

    client.force_login(people.president)
    url = reverse("centre:handlers")
    client.get(url)  # warms the per-process caches (the navbar reads a rule setting)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(5):
        court_actions.create_user(f"o{n}", f"员{n}号", "pw", courts.xiongan, [r.OFFICER], actor=CLI)
    more = [h(case(f"（2026）冀96执{n}号", "2026-02-01"), f"员{n - 50}号") for n in range(50, 55)]
    assert run(write_csv(tmp_path / "more.csv", more))[0] == 0
    actions.make_snapshot(E, actor=people.admin)
    with CaptureQueriesContext(connection) as after:
        html = client.get(url).content.decode()
    assert "员4号" in html
    assert len(after) == len(before) <= 10, [q["sql"] for q in after.captured_queries]
