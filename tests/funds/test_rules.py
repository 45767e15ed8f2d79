"""Examples of the case-funds rules (zhixing/funds/rules.py): fee bands, late interest, sub-accounts,
payout and claim deadlines on the seeded 2026 calendar, approvals, allocation, ageing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhixing.core.calendar import Deadline
from zhixing.courts.rules import JUDGE, LEADER
from zhixing.funds import rules
from zhixing.funds import settings_keys as keys
from zhixing.funds.rules import (
    IN_ORDER,
    PRO_RATA,
    PayoutPolicy,
    ageing_bucket,
    allocate,
    approval_problem,
    approval_steps,
    claim_due,
    execution_fee,
    fee_withheld,
    is_sub_account,
    late_days,
    late_interest,
    payout_due,
    payout_due_after_hold,
    sub_account_number,
    sub_account_problem,
)

D = Decimal

# --- Execution fee (rules §2.1.12) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("applied", "fee"),
    [
        ("0.01", "50.00"),
        ("9999.99", "50.00"),
        ("10000.00", "50.00"),
        ("10000.01", "50.00"),  # 50 + 0.00015
        ("10000.34", "50.01"),  # 50 + 0.0051, half up
        ("10000.33", "50.00"),  # 50 + 0.00495
        ("100000.00", "1400.00"),  # worked check: 50 + 90,000 × 1.5%
        ("500000.00", "7400.00"),
        ("500000.01", "7400.00"),
        ("1000000.00", "12400.00"),  # worked check: 50 + 490,000 × 1.5% + 500,000 × 1%
        ("5000000.00", "52400.00"),
        ("5000000.01", "52400.00"),
        ("10000000.00", "77400.00"),
        ("10000000.01", "77400.00"),
        ("20000000.00", "87400.00"),
    ],
)
def test_execution_fee_marginal_bands(applied, fee):
    assert execution_fee(D(applied)) == D(fee)


def test_execution_fee_has_two_places():
    assert execution_fee(D("123456.78")).as_tuple().exponent == -2
    assert execution_fee(D("123456.78")) == D("1751.85")  # 50 + 113,456.78 × 1.5% = 1,751.8517


@pytest.mark.parametrize("applied", [None, D("0"), D("0.00"), 0])
def test_a_case_without_an_amount_pays_the_minimum_by_default(applied):
    assert execution_fee(applied) == D("50.00")


def test_a_case_without_an_amount_pays_the_court_figure_within_50_to_500():
    assert execution_fee(None, no_amount_fee=D("300")) == D("300.00")
    assert execution_fee(D("100000.00"), no_amount_fee=D("300")) == D("1400.00")  # only without amount
    with pytest.raises(ValueError, match="50 至 500"):
        execution_fee(None, no_amount_fee=D("501"))
    with pytest.raises(ValueError, match="50 至 500"):
        execution_fee(None, no_amount_fee=D("49.99"))


def test_execution_fee_refuses_a_negative_amount_or_a_float():
    with pytest.raises(ValueError, match="不能为负数"):
        execution_fee(D("-0.01"))
    with pytest.raises(TypeError):
        execution_fee(100000.0)  # type: ignore[arg-type]


# --- Fee withheld at payout -----------------------------------------------------------------


def test_the_fee_comes_out_of_what_the_debtor_paid_beyond_the_applied_amount():
    # 50,000 applied: fee 650. Within the applied amount nothing is withheld.
    assert fee_withheld(D("50000.00"), D("30000.00"), D("0.00"), D("30000.00")) == D("0.00")
    # 50,650 received: the 650 beyond it settles the fee, once.
    assert fee_withheld(D("50000.00"), D("50650.00"), D("0.00"), D("50650.00")) == D("650.00")
    assert fee_withheld(D("50000.00"), D("50650.00"), D("650.00"), D("650.00")) == D("0.00")
    # More than the fee beyond: only the fee; a small payout caps it.
    assert fee_withheld(D("50000.00"), D("60000.00"), D("0.00"), D("10000.00")) == D("650.00")
    assert fee_withheld(D("50000.00"), D("60000.00"), D("0.00"), D("100.00")) == D("100.00")


def test_the_fee_without_an_applied_amount():
    assert fee_withheld(None, D("30.00"), D("0.00"), D("30.00")) == D("30.00")
    assert fee_withheld(None, D("5000.00"), D("30.00"), D("5000.00")) == D("20.00")


def test_the_fee_refuses_negatives():
    with pytest.raises(ValueError):
        fee_withheld(D("100.00"), D("100.00"), D("-1.00"), D("100.00"))
    with pytest.raises(ValueError):
        fee_withheld(D("100.00"), D("-100.00"), D("0.00"), D("100.00"))


# --- Late interest (rules §5.16) ------------------------------------------------------------


def test_late_interest_example():
    last = dt.date(2026, 3, 1)
    assert late_days(last, dt.date(2026, 3, 11)) == 10
    assert late_interest(D("100000.00"), last, dt.date(2026, 3, 11)) == D("175.00")


def test_late_interest_is_zero_on_or_before_the_last_day():
    last = dt.date(2026, 3, 1)
    assert late_days(last, last) == 0
    assert late_days(last, dt.date(2026, 2, 1)) == 0
    assert late_interest(D("100000.00"), last, last) == D("0.00")
    assert late_interest(D("100000.00"), last, dt.date(2025, 1, 1)) == D("0.00")


def test_late_interest_rounds_half_up_to_the_fen():
    last = dt.date(2026, 1, 1)
    # 1,000 × 0.000175 × 1 = 0.175 → 0.18
    assert late_interest(D("1000.00"), last, dt.date(2026, 1, 2)) == D("0.18")
    # 12,345.67 × 0.000175 × 31 = 66.975... → 66.98
    assert late_interest(D("12345.67"), last, dt.date(2026, 2, 1)) == D("66.98")


def test_late_interest_counts_across_a_year_and_takes_a_rate():
    assert late_days(dt.date(2025, 12, 31), dt.date(2026, 12, 31)) == 365
    got = late_interest(D("100000.00"), dt.date(2025, 12, 31), dt.date(2026, 1, 10), daily_rate=D("0.0001"))
    assert got == D("100.00")
    with pytest.raises(ValueError):
        late_interest(D("-1.00"), dt.date(2026, 1, 1), dt.date(2026, 1, 2))


# --- Sub-account numbers (rules §5.4, §5.11) --------------------------------------------------


def test_sub_account_number_is_prefix_padded_sequence_and_luhn_digit():
    number = sub_account_number("62220200", 42)
    assert number[:8] == "62220200"
    assert number[8:16] == "00000042"
    assert len(number) == 17
    assert sub_account_problem(number) is None
    assert sub_account_problem(number, prefix="62220200") is None
    assert sub_account_problem(number, prefix="62220200", width=8) is None
    assert is_sub_account(number, "62220200")


def test_the_luhn_digit_is_the_textbook_one():
    # 7992739871 → check digit 3 (the usual worked example of the Luhn algorithm)
    assert sub_account_number("79927", 39871, width=5) == "79927398713"


def test_sub_account_accepts_spaces_and_hyphens():
    number = sub_account_number("6222-0200", 7)
    spaced = f"{number[:4]} {number[4:8]}-{number[8:12]} {number[12:]}"
    assert sub_account_problem(spaced, prefix="6222 0200") is None
    assert sub_account_problem("６２２２" + number[4:]) is None  # full-width digits


def test_a_mutated_digit_is_detected():
    number = sub_account_number("62220200", 42)
    wrong = number[:10] + str((int(number[10]) + 1) % 10) + number[11:]
    assert sub_account_problem(wrong) == "子账号校验位不正确"
    assert not is_sub_account(wrong, "62220200")
    swapped_check = number[:-1] + str((int(number[-1]) + 5) % 10)
    assert sub_account_problem(swapped_check) == "子账号校验位不正确"


@pytest.mark.parametrize(
    ("number", "prefix", "message"),
    [
        ("", None, "子账号为空"),
        ("  - ", None, "子账号为空"),
        ("6222A0200", None, "子账号只能包含数字"),
        ("0", None, "子账号位数不足"),
    ],
)
def test_sub_account_problems(number, prefix, message):
    assert sub_account_problem(number, prefix) == message


def test_a_sub_account_of_another_court_or_length_is_refused():
    number = sub_account_number("62220200", 42)
    assert "应以 62220300 开头" in (sub_account_problem(number, prefix="62220300") or "")
    assert "应为 16 位" in (sub_account_problem(number, prefix="62220200", width=7) or "")


def test_sub_account_number_refuses_bad_input():
    with pytest.raises(ValueError, match="超过 8 位"):
        sub_account_number("6222", 123456789)
    with pytest.raises(ValueError, match="只能包含数字"):
        sub_account_number("62A2", 1)
    with pytest.raises(ValueError):
        sub_account_number("6222", -1)
    assert sub_account_problem(sub_account_number("", 5)) is None  # no prefix set yet


# --- Payout policy and deadlines (addendum §1.2; rules §5.7) ----------------------------------


def test_payout_policy_defaults_and_the_seeded_setting():
    assert PayoutPolicy.from_setting({}) == PayoutPolicy(15, None, None, 30, 10)
    seeded = PayoutPolicy.from_setting(keys.DEFAULTS[keys.PAYOUT_POLICY])  # type: ignore[arg-type]
    assert seeded == PayoutPolicy()
    hubei = PayoutPolicy.from_setting(
        {"working_days": 10, "small_amount": "50000.00", "small_working_days": 5}
    )
    assert hubei.small_amount == D("50000.00")
    assert hubei.working_days_for(D("50000.00")) == 5
    assert hubei.working_days_for(D("50000.01")) == 10


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"working_days": -1}, "非负整数"),
        ({"working_days": "15"}, "非负整数"),
        ({"outer_days": 1.5}, "非负整数"),
        ({"small_amount": "50000.00"}, "同时设置"),
        ({"small_working_days": 5}, "同时设置"),
        ({"small_amount": "abc", "small_working_days": 5}, "格式不正确"),
        ({"workdays": 15}, "未知的项"),
    ],
)
def test_payout_policy_refuses_a_bad_setting(value, message):
    with pytest.raises(ValueError, match=message):
        PayoutPolicy.from_setting(value)


@pytest.mark.django_db
def test_payout_due_counts_working_days_over_national_day():
    # 2026: Oct 1–7 off, Sat Oct 10 worked (rules §14.6). Payable Mon Sep 28.
    due = payout_due(dt.date(2026, 9, 28), D("80000.00"), PayoutPolicy())
    assert due == Deadline(dt.date(2026, 10, 23), False, frozenset())


@pytest.mark.django_db
def test_hubei_small_amounts_have_five_working_days():
    hubei = PayoutPolicy.from_setting(
        {"working_days": 10, "small_amount": "50000.00", "small_working_days": 5}
    )
    # Sep 29, 30, Oct 8, 9, Sat Oct 10 (make-up working day)
    assert payout_due(dt.date(2026, 9, 28), D("50000.00"), hubei).on == dt.date(2026, 10, 10)
    assert payout_due(dt.date(2026, 9, 28), D("50000.01"), hubei).on == dt.date(2026, 10, 16)


@pytest.mark.django_db
def test_the_outer_limit_of_30_days_from_the_arrival_notice_wins_when_earlier():
    # Notified Jan 20: +30 days is Feb 19, inside the Spring Festival break (Feb 15–23) → Feb 24.
    # Payable Feb 6: 15 working days end Mar 5. The earlier is the outer limit.
    due = payout_due(dt.date(2026, 2, 6), D("1000.00"), PayoutPolicy(), notified_on=dt.date(2026, 1, 20))
    assert due.on == dt.date(2026, 2, 24)
    assert not due.provisional
    unrolled = payout_due(
        dt.date(2026, 2, 6), D("1000.00"), PayoutPolicy(), notified_on=dt.date(2026, 1, 20), roll=False
    )
    assert unrolled.on == dt.date(2026, 2, 19)
    # Without a notice date the 30 days run from payable_on: Mar 8 (Sun) → Mar 9, later than Mar 5.
    assert payout_due(dt.date(2026, 2, 6), D("1000.00"), PayoutPolicy()).on == dt.date(2026, 3, 5)
    short = PayoutPolicy(outer_days=3)
    assert payout_due(dt.date(2026, 3, 2), D("1000.00"), short).on == dt.date(2026, 3, 5)


@pytest.mark.django_db
def test_payout_due_in_an_undeclared_year_is_provisional():
    # 2031 is not in the holiday table: weekends only, and said to be provisional.
    due = payout_due(dt.date(2031, 3, 3), D("1000.00"), PayoutPolicy())  # a Monday
    assert due.on == dt.date(2031, 3, 24)
    assert due.provisional
    assert due.undeclared_years == frozenset({2031})


@pytest.mark.django_db
def test_payout_due_after_a_hold_ends_is_ten_days_rolled():
    # Hold ends Fri Sep 25 2026: +10 is Mon Oct 5 (National Day) → Thu Oct 8.
    policy = PayoutPolicy()
    assert payout_due_after_hold(dt.date(2026, 9, 25), policy).on == dt.date(2026, 10, 8)
    assert payout_due_after_hold(dt.date(2026, 9, 25), policy, roll=False).on == dt.date(2026, 10, 5)
    assert rules.RESUME_DAYS == 10
    assert payout_due_after_hold(dt.date(2026, 3, 2), PayoutPolicy(resume_days=5)).on == dt.date(2026, 3, 9)


@pytest.mark.django_db
def test_claim_due_three_working_days():
    # Received Wed Sep 30 2026: Oct 8, 9 and the make-up Saturday Oct 10.
    assert claim_due(dt.date(2026, 9, 30)) == Deadline(dt.date(2026, 10, 10), False, frozenset())
    assert claim_due(dt.date(2026, 3, 2), working_days=5).on == dt.date(2026, 3, 9)
    later = claim_due(dt.date(2031, 12, 31))
    assert later.provisional and later.on == dt.date(2032, 1, 5)


# --- Approvals (rules §5.9; addendum §1.4.4–1.4.5) -----------------------------------------------


BANDS = keys.DEFAULTS[keys.PAYOUT_APPROVALS]


@pytest.mark.parametrize(
    ("amount", "steps"),
    [
        ("0.01", [JUDGE]),
        ("100000.00", [JUDGE]),
        ("100000.01", [JUDGE, LEADER]),
        ("1000000.00", [JUDGE, LEADER]),
        ("1000000.01", [JUDGE, LEADER, LEADER]),
        ("99999999.00", [JUDGE, LEADER, LEADER]),
    ],
)
def test_approval_steps_by_band(amount, steps):
    assert approval_steps(D(amount), BANDS) == steps  # type: ignore[arg-type]
    assert approval_steps(D(amount), rules.DEFAULT_APPROVAL_BANDS) == steps


def test_approval_bands_in_any_order():
    bands = [{"above": "5000", "roles": ["finance", "leader"]}, {"above": "0", "roles": ["judge"]}]
    assert approval_steps(D("5000.01"), bands) == ["finance", "leader"]
    assert approval_steps(D("5000.00"), bands) == ["judge"]


@pytest.mark.parametrize(
    ("amount", "bands", "message"),
    [
        ("0.00", [{"above": "0", "roles": ["judge"]}], "大于零"),
        ("100.00", [{"above": "1000", "roles": ["judge"]}], "未覆盖"),
        ("100.00", [{"above": "0", "roles": ["boss"]}], "角色不正确"),
        ("100.00", [{"above": "0", "roles": []}], "角色不正确"),
        ("100.00", [{"roles": ["judge"]}], "格式不正确"),
    ],
)
def test_approval_steps_refuse_a_gap_or_a_bad_setting(amount, bands, message):
    with pytest.raises(ValueError, match=message):
        approval_steps(D(amount), bands)


def test_approval_problem_is_maker_checker():
    assert approval_problem(JUDGE, approver_id=2, requester_id=1, earlier_approver_ids=[]) is None
    assert approval_problem(LEADER, 3, 1, [2]) is None
    assert approval_problem(JUDGE, 1, 1, []) == "不得审批本人提出的案款发放申请"
    assert approval_problem(LEADER, 2, 1, [2]) == "同一人不得审批同一笔案款发放的两个环节"
    assert "未知的审批角色" in (approval_problem("boss", 2, 1, []) or "")


# --- Allocation (rules §5.15) ----------------------------------------------------------------


def test_pro_rata_largest_remainder():
    got = allocate(D("100.00"), [("a", D("100.00")), ("b", D("100.00")), ("c", D("100.00"))], PRO_RATA)
    # 33.333… each; one fen left over goes to the first on the tie.
    assert got == {"a": D("33.34"), "b": D("33.33"), "c": D("33.33")}
    assert sum(got.values()) == D("100.00")


def test_pro_rata_proportional():
    got = allocate(D("600.00"), [(1, D("1000.00")), (2, D("500.00")), (3, D("1500.00"))], PRO_RATA)
    assert got == {1: D("200.00"), 2: D("100.00"), 3: D("300.00")}


def test_pro_rata_largest_remainder_beats_order():
    # shares 0.333…, 0.666…: the fen goes to the larger remainder (b), not the first claim.
    got = allocate(D("0.01"), [("a", D("1.00")), ("b", D("2.00"))], PRO_RATA)
    assert got == {"a": D("0.00"), "b": D("0.01")}


def test_in_order_fills_claims_in_the_given_order():
    claims = [("first", D("300.00")), ("second", D("500.00")), ("third", D("200.00"))]
    assert allocate(D("600.00"), claims, IN_ORDER) == {
        "first": D("300.00"),
        "second": D("300.00"),
        "third": D("0.00"),
    }


@pytest.mark.parametrize("method", [PRO_RATA, IN_ORDER])
def test_surplus_goes_back_under_none(method):
    got = allocate(D("1200.00"), [("a", D("300.00")), ("b", D("700.00"))], method)
    assert got == {"a": D("300.00"), "b": D("700.00"), None: D("200.00")}
    exact = allocate(D("1000.00"), [("a", D("300.00")), ("b", D("700.00"))], method)
    assert None not in exact
    assert allocate(D("5.00"), [], method) == {None: D("5.00")}
    assert allocate(D("0.00"), [("a", D("1.00"))], method) == {"a": D("0.00")}


@pytest.mark.parametrize(
    ("amount", "claims", "method", "message"),
    [
        ("-1.00", [("a", "1.00")], PRO_RATA, "不能为负数"),
        ("1.00", [("a", "-1.00")], IN_ORDER, "不能为负数"),
        ("1.001", [("a", "1.00")], PRO_RATA, "两位小数"),
        ("1.00", [("a", "1.00"), ("a", "2.00")], PRO_RATA, "重复"),
        ("1.00", [(None, "1.00")], PRO_RATA, "重复或为空"),
        ("1.00", [("a", "1.00")], "equal", "未知的分配方式"),
    ],
)
def test_allocate_refuses(amount, claims, method, message):
    with pytest.raises(ValueError, match=message):
        allocate(D(amount), [(k, D(c)) for k, c in claims], method)


# --- Ageing and settings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "bucket"),
    [(0, "0-3"), (3, "0-3"), (4, "4-7"), (7, "4-7"), (8, "8-30"), (30, "8-30"), (31, "31-90"), (90, "31-90")]
    + [(91, ">90"), (10_000, ">90")],
)
def test_ageing_bucket(days, bucket):
    assert ageing_bucket(days) == bucket
    assert rules.AGEING_LABELS[bucket]


def test_ageing_refuses_negative_days():
    with pytest.raises(ValueError):
        ageing_bucket(-1)


def test_every_setting_key_has_a_default():
    names = [v for k, v in vars(keys).items() if k.isupper() and isinstance(v, str)]
    assert set(names) == set(keys.DEFAULTS)
    assert all(name.startswith("funds.") for name in names)
    assert keys.DEFAULTS[keys.ALLOCATION_METHOD] in rules.ALLOCATION_LABELS
    assert execution_fee(None, no_amount_fee=D(str(keys.DEFAULTS[keys.NO_AMOUNT_FEE]))) == D("50.00")
    assert keys.DEFAULTS[keys.PAYOUT_APPROVALS] == rules.DEFAULT_APPROVAL_BANDS
