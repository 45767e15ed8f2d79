"""Migrant-worker wage claims first among the ordinary claims of a distribution (rules §10.1 wage
priority "where the law allows"; setting disposal.wage_first, local, on by default): costs and priority
claims keep their place, the wage claims then go before the other ordinary claims in their own seizure
order, the proceeds are shared out to the fen, and with the setting off the seizure order alone decides."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import APPLICANT_ID
from tests.disposal import test_distribution as plans
from tests.disposal.conftest import DEBTOR_ID
from zhixing.cases import actions as case_actions
from zhixing.cases.models import Party
from zhixing.core.models import RuleSetting
from zhixing.disposal import actions, rules
from zhixing.disposal import settings_keys as keys
from zhixing.disposal.rules import COSTS, ORDINARY, PRIORITY, Claim, distribute
from zhixing.inquiry.models import Asset

D = Decimal
CENT = D("0.01")
# The sold flat of tests/disposal/test_distribution.py (its fixtures, used here by name).
pooled, sold = plans.pooled, plans.sold
seize, shares = plans.seize, plans.shares

# --- the rule ---------------------------------------------------------------------------------------

money = st.decimals(D("0"), D("1000000"), places=2)
days = st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31))


@st.composite
def claim_lists(draw: st.DrawFn) -> list[Claim]:
    out = []
    if draw(st.booleans()):
        out.append(Claim("costs", COSTS, draw(money)))
    for i in range(draw(st.integers(0, 3))):
        out.append(Claim(f"p{i}", PRIORITY, draw(money), position=i))
    for i in range(draw(st.integers(0, 6))):
        out.append(
            Claim(
                f"c{i}",
                ORDINARY,
                draw(money),
                seized_on=draw(st.none() | days),
                position=draw(st.integers(0, 5)),
                wage=draw(st.booleans()),
            )
        )
    return out


@given(money, claim_lists(), st.booleans())
def test_the_total_is_conserved_and_no_claim_gets_more_than_it_asks(proceeds, claims, wage_first):
    out = distribute(proceeds, claims, wage_first=wage_first)
    asked = sum((c.amount for c in claims), D(0))
    assert sum(out.values(), D(0)) == min(proceeds, asked)
    assert set(out) == {c.key for c in claims}
    for c in claims:
        assert D(0) <= out[c.key] <= c.amount
        assert out[c.key] == out[c.key].quantize(CENT)


@given(money, claim_lists())
def test_wage_claims_go_first_among_the_ordinary_claims_only(proceeds, claims):
    out = distribute(proceeds, claims, wage_first=True)
    order = list(out)  # filled in the order paid
    pos = {k: order.index(k) for k in order}
    by_key = {c.key: c for c in claims}
    for a in claims:
        for b in claims:
            if a.category == ORDINARY and b.category == ORDINARY and a.wage and not b.wage:
                assert pos[a.key] < pos[b.key]
                # b gets something only once a is paid in full
                if out[b.key] > 0:
                    assert out[a.key] == a.amount
            if a.category in (COSTS, PRIORITY) and b.category == ORDINARY:
                assert pos[a.key] < pos[b.key]
    # Costs and priority claims are paid exactly as without the wage priority.
    plain = distribute(proceeds, claims)
    for k, c in by_key.items():
        if c.category != ORDINARY:
            assert out[k] == plain[k]


@given(money, claim_lists())
def test_with_the_setting_off_the_wage_flag_changes_nothing(proceeds, claims):
    unflagged = [Claim(c.key, c.category, c.amount, c.seized_on, c.position) for c in claims]
    assert list(distribute(proceeds, claims, wage_first=False).items()) == list(
        distribute(proceeds, unflagged).items()
    )


def test_a_later_seized_wage_claim_is_paid_before_an_earlier_loan_claim():
    claims = [
        Claim("costs", COSTS, D("100.00")),
        Claim("mortgage", PRIORITY, D("500.00")),
        Claim("loan", ORDINARY, D("800.00"), seized_on=dt.date(2026, 1, 1), position=1),
        Claim("wage", ORDINARY, D("300.00"), seized_on=dt.date(2026, 6, 1), position=2, wage=True),
    ]
    assert distribute(D("1000.00"), claims, wage_first=True) == {
        "costs": D("100.00"),
        "mortgage": D("500.00"),
        "wage": D("300.00"),
        "loan": D("100.00"),
    }
    assert distribute(D("1000.00"), claims, wage_first=False)["wage"] == D("0.00")


# --- the plan ---------------------------------------------------------------------------------------


@pytest.fixture
def wage_creditor(file_case, flat, cast):
    """A wage case of 冀96 against the flat's debtor, seizing the flat after the money case (queued)."""
    case = file_case(
        applied_amount=D("400000.00"),
        parties=[
            case_actions.PartyInput(Party.APPLICANT, "李工人", APPLICANT_ID),
            case_actions.PartyInput(Party.DEBTOR, "赵某某", DEBTOR_ID),
        ],
        cause="追索劳动报酬纠纷",
    )
    assert case.is_migrant_wage
    asset = Asset.objects.create(
        case=case,
        party=case.parties.get(role=Party.DEBTOR),
        institution=flat.institution,
        type=flat.type,
        asset_id=flat.asset_id,
        description=flat.description,
        account=flat.account,
        value=flat.value,
        found_at=flat.found_at,
        last_seen=flat.last_seen,
    )
    seize(case, asset, dt.date(2026, 8, 1), 2, cast, 7)
    return case


def test_the_plan_pays_the_later_wage_case_before_the_loan_case(sold, money_case, wage_creditor, cast):
    # The money case (a loan) sealed first on 2026-07-01; the wage case queued on 2026-08-01.
    plan = actions.draw_distribution(sold, actor=cast.officer, costs=D("10000.00"))
    assert shares(plan) == [
        (rules.COSTS, "执行费用", D("10000.00")),
        (rules.ORDINARY, "李工人", D("400000.00")),
        (rules.ORDINARY, "王申请", D("190000.00")),
    ]


def test_a_court_that_turns_the_setting_off_keeps_the_seizure_order(
    sold, money_case, wage_creditor, cast, courts
):
    seeded = RuleSetting.objects.get(key=keys.WAGE_FIRST, court=None)
    assert seeded.value is True and keys.DEFAULTS[keys.WAGE_FIRST] is True
    RuleSetting.objects.create(
        key=keys.WAGE_FIRST, court=courts.xiongan, effective_from=seeded.effective_from, value=False
    )
    plan = actions.draw_distribution(sold, actor=cast.officer, costs=D("10000.00"))
    assert shares(plan) == [
        (rules.COSTS, "执行费用", D("10000.00")),
        (rules.ORDINARY, "王申请", D("500000.00")),
        (rules.ORDINARY, "李工人", D("90000.00")),
    ]
