"""The named cast of users per role and court (ARCHITECTURE "Habits"), built once per test.

Courts: 河北省高级人民法院 (冀) above 河北雄安新区中级人民法院 (冀96) above 雄县人民法院 (冀9601);
石家庄市中级人民法院 (冀01) is another court whose staff must see nothing of 冀96's cases.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from zhixing.cases import actions as case_actions
from zhixing.cases.models import Party
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as r


@pytest.fixture
def courts(db):
    high = court_actions.create_court("冀", "河北省高级人民法院")
    xiongan = court_actions.create_court("冀96", "河北雄安新区中级人民法院", parent=high)
    xiongxian = court_actions.create_court("冀9601", "雄县人民法院", parent=xiongan)
    shijiazhuang = court_actions.create_court("冀01", "石家庄市中级人民法院", parent=high)
    return SimpleNamespace(high=high, xiongan=xiongan, xiongxian=xiongxian, shijiazhuang=shijiazhuang)


@pytest.fixture
def cast(courts):
    mk = court_actions.create_user
    return SimpleNamespace(
        officer=mk("zhang", "张执行", "pw-zhang", courts.xiongan, [r.OFFICER]),
        officer2=mk("chen", "陈执行", "pw-chen", courts.xiongan, [r.OFFICER]),
        judge=mk("li", "李法官", "pw-li", courts.xiongan, [r.JUDGE]),
        clerk=mk("sun", "孙立案", "pw-sun", courts.xiongan, [r.CLERK]),
        command=mk("wang", "王指挥", "pw-wang", courts.high, [r.COMMAND]),
        finance=mk("zhao", "赵财务", "pw-zhao", courts.xiongan, [r.FINANCE]),
        president=mk("liu", "刘院长", "pw-liu", courts.xiongan, [r.LEADER]),
        admin=mk("zhou", "周管理", "pw-zhou", courts.high, [r.ADMIN]),
        outsider=mk("qian", "钱外院", "pw-qian", courts.shijiazhuang, [r.OFFICER, r.JUDGE]),
    )


APPLICANT_ID = "11010519491231002X"  # rules §13.1 textbook sample
DEBTOR_UNIT_ID = "91330109699830509X"  # rules §13.2 sample


@pytest.fixture
def file_case(courts, cast):
    """File a first-enforcement case in 冀96 with the officer as handler; keyword arguments override."""

    def _file(**kw):
        args = dict(
            court=courts.xiongan,
            type_code="执",
            filed_on=dt.date(2026, 3, 2),
            applied_amount=Decimal("50000.00"),
            parties=[
                case_actions.PartyInput(Party.APPLICANT, "王申请", APPLICANT_ID),
                case_actions.PartyInput(Party.DEBTOR, "雄安某建设有限公司", DEBTOR_UNIT_ID),
            ],
            cause="追索劳动报酬纠纷",
            handler=cast.officer,
            actor=cast.clerk,
        )
        args.update(kw)
        return case_actions.file_case(**args)

    return _file
