"""The relief rules (rules §9.2, §9.4) as properties: the cap is 36 × the monthly wage, never above what
remains unexecuted and never negative; an amount above the cap or a second grant to the same applicant
in the same case is refused; recovery never exceeds the relief still outstanding or the debtor's money;
and the same cap comes out of the action the command uses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhixing.relief import rules
from zhixing.relief.actions import relief as actions

CENT = Decimal("0.01")
money = st.decimals(
    min_value=0, max_value=Decimal("99999999.99"), places=2, allow_nan=False, allow_infinity=False
)
signed = st.decimals(
    min_value=Decimal("-9999999.99"),
    max_value=Decimal("99999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
wages = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)


@given(wages, signed)
def test_the_cap_is_36_months_bounded_by_the_unexecuted_and_never_negative(wage, unexecuted):
    cap = rules.relief_cap(wage, unexecuted)
    assert cap == min(wage * 36, max(unexecuted, Decimal(0))).quantize(CENT)
    assert Decimal(0) <= cap <= wage * 36
    assert cap <= max(unexecuted, Decimal(0))
    assert cap == cap.quantize(CENT)


@given(wages, money)
def test_the_cap_is_36_months_when_much_is_unexecuted(wage, extra):
    assert rules.relief_cap(wage, wage * 36 + extra) == wage * 36


@given(wages, money, st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2))
def test_an_amount_within_the_cap_passes_and_above_it_fails(wage, unexecuted, amount):
    cap = rules.relief_cap(wage, unexecuted)
    problems = rules.relief_problems(amount, cap, already_granted=False)
    assert (problems == []) == (amount <= cap)


@given(wages, money, money)
def test_once_per_applicant_per_case(wage, unexecuted, amount):
    cap = rules.relief_cap(wage, unexecuted)
    problems = rules.relief_problems(amount, cap, already_granted=True)
    assert any("只能获得一次" in p for p in problems)


@given(money, money, signed)
def test_recovery_never_exceeds_the_outstanding_relief_or_the_debtors_money(paid, recovered, debtor):
    out = rules.recoverable(paid, recovered, debtor)
    assert Decimal(0) <= out <= max(paid - recovered, Decimal(0))
    assert out <= max(debtor, Decimal(0))


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_the_wage_year_is_the_previous_year(on):
    assert rules.wage_year(on) == on.year - 1


@pytest.mark.django_db
@settings(max_examples=25, deadline=None)
@given(wages, signed)
def test_the_commands_cap_is_the_rule(wage_amount, unexecuted):
    from zhixing.relief.models import ProvinceWage

    ProvinceWage.objects.update_or_create(province="冀", year=2025, defaults={"monthly": wage_amount})
    assert actions.cap("冀", 2025, unexecuted) == rules.relief_cap(wage_amount, unexecuted)
