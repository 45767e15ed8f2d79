"""Quarterly review (约谈): courts below the thresholds, with the indicators that put them there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.supervision import test_indicators_data as fixtures
from tests.supervision.test_indicators_data import WEEK
from zhixing.core.models import RuleSetting
from zhixing.supervision import actions, review, rules

data_dir, dataset = fixtures.data_dir, fixtures.dataset


def entry(code, area=False, **values):
    return {
        "court_code": code,
        "court_name": code,
        "area": area,
        "indicators": {k: {"numerator": 0, "denominator": 0, "value": v} for k, v in values.items()},
    }


def test_a_court_below_a_minimum_is_listed_with_the_reason():
    courts = [entry("A", closure_rate=0.5, statutory_period_rate=0.9), entry("B", closure_rate=0.7),
              entry("C", closure_rate=None), entry("A", area=True, closure_rate=0.1)]  # fmt: skip
    got = rules.below_thresholds(
        courts, {"closure_rate": {"min": 0.6}, "statutory_period_rate": {"min": 0.8}}
    )
    assert got == [
        {"court_code": "A", "court_name": "A",
         "reasons": [{"indicator": "closure_rate", "value": 0.5, "op": "<", "threshold": 0.6}]},
    ]  # fmt: skip
    assert [
        c["court_code"] for c in rules.below_thresholds(courts, {"closure_rate": {"min": 0.6}}, area=True)
    ] == ["A"]


def test_a_maximum_lists_the_court_above_it():
    courts = [{"court_code": "A", "court_name": "A", "area": False, "indicators": {"long_pending": 7}}]
    (got,) = rules.below_thresholds(courts, {"long_pending": {"max": 5}})
    assert got["reasons"] == [{"indicator": "long_pending", "value": 7.0, "op": ">", "threshold": 5}]


values = st.one_of(st.none(), st.floats(min_value=0, max_value=1))


@given(st.lists(st.tuples(values, values), max_size=6), st.floats(0, 1), st.floats(0, 1))
def test_listed_exactly_when_some_value_is_below_its_minimum(pairs, low_a, low_b):
    courts = [entry(f"C{i}", a=a, b=b) for i, (a, b) in enumerate(pairs)]
    got = {c["court_code"]: {r["indicator"] for r in c["reasons"]} for c in
           rules.below_thresholds(courts, {"a": {"min": low_a}, "b": {"min": low_b}})}  # fmt: skip
    for i, (a, b) in enumerate(pairs):
        want = {k for k, v, lo in (("a", a, low_a), ("b", b, low_b)) if v is not None and v < lo}
        assert got.get(f"C{i}", set()) == want


@pytest.mark.django_db
def test_review_of_a_stored_bulletin_uses_the_seeded_thresholds(dataset, cast, client):
    made = actions.make_bulletin(WEEK, actor=cast.command)
    listed = {c["court_code"]: c for c in review.review(made)}
    # 冀96 closed 5 of 9 (0.556 < 0.6); 冀01 closed its only case.
    assert "closure_rate" in {r["indicator"] for r in listed["冀96"]["reasons"]}
    assert "closure_rate" not in {r["indicator"] for r in listed.get("冀01", {"reasons": []})["reasons"]}
    client.force_login(cast.command)
    html = client.get(reverse("supervision:review", args=[made.pk])).content.decode()
    assert "河北雄安新区中级人民法院（冀96）" in html and "结案率 0.5556 &lt; 0.6" in html


@pytest.mark.django_db
def test_a_high_court_may_set_its_own_thresholds(dataset, cast, courts):
    made = actions.make_bulletin(WEEK, actor=cast.command)
    RuleSetting.objects.create(key=rules.REVIEW_THRESHOLDS, court=courts.high,
                               effective_from=dt.date(2026, 1, 1), value={"closure_rate": {"min": 0.5}})  # fmt: skip
    made.court = courts.high  # the scope court's setting applies
    assert review.review(made) == []
