"""Distribution of a sold flat's proceeds among the debtor's creditors (rules §5.15, §3.2): the plan in
the legal order (costs, priority claims, ordinary claims by seizure date), the 15-day objection window,
the ruling on an objection by a judge who is not the handler, the plan made final only after the window
with nothing pending, and the payout: each creditor case's share moved into its own account and a
payout requested for it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.conftest import APPLICANT_ID
from tests.disposal.conftest import DEBTOR_ID
from tests.funds.conftest import receive
from zhixing.cases import actions as case_actions
from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import Case, CaseEvent, Node, Party
from zhixing.disposal import actions, rules
from zhixing.disposal.models import Disposal, Distribution
from zhixing.documents.models import Document
from zhixing.funds import actions as funds_actions
from zhixing.funds.models import LedgerAccount, Payout, Receipt
from zhixing.inquiry import rules as inquiry_rules
from zhixing.inquiry.models import Asset, Measure

PRICE = Decimal("600000.00")
D = Decimal


@pytest.fixture
def pooled(courts, cast):
    return funds_actions.open_pooled_account(courts.xiongan, actor=cast.finance)


def seize(case, asset, start: dt.date, position: int, cast, n: int) -> Measure:
    return Measure.objects.create(
        case=case,
        asset=asset,
        kind=inquiry_rules.SEAL,
        days=3 * 365,
        start=start,
        expiry=start + dt.timedelta(days=3 * 365 - 1),
        position=position,
        status=Measure.ACTIVE,
        measure_id=f"XAREG-M-{n:04d}",
        document_number=f"{case.case_number}之{n}",
        document_sha256="0" * 64,
        officer=cast.officer,
        created_at=timezone.now(),
    )


@pytest.fixture
def creditor(file_case, flat, cast):
    """creditor(applied, seized_on, position, name): another case of 冀96 against the same debtor,
    holding its own (queued) seal on the same flat as the registry knows it."""
    made = iter(range(2, 20))

    def _make(applied: str, seized_on: dt.date, position: int, name: str):
        case = file_case(
            applied_amount=D(applied),
            parties=[
                case_actions.PartyInput(Party.APPLICANT, name, APPLICANT_ID),
                case_actions.PartyInput(Party.DEBTOR, "赵某某", DEBTOR_ID),
            ],
            cause="民间借贷纠纷",
        )
        debtor = case.parties.get(role=Party.DEBTOR)
        asset = Asset.objects.create(
            case=case,
            party=debtor,
            institution=flat.institution,
            type=flat.type,
            asset_id=flat.asset_id,
            description=flat.description,
            account=flat.account,
            value=flat.value,
            found_at=flat.found_at,
            last_seen=flat.last_seen,
        )
        seize(case, asset, seized_on, position, cast, next(made))
        return case

    return _make


@pytest.fixture
def sold(money_case, flat, cast, pooled, clock):
    """The flat sealed by the money case on 2026-07-01, sold for 600,000.00, all of it paid by the
    platform into the case account."""
    seal = seize(money_case, flat, dt.date(2026, 7, 1), 1, cast, 1)
    disposal = Disposal.objects.create(
        case=money_case,
        asset=flat,
        measure=seal,
        kind=rules.REAL_ESTATE,
        description=flat.description,
        seized_on=seal.start,
        reference_due_on=seal.start + dt.timedelta(days=30),
        status=Disposal.SOLD,
        price=PRICE,
        buyer_name="孙买受",
        officer=cast.officer,
        created_at=timezone.now(),
    )
    receive(pooled, "AUC-DEP", "120000.00", clock.today, money_case, channel=Receipt.AUCTION)
    receive(pooled, "AUC-BAL", "480000.00", clock.today, money_case, channel=Receipt.AUCTION)
    return disposal


def balance(case) -> Decimal:
    acc = LedgerAccount.objects.filter(case=case).first()
    return acc.balance if acc else D("0.00")


def shares(distribution) -> list[tuple[str, str, Decimal]]:
    return [(line.category, line.creditor, line.share) for line in distribution.lines.all()]


def payees(distribution) -> dict:
    return {
        line.pk: actions.Payee(f"{line.creditor}", f"62220202001122{line.order:05d}", "工商银行", True)
        for line in distribution.lines.all()
        if line.category != rules.COSTS
    }


def to_final(distribution, cast, clock):
    distribution = actions.notify_distribution(distribution, actor=cast.officer)
    clock.move_to(distribution.objection_due_on + dt.timedelta(days=1))
    return actions.finalise_distribution(distribution, actor=cast.judge)


def test_two_creditors_are_paid_costs_first_then_by_seizure_date(sold, money_case, creditor, cast, clock):
    # The other case sealed the flat first (2026-06-01): it is paid in full before the disposal's case.
    other = creditor("300000.00", dt.date(2026, 6, 1), 1, "钱债权")
    plan = actions.draw_distribution(sold, actor=cast.officer, costs=D("10000.00"))
    assert plan.status == Distribution.DRAFT and plan.proceeds == PRICE
    assert shares(plan) == [
        (rules.COSTS, "执行费用", D("10000.00")),
        (rules.ORDINARY, "钱债权", D("300000.00")),
        (rules.ORDINARY, "王申请", D("290000.00")),
    ]
    assert [line.case_id for line in plan.lines.all()] == [None, other.pk, money_case.pk]
    assert CaseEvent.objects.filter(case=money_case, kind="distribution_drawn").count() == 1

    plan = to_final(plan, cast, clock)
    plan = actions.pay_distribution(plan, actor=cast.officer, payees=payees(plan))
    assert plan.status == Distribution.PAID
    # The other case's share moved into its own account; costs stay in the disposal case's account.
    assert balance(other) == D("300000.00")
    assert balance(money_case) == D("300000.00")
    other.refresh_from_db()
    money_case.refresh_from_db()
    assert other.realized_amount == D("300000.00")
    assert money_case.realized_amount == D("300000.00")
    asked = {(p.case_id, p.amount) for p in Payout.objects.all()}
    assert asked == {(other.pk, D("300000.00")), (money_case.pk, D("290000.00"))}
    assert all(p.status == Payout.REQUESTED for p in Payout.objects.all())
    assert [line.transferred for line in plan.lines.all()] == [False, True, False]
    assert Node.objects.filter(case=money_case, kind__code="proceeds_payout", done_on=clock.today).exists()
    assert CaseEvent.objects.filter(case=other, kind="distribution_share").count() == 1


def test_three_creditors_with_a_priority_claim(sold, money_case, creditor, cast, clock):
    early = creditor("300000.00", dt.date(2026, 6, 1), 1, "钱债权")
    late = creditor("100000.00", dt.date(2026, 8, 1), 3, "孙债权")
    plan = actions.draw_distribution(
        sold,
        actor=cast.officer,
        costs=D("5000.00"),
        priority=[(None, "雄安某银行", D("200000.00"), "抵押权（冀(2024)雄安新区不动产证明第0000042号）")],
    )
    assert shares(plan) == [
        (rules.COSTS, "执行费用", D("5000.00")),
        (rules.PRIORITY, "雄安某银行", D("200000.00")),
        (rules.ORDINARY, "钱债权", D("300000.00")),  # sealed 2026-06-01
        (rules.ORDINARY, "王申请", D("95000.00")),  # sealed 2026-07-01: what is left
        (rules.ORDINARY, "孙债权", D("0.00")),  # sealed 2026-08-01: nothing reaches it
    ]
    plan = to_final(plan, cast, clock)
    plan = actions.pay_distribution(plan, actor=cast.officer, payees=payees(plan))
    asked = sorted((p.case_id, p.payee_name, p.amount) for p in Payout.objects.all())
    assert asked == sorted(
        [
            (money_case.pk, "雄安某银行", D("200000.00")),
            (early.pk, "钱债权", D("300000.00")),
            (money_case.pk, "王申请", D("95000.00")),
        ]
    )
    assert balance(late) == 0 and balance(early) == D("300000.00")
    assert balance(money_case) == D("300000.00")  # 200,000 + 95,000 asked for, 5,000 of costs kept


def test_no_plan_when_the_proceeds_cover_every_claim(sold, creditor, cast):
    creditor("50000.00", dt.date(2026, 6, 1), 1, "钱债权")
    with pytest.raises(ActionError, match="足以清偿"):
        actions.draw_distribution(sold, actor=cast.officer, costs=D("0"), priority=[])
    # The money case's claim is 500,000.00: 550,000 + 60,000 of costs exceed 600,000.
    assert actions.draw_distribution(sold, actor=cast.officer, costs=D("60000.00")).lines.count() == 3


def test_the_objection_window_is_fifteen_days_and_bounds_objections_and_finalising(
    sold, creditor, cast, clock
):
    creditor("300000.00", dt.date(2026, 6, 1), 1, "钱债权")
    plan = actions.draw_distribution(sold, actor=cast.officer, costs=D("10000.00"))
    with pytest.raises(ActionError, match="送达"):
        actions.finalise_distribution(plan, actor=cast.judge)
    plan = actions.notify_distribution(plan, actor=cast.officer)
    assert plan.status == Distribution.NOTIFIED and plan.notified_on == clock.today
    assert plan.objection_due_on == rules.objection_due(clock.today).on
    assert plan.objection_due_on >= clock.today + dt.timedelta(days=rules.OBJECTION_DAYS)
    assert Document.objects.filter(case=plan.case, kind="distribution_plan").count() == 1
    with pytest.raises(ActionError, match="届满"):
        actions.finalise_distribution(plan, actor=cast.judge)
    clock.move_to(plan.objection_due_on)  # the last day: still open
    with pytest.raises(ActionError, match="届满"):
        actions.finalise_distribution(plan, actor=cast.judge)
    actions.object_distribution(plan, "钱债权", "执行费用计算有误", actor=cast.officer)
    clock.move_to(plan.objection_due_on + dt.timedelta(days=1))
    with pytest.raises(ActionError, match="届满"):
        actions.object_distribution(plan, "王申请", "逾期异议", actor=cast.officer)
    with pytest.raises(ActionError, match="未处理的异议"):
        actions.finalise_distribution(plan, actor=cast.judge)


def test_the_handler_cannot_rule_on_an_objection_and_a_rejected_one_lets_the_plan_become_final(
    sold, creditor, cast, clock
):
    creditor("300000.00", dt.date(2026, 6, 1), 1, "钱债权")
    plan = actions.notify_distribution(
        actions.draw_distribution(sold, actor=cast.officer, costs=D("10000.00")), actor=cast.officer
    )
    objection = actions.object_distribution(plan, "钱债权", "查封顺序有误", actor=cast.officer)
    plan.refresh_from_db()
    assert plan.status == Distribution.OBJECTED
    # The handler is an officer: ruling is no officer's; and a judge handling the case may not rule either.
    with pytest.raises(PermissionDenied):
        actions.rule_distribution_objection(objection, False, actor=cast.officer)
    with pytest.raises(PermissionDenied):
        actions.finalise_distribution(plan, actor=cast.officer)
    Case.objects.filter(pk=plan.case_id).update(handler=cast.judge)
    with pytest.raises(ActionError, match="承办人"):
        actions.rule_distribution_objection(objection, False, actor=cast.judge)
    objection = actions.rule_distribution_objection(objection, False, actor=cast.president)
    assert objection.upheld is False and objection.decided_by == cast.president
    plan.refresh_from_db()
    assert plan.status == Distribution.NOTIFIED
    with pytest.raises(ActionError, match="已处理"):
        actions.rule_distribution_objection(objection, True, actor=cast.president)
    clock.move_to(plan.objection_due_on + dt.timedelta(days=1))
    with pytest.raises(ActionError, match="承办人"):
        actions.finalise_distribution(plan, actor=cast.judge)
    clock.move_to(plan.objection_due_on + dt.timedelta(days=1))
    assert actions.finalise_distribution(plan, actor=cast.president).status == Distribution.FINAL


def test_an_upheld_objection_sends_the_plan_back_to_be_redrawn(sold, creditor, cast, clock):
    creditor("300000.00", dt.date(2026, 6, 1), 1, "钱债权")
    plan = actions.notify_distribution(
        actions.draw_distribution(sold, actor=cast.officer, costs=D("10000.00")), actor=cast.officer
    )
    objection = actions.object_distribution(plan, "钱债权", "执行费用过高", actor=cast.officer)
    actions.rule_distribution_objection(objection, True, actor=cast.judge)
    plan.refresh_from_db()
    assert plan.status == Distribution.DRAFT
    plan = actions.draw_distribution(sold, actor=cast.officer, costs=D("4000.00"))
    assert plan.status == Distribution.DRAFT and plan.notified_on is None
    assert shares(plan)[0] == (rules.COSTS, "执行费用", D("4000.00"))
    assert shares(plan)[-1][2] == D("296000.00")


def test_paying_needs_a_final_plan_and_every_creditors_account(sold, creditor, cast, clock):
    creditor("300000.00", dt.date(2026, 6, 1), 1, "钱债权")
    plan = actions.draw_distribution(sold, actor=cast.officer, costs=D("10000.00"))
    with pytest.raises(ActionError, match="确定后"):
        actions.pay_distribution(plan, actor=cast.officer, payees=payees(plan))
    plan = to_final(plan, cast, clock)
    some = dict(list(payees(plan).items())[:1])
    with pytest.raises(ActionError, match="收款账户"):
        actions.pay_distribution(plan, actor=cast.officer, payees=some)
    assert Payout.objects.count() == 0 and balance(sold.case) == PRICE
