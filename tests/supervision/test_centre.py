"""The command centre's live page (issue 3 item 6). "Today" is Wednesday 2026-03-04, so this week is
2026-03-02 to 03-04.

 case                  court    filed       closed      method   counts as
 （2026）冀96执21号     冀96     2026-03-04  —                    received today (and this week)
 （2026）冀96执22号     冀96     2026-03-04  —                    received today
 （2026）冀9601执21号   冀9601   2026-03-02  —                    received this week
 （2026）冀96执23号     冀96     2026-03-01  —                    last week: nothing
 （2026）冀96执24号     冀96     2026-01-10  2026-03-04  完毕      closed today
 （2026）冀96执25号     冀96     2026-01-11  2026-03-02  完毕      closed this week
 （2026）冀96执26号     冀96     2026-01-12  2026-03-01  完毕      last week: nothing
 （2026）冀96执27号     冀96     2026-03-03  2026-03-04  销案      nothing (销案 is left out)
 （2026）冀01执21号     冀01     2026-03-04  2026-03-04  完毕      another court
 （2026）冀96执28号     冀96     2026-02-01  —                    nothing; its nodes are overdue
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cases.test_import_support import run, write_csv
from tests.supervision import test_indicators_data as fixtures
from tests.supervision.test_indicators_data import SHIJIAZHUANG, XIONGXIAN, case
from zhixing.cases import queries as case_queries
from zhixing.cases.models import Case, Node
from zhixing.core.actors import CLI
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as r
from zhixing.supervision import actions, centre

data_dir = fixtures.data_dir
pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 4)

CASES = [
    case("（2026）冀96执21号", "2026-03-04"),
    case("（2026）冀96执22号", "2026-03-04"),
    case("（2026）冀9601执21号", "2026-03-02", court=XIONGXIAN),
    case("（2026）冀96执23号", "2026-03-01"),
    case("（2026）冀96执24号", "2026-01-10", "2026-03-04", "执行完毕", "1000", "1000"),
    case("（2026）冀96执25号", "2026-01-11", "2026-03-02", "执行完毕", "1000", "1000"),
    case("（2026）冀96执26号", "2026-01-12", "2026-03-01", "执行完毕", "1000", "1000"),
    case("（2026）冀96执27号", "2026-03-03", "2026-03-04", "销案", "1000", "0"),
    case("（2026）冀01执21号", "2026-03-04", "2026-03-04", "执行完毕", "1000", "1000", court=SHIJIAZHUANG),
    case("（2026）冀96执28号", "2026-02-01"),
]


@pytest.fixture
def live(cast, courts, data_dir, tmp_path, monkeypatch):
    monkeypatch.setattr("zhixing.supervision.views_centre.today", lambda: TODAY)
    monkeypatch.setattr("zhixing.cases.queries.today", lambda: TODAY)
    code, _out, err = run(write_csv(tmp_path / "live.csv", CASES))
    assert code == 0, err
    return cast


def page(client, user) -> str:
    client.force_login(user)
    resp = client.get(reverse("centre:live"))
    assert resp.status_code == 200
    return resp.content.decode()


def test_received_and_closed_today_and_this_week(live, courts):
    counts = centre.live_counts(centre.watched_courts(live.president), TODAY)
    assert centre.totals(counts) == {
        "received_today": 2,
        "received_week": 3,
        "closed_today": 1,
        "closed_week": 2,
    }
    assert counts[courts.xiongxian.pk]["received_week"] == 1
    assert courts.shijiazhuang.pk not in counts  # the president does not watch 冀01


def test_the_page_shows_counts_overdue_nodes_and_the_court_tree(live, courts, client):
    html = page(client, live.command)  # 王指挥 watches every court from the high court
    assert '<div class="h3" id="received-today">3</div>' in html  # 冀96's two and 冀01's one
    assert '<div class="h3" id="closed-week">3</div>' in html
    overdue_96 = Node.objects.filter(
        case__court=courts.xiongan, case__status=Case.PENDING, due_on__lt=TODAY, done_on__isnull=True
    ).count()
    assert overdue_96 > 0
    by_court, _by_handler = case_queries.overdue_counts(case_queries.overdue_nodes(live.command, on=TODAY))
    assert {
        "case__court_id": courts.xiongan.pk,
        "case__court__name": courts.xiongan.name,
        "n": overdue_96,
    } in by_court
    assert (
        f'<td>{courts.xiongan.name}</td><td class="text-end"><span class="badge text-bg-danger">{overdue_96}'
        in html
    )
    for name in ("河北省高级人民法院", "河北雄安新区中级人民法院", "雄县人民法院", "石家庄市中级人民法院"):
        assert name in html
    assert html.count("尚无周通报") == 4


def test_headline_rates_come_from_the_latest_stored_bulletin(live, cast, client):
    made = actions.make_bulletin("2026-W09", actor=cast.admin)
    (own,) = [c for c in json.loads(made.content)["courts"] if c["court_code"] == "冀96" and not c["area"]]
    expected = own["indicators"]["closure_rate"]["value"]
    html = page(client, live.president)
    assert f'<td class="text-end closure-rate">{expected * 100:.2f}%</td>' in html
    assert "2026-W09" in html and "尚无周通报" not in html


def test_outsiders_see_nothing_of_other_courts(live, courts, client):
    client.force_login(live.outsider)  # officer and judge of 冀01: no watching role
    assert client.get(reverse("centre:live")).status_code == 403
    client.force_login(live.officer)
    assert client.get(reverse("centre:live")).status_code == 403
    other = court_actions.create_user("shi", "石院长", "pw-shi", courts.shijiazhuang, [r.LEADER], actor=CLI)
    html = page(client, other)
    assert "石家庄市中级人民法院" in html and "雄安" not in html and "雄县" not in html
    assert '<div class="h3" id="received-today">1</div>' in html


def test_the_page_makes_the_same_queries_whatever_the_data(live, courts, client, tmp_path):
    actions.make_bulletin("2026-W09", actor=live.admin)
    client.force_login(live.command)
    client.get(reverse("centre:live"))  # warms the per-process caches (the navbar reads a rule setting)
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("centre:live"))
    # One more court, fifteen more cases received this week, each with overdue-to-be nodes, a newer
    # bulletin: no query more.
    court_actions.create_court("冀9602", "安新县人民法院", parent=courts.xiongan, actor=CLI)
    more = [case(f"（2026）冀9601执{n}号", f"2026-02-0{n % 9 + 1}", court=XIONGXIAN) for n in range(30, 45)]
    assert run(write_csv(tmp_path / "more.csv", more))[0] == 0
    actions.make_bulletin("2026-W10", actor=live.admin)
    with CaptureQueriesContext(connection) as after:
        html = client.get(reverse("centre:live")).content.decode()
    assert "安新县人民法院" in html
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]
