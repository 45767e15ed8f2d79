"""Staff pages of the weekly bulletin: list, make, show, download, drill down (下钻)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.cases.test_import_support import run as import_run
from tests.cases.test_import_support import write_csv
from tests.supervision import test_indicators_data as fixtures
from tests.supervision.test_indicators_data import WEEK, case
from zhixing.supervision import actions, drill, engine
from zhixing.supervision.models import Bulletin

data_dir, dataset = fixtures.data_dir, fixtures.dataset


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def made(dataset, cast):
    return actions.make_bulletin(WEEK, actor=cast.command)


@pytest.mark.django_db
def test_command_centre_makes_a_bulletin_through_the_form_and_reads_it(dataset, cast, client):
    login(client, cast.command)
    page = client.get(reverse("supervision:list"))
    assert page.status_code == 200 and 'name="week"' in page.content.decode()
    r = client.post(reverse("supervision:make"), {"week": "2026w9", "court": ""})
    made = Bulletin.objects.get()
    assert made.week == WEEK and made.court is None and made.made_by == cast.command
    assert r.status_code == 302 and r["Location"] == reverse("supervision:detail", args=[made.pk])
    html = client.get(r["Location"]).content.decode()
    assert "执行质效周通报" in html and "河北雄安新区中级人民法院" in html and "（2025）冀96执6号" in html
    assert 'id="navbar"' in html  # inside the site's layout
    assert html.count('class="drill"') > 50
    assert WEEK in client.get(reverse("supervision:list")).content.decode()


@pytest.mark.django_db
def test_bad_week_is_refused_in_chinese_and_nothing_is_made(dataset, cast, client):
    login(client, cast.command)
    r = client.post(reverse("supervision:make"), {"week": "2026-W54", "court": ""}, follow=True)
    assert "没有第 54 周" in r.content.decode() and not Bulletin.objects.exists()


@pytest.mark.django_db
def test_downloads_are_the_stored_bulletin(made, cast, client, tmp_path):
    login(client, cast.command)
    r = client.get(reverse("supervision:json", args=[made.pk]))
    assert r.status_code == 200 and r.content == made.content.encode("utf-8")
    assert "attachment" in r["Content-Disposition"]
    r = client.get(reverse("supervision:xlsx", args=[made.pk]))
    (tmp_path / "b.xlsx").write_bytes(r.content)
    assert load_workbook(tmp_path / "b.xlsx").sheetnames[:2] == ["指标", "排名"]


@pytest.mark.django_db
def test_outsiders_see_nothing(made, cast, client):
    login(client, cast.outsider)  # officer and judge of 冀01: no bulletin role
    assert client.get(reverse("supervision:list")).status_code == 403
    for name in ("detail", "json", "xlsx", "review"):
        assert client.get(reverse(f"supervision:{name}", args=[made.pk])).status_code == 404
    url = reverse("supervision:drill", args=[made.pk]) + "?court=冀01&area=0&key=closed&part=numerator"
    assert client.get(url).status_code == 404
    assert client.post(reverse("supervision:make"), {"week": WEEK}).status_code == 403
    assert Bulletin.objects.count() == 1


@pytest.mark.django_db
def test_a_leader_below_sees_only_bulletins_of_their_own_area(made, cast, courts, client):
    login(client, cast.president)  # leader of 冀96
    assert client.get(reverse("supervision:detail", args=[made.pk])).status_code == 404
    assert WEEK not in client.get(reverse("supervision:list")).content.decode()
    client.post(reverse("supervision:make"), {"week": WEEK, "court": "冀96"})
    own = Bulletin.objects.get(court=courts.xiongan)
    assert client.get(reverse("supervision:detail", args=[own.pk])).status_code == 200
    # Even on a bulletin they may read, no drilling into a court above.
    url = reverse("supervision:drill", args=[own.pk]) + "?court=冀&area=1&key=closed"
    assert client.get(url).status_code == 404
    # A bulletin of all courts cannot be made by them either.
    r = client.post(reverse("supervision:make"), {"week": WEEK, "court": ""}, follow=True)
    assert Bulletin.objects.count() == 2 and r.status_code == 200


@pytest.mark.django_db
def test_every_drillable_figure_lists_exactly_the_counted_cases(made):
    data = json.loads(made.content)
    checked = 0
    for c in data["courts"]:
        for key, fig in c["indicators"].items():
            if isinstance(fig, dict) and "value" in fig:
                parts = {"numerator": fig["numerator"], "denominator": fig["denominator"]}
            elif isinstance(fig, dict):
                continue  # funds: nothing to list yet
            else:
                parts = {"numerator": fig}
            for part, expected in parts.items():
                got = drill.cases_behind(made, c["court_code"], c["area"], key, part)
                total = engine.money(got.total) if isinstance(expected, str) else got.total
                assert total == expected, (c["court_code"], c["area"], key, part)
                checked += 1
    assert checked > 100


@pytest.mark.django_db
def test_drill_page_lists_the_snapshot_not_todays_data(made, cast, client, tmp_path):
    login(client, cast.command)
    url = reverse("supervision:drill", args=[made.pk]) + "?court=冀96&area=0&key=closed&part=numerator"
    expected = [
        "（2025）冀96执3号",
        "（2025）冀96执4号",
        "（2025）冀96执7号",
        "（2025）冀96执8号",
        "（2026）冀96执1号",
    ]
    html = client.get(url).content.decode()
    assert [n for n in expected if n in html] == expected and 'id="drill-total">5<' in html
    # #8 closes afterwards: the stored bulletin and its drill-down do not change.
    edited = case("（2025）冀96执5号", "2025-09-01", "2026-02-20", "执行完毕", "1000", "1000")
    code, _out, err = import_run(write_csv(tmp_path / "fix.csv", [edited]), "--update")
    assert code == 0, err
    html = client.get(url).content.decode()
    assert "（2025）冀96执5号" not in html and 'id="drill-total">5<' in html


@pytest.mark.django_db
def test_drill_into_an_unknown_figure_is_404(made, cast, client):
    login(client, cast.command)
    base = reverse("supervision:drill", args=[made.pk])
    for q in ("?court=冀96&area=0&key=nope", "?court=冀99&area=0&key=closed",
              "?court=冀96&area=0&key=closed&part=denominator", "?court=冀96&area=0&key=overdue_funds"):  # fmt: skip
        assert client.get(base + q).status_code == 404, q


@pytest.mark.django_db
def test_list_page_queries_do_not_grow_with_bulletins(made, cast, client):
    login(client, cast.command)
    url = reverse("supervision:list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for week in ("2026-W05", "2026-W06", "2026-W07", "2026-W08"):
        Bulletin.objects.create(
            week=week, court=None, start=made.start, end=made.end, snapshot=made.snapshot,
            made_at=made.made_at, made_by=cast.command, content=made.content,
        )  # fmt: skip
    with CaptureQueriesContext(connection) as five:
        html = client.get(url).content.decode()
    assert "2026-W05" in html and len(five) == len(one) <= 12


@pytest.mark.django_db
def test_a_back_dated_definition_edit_changes_neither_the_stored_bulletin_nor_its_drill_down(made, cast):
    # 冀96's stored closure rate counted 执 only: 5 closed cases. A version back-dated to 2026-01-01
    # that also counts 执恢 (#13 closed in the period) would make it 6 if the drill read today's rows.
    stored = json.loads(made.content)
    frozen = {d["key"]: d for d in stored["definitions"]}
    assert frozen["closure_rate"]["scope"] == ["执"] and frozen["closure_rate"]["name"] == "结案率"
    actions.save_definition(
        key="closure_rate", name="结案率（含执恢）", kind="rate", scope=["执", "执恢"],
        numerator={"set": "closed"}, denominator={"set": "accepted"},
        effective_from=dt.date(2026, 1, 1), actor=cast.admin,
    )  # fmt: skip
    made.refresh_from_db()
    assert json.loads(made.content) == stored
    assert drill.cases_behind(made, "冀96", False, "closure_rate").total == 5
    # The next bulletin is made with the new version.
    again = json.loads(actions.make_bulletin(WEEK, court=None, actor=cast.command).content)
    (row,) = [c for c in again["courts"] if c["court_code"] == "冀96" and not c["area"]]
    assert row["indicators"]["closure_rate"]["numerator"] == 6
    assert {d["key"]: d for d in again["definitions"]}["closure_rate"]["scope"] == ["执", "执恢"]


@pytest.mark.django_db
def test_drill_page_queries_do_not_grow_with_cases(made, cast, client):
    login(client, cast.command)
    url = reverse("supervision:drill", args=[made.pk]) + "?court=冀96&area=0&key=closure_rate&part="
    client.get(url + "numerator")  # warm the per-process caches
    with CaptureQueriesContext(connection) as closed:
        five = client.get(url + "numerator").content.decode()
    with CaptureQueriesContext(connection) as accepted:
        nine = client.get(url + "denominator").content.decode()
    assert 'id="drill-total">5<' in five and 'id="drill-total">9<' in nine
    # The rule-settings cache checks its stamp at most every 2 s of wall time (core.stamps): whether a
    # request makes that one read depends on the clock, not on how many cases the page lists.
    assert _counted(accepted) == _counted(closed)


def _counted(captured) -> int:
    return sum(1 for q in captured.captured_queries if "core_cachestamp" not in q["sql"])


@pytest.mark.django_db
def test_review_page_queries_do_not_grow_with_listed_courts(made, cast, client):
    from zhixing.core.models import RuleSetting
    from zhixing.supervision import review, rules

    login(client, cast.command)
    url = reverse("supervision:review", args=[made.pk])
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    listed = len(review.review(made))
    RuleSetting.objects.create(
        key=rules.REVIEW_THRESHOLDS, court=None, effective_from=dt.date(2026, 1, 2),
        value={"closure_rate": {"min": 1.01}, "statutory_period_rate": {"min": 1.01}},
    )  # fmt: skip
    assert len(review.review(made)) > listed
    client.get(url)  # warm the caches again: the new setting dropped them
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).status_code == 200
    assert len(more) == len(few)
