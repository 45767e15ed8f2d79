"""Scoring rules of the annual assessment (述职评议): hand-worked figures and properties."""

from __future__ import annotations

import math
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.supervision.assessment import rules

# Stored units: a rate and its target as a fraction of 1, an average in days, weights as shares of 1.
CONFIG = {
    "closure_rate": {"weight": "0.5", "target": "0.9", "unit": "rate"},
    "realization_rate": {"weight": "0.3", "target": "0.6", "direction": "higher", "unit": "rate"},
    "average_days": {"weight": "0.2", "target": "120", "direction": "lower", "unit": "days"},
}


def test_assessment_score_by_hand():
    inds = rules.parse_indicators(CONFIG)
    # closure 0.95/0.9 capped at 1 → 0.5 × 1 = 0.5; realisation 0.45/0.6 = 0.75 → 0.3 × 0.75 = 0.225;
    # 150 days against a target of 120 (lower is better) → 120/150 = 0.8 → 0.2 × 0.8 = 0.16;
    # (0.5 + 0.225 + 0.16) × 100 = 88.50
    assert rules.assessment_score(
        inds, {"closure_rate": "0.95", "realization_rate": 0.45, "average_days": 150}
    ) == D("88.50")
    # Faster than the target counts as reaching it: 100 days → 1; 0.81/0.9 = 0.9 → 0.45; 0.66/0.6 → 1 → 0.3
    # (0.45 + 0.3 + 0.2) × 100 = 95.00
    assert rules.assessment_score(
        inds, {"closure_rate": 0.81, "realization_rate": 0.66, "average_days": 100}
    ) == D("95.00")
    # A missing value scores nothing for its indicator: only closure 0.9/0.9 → 0.5 × 100 = 50.00
    assert rules.assessment_score(inds, {"closure_rate": "0.9"}) == D("50.00")


def test_review_and_composite_by_hand():
    # 90+85+88+92+80+95+87 = 617; 617 / 7 = 88.142857… → 88.14
    assert rules.review_score([90, 85, 88, 92, 80, 95, 87]) == D("88.14")
    assert rules.review_score([]) is None
    # 0.7 × 88.50 + 0.3 × 88.14 = 61.95 + 26.442 = 88.392 → 88.39
    assert rules.composite_score(D("88.50"), D("88.14"), "0.7", "0.3") == D("88.39")


def test_settings_are_checked():
    with pytest.raises(ValueError, match="权重之和应等于 100%"):
        rules.parse_indicators({"closure_rate": {"weight": "0.5", "target": "0.9", "unit": "rate"}})
    with pytest.raises(ValueError, match="目标值应大于 0"):
        rules.parse_indicators({"closure_rate": {"weight": "1", "target": "0", "unit": "rate"}})
    with pytest.raises(ValueError, match="权重应大于 0"):
        rules.parse_indicators(
            {
                "closure_rate": {"weight": "0", "target": "0.9", "unit": "rate"},
                "average_days": {"weight": "1", "target": "120", "unit": "days"},
            }
        )
    with pytest.raises(ValueError, match="计量单位"):
        rules.parse_indicators({"closure_rate": {"weight": "1", "target": "0.9"}})
    with pytest.raises(ValueError):
        rules.check_weights("0.7", "0.4")
    with pytest.raises(ValueError, match="从高到低"):
        rules.parse_grading(
            {"grades": [{"name": "合格", "min": 60}, {"name": "优秀", "min": 90}], "fallback": "差"}
        )


THRESHOLDS = rules.parse_grading(rules.DEFAULT_GRADING)


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("90.00", "优秀"),
        ("89.99", "良好"),
        ("80.00", "良好"),
        ("79.99", "合格"),
        ("60.00", "合格"),
        ("59.99", "不合格"),
    ],
)
def test_threshold_grades_at_the_lines(score, grade):
    assert rules.grade_all({"c": D(score)}, THRESHOLDS) == {"c": grade}


QUOTA = rules.parse_grading(
    {
        "mode": "quota",
        "grades": [
            {"name": "优秀", "min": "90", "share": "0.3"},
            {"name": "良好", "min": "80", "share": "0.4"},
            {"name": "合格", "min": "60"},
        ],
        "fallback": "不合格",
    }
)


def test_quota_grades_by_hand():
    scores = dict(
        zip("abcdefghij", map(D, ["95", "94", "93", "91", "91", "89", "85", "70", "60", "50"]), strict=True)
    )
    # 10 courts: 优秀 at most floor(0.3 × 10) = 3, 良好 at most 4.
    # a, b, c take the three 优秀 places; d and e (91, tied) do not both fit, so both go to 良好 even
    # though 91 ≥ 90; f (89) and g (85) fill 良好 to 4; h (70) finds 良好 full → 合格; i (60) 合格;
    # j (50) is below every line → 不合格.
    assert rules.grade_all(scores, QUOTA) == {
        "a": "优秀", "b": "优秀", "c": "优秀", "d": "良好", "e": "良好",
        "f": "良好", "g": "良好", "h": "合格", "i": "合格", "j": "不合格",
    }  # fmt: skip


def test_a_tie_at_the_quota_line_goes_down_together():
    rule = rules.parse_grading(
        {"mode": "quota", "grades": [{"name": "优秀", "min": 90, "share": "0.5"}, {"name": "良好", "min": 80}],
         "fallback": "合格"}
    )  # fmt: skip
    # 4 courts → 2 优秀 places; 95 takes one; the two 92s would need two → both 良好.
    got = rules.grade_all({"a": D(95), "b": D(92), "c": D(92), "d": D(88)}, rule)
    assert got == {"a": "优秀", "b": "良好", "c": "良好", "d": "良好"}


def test_codes_survive_typing_and_hash_per_round():
    code = rules.new_code()
    printed = rules.format_code(code)
    assert rules.normalize_code(printed.lower().replace("-", " ")) == code
    assert rules.normalize_code("ABCD-EFGH-IJK0") is None  # I and 0 are not in the alphabet
    assert rules.code_hash("salt-a", code) != rules.code_hash("salt-b", code)
    assert code not in rules.code_hash("salt-a", code)


# --- properties ---------------------------------------------------------------------------------------

values = st.decimals(min_value=0, max_value=1000, places=3)


@st.composite
def indicator_sets(draw):
    n = draw(st.integers(1, 5))
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=n - 1, max_size=n - 1)))
    bounds = [0, *cuts, 100]
    inds = []
    for i in range(n):
        inds.append(
            rules.Indicator(
                key=f"k{i}",
                weight=D(bounds[i + 1] - bounds[i]) / 100,
                target=draw(st.decimals(min_value="0.01", max_value=500, places=2)),
                direction=draw(st.sampled_from([rules.HIGHER, rules.LOWER])),
                unit=rules.DAYS,  # any figure from 0 to 1000 is in range for days
            )
        )
    return inds


@given(indicator_sets(), st.data())
def test_improving_an_indicator_never_lowers_the_score(inds, data):
    vals = {i.key: data.draw(values) for i in inds}
    ind = data.draw(st.sampled_from(inds))
    step = data.draw(st.decimals(min_value=0, max_value=500, places=3))
    better = dict(vals)
    # "Improving": higher for a rate, fewer days for average_days.
    better[ind.key] = (
        vals[ind.key] + step if ind.direction == rules.HIGHER else max(vals[ind.key] - step, D(0))
    )
    before, after = rules.assessment_score(inds, vals), rules.assessment_score(inds, better)
    assert after >= before
    assert D(0) <= before <= D(100)


scores_2dp = st.decimals(min_value=0, max_value=100, places=2)


@given(scores_2dp, scores_2dp, st.integers(0, 1000))
def test_composite_lies_between_its_parts(a, r, wa_thousandths):
    wa = D(wa_thousandths) / 1000
    c = rules.composite_score(a, r, wa, 1 - wa)
    assert min(a, r) <= c <= max(a, r)


@given(st.lists(st.integers(0, 100), min_size=1, max_size=50))
def test_review_score_is_within_the_votes(scores):
    r = rules.review_score(scores)
    assert min(scores) <= r <= max(scores)


@given(st.lists(scores_2dp, min_size=1, max_size=30), st.sampled_from([QUOTA, THRESHOLDS]))
def test_grades_respect_lines_quotas_and_order(scores, rule):
    named = {f"c{i}": s for i, s in enumerate(scores)}
    grades = rules.grade_all(named, rule)
    by_name = {g.name: g for g in rule.grades}
    for k, name in grades.items():
        if name in by_name:
            assert named[k] >= by_name[name].min
    if rule.mode == rules.QUOTA:
        for g in rule.grades:
            if g.share is not None:
                assert sum(1 for n in grades.values() if n == g.name) <= math.floor(g.share * len(scores))
    # A higher score never gets a worse grade than a lower one.
    for a in named:
        for b in named:
            if named[a] > named[b]:
                assert rules.grade_rank(grades[a], rule) <= rules.grade_rank(grades[b], rule)
