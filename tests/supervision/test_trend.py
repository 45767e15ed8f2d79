"""The bulletin's year-to-date trend: each bulletin extends the trend of the newest earlier one of the
same scope and year with its own week, so the chart shows what was published each week."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cases.test_import_support import run as import_run
from tests.cases.test_import_support import write_csv
from tests.supervision import test_indicators_data as fixtures
from tests.supervision.test_indicators_data import WEEK, case
from zhixing.supervision import actions, rules, trend
from zhixing.supervision.engine import CourtInfo
from zhixing.supervision.render import charts

data_dir, dataset = fixtures.data_dir, fixtures.dataset

# 冀 (high court) above 冀96 and 冀01; 冀9601 below 冀96, as in tests/conftest.py.
HIGH = CourtInfo(1, "冀", "河北省高级人民法院", "high", None, "/1/")
XIONGAN = CourtInfo(2, "冀96", "河北雄安新区中级人民法院", "intermediate", 1, "/1/2/")
XIONGXIAN = CourtInfo(3, "冀9601", "雄县人民法院", "basic", 2, "/1/2/3/")
SHIJIAZHUANG = CourtInfo(4, "冀01", "石家庄市中级人民法院", "intermediate", 1, "/1/4/")
COURTS = [HIGH, XIONGAN, XIONGXIAN, SHIJIAZHUANG]
NAMES = {c.code: c.name for c in COURTS}


def ratio(value: float | None) -> dict:
    if value is None:
        return {"numerator": 0, "denominator": 0, "value": None}
    return {"numerator": round(value * 100), "denominator": 100, "value": value}


def bulletin(week: str, figures: dict[str, dict[str, float | None]], **extra) -> dict:
    """A bulletin JSON as bulletin.build makes it, for the trend: area (and own) rows per court."""
    start, end = rules.bulletin_period(*rules.parse_week(week))
    rows = []
    for code, values in figures.items():
        indicators = {k: ratio(v) for k, v in values.items()}
        indicators |= {
            "received": 7,
            "realized_amount": "10.00",
            "overdue_funds": {"count": 0, "amount": "0.00"},
        }
        for area in (False, True):
            rows.append(
                {"court_code": code, "court_name": NAMES[code], "area": area, "indicators": indicators}
            )
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat(), "week": week},
        "courts": rows,
        **extra,
    }


def chain(*weeks: tuple[str, dict], top: CourtInfo | None = None) -> dict:
    """Make each bulletin in turn, each extending the one before, as make_bulletin does; the last."""
    earlier = None
    for week, figures in weeks:
        out = bulletin(week, figures)
        out["trend"] = trend.extend(earlier, out, COURTS, top)
        earlier = out
    assert earlier is not None
    return earlier


def series(t: dict) -> dict[str, dict[str, list]]:
    return {s["court_code"]: s["indicators"] for s in t["series"]}


ALL = {"冀": {"closure_rate": 0.5}, "冀96": {"closure_rate": 0.4}, "冀9601": {"closure_rate": 0.9},
       "冀01": {"closure_rate": 0.6}}  # fmt: skip


def test_a_first_bulletin_starts_the_trend_with_its_own_week():
    out = bulletin("2026-W07", ALL)
    t = trend.extend(None, out, COURTS, None)
    assert t["weeks"] == ["2026-W07"]
    # All courts: the top court's area and its direct children's areas; not the grandchild 冀9601.
    assert [s["court_code"] for s in t["series"]] == ["冀", "冀96", "冀01"]
    assert all(s["area"] is True for s in t["series"])
    # Only rates and averages: counts and amounts are not in the trend.
    assert series(t)["冀96"] == {"closure_rate": [0.4]}


def test_each_bulletin_extends_the_trend_it_was_given_with_its_own_week():
    w08 = {**ALL, "冀96": {"closure_rate": 0.45}}
    last = chain(("2026-W07", ALL), ("2026-W08", w08), ("2026-W09", {**ALL, "冀96": {"closure_rate": 0.5}}))
    assert last["trend"]["weeks"] == ["2026-W07", "2026-W08", "2026-W09"]
    assert series(last["trend"])["冀96"]["closure_rate"] == [0.4, 0.45, 0.5]
    assert series(last["trend"])["冀"]["closure_rate"] == [0.5, 0.5, 0.5]


def test_the_earlier_weeks_are_taken_as_published_not_from_this_weeks_figures():
    earlier = chain(("2026-W08", ALL))
    earlier["trend"]["series"][1]["indicators"]["closure_rate"] = [0.123]  # what W08 published
    out = bulletin("2026-W09", ALL)
    assert series(trend.extend(earlier, out, COURTS, None))["冀96"]["closure_rate"] == [0.123, 0.4]


def test_a_court_scope_compares_the_court_with_the_courts_directly_below_it():
    last = chain(("2026-W08", ALL), ("2026-W09", ALL), top=XIONGAN)
    assert [s["court_code"] for s in last["trend"]["series"]] == ["冀96", "冀9601"]
    assert series(last["trend"])["冀9601"]["closure_rate"] == [0.9, 0.9]


def test_a_court_appearing_late_has_no_value_for_the_weeks_before():
    without = {k: v for k, v in ALL.items() if k != "冀01"}
    last = chain(("2026-W07", without), ("2026-W08", without), ("2026-W09", ALL))
    assert series(last["trend"])["冀01"]["closure_rate"] == [None, None, 0.6]


def test_an_indicator_added_later_and_a_rate_without_denominator_are_none():
    later = {code: {**v, "average_days": 120.5} for code, v in ALL.items()}
    later["冀01"]["closure_rate"] = None  # no cases accepted: no value
    last = chain(("2026-W08", ALL), ("2026-W09", later))
    assert series(last["trend"])["冀96"]["average_days"] == [None, 120.5]
    assert series(last["trend"])["冀01"]["closure_rate"] == [0.6, None]


def test_a_week_never_made_has_no_column():
    last = chain(("2026-W07", ALL), ("2026-W09", ALL))
    assert last["trend"]["weeks"] == ["2026-W07", "2026-W09"]
    assert series(last["trend"])["冀96"]["closure_rate"] == [0.4, 0.4]


def test_a_new_year_starts_a_fresh_trend_by_the_period_start_not_the_week_label():
    # 2026-W01 ends on 2026-01-04: its year to date starts 2026-01-01, so 2025-W52 is not chained.
    assert chain(("2025-W52", ALL), ("2026-W01", ALL))["trend"]["weeks"] == ["2026-W01"]
    # 2025-W01 ends on 2025-01-05 and starts 2025-01-01: 2024-W52 (year 2024) is not chained either.
    assert chain(("2024-W52", ALL), ("2025-W01", ALL))["trend"]["weeks"] == ["2025-W01"]
    # 2020-W53 ends on 2021-01-03: it is the first week of 2021's year to date.
    assert chain(("2020-W53", ALL), ("2021-W01", ALL))["trend"]["weeks"] == ["2020-W53", "2021-W01"]


def test_a_bulletin_stored_before_trends_contributes_its_published_week():
    old = bulletin("2026-W08", {**ALL, "冀96": {"closure_rate": 0.3}})  # no "trend" key
    t = trend.extend(old, bulletin("2026-W09", ALL), COURTS, None)
    assert t["weeks"] == ["2026-W08", "2026-W09"] and series(t)["冀96"]["closure_rate"] == [0.3, 0.4]


def test_weeks_not_before_this_one_are_dropped():
    later = chain(("2026-W08", ALL), ("2026-W10", ALL))
    t = trend.extend(later, bulletin("2026-W09", ALL), COURTS, None)
    assert t["weeks"] == ["2026-W08", "2026-W09"]


KEYS = ("closure_rate", "average_days")
values = st.one_of(st.none(), st.floats(min_value=0, max_value=400, allow_nan=False))
week_figures = st.dictionaries(
    st.sampled_from([c.code for c in COURTS]),
    st.dictionaries(st.sampled_from(KEYS), values, min_size=1),
    min_size=1,
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=52), min_size=1, max_size=8, unique=True).map(sorted),
    st.data(),
    st.sampled_from([None, XIONGAN]),
)
def test_the_trend_is_always_the_published_figures_aligned_with_increasing_weeks(numbers, data, top):
    published: list[dict] = []
    earlier = None
    for n in numbers:
        week = rules.week_label(2026, n)
        figures = data.draw(week_figures)
        out = bulletin(week, figures)
        out["trend"] = t = trend.extend(earlier, out, COURTS, top)
        published.append(figures)
        earlier = out
        labels = t["weeks"]
        assert labels[-1] == week
        assert all(
            rules.parse_week(a) < rules.parse_week(b) for a, b in zip(labels, labels[1:], strict=False)
        )
        shown = [c.code for c in trend.series_courts(COURTS, top) if c.code in figures]
        assert [s["court_code"] for s in t["series"]] == shown
        for s in t["series"]:
            code = s["court_code"]
            assert set(s["indicators"]) == set(figures[code])
            for key, line in s["indicators"].items():
                assert len(line) == len(labels)
                assert line[-1] == figures[code][key]  # the last column is this week's figures
                # Every earlier column is what that week published, as far as an unbroken chain of
                # bulletins carried it (a court or key missing in between loses its earlier values).
                for i, v in enumerate(line):
                    carried = all(code in f and key in f[code] for f in published[i:])
                    assert v == (published[i][code][key] if carried else None)


# --- Through make_bulletin, on the hand-worked data set ------------------------------------------


def _area_values(data: dict) -> dict[str, dict[str, float | None]]:
    return {
        c["court_code"]: {
            k: v["value"] for k, v in c["indicators"].items() if isinstance(v, dict) and "value" in v
        }
        for c in data["courts"]
        if c["area"]
    }


@pytest.mark.django_db
def test_the_stored_trend_keeps_last_weeks_published_figures_after_a_case_edit(
    dataset, cast, tmp_path, client
):
    w08 = json.loads(actions.make_bulletin("2026-W08", actor=cast.command).content)
    # #8 (2025)冀96执5号 closes on 2026-02-20, inside W08's period: a W08 made now would differ.
    edited = case("（2025）冀96执5号", "2025-09-01", "2026-02-20", "执行完毕", "1000", "1000")
    code, _out, err = import_run(write_csv(tmp_path / "fix.csv", [edited]), "--update")
    assert code == 0, err
    made = actions.make_bulletin(WEEK, actor=cast.command)
    w09 = json.loads(made.content)
    t = w09["trend"]
    assert t["weeks"] == ["2026-W08", WEEK]
    assert [s["court_code"] for s in t["series"]] == ["冀", "冀96", "冀01"]
    before, now = _area_values(w08), _area_values(w09)
    for s in t["series"]:
        assert set(s["indicators"]) == {
            "closure_rate", "completion_rate", "termination_rate", "actual_execution_rate",
            "realization_rate", "statutory_period_rate", "average_days", "resumed_completion_rate",
        }  # fmt: skip
        for key, (old, new) in s["indicators"].items():
            assert (old, new) == (before[s["court_code"]][key], now[s["court_code"]][key])
    # W08 made again today sees the edit; the trend kept what W08 published.
    remade = _area_values(json.loads(actions.make_bulletin("2026-W08", actor=cast.command).content))
    kept = series(t)["冀96"]["closure_rate"][0]
    assert remade["冀96"]["closure_rate"] != kept == before["冀96"]["closure_rate"]
    # A bulletin of 冀96 alone does not chain from bulletins of all courts.
    own = json.loads(actions.make_bulletin(WEEK, court=dataset.xiongan, actor=cast.command).content)
    assert own["trend"]["weeks"] == [WEEK]
    assert [s["court_code"] for s in own["trend"]["series"]] == ["冀96", "冀9601"]

    # The charts: one line chart per rate, a line per court, aria and decal on, shapes differing.
    options = [
        o for o in charts.chart_options(w09, {"closure_rate": "结案率"}) if o["id"].startswith("trend-")
    ]
    assert len(options) == 8
    first = options[0]
    assert first["title"]["text"] == "结案率趋势（年初至今）"
    assert first["aria"] == {"enabled": True, "decal": {"show": True}}
    assert first["xAxis"]["data"] == ["2026-W08", WEEK]
    assert [s["type"] for s in first["series"]] == ["line"] * 3
    assert len({s["symbol"] for s in first["series"]}) == 3
    assert first["series"][1]["data"] == [round(v * 100, 2) for v in series(t)["冀96"]["closure_rate"]]
    days = next(o for o in options if o["yAxis"]["name"] == "天")  # an average is drawn in days
    assert days["series"][1]["data"] == [round(v, 2) for v in series(t)["冀96"]["average_days"]]
    # The ranking bars of an average are in days too, not multiplied into a percentage.
    ranked = json.loads(made.content)["rankings"]
    group = next(i for i, g in enumerate(ranked) if g["indicator"] == "average_days" and not g["area"])
    bar = next(o for o in charts.chart_options(w09, {}) if o["id"] == f"rank-{group}")
    assert bar["yAxis"]["name"] == "天"
    assert bar["series"][0]["data"] == [
        None if e["value"] is None else round(e["value"], 2) for e in ranked[group]["ranks"]
    ]
    # … and on the staff page.
    client.force_login(cast.command)
    page = client.get(reverse("supervision:detail", args=[made.pk])).content.decode()
    assert 'id="chart-trend-0"' in page and 'id="trend-note"' in page
    # The same figures as tables, for a reader who cannot see the charts: W08's published 冀96
    # closure rate and W09's, as per cent.
    tables = page[page.index('id="trend-tables"') :]
    w08_rate = f"{before['冀96']['closure_rate'] * 100:.2f}%"
    w09_rate = f"{now['冀96']['closure_rate'] * 100:.2f}%"
    row = tables[tables.index("河北雄安新区中级人民法院") :]
    assert row.index(w08_rate) < row.index(w09_rate) < row.index("</tr>")
