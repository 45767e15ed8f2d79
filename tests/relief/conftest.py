# ruff: noqa: F811  (the fixtures person_case and pooled of tests/measures/conftest.py, imported by name)
"""The relief tests' world, shared by every relief test.

- `wage_case`: the default `file_case` (冀96, filed 2026-03-02, 50,000.00 applied, cause 追索劳动报酬纠纷 so
  a migrant-wage and livelihood case; a unit debtor 雄安某建设有限公司), handled by officer 张执行.
- `loan_case`: a first-enforcement loan case (200,000.00, a person debtor 赵某某): neither flag.
- `applicant` / `loan_applicant`: their applicants (王申请).
- `pooled`: the 冀96 pooled case-funds account, opened by finance (money paid into a case lands there).
- `pay_in(case, amount, on)`: money the debtor pays into the case account on `on`, through funds.
- `wage`: the 冀 province's 2025 average monthly wage set to 8,000.00 (cap 288,000.00).
- The cast (tests/conftest.py): officer 张执行 (handler), officer2 陈执行, judge 李法官, clerk 孙立案 (registers
  relief), president 刘院长 (LEADER: decides relief), command 王指挥 (on the high court: campaigns),
  finance 赵财务 (pays relief), admin 周管理, outsider 钱外院 (another court: sees nothing).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.funds.conftest import receive
from tests.measures.conftest import person_case, pooled  # noqa: F401 - fixtures shared with measures
from zhixing.cases.models import Party
from zhixing.relief.models import ProvinceWage


@pytest.fixture
def wage_case(file_case):
    return file_case()


@pytest.fixture
def applicant(wage_case):
    return wage_case.parties.get(role=Party.APPLICANT)


@pytest.fixture
def loan_case(person_case):
    return person_case  # measures' loan case: 200,000.00, a person debtor 赵某某


@pytest.fixture
def loan_applicant(loan_case):
    return loan_case.parties.get(role=Party.APPLICANT)


@pytest.fixture
def pay_in(pooled, clock):
    """pay_in(case, amount, on=None): the debtor's bank transfer to the case's sub-account, booked on
    `on` (default today), through funds like any bank notification."""
    counter = iter(range(1, 10_000))

    def _pay(case, amount, on: dt.date | None = None):
        return receive(
            pooled,
            f"RLF{next(counter):05d}",
            amount,
            on or clock.today,
            case,
            payer_name="雄安某建设有限公司",
        )

    return _pay


@pytest.fixture
def wage(db):
    return ProvinceWage.objects.create(province="冀", year=2025, monthly=Decimal("8000.00"), source="测试")
