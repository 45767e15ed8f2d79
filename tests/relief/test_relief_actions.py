"""Judicial relief through its actions (rules §9): the wage table, registration as a 司救执 case once per
applicant per case, the president's decision within the frozen cap, payment through the court's relief
fund into the case account (the ledger stays balanced, the realised amount does not move), and recovery
from what the debtor pays later."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import CaseEvent
from zhixing.core.actors import CLI
from zhixing.core.models import AuditEntry
from zhixing.funds import queries as funds_queries
from zhixing.funds.actions import relief as relief_money
from zhixing.funds.checks import balances_match_legs, every_entry_balances
from zhixing.funds.models import Entry
from zhixing.relief import events
from zhixing.relief.actions import relief as actions
from zhixing.relief.models import ProvinceWage, ReliefApplication


def register(case, applicant, cast, requested="30000.00", **kw):
    return actions.register_application(
        case,
        applicant,
        kw.pop("grounds", "wage"),
        kw.pop("hardship", "家中无收入，子女上学"),
        kw.pop("evidence", ["低保证明", "村委会证明"]),
        Decimal(requested),
        actor=kw.pop("actor", cast.clerk),
        **kw,
    )


@pytest.fixture
def funded(pooled, cast, clock):
    relief_money.fund_relief(pooled.court, Decimal("500000.00"), clock.today, "CZ-1", actor=cast.finance)
    return pooled


def approved(wage_case, applicant, cast, amount="20000.00"):
    app = register(wage_case, applicant, cast)
    return actions.decide(app, True, Decimal(amount), "符合救助条件", actor=cast.president)


def _ledger_clean() -> bool:
    return list(every_entry_balances()) == [] and list(balances_match_legs()) == []


# --- the wage table and the cap -----------------------------------------------------------------


def test_set_wage_creates_then_updates_with_an_audit(db, cast):
    actions.set_wage("冀", 2025, Decimal("8000.00"), actor=CLI, source="统计公报")
    actions.set_wage("冀", 2025, Decimal("8100.00"), actor=cast.admin)
    row = ProvinceWage.objects.get(province="冀", year=2025)
    assert row.monthly == Decimal("8100.00") and row.set_by == cast.admin
    assert AuditEntry.objects.filter(action="relief.wage").count() == 2


@pytest.mark.parametrize(
    ("province", "monthly", "words"),
    [("X", "8000", "省份代字"), ("冀", "0", "大于零"), ("冀", "-1", "大于零")],
)
def test_set_wage_refuses_bad_input_in_chinese(db, province, monthly, words):
    with pytest.raises(ActionError, match=words):
        actions.set_wage(province, 2025, Decimal(monthly), actor=CLI)


def test_only_an_administrator_sets_the_wage(db, cast):
    with pytest.raises(ActionError, match="管理员"):
        actions.set_wage("冀", 2025, Decimal("8000"), actor=cast.president)


def test_cap_is_36_months_and_refused_when_the_wage_is_missing(wage):
    assert actions.cap("冀", 2025, Decimal("1000000")) == Decimal("288000.00")
    assert actions.cap("冀", 2025, Decimal("50000")) == Decimal("50000.00")
    with pytest.raises(ActionError, match="尚未设置河北省2024年度职工月平均工资"):
        actions.cap("冀", 2024, Decimal("50000"))


def test_an_application_uses_the_previous_years_wage_or_the_latest_earlier(db, clock):
    ProvinceWage.objects.create(province="冀", year=2023, monthly=Decimal("7000.00"))
    on = dt.date(clock.today.year + 1, 3, 1)  # the year before it not published
    assert actions.wage_for("冀", on).year == 2023
    ProvinceWage.objects.create(province="冀", year=on.year - 1, monthly=Decimal("9000.00"))
    assert actions.wage_for("冀", on).year == on.year - 1


# --- registration -------------------------------------------------------------------------------


def test_registration_numbers_a_relief_case_and_records_it(wage_case, applicant, cast, clock):
    app = register(wage_case, applicant, cast)
    assert (
        app.case_number == f"（{clock.today.year}）冀96司救执1号" and app.status == ReliefApplication.APPLIED
    )
    assert CaseEvent.objects.filter(case=wage_case, kind=events.RELIEF_APPLIED).exists()
    assert AuditEntry.objects.get(action="relief.apply").detail["number"] == app.case_number


def test_the_second_application_gets_the_next_number(wage_case, applicant, loan_case, loan_applicant, cast):
    register(wage_case, applicant, cast)
    second = register(loan_case, loan_applicant, cast)
    assert second.serial == 2 and second.case_number.endswith("司救执2号")


def test_once_per_applicant_per_case(wage_case, applicant, cast):
    register(wage_case, applicant, cast)
    with pytest.raises(ActionError, match="只能获得一次"):
        register(wage_case, applicant, cast)


def test_after_a_refusal_the_applicant_may_apply_again(wage_case, applicant, cast, wage):
    first = register(wage_case, applicant, cast)
    actions.decide(first, False, note="不符合条件", actor=cast.president)
    again = register(wage_case, applicant, cast)
    assert again.status == ReliefApplication.APPLIED


def test_registration_refuses_a_debtor_and_an_empty_application(wage_case, cast):
    debtor = wage_case.parties.get(role="debtor")
    with pytest.raises(ActionError) as info:
        register(wage_case, debtor, cast, requested="0", hardship=" ", evidence=[])
    text = " ".join(info.value.messages)
    assert "申请执行人" in text and "困难" in text and "证明材料" in text and "申请金额" in text


def test_only_the_filing_division_or_an_officer_registers(wage_case, applicant, cast):
    with pytest.raises(ActionError, match="具名人员"):
        register(wage_case, applicant, cast, actor=CLI)
    for who in (cast.finance, cast.president, cast.outsider):
        with pytest.raises(PermissionDenied):
            register(wage_case, applicant, cast, actor=who)


# --- decision -----------------------------------------------------------------------------------


def test_approval_freezes_the_cap_figures(wage_case, applicant, cast, wage):
    app = approved(wage_case, applicant, cast)
    assert app.status == ReliefApplication.APPROVED and app.amount == Decimal("20000.00")
    assert (app.unexecuted, app.wage_year, app.monthly_wage, app.cap) == (
        Decimal("50000.00"),
        2025,
        Decimal("8000.00"),
        Decimal("50000.00"),
    )
    assert app.decided_by == cast.president
    assert CaseEvent.objects.filter(case=wage_case, kind=events.RELIEF_DECIDED).exists()


def test_approval_above_the_cap_is_refused(wage_case, applicant, cast, wage):
    app = register(wage_case, applicant, cast)
    with pytest.raises(ActionError, match="超过上限"):
        actions.decide(app, True, Decimal("50000.01"), actor=cast.president)


def test_approval_without_a_wage_is_refused(wage_case, applicant, cast):
    app = register(wage_case, applicant, cast)
    with pytest.raises(ActionError, match="尚未设置"):
        actions.decide(app, True, Decimal("1000"), actor=cast.president)


def test_the_registrar_cannot_decide(wage_case, applicant, cast, wage):
    app = register(wage_case, applicant, cast)
    for who in (cast.clerk, cast.officer, cast.finance, cast.outsider):
        with pytest.raises((PermissionDenied, ActionError)):
            actions.decide(app, True, Decimal("1000"), actor=who)


def test_a_president_who_registered_cannot_decide(wage_case, applicant, cast, wage):
    app = register(wage_case, applicant, cast)
    app.registered_by = cast.president  # as if a leader holding a filing role had registered it
    app.save()
    with pytest.raises(ActionError, match="登记救助申请的人"):
        actions.decide(app, True, Decimal("1000"), actor=cast.president)


def test_refusal_needs_a_reason_and_is_final(wage_case, applicant, cast):
    app = register(wage_case, applicant, cast)
    with pytest.raises(ActionError, match="理由"):
        actions.decide(app, False, actor=cast.president)
    actions.decide(app, False, note="可通过诉讼获得赔偿", actor=cast.president)
    with pytest.raises(ActionError, match="已经作出决定"):
        actions.decide(app, True, Decimal("1"), actor=cast.president)


# --- payment and recovery -----------------------------------------------------------------------


def test_payment_moves_relief_into_the_case_account_through_funds(
    wage_case, applicant, cast, wage, funded, clock
):
    app = actions.pay(approved(wage_case, applicant, cast), actor=cast.finance)
    assert app.status == ReliefApplication.PAID and app.paid_on == clock.today
    wage_case.refresh_from_db()
    assert wage_case.realized_amount == 0
    assert funds_queries.available(wage_case) == Decimal("20000.00")
    assert Entry.objects.filter(kind=Entry.RELIEF_GRANT).count() == 1
    assert relief_money.relief_balance(funded.court) == Decimal("480000.00")
    assert _ledger_clean()
    assert CaseEvent.objects.filter(case=wage_case, kind=events.RELIEF_PAID).exists()


def test_only_finance_pays_and_only_once(wage_case, applicant, cast, wage, funded):
    app = approved(wage_case, applicant, cast)
    with pytest.raises(PermissionDenied):
        actions.pay(app, actor=cast.president)
    actions.pay(app, actor=cast.finance)
    with pytest.raises(ActionError, match="已批准"):
        actions.pay(app, actor=cast.finance)


def test_payment_beyond_the_fund_is_refused_and_nothing_changes(wage_case, applicant, cast, wage, pooled):
    app = approved(wage_case, applicant, cast)
    with pytest.raises(Exception, match="余额"):
        actions.pay(app, actor=cast.finance)
    app.refresh_from_db()
    assert app.status == ReliefApplication.APPROVED


def test_recovery_from_what_the_debtor_pays_later(wage_case, applicant, cast, wage, funded, pay_in, clock):
    app = actions.pay(approved(wage_case, applicant, cast), actor=cast.finance)
    assert actions.recoverable_for(app) == 0
    pay_in(wage_case, Decimal("15000.00"), clock.today + dt.timedelta(days=3))
    assert actions.recoverable_for(app) == Decimal("15000.00")
    app = actions.recover(app, Decimal("10000.00"), actor=cast.finance)
    assert app.recovered == Decimal("10000.00")
    assert actions.recoverable_for(app) == Decimal("5000.00")
    app = actions.recover(app, actor=cast.finance)  # the rest
    assert app.recovered == Decimal("15000.00") and actions.recoverable_for(app) == 0
    assert relief_money.relief_balance(funded.court) == Decimal("495000.00")
    assert _ledger_clean()
    assert CaseEvent.objects.filter(case=wage_case, kind=events.RELIEF_RECOVERED).count() == 2


def test_recovery_never_beyond_the_relief(wage_case, applicant, cast, wage, funded, pay_in, clock):
    app = actions.pay(approved(wage_case, applicant, cast, amount="5000.00"), actor=cast.finance)
    pay_in(wage_case, Decimal("30000.00"), clock.today)
    assert actions.recoverable_for(app) == Decimal("5000.00")
    with pytest.raises(ActionError, match="超过可追回金额"):
        actions.recover(app, Decimal("5000.01"), actor=cast.finance)


def test_nothing_to_recover_without_a_later_payment(wage_case, applicant, cast, wage, funded):
    app = actions.pay(approved(wage_case, applicant, cast), actor=cast.finance)
    with pytest.raises(ActionError, match="没有新的到账款"):
        actions.recover(app, actor=cast.finance)
    with pytest.raises(PermissionDenied):
        actions.recover(app, actor=cast.officer)


# --- the yearly figures -------------------------------------------------------------------------


def test_yearly_report_counts_paid_relief_per_court(
    wage_case, applicant, loan_case, loan_applicant, cast, wage, funded, pay_in, clock, courts
):
    a = actions.pay(approved(wage_case, applicant, cast, amount="20000.00"), actor=cast.finance)
    b = register(loan_case, loan_applicant, cast)
    actions.pay(actions.decide(b, True, Decimal("30000.00"), actor=cast.president), actor=cast.finance)
    pay_in(wage_case, Decimal("4000.00"), clock.today)
    actions.recover(a, actor=cast.finance)
    rows = actions.yearly_report(courts.__dict__.values(), clock.today.year)
    assert [(r.court_code, r.count, r.people, r.amount, r.recovered) for r in rows] == [
        ("冀96", 2, 2, Decimal("50000.00"), Decimal("4000.00"))
    ]
    assert actions.yearly_report(courts.__dict__.values(), clock.today.year - 1) == []


def test_no_more_than_what_remains_unexecuted_can_be_asked_for(wage_case, applicant, cast):
    with pytest.raises(ActionError, match="超过未执行到位金额 50,000.00 元"):
        register(wage_case, applicant, cast, requested="50000.01")
    assert not ReliefApplication.objects.exists()
    assert register(wage_case, applicant, cast, requested="50000.00").requested == Decimal("50000.00")


def test_a_case_whose_debtor_is_performing_a_settlement_is_not_one_that_cannot_be_executed(
    wage_case, applicant, cast, clock
):
    from zhixing.relief.actions import settlements

    party_ids = list(wage_case.parties.values_list("pk", flat=True))
    settlements.record_settlement(
        wage_case, agreed_on=clock.today, party_ids=party_ids, agreed_amount=Decimal("30000.00"),
        instalments=[(clock.today + dt.timedelta(days=30), Decimal("30000.00"))], actor=cast.officer,
    )  # fmt: skip
    with pytest.raises(ActionError, match="正在履行执行和解协议"):
        register(wage_case, applicant, cast)
