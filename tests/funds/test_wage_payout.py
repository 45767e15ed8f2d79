"""Migrant-worker wage cases are paid within their shorter clock (rules §10.1.2, Heilongjiang "priority
payout", a local rule setting: funds.payout_policy's wage_working_days, 5 by default): money reaching a
wage case gets the shorter deadline, money reaching a loan case the normal one, whether it comes by a
bank notification, a claim or a statement import."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import APPLICANT_ID
from tests.funds.conftest import receive
from tests.measures.conftest import DEBTOR_ID
from zhixing.cases import actions as case_actions
from zhixing.cases.models import Party
from zhixing.core.models import RuleSetting
from zhixing.core.rulesettings import rule_setting
from zhixing.funds import rules
from zhixing.funds import settings_keys as keys
from zhixing.funds.actions import Incoming
from zhixing.funds.actions.bulk import book_many
from zhixing.funds.actors import BANK
from zhixing.funds.queries import account_number

D = Decimal


@pytest.fixture
def loan_case(file_case):
    return file_case(
        applied_amount=D("200000.00"),
        parties=[
            case_actions.PartyInput(Party.APPLICANT, "王申请", APPLICANT_ID),
            case_actions.PartyInput(Party.DEBTOR, "赵某某", DEBTOR_ID),
        ],
        cause="民间借贷纠纷",
    )


def expected(day, amount, wage):
    policy = rules.PayoutPolicy.from_setting(rule_setting(keys.PAYOUT_POLICY))
    return rules.payout_due(day, D(amount), policy, wage=wage).on


@pytest.mark.django_db
def test_a_wage_cases_receipt_gets_the_shorter_deadline_and_a_loan_cases_the_normal_one(
    file_case, loan_case, pooled, clock
):
    wage_case = file_case()
    assert wage_case.is_migrant_wage and not loan_case.is_migrant_wage
    wage_receipt = receive(pooled, "W1", "30000.00", clock.today, wage_case)
    loan_receipt = receive(pooled, "L1", "30000.00", clock.today, loan_case)
    assert wage_receipt.payout_due_on == expected(clock.today, "30000.00", True)
    assert loan_receipt.payout_due_on == expected(clock.today, "30000.00", False)
    # Five working days against fifteen: the wage money is due well before the loan money.
    assert wage_receipt.payout_due_on < loan_receipt.payout_due_on


@pytest.mark.django_db
def test_a_statement_import_gives_wage_money_the_shorter_deadline_too(file_case, loan_case, pooled, clock):
    from zhixing.funds.models import Receipt

    wage_case = file_case()
    items = [
        Incoming(
            pooled.account_number, f"S{i}", Receipt.TRANSFER, D("1000.00"), clock.today, account_number(c)
        )
        for i, c in enumerate([wage_case, loan_case])
    ]
    assert book_many(pooled, items, actor=BANK) == [wage_case.pk, loan_case.pk]
    dues = dict(Receipt.objects.filter(pooled=pooled).values_list("case_id", "payout_due_on"))
    assert dues[wage_case.pk] == expected(clock.today, "1000.00", True)
    assert dues[loan_case.pk] == expected(clock.today, "1000.00", False)
    assert dues[wage_case.pk] < dues[loan_case.pk]


@pytest.mark.django_db
def test_the_seeded_setting_names_the_wage_clock_and_a_court_may_change_it(file_case, pooled, clock, courts):
    seeded = RuleSetting.objects.get(key=keys.PAYOUT_POLICY, court=None)
    assert seeded.value["wage_working_days"] == 5
    assert seeded.value["working_days"] == 15  # the migration kept what was there
    # 冀96 sets its own clock: wage money within 3 working days.
    RuleSetting.objects.create(
        key=keys.PAYOUT_POLICY,
        court=courts.xiongan,
        effective_from=seeded.effective_from,
        value={**seeded.value, "wage_working_days": 3},
    )
    receipt = receive(pooled, "W3", "500.00", clock.today, file_case())
    three = rules.payout_due(clock.today, D("500.00"), rules.PayoutPolicy(wage_working_days=3), wage=True)
    assert receipt.payout_due_on == three.on


def test_the_policy_reads_the_wage_clock_and_refuses_a_bad_one():
    assert rules.PayoutPolicy.from_setting({}).wage_working_days == 5
    assert rules.PayoutPolicy.from_setting(keys.DEFAULTS[keys.PAYOUT_POLICY]) == rules.PayoutPolicy()  # type: ignore[arg-type]
    assert rules.PayoutPolicy.from_setting({"wage_working_days": 7}).wage_working_days == 7
    with pytest.raises(ValueError, match="非负整数"):
        rules.PayoutPolicy.from_setting({"wage_working_days": "5"})


policies = st.builds(
    rules.PayoutPolicy,
    working_days=st.integers(0, 40),
    small_amount=st.none() | st.decimals(D("0.01"), D("1000000"), places=2),
    small_working_days=st.integers(0, 40),
    outer_days=st.integers(0, 60),
    resume_days=st.integers(0, 30),
    wage_working_days=st.integers(0, 40),
).map(lambda p: p if p.small_amount is not None else rules.PayoutPolicy(
    p.working_days, None, None, p.outer_days, p.resume_days, p.wage_working_days
))  # fmt: skip
amounts = st.decimals(D("0.01"), D("5000000"), places=2)


@given(policies, amounts)
def test_a_wage_case_never_waits_longer_and_waits_at_most_its_own_clock(policy, amount):
    ordinary = policy.working_days_for(amount)
    wage = policy.working_days_for(amount, wage=True)
    assert wage == min(ordinary, policy.wage_working_days)
    assert wage <= ordinary
    assert policy.working_days_for(amount, wage=False) == ordinary


@given(policies, amounts)
def test_the_setting_round_trips_with_the_wage_clock(policy, amount):
    value = {
        "working_days": policy.working_days,
        "small_amount": None if policy.small_amount is None else f"{policy.small_amount:.2f}",
        "small_working_days": policy.small_working_days,
        "outer_days": policy.outer_days,
        "resume_days": policy.resume_days,
        "wage_working_days": policy.wage_working_days,
    }
    assert rules.PayoutPolicy.from_setting(value) == policy


@pytest.mark.django_db
@given(policies, amounts, st.integers(0, 200))
def test_a_wage_deadline_is_never_later_than_the_ordinary_one(policy, amount, offset):
    import datetime as dt

    from zhixing.cases.actions.common import today

    day = today() + dt.timedelta(days=offset)
    assert rules.payout_due(day, amount, policy, wage=True).on <= rules.payout_due(day, amount, policy).on


@pytest.mark.django_db
def test_the_data_migration_adds_the_wage_clock_to_existing_rows_keeping_their_values(courts):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("zhixing.funds.migrations.0010_wage_payout")
    seeded = RuleSetting.objects.get(key=keys.PAYOUT_POLICY, court=None)
    hubei = {"working_days": 10, "small_amount": "50000.00", "small_working_days": 5, "outer_days": 30}
    own = RuleSetting.objects.create(
        key=keys.PAYOUT_POLICY, court=courts.xiongan, effective_from=seeded.effective_from, value=hubei
    )
    chosen = RuleSetting.objects.create(
        key=keys.PAYOUT_POLICY,
        court=courts.shijiazhuang,
        effective_from=seeded.effective_from,
        value={"working_days": 15, "wage_working_days": 2},
    )
    migration.seed(apps, None)
    own.refresh_from_db()
    chosen.refresh_from_db()
    assert own.value == {**hubei, "wage_working_days": 5}
    assert chosen.value == {"working_days": 15, "wage_working_days": 2}  # a court's own choice stays
    migration.unseed(apps, None)
    own.refresh_from_db()
    assert own.value == hubei
