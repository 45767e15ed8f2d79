"""Pure rules of cases: statutory period, excluded days, node states, 终本 conditions, re-inquiry."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from zhixing.cases import rules

D = dt.date


def test_statutory_deadline_month_end_and_extension_and_excluded_days():
    # indicators.md: 2025-08-31 + 6 months = 2026-02-28 (no such day → month's last day)
    assert rules.statutory_due_on(D(2025, 8, 31), 6) == D(2026, 2, 28)
    # non-litigation 3 months, + 3 months extension, + 10 excluded days
    assert rules.statutory_due_on(D(2026, 1, 15), 3, 3, 10) == D(2026, 7, 25)


def test_excluded_days_are_the_union_of_periods_both_ends_counted():
    periods = [
        (D(2026, 3, 1), D(2026, 3, 10)),
        (D(2026, 3, 5), D(2026, 3, 12)),
        (D(2026, 4, 1), D(2026, 4, 1)),
    ]
    assert rules.excluded_days_total(periods, D(2026, 5, 1)) == 12 + 1
    assert rules.excluded_days_total([(D(2026, 4, 28), None)], D(2026, 5, 1)) == 4


@given(st.lists(st.tuples(st.dates(D(2020, 1, 1), D(2026, 1, 1)), st.integers(0, 60)), max_size=6))
def test_excluded_days_never_exceed_the_sum_and_cover_the_longest(spans):
    periods = [(s, s + dt.timedelta(days=n)) for s, n in spans]
    total = rules.excluded_days_total(periods, D(2026, 6, 1))
    assert total <= sum(n + 1 for _, n in spans)
    assert total >= max((n + 1 for _, n in spans), default=0)


def test_node_states():
    today = D(2026, 5, 10)
    assert rules.node_state(D(2026, 5, 9), None, today, 3) == rules.OVERDUE
    assert rules.node_state(D(2026, 5, 10), None, today, 3) == rules.DUE_SOON  # due today is not overdue
    assert rules.node_state(D(2026, 5, 13), None, today, 3) == rules.DUE_SOON
    assert rules.node_state(D(2026, 5, 14), None, today, 3) == rules.NORMAL
    assert rules.node_state(D(2026, 5, 1), D(2026, 5, 2), today, 3) == rules.DONE
    assert rules.node_state(None, None, today, 3) == rules.WAITING


ALL = [
    "execution_notice",
    "property_report_order",
    "consumption_restriction",
    "dishonest_listing",
    "first_network_inquiry",
    "property_investigation",
    "debtor_conduct_handled",
]


def test_ttr_allowed_when_all_five_conditions_are_on_file():
    assert rules.terminated_this_round_missing(ALL, D(2026, 1, 10), D(2026, 4, 11), 3) == []


def test_ttr_refusal_lists_each_missing_condition():
    missing = rules.terminated_this_round_missing(["execution_notice"], D(2026, 1, 10), D(2026, 4, 10), 3)
    assert len(missing) == 5
    assert "报告财产令" in "".join(missing) or "property_report_order" in "".join(missing)
    assert "超过3个月" in missing[-1]


def test_ttr_three_months_means_strictly_more_than_three_months():
    assert rules.terminated_this_round_missing(ALL, D(2026, 1, 10), D(2026, 4, 10), 3)  # exactly 3 months
    assert not rules.terminated_this_round_missing(ALL, D(2026, 1, 10), D(2026, 4, 11), 3)


def test_not_listing_an_ineligible_debtor_satisfies_condition_two():
    kinds = [k for k in ALL if k != "dishonest_listing"] + ["dishonest_not_applicable"]
    assert rules.terminated_this_round_missing(kinds, D(2026, 1, 10), D(2026, 5, 1), 3) == []


def test_reinquiry_every_six_months_for_five_years():
    dates = rules.reinquiry_dates(D(2026, 8, 31), 6, 5)
    assert len(dates) == 10
    assert dates[0] == D(2027, 2, 28) and dates[-1] == D(2031, 8, 31)


def test_one_basis_one_first_enforcement_case():
    assert rules.first_enforcement_conflict("执", [("（2025）冀96执1号", "执", None)]) == "（2025）冀96执1号"
    assert (
        rules.first_enforcement_conflict("执恢", [("（2025）冀96执1号", "执", "terminated_this_round")])
        is None
    )
    # a case closed as 销案 (designation, elevation, delegation) does not block the receiving court
    assert rules.first_enforcement_conflict("执", [("（2025）冀96执1号", "执", "withdrawn")]) is None


def test_cause_flags():
    assert rules.cause_flags("追索劳动报酬纠纷", ["赡养"], ["追索劳动报酬"]) == (True, True)
    assert rules.cause_flags("赡养纠纷", ["赡养"], ["追索劳动报酬"]) == (True, False)
    assert rules.cause_flags("买卖合同纠纷", ["赡养"], ["追索劳动报酬"]) == (False, False)


def test_approver_may_not_be_handler_or_requester():
    assert rules.approver_allowed(1, 1, 2)
    assert rules.approver_allowed(2, 1, 2)
    assert rules.approver_allowed(3, 1, 2) is None
