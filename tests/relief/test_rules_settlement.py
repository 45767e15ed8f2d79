"""Properties of the settlement rules (hypothesis, rules §10.2): the instalment states against what was
paid, the 2-year resumption limit from the last agreed day, when resumption is open, the schedule the
court can record, and the resumed claim with the paid part deducted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from zhixing.relief import rules

D0 = dt.date(2026, 1, 1)
cents = st.integers(min_value=1, max_value=10_000_000).map(lambda n: Decimal(n) / 100)
days = st.integers(min_value=0, max_value=2000).map(lambda n: D0 + dt.timedelta(days=n))


@st.composite
def schedules(draw, min_size=1, max_size=8):
    gaps = draw(st.lists(st.integers(min_value=1, max_value=120), min_size=min_size, max_size=max_size))
    amounts = draw(st.lists(cents, min_size=len(gaps), max_size=len(gaps)))
    out, day = [], D0
    for seq, (gap, amount) in enumerate(zip(gaps, amounts, strict=True), start=1):
        day += dt.timedelta(days=gap)
        out.append(rules.Instalment(seq, day, amount))
    return out


def total(schedule) -> Decimal:
    return sum((i.amount for i in schedule), Decimal(0))


# --- instalment_states ---------------------------------------------------------------------------------


@given(schedules(), st.integers(min_value=0, max_value=2_000_000_000).map(lambda n: Decimal(n) / 100), days)
def test_the_paid_parts_add_up_to_what_was_paid_capped_at_the_total(schedule, paid, on):
    states = rules.instalment_states(schedule, paid, on)
    assert sum((s.paid for s in states), Decimal(0)) == min(paid, total(schedule))
    assert all(Decimal(0) <= s.paid <= s.amount for s in states)


@given(schedules(), st.integers(min_value=0, max_value=2_000_000_000).map(lambda n: Decimal(n) / 100), days)
def test_payments_fill_the_instalments_in_due_order(schedule, paid, on):
    states = rules.instalment_states(schedule, paid, on)
    full = [s.paid == s.amount for s in states]
    # once an instalment is not full, no later one received anything
    for i, is_full in enumerate(full):
        if not is_full:
            assert all(t.paid == 0 for t in states[i + 1 :])
            break


@given(schedules(), st.integers(min_value=0, max_value=2_000_000_000).map(lambda n: Decimal(n) / 100), days)
def test_an_instalment_is_missed_exactly_when_its_day_has_passed_unpaid(schedule, paid, on):
    for s in rules.instalment_states(schedule, paid, on):
        assert (s.state == rules.MISSED) == (on > s.due_on and s.paid < s.amount)
        assert (s.state == rules.PAID) == (s.paid == s.amount)
        if s.state == rules.DUE:
            assert s.paid == 0 and on <= s.due_on


@given(schedules())
def test_paying_on_the_due_day_is_on_time_and_the_day_after_is_missed(schedule):
    first = schedule[0]
    assert rules.instalment_states(schedule, Decimal(0), first.due_on)[0].state == rules.DUE
    day_after = first.due_on + dt.timedelta(days=1)
    assert rules.instalment_states(schedule, Decimal(0), day_after)[0].state == rules.MISSED


@given(schedules(), days)
def test_paying_everything_marks_every_instalment_paid_whatever_the_day(schedule, on):
    states = rules.instalment_states(schedule, total(schedule), on)
    assert all(s.state == rules.PAID for s in states)


# --- resumption_limit ----------------------------------------------------------------------------------


@given(days)
def test_the_resumption_limit_is_two_years_from_the_last_agreed_day(last):
    limit = rules.resumption_limit(last)
    assert limit.year == last.year + 2 and limit.month == last.month
    assert limit.day == last.day or (last.month, last.day, limit.day) == (2, 29, 28)


def test_29_february_falls_to_the_28th():
    assert rules.resumption_limit(dt.date(2028, 2, 29)) == dt.date(2030, 2, 28)


# --- resumption_problems -------------------------------------------------------------------------------


@given(schedules(), days)
def test_resumption_is_open_after_a_missed_instalment_until_the_limit_and_not_a_day_later(
    schedule, missed_on
):
    last = rules.last_agreed_day(schedule)
    on = max(missed_on, schedule[0].due_on + dt.timedelta(days=1))
    states = rules.instalment_states(schedule, Decimal(0), on)
    problems = rules.resumption_problems(states, on, last)
    assert (problems == []) == (on <= rules.resumption_limit(last))
    limit = rules.resumption_limit(last)
    late = rules.instalment_states(schedule, Decimal(0), limit + dt.timedelta(days=1))
    assert rules.resumption_problems(late, limit, last) == []
    assert rules.resumption_problems(late, limit + dt.timedelta(days=1), last) != []


@given(schedules(), days)
def test_a_performed_agreement_never_resumes(schedule, on):
    states = rules.instalment_states(schedule, total(schedule), on)
    assert rules.resumption_problems(states, on, rules.last_agreed_day(schedule), anticipatory_breach=True)


@given(schedules())
def test_nothing_missed_blocks_resumption_unless_the_debtor_said_it_will_not_perform(schedule):
    on = schedule[0].due_on  # nothing is missed yet on the first day
    states = rules.instalment_states(schedule, Decimal(0), on)
    last = rules.last_agreed_day(schedule)
    assert rules.resumption_problems(states, on, last) != []
    assert rules.resumption_problems(states, on, last, anticipatory_breach=True) == []


# --- schedule_problems ---------------------------------------------------------------------------------


@given(schedules())
def test_a_well_formed_schedule_adding_up_has_no_problems(schedule):
    assert rules.schedule_problems(schedule, D0, total(schedule)) == []


@given(schedules(), cents)
def test_a_schedule_not_adding_up_to_the_agreed_amount_is_refused(schedule, extra):
    assert rules.schedule_problems(schedule, D0, total(schedule) + extra) != []


@given(schedules(min_size=2))
def test_instalments_out_of_date_order_are_refused(schedule):
    swapped = [
        rules.Instalment(1, schedule[1].due_on, schedule[0].amount),
        rules.Instalment(2, schedule[0].due_on, schedule[1].amount),
        *schedule[2:],
    ]
    assert rules.schedule_problems(swapped, D0, total(schedule)) != []


@given(schedules())
def test_an_instalment_before_the_agreement_is_refused(schedule):
    later = schedule[0].due_on + dt.timedelta(days=1)
    assert rules.schedule_problems(schedule, later, total(schedule)) != []


def test_an_empty_or_non_positive_schedule_is_refused():
    assert rules.schedule_problems([], D0, Decimal("1")) != []
    zero = [
        rules.Instalment(1, D0, Decimal("0")),
        rules.Instalment(2, D0 + dt.timedelta(days=1), Decimal("5")),
    ]
    assert rules.schedule_problems(zero, D0, Decimal("5")) != []


# --- the resumed claim ---------------------------------------------------------------------------------


@given(cents, st.integers(min_value=0, max_value=10_000_000).map(lambda n: Decimal(n) / 100))
def test_the_resumed_claim_deducts_what_was_paid_and_never_goes_negative(outstanding, paid):
    claim = rules.resumed_claim(outstanding, paid)
    assert claim == max(outstanding - paid, Decimal(0)).quantize(Decimal("0.01"))
