"""Reward notices (rules §6.13): on the applicant's application, decided within 10 days; informants
registered in order; the first whose lead checks out is paid from the applicant's recovered money;
an informant's phone is masked everywhere and read only through a logged read."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from zhixing.cases.actions.common import ActionError
from zhixing.core.models import AuditEntry
from zhixing.funds import actions as funds_actions
from zhixing.funds.models import Payout
from zhixing.measures import actions, rules
from zhixing.measures.models import CoerciveMeasure, Informant

PHONE = "13912345678"


@pytest.fixture
def reward(person_case, debtor, cast):
    m = actions.propose_measure(
        person_case,
        rules.REWARD,
        debtor,
        actor=cast.officer,
        reason="查找被执行人车辆",
        amount=Decimal("3000"),
    )
    m = actions.decide_measure(m, True, actor=cast.judge)
    return actions.carry_out(m, actor=cast.officer, channel="本院微信公众号")


def fund(case, cast, pooled, amount, clock):
    funds_actions.record_cash(
        case, Decimal(amount), clock.today, "R-1", [cast.officer, cast.officer2], "赵某某", actor=cast.finance
    )


def test_informants_numbered_in_order_only_while_the_notice_is_in_force(person_case, debtor, reward, cast):
    a = actions.register_informant(reward, "甲", PHONE, "车辆停在某小区", actor=cast.officer)
    b = actions.register_informant(reward, "乙", "", "车辆在某修理厂", actor=cast.officer)
    assert (a.seq, b.seq) == (1, 2)
    with pytest.raises(ActionError, match="线索"):
        actions.register_informant(reward, "丙", "", " ", actor=cast.officer)
    with pytest.raises(ActionError, match="电话"):
        actions.register_informant(reward, "丙", "abc", "x", actor=cast.officer)
    proposed = actions.propose_measure(
        person_case, rules.REWARD, debtor, actor=cast.officer, reason="x", amount=Decimal("100")
    )
    with pytest.raises(ActionError, match="未发布"):
        actions.register_informant(proposed, "丁", "", "x", actor=cast.officer)
    audit = AuditEntry.objects.filter(action="measures.informant")
    assert audit.count() == 2 and PHONE not in str(list(audit.values_list("detail", flat=True)))
    assert "139****5678" in str(list(audit.values_list("detail", flat=True)))


def test_the_first_confirmed_lead_is_paid_from_the_case_account(reward, person_case, cast, pooled, clock):
    a = actions.register_informant(
        reward, "甲", PHONE, "线索一", actor=cast.officer, account="6222000011112222"
    )
    b = actions.register_informant(reward, "乙", "", "线索二", actor=cast.officer, account="6222000033334444")
    c = actions.register_informant(reward, "丙", "", "线索三", actor=cast.officer, account="6222000055556666")
    actions.verify_lead(b, True, actor=cast.officer)
    actions.verify_lead(c, True, actor=cast.officer)
    fund(person_case, cast, pooled, "5000", clock)
    # 甲 came first and is still being checked: the reward waits.
    with pytest.raises(ActionError, match="登记在先"):
        actions.pay_reward(reward, actor=cast.officer)
    actions.verify_lead(a, False, actor=cast.officer)
    with pytest.raises(ActionError, match="已核实"):
        actions.verify_lead(a, True, actor=cast.officer)
    payout = actions.pay_reward(reward, actor=cast.officer)
    assert isinstance(payout, Payout) and payout.amount == Decimal("3000.00") and payout.payee_name == "乙"
    b.refresh_from_db()
    reward.refresh_from_db()
    assert b.reward_paid == Decimal("3000") and b.paid_on == clock.today
    assert reward.status == CoerciveMeasure.ENDED and reward.end_reason == rules.DONE
    assert person_case.events.filter(kind="reward_paid").exists()


def test_no_reward_without_a_confirmed_lead_or_enough_recovered_money(
    reward, person_case, cast, pooled, clock
):
    a = actions.register_informant(
        reward, "甲", PHONE, "线索", actor=cast.officer, account="6222000011112222"
    )
    with pytest.raises(ActionError, match="属实"):
        actions.pay_reward(reward, actor=cast.officer)
    actions.verify_lead(a, True, actor=cast.officer)
    fund(person_case, cast, pooled, "2999.99", clock)
    with pytest.raises(ActionError, match="余额不足"):
        actions.pay_reward(reward, actor=cast.officer)
    assert Informant.objects.get(pk=a.pk).reward_paid == 0


def test_withdrawn_without_paying(reward, cast):
    with pytest.raises(ActionError, match="撤回"):
        actions.end_measure(reward, rules.DONE, actor=cast.officer)
    m = actions.end_measure(reward, rules.WITHDRAWN, actor=cast.officer, note="被执行人已到案")
    assert m.end_reason == rules.WITHDRAWN


def test_the_phone_is_read_through_a_logged_read(reward, cast):
    a = actions.register_informant(reward, "甲", "139 1234 5678", "线索", actor=cast.officer)
    with pytest.raises(ActionError, match="用途"):
        actions.informant_phone(a, actor=cast.officer, purpose=" ")
    with pytest.raises(PermissionDenied):
        actions.informant_phone(a, actor=cast.outsider, purpose="核实")
    assert actions.informant_phone(a, actor=cast.officer, purpose="回访核实线索") == PHONE
    read = AuditEntry.objects.get(action="measures.informant_read")
    assert "回访核实线索" in str(read.detail) and PHONE not in str(read.detail)
