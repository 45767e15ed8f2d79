"""The measures tests' world, shared by every measures test.

- `person_case`: a first-enforcement money case in 冀96 (filed 2026-03-02, 200,000.00 applied), the
  officer 张执行 handling it, with a natural-person debtor `debtor` (赵某某).
- `unit_case`: the default `file_case` (a unit debtor 雄安某建设有限公司, a wage cause), its debtor
  `unit_debtor`.
- `pooled`: the 冀96 pooled case-funds account, opened by finance (cash and fines land there).
- The cast (tests/conftest.py): officer 张执行 and officer2 陈执行 (two officers for cash), judge 李法官,
  president 刘院长 (LEADER: approves fines, detention, search), command 王指挥 (plans operations),
  finance 赵财务, outsider 钱外院 (another court: sees nothing).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import APPLICANT_ID
from zhixing.cases import actions as case_actions
from zhixing.cases.models import Party
from zhixing.funds import actions as funds_actions

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(body17: str) -> str:
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body17, _WEIGHTS, strict=True)) % 11]
    return body17 + check


DEBTOR_ID = resident_id("13062919800202345")


@pytest.fixture
def person_case(file_case):
    return file_case(
        applied_amount=Decimal("200000.00"),
        parties=[
            case_actions.PartyInput(Party.APPLICANT, "王申请", APPLICANT_ID),
            case_actions.PartyInput(Party.DEBTOR, "赵某某", DEBTOR_ID),
        ],
        cause="民间借贷纠纷",
    )


@pytest.fixture
def debtor(person_case):
    return person_case.parties.get(role=Party.DEBTOR)


@pytest.fixture
def unit_case(file_case):
    return file_case()


@pytest.fixture
def unit_debtor(unit_case):
    return unit_case.parties.get(role=Party.DEBTOR)


@pytest.fixture
def pooled(courts, cast):
    return funds_actions.open_pooled_account(courts.xiongan, actor=cast.finance)
