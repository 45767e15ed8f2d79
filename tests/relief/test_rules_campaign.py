"""The campaign rules (rules.matched_kinds, rules.progress) over generated cases and figures."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from zhixing.relief import rules

KIND_CODES = list(rules.KINDS)
GOV = ["人民政府", "管理委员会", "局"]
SOE = ["国有", "城投"]
SMALL = Decimal("50000.00")

names = st.sampled_from(
    [
        "雄安某建设有限公司",
        "雄县人民政府",
        "某市城投集团有限公司",
        "赵某某",
        "某区住房和城乡建设局",
        "国有某厂",
    ]
)


@st.composite
def facts(draw):
    n = draw(st.integers(min_value=0, max_value=3))
    return rules.CaseFacts(
        type_code=draw(st.sampled_from(["执", "执恢", "执保", "执异"])),
        is_livelihood=draw(st.booleans()),
        is_migrant_wage=draw(st.booleans()),
        applied_amount=draw(st.decimals(min_value=0, max_value=10_000_000, places=2)),
        debtor_names=tuple(draw(names) for _ in range(n)),
        debtor_units=tuple(draw(st.booleans()) for _ in range(n)),
    )


kinds_lists = st.lists(st.sampled_from(KIND_CODES), unique=True)


@given(facts(), kinds_lists)
def test_the_kinds_matched_are_among_those_asked_in_their_order(f, kinds):
    got = rules.matched_kinds(f, kinds, SMALL, GOV, SOE)
    assert got == [k for k in kinds if k in got]


@given(facts())
def test_each_kind_tests_its_own_fact(f):
    got = set(rules.matched_kinds(f, KIND_CODES, SMALL, GOV, SOE))
    assert ("migrant_wage" in got) == f.is_migrant_wage
    assert ("livelihood" in got) == f.is_livelihood
    assert ("small_amount" in got) == (0 < f.applied_amount <= SMALL)
    assert ("first_enforcement" in got) == (f.type_code == "执")
    assert ("resumed" in got) == (f.type_code == "执恢")


@given(facts())
def test_a_person_debtor_is_never_a_government_or_state_owned_debtor(f):
    people = rules.CaseFacts(
        f.type_code, f.is_livelihood, f.is_migrant_wage, f.applied_amount, f.debtor_names,
        tuple(False for _ in f.debtor_units),
    )  # fmt: skip
    got = rules.matched_kinds(people, ["government_debtor", "soe_debtor"], SMALL, GOV, SOE)
    assert got == []


@given(facts(), kinds_lists)
def test_no_kinds_asked_matches_nothing_and_more_kinds_never_match_less(f, kinds):
    assert rules.matched_kinds(f, [], SMALL, GOV, SOE) == []
    some = set(rules.matched_kinds(f, kinds, SMALL, GOV, SOE))
    assert some <= set(rules.matched_kinds(f, KIND_CODES, SMALL, GOV, SOE))


@given(st.integers(min_value=0, max_value=10**6))
def test_no_target_no_progress(actual):
    assert rules.progress(actual, None) is None
    assert rules.progress(actual, 0) is None


@given(st.integers(min_value=1, max_value=10**6))
def test_reaching_the_target_is_one_hundred_per_cent(target):
    assert rules.progress(target, target) == Decimal("100.0")
    assert rules.progress(0, target) == Decimal("0.0")


@given(
    st.decimals(min_value=0, max_value=10**9, places=2),
    st.decimals(min_value=Decimal("0.01"), max_value=10**9, places=2),
)
def test_progress_is_the_share_rounded_half_up_to_one_decimal(actual, target):
    expected = (actual * 100 / target).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert rules.progress(actual, target) == expected


@given(
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=1, max_value=10**6),
)
def test_more_done_is_never_less_progress(a, b, target):
    lo, hi = sorted((a, b))
    assert rules.progress(lo, target) <= rules.progress(hi, target)


@given(
    st.integers(min_value=0, max_value=10**5),
    st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=12),
)
def test_a_target_split_among_the_courts_adds_up_to_the_target(total, weights):
    from zhixing.relief.queries.campaigns import _apportion_int, _apportion_money

    parts = _apportion_int(total, weights)
    if sum(weights):
        assert sum(parts) == total and all(p >= 0 for p in parts)
        assert all(p == 0 for p, w in zip(parts, weights, strict=True) if w == 0)
        money = _apportion_money(Decimal(total) / 7, weights)
        assert sum(money) == (Decimal(total) / 7).quantize(Decimal("0.01"))
    else:
        assert parts == [0] * len(weights)
