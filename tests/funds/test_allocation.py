"""Several applicants share the case account by the configured order (rules §5.15,
funds.allocation_method): each payout names its applicant and may not draw more than their share."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import APPLICANT_ID, DEBTOR_UNIT_ID
from zhixing.cases import actions as case_actions
from zhixing.cases.models import Party
from zhixing.core import actions as core_actions
from zhixing.core.actors import CLI
from zhixing.funds import actions, allocation

from .conftest import PAYEE

pytestmark = pytest.mark.django_db


def _two_applicants(file_case, applied="10000.00"):
    return file_case(
        applied_amount=Decimal(applied),
        parties=[
            case_actions.PartyInput(Party.APPLICANT, "王申请", APPLICANT_ID),
            case_actions.PartyInput(Party.APPLICANT, "李申请", ""),
            case_actions.PartyInput(Party.DEBTOR, "雄安某建设有限公司", DEBTOR_UNIT_ID),
        ],
    )


@given(total=st.integers(0, 10**9), n=st.integers(1, 50))
def test_equal_parts_sum_exactly_and_differ_by_a_fen_at_most(total, n):
    parts = allocation.equal_parts(Decimal(total) / 100, n)
    assert sum(parts) == Decimal(total) / 100 and max(parts) - min(parts) <= Decimal("0.01")


def test_in_order_the_first_applicant_is_paid_first(pooled, pay, file_case, cast):
    case = _two_applicants(file_case)
    first, second = allocation.applicants(case)
    pay(case, "7000.00", "A1")
    assert allocation.shares(case, Decimal("7000.00")) == {
        first.pk: Decimal("5000.00"),
        second.pk: Decimal("2000.00"),
    }
    with pytest.raises(ValidationError, match="请选择本次收款的申请执行人"):
        actions.request_payout(case, Decimal("100.00"), **PAYEE, actor=cast.officer)
    with pytest.raises(ValidationError, match="本次可分配 2000.00 元"):
        actions.request_payout(case, Decimal("2500.00"), **PAYEE, party=second, actor=cast.officer)
    actions.request_payout(case, Decimal("5000.00"), **PAYEE, party=first, actor=cast.officer)
    # What is asked for the first is no longer theirs to draw again; the second keeps their 2000.
    assert allocation.shares(case, actions.payouts.available(case)) == {
        first.pk: Decimal("0.00"),
        second.pk: Decimal("2000.00"),
    }


def test_pro_rata_shares_the_shortfall(pooled, pay, file_case, cast, clock):
    core_actions.set_rule_setting("funds.allocation_method", "pro_rata", dt.date(2000, 1, 1), actor=CLI)
    case = _two_applicants(file_case)
    first, second = allocation.applicants(case)
    pay(case, "7000.00", "B1")
    assert allocation.shares(case, Decimal("7000.00")) == {
        first.pk: Decimal("3500.00"),
        second.pk: Decimal("3500.00"),
    }
