# ruff: noqa: F811  (the fixtures of tests/measures/referral_world.py, imported by name)
"""Every clock of a referral in days, through the actions and the declared calendar (rules §10.3.3,
法发〔2025〕8号; §10.3.4, 法〔2018〕147号; §14.1: a last day on a weekend or a holiday rolls to the next
working day): the decision 7 days after the receipt (30 if complex), the notice of not filing 7 days
after the decision, the police's answer to the procuratorate 7 days after the escalation, the filing
15 days after the order, and the private route the 61st day after sending. Each test moves the clock
to its own fixed dates first, so it holds whatever day the suite runs on."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.measures.referral_world import approved, drafted, obstruction  # noqa: F401
from zhixing.cases.models import Node
from zhixing.measures import actions
from zhixing.measures.models import Referral

pytestmark = pytest.mark.django_db
D = dt.date


def _sent_on(approved, cast, clock, day: dt.date) -> Referral:
    clock.move_to(day)
    return actions.send_referral(approved, actor=cast.officer)


def _receive(referral, cast, clock, day: dt.date, complex_case: bool = False) -> Referral:
    clock.move_to(day)
    return actions.record_receipt(
        referral, day, "雄公受案〔2026〕1号", actor=cast.officer, complex_case=complex_case
    )


def test_the_decision_is_due_seven_days_after_the_receipt(approved, cast, clock):
    referral = _receive(_sent_on(approved, cast, clock, D(2026, 12, 1)), cast, clock, D(2026, 12, 1))
    assert referral.decision_due_on == D(2026, 12, 8)
    assert Node.objects.get(case=referral.case, kind__code="referral_decision").due_on == D(2026, 12, 8)


def test_a_complex_case_is_due_thirty_days_after_the_receipt(approved, cast, clock):
    referral = _receive(_sent_on(approved, cast, clock, D(2026, 12, 1)), cast, clock, D(2026, 12, 1), True)
    assert referral.decision_due_on == D(2026, 12, 31)


def test_a_last_day_on_a_weekend_rolls_to_monday(approved, cast, clock):
    # received Saturday 2026-12-05: the 7th day is Saturday 12-12, due Monday 12-14
    referral = _receive(_sent_on(approved, cast, clock, D(2026, 12, 1)), cast, clock, D(2026, 12, 5))
    assert referral.decision_due_on == D(2026, 12, 14)


def test_a_last_day_in_the_national_day_holiday_rolls_past_it(approved, cast, clock):
    # received 2026-09-24: the 7th day is 10-01, inside the National Day holiday (declared 2026 calendar)
    referral = _receive(_sent_on(approved, cast, clock, D(2026, 9, 24)), cast, clock, D(2026, 9, 24))
    assert referral.decision_due_on == D(2026, 10, 8)


def test_not_filing_the_notice_the_procuratorate_and_the_order_to_file(approved, cast, clock):
    referral = _receive(_sent_on(approved, cast, clock, D(2026, 12, 1)), cast, clock, D(2026, 12, 1))
    clock.move_to(D(2026, 12, 4))
    referral = actions.record_decision(referral, False, D(2026, 12, 4), actor=cast.officer, reason="证据不足")
    assert referral.notice_due_on == D(2026, 12, 11)  # Friday
    referral = actions.escalate(referral, D(2026, 12, 4), "雄安新区人民检察院", actor=cast.officer)
    assert referral.procuratorate_reply_due_on == D(2026, 12, 11)
    referral = actions.record_order_to_file(referral, D(2026, 12, 4), actor=cast.officer)
    assert referral.file_by == D(2026, 12, 21)  # the 15th day is Saturday 12-19


def test_the_private_route_opens_on_the_sixty_first_day(approved, cast, clock):
    referral = _receive(_sent_on(approved, cast, clock, D(2026, 12, 1)), cast, clock, D(2026, 12, 2))
    assert referral.private_route_on == D(2027, 1, 31)
    clock.move_to(D(2027, 1, 30))
    assert "private" not in actions.next_steps(referral)
    assert (
        actions.overdue_referrals(referral.case.court, D(2027, 1, 30))[-1].clock
        != "移送六十日未获书面答复，可转自诉"
    )
    clock.move_to(D(2027, 1, 31))
    assert "private" in actions.next_steps(referral)
    referral = actions.take_private_route(referral, D(2027, 1, 31), actor=cast.officer)
    assert referral.status == Referral.PRIVATE


def test_a_written_reply_closes_the_sixty_day_route(approved, cast, clock):
    referral = _receive(_sent_on(approved, cast, clock, D(2026, 12, 1)), cast, clock, D(2026, 12, 1))
    referral = actions.record_decision(referral, True, D(2026, 12, 1), actor=cast.officer)
    clock.move_to(D(2027, 3, 1))
    assert "private" not in actions.next_steps(referral)
