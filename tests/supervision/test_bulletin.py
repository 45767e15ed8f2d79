"""`zhixing bulletin`: the JSON of indicators.md, stored when made and shown again byte for byte."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.cases.test_import_support import run as import_run
from tests.cases.test_import_support import write_csv
from tests.supervision import test_indicators_data as fixtures
from tests.supervision.test_indicators_data import WEEK, case
from zhixing.supervision import rules
from zhixing.supervision.models import Bulletin

data_dir, dataset = fixtures.data_dir, fixtures.dataset  # the shared data set's fixtures
REQUIRED = {
    "received", "closed", "pending", "closure_rate", "completion_rate", "termination_rate",
    "actual_execution_rate", "realization_rate", "statutory_period_rate", "average_days",
    "resumed_completion_rate", "realized_amount", "long_pending", "overdue_nodes",
    "unidentified_funds", "overdue_funds",
}  # fmt: skip
RATES = {k for k in REQUIRED if k.endswith("_rate")} | {"average_days"}


def bulletin_cmd(tmp_path, *args, name="out.json") -> bytes:
    out = tmp_path / name
    call_command("bulletin", *args, "-o", str(out), stderr=io.StringIO())
    return out.read_bytes()


@pytest.mark.django_db
def test_json_has_the_shape_of_the_contract(dataset, tmp_path):
    data = json.loads(bulletin_cmd(tmp_path, "--week", WEEK))
    assert data["period"] == {"start": "2026-01-01", "end": "2026-03-01", "week": "2026-W09"}
    codes = [(c["court_code"], c["area"]) for c in data["courts"]]
    assert sorted(codes) == sorted(
        (code, a) for code in ("冀", "冀96", "冀9601", "冀01") for a in (False, True)
    )
    for c in data["courts"]:
        assert set(c) == {"court_code", "court_name", "area", "indicators"}
        assert REQUIRED <= set(c["indicators"])
        for key in RATES:
            assert set(c["indicators"][key]) == {"numerator", "denominator", "value"}
        for key in ("received", "closed", "pending", "long_pending", "overdue_nodes"):
            assert isinstance(c["indicators"][key], int)
        assert isinstance(c["indicators"]["realized_amount"], str)
    assert {c["court_name"] for c in data["courts"]} >= {"河北雄安新区中级人民法院", "雄县人民法院"}


@pytest.mark.django_db
def test_rankings_among_courts_of_one_level_under_one_parent(dataset, tmp_path):
    data = json.loads(bulletin_cmd(tmp_path, "--week", WEEK))
    (group,) = [
        g
        for g in data["rankings"]
        if g["indicator"] == "closure_rate" and g["parent_code"] == "冀" and not g["area"]
    ]
    # 冀01 closed 1 of 1; 冀96 5 of 9.
    assert [(e["court_code"], e["rank"]) for e in group["ranks"]] == [("冀01", 1), ("冀96", 2)]
    (days,) = [
        g
        for g in data["rankings"]
        if g["indicator"] == "average_days" and g["parent_code"] == "冀" and g["area"]
    ]
    # Fewer days is better: 冀01 31 days; 冀96's area 811 / 6 = 135.2.
    assert [e["court_code"] for e in days["ranks"]] == ["冀01", "冀96"]


@pytest.mark.django_db
def test_a_stored_bulletin_does_not_change_when_a_case_is_edited_and_the_next_one_sees_it(dataset, tmp_path):
    first = bulletin_cmd(tmp_path, "--week", WEEK)
    assert json.loads(first)["courts"][2]["indicators"]["closed"] == 5  # 冀96 own
    # #8 (2025)冀96执5号 closes on 2026-02-20 with everything paid: an edit through the import.
    edited = case("（2025）冀96执5号", "2025-09-01", "2026-02-20", "执行完毕", "1000", "1000")
    code, _out, err = import_run(write_csv(tmp_path / "fix.csv", [edited]), "--update")
    assert code == 0, err
    again = bulletin_cmd(tmp_path, "--week", WEEK, name="again.json")
    assert again == first and Bulletin.objects.count() == 1
    remade = json.loads(bulletin_cmd(tmp_path, "--week", WEEK, "--remake", name="remade.json"))
    own = next(c for c in remade["courts"] if c["court_code"] == "冀96" and not c["area"])["indicators"]
    assert own["closed"] == 6 and own["pending"] == 3 and own["completion_rate"]["numerator"] == 3
    assert "（2025）冀96执5号" not in remade["lists"]["overdue_nodes"]
    assert bulletin_cmd(tmp_path, "--week", WEEK, name="third.json") == bulletin_cmd(
        tmp_path, "--week", WEEK, name="fourth.json"
    )


@pytest.mark.django_db
def test_court_option_limits_to_the_court_and_its_area(dataset, tmp_path):
    data = json.loads(bulletin_cmd(tmp_path, "--week", WEEK, "--court", "冀96"))
    assert {c["court_code"] for c in data["courts"]} == {"冀96", "冀9601"}
    assert data["lists"]["overdue_nodes"] == [
        "（2025）冀96执2号",
        "（2025）冀96执5号",
        "（2025）冀96执6号",
        "（2026）冀9601执2号",
    ]
    with pytest.raises(CommandError):
        bulletin_cmd(tmp_path, "--week", WEEK, "--court", "冀99")
    with pytest.raises(CommandError):
        bulletin_cmd(tmp_path, "--week", "2026-W54")


@pytest.mark.django_db
def test_changes_against_last_weeks_stored_bulletin(dataset, tmp_path):
    bulletin_cmd(tmp_path, "--week", "2026-W08", name="w08.json")  # E = 2026-02-22
    data = json.loads(bulletin_cmd(tmp_path, "--week", WEEK))
    assert data["changes"]["against"] == "2026-W08"
    own = next(c for c in data["changes"]["courts"] if c["court_code"] == "冀96" and not c["area"])[
        "indicators"
    ]
    # Received: #3 by 02-22, #3 and #4 (filed 03-01) by 03-01. Closed: #3, #10, #11 by 02-22; #6 and #7
    # closed 02-28 and 03-01. Realised: +2000 (#6) +500 (#7).
    assert own["received"] == 1 and own["closed"] == 2 and own["realized_amount"] == "2500.00"


@pytest.mark.django_db
def test_html_and_xlsx_render_the_stored_bulletin(dataset, tmp_path):
    html = bulletin_cmd(tmp_path, "--week", WEEK, "--format", "html", name="b.html").decode()
    assert "执行质效周通报" in html and "河北雄安新区中级人民法院" in html and "（2025）冀96执6号" in html
    # The trend as a table (one week so far): the figures of the charts, readable without them.
    assert "趋势（年初至今）" in html and f"<th>{WEEK}</th>" in html
    bulletin_cmd(tmp_path, "--week", WEEK, "--format", "xlsx", name="b.xlsx")
    wb = load_workbook(tmp_path / "b.xlsx")
    assert wb.sheetnames[:2] == ["指标", "排名"]
    assert any("结案率" == v for v in next(wb["指标"].iter_rows(min_row=2, max_row=2, values_only=True)))


def test_an_average_reads_in_days_and_a_rate_in_per_cent(dataset, tmp_path):
    html = bulletin_cmd(tmp_path, "--week", WEEK, "--format", "html", name="b.html").decode()
    # 冀96's own average days to close is 801 / 5 = 160.2 days (test_indicators), its closure rate
    # 5 / 9 = 55.56%: the average must not read as "16020.00%".
    assert "160.2（801/5）" in html and "16020.00%" not in html
    assert "55.56%（5/9）" in html
    # The ranking tables say the same (冀96 ranked against 冀01 under 冀).
    assert "<td>160.2</td>" in html and "<td>55.56%</td>" in html
    bulletin_cmd(tmp_path, "--week", WEEK, "--format", "xlsx", name="b.xlsx")
    wb = load_workbook(tmp_path / "b.xlsx")
    texts = {v for row in wb["指标"].iter_rows(values_only=True) for v in row if isinstance(v, str)}
    assert "160.2（801/5）" in texts


@given(st.dates(min_value=dt.date(1900, 1, 8), max_value=dt.date(9999, 12, 24)))
def test_week_of_any_date_parses_to_the_sunday_ending_it(d):
    y, w, _ = d.isocalendar()
    label = rules.week_label(y, w)
    assert rules.parse_week(label) == (y, w) == rules.parse_week(label.replace("-", "").lower())
    start, end = rules.bulletin_period(y, w)
    assert end.weekday() == 6 and 0 <= (end - d).days <= 6
    assert start == dt.date(end.year, 1, 1)
    assert rules.previous_week(y, w) == (end - dt.timedelta(days=7)).isocalendar()[:2]


@given(st.text(max_size=12))
def test_anything_else_is_refused_in_chinese(text):
    try:
        y, w = rules.parse_week(text)
    except rules.InvalidWeek as e:
        assert "周" in str(e)
    else:
        assert 1 <= w <= 53 and dt.date.fromisocalendar(y, w, 1)


@pytest.mark.parametrize("text", ["2026-W00", "2026-W54", "2025-W53", "2026W", "W47", "2026-47", ""])
def test_weeks_that_do_not_exist_are_refused(text):
    with pytest.raises(rules.InvalidWeek):
        rules.parse_week(text)
