"""Every number of the disposal rules (zhixing/disposal/rules.py; rules §8, §5.15, addendum §2.2): the
70% floor rounded up to the fen, the second round's 80% of the previous start, the notice periods by
kind and round (15/30, 7/15), the deposit range (5–20%), the 30-day re-auction limit, the 24-hour
bidding minimum, the 5-minute extension chain, the parties' notice 3 days ahead, the pre-emption
winner (rank, then time), the bidder bans (court, platform, reneger), the network price (average of the
valid results), the order of the reference-price methods, the forfeited deposit's order, the order of
distribution (costs → priority → ordinary by seizure date), the 15-day objection window and when
property may be recorded as undisposable."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal as D

import pytest

from zhixing.disposal import rules
from zhixing.disposal.rules import Bid, Claim, Plan

T0 = dt.datetime(2026, 12, 20, 10, 0, tzinfo=dt.UTC)
MIN = dt.timedelta(minutes=1)


# --- kinds ---------------------------------------------------------------------------------------


def test_kinds_of_asset():
    assert rules.disposal_kind("vehicle") == rules.MOVABLE
    assert rules.disposal_kind("real_estate") == rules.REAL_ESTATE
    assert rules.disposal_kind("securities") == rules.OTHER_RIGHT
    # money is deducted, never sold
    assert rules.disposal_kind("deposit") is None and rules.disposal_kind("provident_fund") is None


# --- the reference price ---------------------------------------------------------------------------


def test_method_order_agreement_directed_network_valuation():
    assert rules.METHOD_ORDER == ["agreement", "directed", "network", "valuation"]
    assert rules.method_problem(rules.AGREEMENT, []) == ""
    assert rules.method_problem(rules.NETWORK, []) == ""  # earlier ones not applicable: skipped
    assert rules.method_problem(rules.NETWORK, [rules.AGREEMENT, rules.DIRECTED]) == ""
    assert rules.method_problem(rules.VALUATION, [rules.NETWORK]) == ""


@pytest.mark.parametrize(
    "method, previous",
    [
        (rules.AGREEMENT, [rules.DIRECTED]),
        (rules.DIRECTED, [rules.NETWORK]),
        (rules.NETWORK, [rules.NETWORK]),  # the same method again
        (rules.NETWORK, [rules.AGREEMENT, rules.VALUATION]),
    ],
)
def test_method_order_never_goes_back(method, previous):
    assert "顺序" in rules.method_problem(method, previous)


def test_valuation_required_excludes_every_other_method():
    for method in (rules.AGREEMENT, rules.DIRECTED, rules.NETWORK):
        assert "委托评估" in rules.method_problem(method, [], valuation_required=True)
    assert rules.method_problem(rules.VALUATION, [], valuation_required=True) == ""


def test_unknown_method():
    assert "未知" in rules.method_problem("lottery", [])


def test_network_price_is_the_average_of_the_valid_results():
    assert rules.network_price([D("100.00"), D("200.00"), D("300.00")]) == D("200.00")
    # an invalid report (None) or a nonpositive price is left out, not counted as zero
    assert rules.network_price([D("100.00"), None, D("201.00")]) == D("150.50")
    assert rules.network_price([D("0"), D("99.99")]) == D("99.99")
    # rounded to the fen, half up
    assert rules.network_price([D("0.01"), D("0.02")]) == D("0.02")
    assert rules.network_price([D("100.00"), D("100.00"), D("100.01")]) == D("100.00")


def test_network_price_none_when_no_platform_gave_a_valid_result():
    assert rules.network_price([]) is None
    assert rules.network_price([None, None, D("0")]) is None


def test_network_report_within_3_days():
    assert rules.NETWORK_REPORT_DAYS == 3


@pytest.mark.django_db
def test_reference_procedure_starts_within_30_days_of_seizure():
    due = rules.reference_due(dt.date(2026, 3, 2))  # 1 April 2026, a Wednesday
    assert due.on == dt.date(2026, 4, 1) and not due.provisional
    # a 30th day on a holiday rolls to the next working day (National Day 2026: 1–7 October)
    assert rules.reference_due(dt.date(2026, 9, 1)).on == dt.date(2026, 10, 8)


@pytest.mark.django_db
def test_report_due_3_days():
    assert rules.report_due(dt.date(2026, 3, 2)).on == dt.date(2026, 3, 5)


# --- start price --------------------------------------------------------------------------------------


def test_first_floor_is_70_percent_rounded_up_to_the_fen():
    assert rules.min_start_price(D("1000000.00")) == D("700000.00")
    assert rules.min_start_price(D("100.01")) == D("70.01")  # 70.007 → 70.01, never 70.00
    assert rules.min_start_price(D("0.01")) == D("0.01")  # 0.007 → 0.01
    assert rules.min_start_price(D("10.00"), 1, previous_start=D("1.00")) == D("7.00")  # ignored in round 1


def test_second_floor_is_80_percent_of_the_previous_start():
    assert rules.min_start_price(D("1000000.00"), 2, previous_start=D("800000.00")) == D("640000.00")
    # a higher first start than the floor: 80% of what was actually asked
    assert rules.min_start_price(D("1000.00"), 2, previous_start=D("900.01")) == D("720.01")  # 720.008
    # without the previous start: of the lowest first start (70% of the reference), so 56%
    assert rules.min_start_price(D("1000.00"), 2) == D("560.00")
    assert rules.min_start_price(D("100.01"), 2) == D("56.01")  # 80% of 70.01 = 56.008


@pytest.mark.parametrize("round_no", [0, 3])
def test_only_two_auction_rounds(round_no):
    with pytest.raises(ValueError):
        rules.min_start_price(D("100"), round_no)
    with pytest.raises(ValueError):
        rules.notice_days(rules.MOVABLE, round_no)


# --- notice -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, round_no, days",
    [
        (rules.MOVABLE, 1, 15),
        (rules.REAL_ESTATE, 1, 30),
        (rules.OTHER_RIGHT, 1, 30),
        (rules.MOVABLE, 2, 7),
        (rules.REAL_ESTATE, 2, 15),
        (rules.OTHER_RIGHT, 2, 15),
    ],
)
def test_notice_days_by_kind_and_round(kind, round_no, days):
    assert rules.notice_days(kind, round_no) == days


def test_notice_days_unknown_kind():
    with pytest.raises(ValueError):
        rules.notice_days("ship", 1)


# --- deposit ----------------------------------------------------------------------------------------


def test_deposit_5_to_20_percent_of_the_start():
    assert rules.deposit_range(D("700000.00")) == (D("35000.00"), D("140000.00"))
    # the floor rounds up, the ceiling down: 5% of 70.01 = 3.5005 → 3.51; 20% = 14.002 → 14.00
    assert rules.deposit_range(D("70.01")) == (D("3.51"), D("14.00"))


# --- the plan -----------------------------------------------------------------------------------------


def plan(**changes) -> Plan:
    base = dict(
        kind=rules.REAL_ESTATE,
        round_no=1,
        reference=D("1000000.00"),
        start=D("700000.00"),
        increment=D("5000.00"),
        deposit=D("100000.00"),
        notice_on=dt.date(2026, 12, 1),
        bidding_starts=dt.datetime(2026, 12, 31, 10, 0, tzinfo=dt.UTC),
        bidding_ends=dt.datetime(2027, 1, 1, 10, 0, tzinfo=dt.UTC),
        parties_notified_on=dt.date(2026, 11, 28),
    )
    base.update(changes)
    return Plan(**base)


def test_a_plan_on_every_limit_is_clean():
    assert rules.plan_problems(plan()) == []


def test_start_below_70_percent():
    problems = rules.plan_problems(plan(start=D("699999.99"), deposit=D("100000.00")))
    assert len(problems) == 1 and "700000.00" in problems[0] and "70%" in problems[0]


def test_second_round_start_below_80_percent_of_the_first():
    p = plan(
        round_no=2,
        start=D("639999.99"),
        previous_start=D("800000.00"),
        failed_on=dt.date(2026, 11, 20),
        notice_on=dt.date(2026, 12, 1),
        bidding_starts=dt.datetime(2026, 12, 16, 10, 0, tzinfo=dt.UTC),
        bidding_ends=dt.datetime(2026, 12, 17, 10, 0, tzinfo=dt.UTC),
    )
    problems = rules.plan_problems(p)
    assert len(problems) == 1 and "640000.00" in problems[0] and "20%" in problems[0]
    assert (
        rules.plan_problems(Plan(**{**p.__dict__, "start": D("640000.00"), "deposit": D("64000.00")})) == []
    )


def test_increment_must_be_positive():
    assert any("加价幅度" in p for p in rules.plan_problems(plan(increment=D("0"))))


@pytest.mark.parametrize("deposit", [D("34999.99"), D("140000.01")])
def test_deposit_outside_5_to_20_percent(deposit):
    problems = rules.plan_problems(plan(deposit=deposit))
    assert len(problems) == 1 and "保证金" in problems[0]


@pytest.mark.parametrize("deposit", [D("35000.00"), D("140000.00")])
def test_deposit_on_its_limits(deposit):
    assert rules.plan_problems(plan(deposit=deposit)) == []


@pytest.mark.parametrize("kind, days", [(rules.REAL_ESTATE, 30), (rules.MOVABLE, 15)])
def test_notice_period_before_bidding(kind, days):
    notice_on = dt.date(2026, 12, 1)
    on_time = dt.datetime.combine(notice_on + dt.timedelta(days=days), dt.time(10), tzinfo=dt.UTC)
    ok = plan(kind=kind, bidding_starts=on_time, bidding_ends=on_time + dt.timedelta(days=1))
    assert rules.plan_problems(ok) == []
    early = plan(kind=kind, bidding_starts=on_time - dt.timedelta(days=1), bidding_ends=on_time)
    problems = rules.plan_problems(early)
    assert len(problems) == 1 and f"{days} 日" in problems[0]


def test_bidding_lasts_at_least_24_hours():
    start = dt.datetime(2026, 12, 31, 10, 0, tzinfo=dt.UTC)
    assert rules.plan_problems(plan(bidding_ends=start + dt.timedelta(hours=24))) == []
    problems = rules.plan_problems(
        plan(bidding_ends=start + dt.timedelta(hours=24) - dt.timedelta(seconds=1))
    )
    assert problems == ["竞价时间不得少于二十四小时"]
    assert rules.MIN_BIDDING == dt.timedelta(hours=24)


def test_parties_notified_3_days_before_the_notice():
    assert rules.plan_problems(plan(parties_notified_on=dt.date(2026, 11, 28))) == []  # exactly 3 days
    late = rules.plan_problems(plan(parties_notified_on=dt.date(2026, 11, 29)))
    assert len(late) == 1 and "三日前" in late[0] and "2026-11-28" in late[0]
    missing = rules.plan_problems(plan(parties_notified_on=None))
    assert len(missing) == 1 and "尚未通知" in missing[0]
    assert rules.DEEMED_NOTIFIED_DAYS == 5


def test_reauction_within_30_days_of_the_failure():
    failed = dt.date(2026, 11, 1)
    assert rules.reauction_by(failed) == dt.date(2026, 12, 1)

    def second(starts: dt.date) -> Plan:
        at = dt.datetime.combine(starts, dt.time(10), tzinfo=dt.UTC)
        return plan(
            round_no=2,
            start=D("560000.00"),
            deposit=D("56000.00"),
            previous_start=D("700000.00"),
            failed_on=failed,
            notice_on=starts - dt.timedelta(days=15),
            parties_notified_on=starts - dt.timedelta(days=18),
            bidding_starts=at,
            bidding_ends=at + dt.timedelta(days=1),
        )

    assert rules.plan_problems(second(dt.date(2026, 12, 1))) == []
    late = rules.plan_problems(second(dt.date(2026, 12, 2)))
    assert len(late) == 1 and "三十日内" in late[0]
    no_failure = rules.plan_problems(Plan(**{**second(dt.date(2026, 12, 1)).__dict__, "failed_on": None}))
    assert no_failure == ["第二次拍卖须在第一次拍卖流拍之后"]


def test_second_round_notice_7_or_15_days():
    failed = dt.date(2026, 11, 20)
    at = dt.datetime(2026, 12, 8, 10, 0, tzinfo=dt.UTC)
    movable = plan(
        kind=rules.MOVABLE,
        round_no=2,
        start=D("560000.00"),
        deposit=D("56000.00"),
        previous_start=D("700000.00"),
        failed_on=failed,
        notice_on=dt.date(2026, 12, 1),
        parties_notified_on=dt.date(2026, 11, 28),
        bidding_starts=at,
        bidding_ends=at + dt.timedelta(days=1),
    )
    assert rules.plan_problems(movable) == []  # 7 days
    estate = rules.plan_problems(Plan(**{**movable.__dict__, "kind": rules.REAL_ESTATE}))
    assert len(estate) == 1 and "15 日" in estate[0]


def test_resume_within_5_days():
    assert rules.resume_by(dt.date(2026, 12, 30)) == dt.date(2027, 1, 4)


# --- bidding ------------------------------------------------------------------------------------------


def test_no_bid_in_the_last_5_minutes_keeps_the_end():
    assert rules.bidding_end(T0, []) == T0
    assert rules.bidding_end(T0, [T0 - 10 * MIN, T0 - 5 * MIN]) == T0  # exactly 5 minutes before: not within


def test_a_bid_in_the_last_5_minutes_extends_by_5_minutes():
    assert rules.bidding_end(T0, [T0 - 4 * MIN]) == T0 + MIN
    assert rules.bidding_end(T0, [T0]) == T0 + 5 * MIN  # at the very end


def test_the_extension_chain():
    # 09:58 → 10:03; 10:02 → 10:07; 10:06 → 10:11; then nobody: closes 10:11
    bids = [T0 - 2 * MIN, T0 + 2 * MIN, T0 + 6 * MIN]
    assert rules.bidding_end(T0, bids) == T0 + 11 * MIN
    # order of arrival in the list does not matter
    assert rules.bidding_end(T0, list(reversed(bids))) == T0 + 11 * MIN


def test_a_bid_after_the_close_is_void_and_extends_nothing():
    # 09:58 → 10:03; a bid at 10:04 came after the close
    assert rules.bidding_end(T0, [T0 - 2 * MIN, T0 + 4 * MIN]) == T0 + 3 * MIN
    assert rules.bidding_end(T0, [T0 + MIN]) == T0


def test_highest_valid_bid_wins_earliest_at_equal_price():
    bids = [
        Bid("A", D("100.00"), T0 - 30 * MIN),
        Bid("B", D("120.00"), T0 - 20 * MIN),
        Bid("C", D("120.00"), T0 - 10 * MIN),
    ]
    assert rules.winner(bids, D("100.00"), {}, T0).bidder == "B"


def test_bids_below_the_start_or_after_the_close_are_void():
    assert rules.winner([Bid("A", D("99.99"), T0 - MIN)], D("100.00"), {}, T0) is None  # 流拍
    late = [Bid("A", D("100.00"), T0 - MIN), Bid("B", D("200.00"), T0 + MIN)]
    assert rules.winner(late, D("100.00"), {}, T0).bidder == "A"
    assert rules.winner([], D("1.00"), {}, T0) is None


def test_one_bidder_at_the_start_price_is_enough():
    assert rules.winner([Bid("A", D("100.00"), T0 - MIN)], D("100.00"), {}, T0).bidder == "A"


def test_preemption_holder_takes_an_equal_price_by_rank_then_time():
    bids = [
        Bid("stranger", D("150.00"), T0 - 30 * MIN),
        Bid("tenant", D("150.00"), T0 - 10 * MIN),  # rank 2
        Bid("co-owner", D("150.00"), T0 - 5 * MIN),  # rank 1, later
    ]
    holders = {"co-owner": 1, "tenant": 2}
    assert rules.winner(bids, D("100.00"), holders, T0).bidder == "co-owner"
    # without the rank-1 holder's bid, the rank-2 holder beats the earlier stranger
    assert rules.winner(bids[:2], D("100.00"), holders, T0).bidder == "tenant"
    # two holders of the same rank: the earlier bid
    same = {"co-owner": 1, "tenant": 1}
    assert rules.winner(bids, D("100.00"), same, T0).bidder == "tenant"


def test_a_holder_does_not_win_below_the_highest():
    bids = [Bid("stranger", D("151.00"), T0 - 30 * MIN), Bid("tenant", D("150.00"), T0 - 10 * MIN)]
    assert rules.winner(bids, D("100.00"), {"tenant": 1}, T0).bidder == "stranger"


def test_bidder_bans():
    assert rules.bidder_problem("", "J96", "TAOBAO", barred=False) == ""
    assert rules.bidder_problem("某公司", "J96", "TAOBAO", barred=False) == ""
    assert "法院" in rules.bidder_problem("J96", "J96", "TAOBAO", barred=False)  # the court's own
    assert "平台" in rules.bidder_problem("TAOBAO", "J96", "TAOBAO", barred=False)  # the platform's
    assert "悔拍" in rules.bidder_problem("", "J96", "TAOBAO", barred=True)  # a reneger


def test_release_within_24_hours_and_two_rounds():
    assert rules.RELEASE_WITHIN == dt.timedelta(hours=24)
    assert rules.EXTENSION == dt.timedelta(minutes=5)
    assert rules.ROUNDS == (1, 2)


# --- reneging -----------------------------------------------------------------------------------------


def test_forfeited_deposit_costs_then_shortfall_then_debt():
    assert rules.forfeited_deposit(D("100000.00"), D("3000.00"), D("50000.00"), D("200000.00")) == {
        "costs": D("3000.00"),
        "shortfall": D("50000.00"),
        "debt": D("47000.00"),
        "returned": D("0.00"),
    }
    # short of the costs: everything to the costs
    assert rules.forfeited_deposit(D("1000.00"), D("3000.00"), D("50000.00"), D("1.00")) == {
        "costs": D("1000.00"),
        "shortfall": D("0.00"),
        "debt": D("0.00"),
        "returned": D("0.00"),
    }
    # the re-auction sold higher (no shortfall) and the debt is small: the rest goes back
    assert rules.forfeited_deposit(D("1000.00"), D("100.00"), D("-500.00"), D("200.00")) == {
        "costs": D("100.00"),
        "shortfall": D("0.00"),
        "debt": D("200.00"),
        "returned": D("700.00"),
    }


# --- distribution -------------------------------------------------------------------------------------


def test_distribution_costs_then_priority_then_ordinary_by_seizure_date():
    claims = [
        Claim("late", rules.ORDINARY, D("300.00"), seized_on=dt.date(2026, 5, 1)),
        Claim("early", rules.ORDINARY, D("300.00"), seized_on=dt.date(2026, 3, 1)),
        Claim("mortgage", rules.PRIORITY, D("400.00"), position=1),
        Claim("costs", rules.COSTS, D("50.00")),
    ]
    assert rules.distribute(D("1000.00"), claims) == {
        "costs": D("50.00"),
        "mortgage": D("400.00"),
        "early": D("300.00"),
        "late": D("250.00"),
    }
    assert rules.distribute(D("400.00"), claims) == {
        "costs": D("50.00"),
        "mortgage": D("350.00"),
        "early": D("0.00"),
        "late": D("0.00"),
    }
    # enough for all: each paid in full, nothing more
    assert sum(rules.distribute(D("5000.00"), claims).values()) == D("1050.00")


def test_priority_claims_by_rank_and_ordinary_ties_by_queue_position():
    claims = [
        Claim("second", rules.PRIORITY, D("100.00"), position=2),
        Claim("first", rules.PRIORITY, D("100.00"), position=1),
        Claim("queued-2", rules.ORDINARY, D("100.00"), seized_on=dt.date(2026, 3, 1), position=2),
        Claim("queued-1", rules.ORDINARY, D("100.00"), seized_on=dt.date(2026, 3, 1), position=1),
    ]
    assert rules.distribute(D("150.00"), claims) == {
        "first": D("100.00"),
        "second": D("50.00"),
        "queued-1": D("0.00"),
        "queued-2": D("0.00"),
    }
    assert rules.distribute(D("250.00"), claims)["queued-1"] == D("50.00")


def test_an_ordinary_claim_without_a_seizure_date_comes_last():
    claims = [
        Claim("undated", rules.ORDINARY, D("100.00")),
        Claim("dated", rules.ORDINARY, D("100.00"), seized_on=dt.date(2026, 9, 1)),
    ]
    assert rules.distribute(D("100.00"), claims) == {"dated": D("100.00"), "undated": D("0.00")}


@pytest.mark.django_db
def test_objection_window_15_days():
    assert rules.OBJECTION_DAYS == 15
    due = rules.objection_due(dt.date(2026, 3, 2))
    assert due.on == dt.date(2026, 3, 17) and not due.provisional
    # the 15th day on National Day 2026 (1–7 October) rolls to the 8th
    assert rules.objection_due(dt.date(2026, 9, 17)).on == dt.date(2026, 10, 8)


# --- undisposable (addendum §2.2) ------------------------------------------------------------------


def test_undisposable_needs_two_failed_auctions_a_failed_sale_and_a_refusal():
    assert rules.undisposable_problem(2, True, True) == ""
    assert rules.undisposable_problem(1, True, True) == "须两次拍卖均流拍"
    assert rules.undisposable_problem(0, False, False) == "须两次拍卖均流拍"
    assert rules.undisposable_problem(2, False, True) == "两次流拍后须经变卖仍未成交"
    assert rules.undisposable_problem(2, True, False) == "须申请执行人拒绝以物抵债"


def test_a_sale_keeps_its_price_notice_period_deposit_and_parties_notice():
    on = dt.date(2026, 12, 1)
    ok = rules.Sale(
        start=D("560000.00"), floor=D("560000.00"), increment=D("1000.00"),
        deposit=D("28000.00"), notice_on=on, starts_on=on + dt.timedelta(days=15),
        ends_on=on + dt.timedelta(days=75), ends_after_start=True, parties_notified_on=on - dt.timedelta(days=3),
        notice_days=15, period_days=60,
    )  # fmt: skip
    assert rules.sale_problems(ok) == []
    assert len(rules.sale_problems(replace(ok, start=D("559999.99")))) == 1
    assert len(rules.sale_problems(replace(ok, deposit=D("27999.99")))) == 1
    assert (
        len(
            rules.sale_problems(
                replace(ok, starts_on=on + dt.timedelta(days=14), ends_on=on + dt.timedelta(days=74))
            )
        )
        == 1
    )
    assert len(rules.sale_problems(replace(ok, ends_on=on + dt.timedelta(days=76)))) == 1
    assert len(rules.sale_problems(replace(ok, parties_notified_on=on - dt.timedelta(days=2)))) == 1
