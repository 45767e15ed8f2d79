"""The credit tests' world: a case with a natural-person debtor and one with a unit debtor, filed in
冀96 with the officer as handler; the president (刘院长) signs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.conftest import APPLICANT_ID
from zhixing.cases import actions as case_actions
from zhixing.cases.models import Party

ADULT_ID = "130629198501011234"  # 容城县, born 1985-01-01 (valid check digit computed below)
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(body17: str) -> str:
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body17, _WEIGHTS, strict=True)) % 11]
    return body17 + check


DEBTOR_ID = resident_id("13062919850101123")
REP_ID = resident_id("13062919700505456")


def minor_id(on: dt.date) -> str:
    """A person who turns 18 a year after `on`."""
    born = dt.date(on.year - 17, 1, 1)
    return resident_id(f"130629{born:%Y%m%d}321")


@pytest.fixture
def person_case(file_case):
    return file_case(
        parties=[
            case_actions.PartyInput(Party.APPLICANT, "王申请", APPLICANT_ID),
            case_actions.PartyInput(Party.DEBTOR, "赵某某", DEBTOR_ID),
        ]
    )


@pytest.fixture
def debtor(person_case):
    return person_case.parties.get(role=Party.DEBTOR)


@pytest.fixture
def unit_case(file_case):
    return file_case(applied_amount=Decimal("80000.00"))
