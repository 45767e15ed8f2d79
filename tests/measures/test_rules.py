"""The pure rules of measures at their edges (rules §6.13–6.16, §5.3, §10.3, §2.3): fines by person
or unit, detention days, questioning hours, the reward decision, the referral clocks, the private
route, bookings, the two-officer rule, the cash handover and when an obstruction is met."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhixing.measures import rules

pytestmark = pytest.mark.django_db  # day clocks read the holiday calendar

T0 = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "amount, is_unit, ok",
    [
        ("0.01", False, True),
        ("100000", False, True),
        ("100000.00", False, True),
        ("100000.01", False, False),
        ("0", False, False),
        ("-1", False, False),
        ("10.001", False, False),
        ("49999.99", True, False),
        ("50000", True, True),
        ("1000000", True, True),
        ("1000000.01", True, False),
        ("100000.01", True, True),  # above a person's limit, within a unit's
    ],
)
def test_fine_ranges(amount, is_unit, ok):
    assert (rules.fine_problems(Decimal(amount), is_unit) == []) is ok


@pytest.mark.parametrize("days, ok", [(0, False), (1, True), (15, True), (16, False), (-1, False)])
def test_detention_days(days, ok):
    assert (rules.detention_problems(days) == []) is ok


def test_a_unit_is_never_detained():
    assert rules.detention_problems(5, is_unit=True) and rules.detention_problems(5) == []


def test_release_after_whole_days():
    assert rules.release_at(T0, 15) == T0 + dt.timedelta(days=15)
    assert rules.release_at(T0, 1) == dt.datetime(2026, 6, 2, 9, 0, tzinfo=dt.UTC)


def test_questioning_8_hours_or_24_when_detention_may_follow():
    assert rules.questioning_ends_by(T0, False) == T0 + dt.timedelta(hours=8)
    assert rules.questioning_ends_by(T0, True) == T0 + dt.timedelta(hours=24)
    assert rules.questioning_problems(T0, T0 + dt.timedelta(hours=8), False) == []
    assert rules.questioning_problems(T0, T0 + dt.timedelta(hours=8, seconds=1), False)
    assert rules.questioning_problems(T0, T0 + dt.timedelta(hours=24), True) == []
    assert rules.questioning_problems(T0, T0 + dt.timedelta(hours=24, seconds=1), True)
    assert rules.questioning_problems(T0, T0 - dt.timedelta(minutes=1), False)


def test_subjects_person_and_unit():
    assert rules.subject_problems(rules.SUMMONS, False, rules.PERSON) == []
    assert rules.subject_problems(rules.SUMMONS, False, rules.LEGAL_REP)
    assert rules.subject_problems(rules.EXIT_BAN, True, rules.PERSON)
    for role in rules.UNIT_ROLES:
        assert rules.subject_problems(rules.EXIT_BAN, True, role) == []
    for kind in (rules.FINE, rules.SEARCH, rules.REWARD):
        assert rules.subject_problems(kind, True, rules.PERSON) == []


def test_end_reasons_by_kind():
    assert rules.end_problems(rules.EXIT_BAN, rules.CONSENT) == []
    assert rules.end_problems(rules.EXIT_BAN, rules.RELEASED)
    assert rules.end_problems(rules.DETENTION, rules.RELEASED_EARLY) == []
    assert rules.end_problems(rules.SUMMONS, rules.PAID)


def test_reward_decision_within_10_days_and_paid_from_what_is_available():
    assert rules.reward_decision_due(dt.date(2026, 6, 1)).on == dt.date(2026, 6, 11)
    assert rules.reward_problems(Decimal("100"), Decimal("100")) == []
    assert rules.reward_problems(Decimal("100.01"), Decimal("100"))
    assert rules.reward_problems(Decimal("0"), Decimal("100"))


def test_rewarded_is_the_first_confirmed():
    leads = [rules.Lead(3, True), rules.Lead(1, False), rules.Lead(2, True)]
    assert rules.rewarded(leads) == 2
    assert rules.rewarded([rules.Lead(1, False)]) is None
    assert rules.rewarded([]) is None


@pytest.mark.parametrize(
    "func, start, expected",
    [
        (lambda d: rules.decision_due(d, False), dt.date(2026, 6, 1), dt.date(2026, 6, 8)),  # 7 days
        (lambda d: rules.decision_due(d, True), dt.date(2026, 6, 1), dt.date(2026, 7, 1)),  # 30 days
        (rules.not_filed_notice_due, dt.date(2026, 6, 1), dt.date(2026, 6, 8)),  # 7 days
        (rules.procuratorate_reply_due, dt.date(2026, 6, 1), dt.date(2026, 6, 8)),  # 7 days
        (rules.file_after_order_due, dt.date(2026, 6, 1), dt.date(2026, 6, 16)),  # 15 days
        # A last day on a Saturday rolls to the next working day (rules §14.1).
        (lambda d: rules.decision_due(d, False), dt.date(2026, 5, 30), dt.date(2026, 6, 8)),
    ],
)
def test_referral_clocks(func, start, expected):
    assert func(start).on == expected


def test_private_route_after_60_days_without_a_written_reply():
    sent = dt.date(2026, 3, 1)
    assert rules.private_route_on(sent) == dt.date(2026, 5, 1)
    assert rules.private_prosecution_open(sent, dt.date(2026, 4, 30), False, False, False) == ""
    assert "六十日" in rules.private_prosecution_open(sent, dt.date(2026, 5, 1), False, False, False)
    assert rules.private_prosecution_open(sent, dt.date(2026, 9, 1), True, False, False) == ""
    assert rules.private_prosecution_open(None, dt.date(2026, 9, 1), False, False, False) == ""
    assert "不予立案" in rules.private_prosecution_open(sent, dt.date(2026, 3, 2), True, True, False)
    assert "不起诉" in rules.private_prosecution_open(sent, dt.date(2026, 3, 2), True, False, True)


def test_booking_overlap_touching_is_fine():
    h = dt.timedelta(hours=1)
    assert rules.overlaps(T0, T0 + 2 * h, T0 + h, T0 + 3 * h)
    assert not rules.overlaps(T0, T0 + h, T0 + h, T0 + 2 * h)
    assert rules.overlaps(T0, T0 + 4 * h, T0 + h, T0 + 2 * h)  # one inside the other
    existing = [(T0, T0 + h), (T0 + 2 * h, T0 + 3 * h), (T0 + 5 * h, T0 + 6 * h)]
    assert rules.booking_conflicts(T0 + h, T0 + 2 * h, existing) == []
    assert rules.booking_conflicts(T0 + h / 2, T0 + 2 * h + h / 2, existing) == existing[:2]


def test_two_officers_where_property_is_taken():
    assert rules.team_problems(1, True)
    assert rules.team_problems(2, True) == []
    assert rules.team_problems(1, False) == []
    assert rules.team_problems(0, False)
    assert rules.cash_problems([1], "R1", Decimal("10"))
    assert rules.cash_problems([1, 1], "R1", Decimal("10"))  # the same officer twice is one
    assert rules.cash_problems([1, 2], "R1", Decimal("10")) == []
    assert rules.cash_problems([1, 2], " ", Decimal("10"))
    assert rules.cash_problems([1, 2], "R1", Decimal("0"))


def test_cash_handed_over_the_same_day_or_next_day_with_a_reason():
    day = dt.date(2026, 6, 1)
    assert rules.handover_problems(day, day, "") == []
    assert rules.handover_problems(day, day + dt.timedelta(days=1), "")
    assert rules.handover_problems(day, day + dt.timedelta(days=1), "夜间行动，财务已下班") == []
    assert rules.handover_problems(day, day + dt.timedelta(days=2), "理由")
    assert rules.handover_problems(day, day - dt.timedelta(days=1), "")


def test_obstruction_met():
    assert rules.obstruction_met(rules.HID_PROPERTY, [rules.FINE], False)
    assert rules.obstruction_met(rules.HID_PROPERTY, [rules.DETENTION], False)
    assert rules.obstruction_met(rules.HID_PROPERTY, [], True)
    assert not rules.obstruction_met(rules.HID_PROPERTY, [rules.SUMMONS, rules.SEARCH, rules.EXIT_BAN], False)
    assert rules.obstruction_met(rules.MISSING, [rules.SUMMONS], False)
    assert rules.obstruction_met(rules.MISSING, [rules.SEARCH], False)
    assert not rules.obstruction_met(rules.MISSING, [rules.REWARD, rules.EXIT_BAN], False)
