"""The reference price (rules §8 "Reference price", 法释〔2018〕15号): the methods in the legal order,
each with its clock; the parties' objection and its ruling; the valuation period excluded from the
execution period (rules §3.1.5). Network inquiry here without platform processes: the platforms are
unreachable (their asks fail) or their reports arrive as pushed messages (receive_price_report); the
real processes are in test_network_inquiry.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import CaseEvent, ExcludedPeriod
from zhixing.core.models import AuditEntry
from zhixing.disposal import actions, events, rules
from zhixing.disposal.actions.prices import inquiry_id
from zhixing.disposal.actors import DISPOSAL_SCAN, PLATFORM
from zhixing.disposal.models import Disposal, PriceProcedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def disposal(seal, cast):
    return actions.start_disposal(seal, actor=cast.officer)


def _periods(case):
    return list(ExcludedPeriod.objects.filter(case=case, kind="valuation").order_by("id"))


def test_agreement_sets_the_price_at_once(disposal, cast, clock):
    procedure = actions.start_price(disposal, rules.AGREEMENT, actor=cast.officer)
    assert procedure.due_on is None and procedure.status == PriceProcedure.OPEN
    (period,) = _periods(disposal.case)
    assert period.start_on == clock.today and period.end_on is None
    procedure = actions.record_agreement(procedure, "1050000", actor=cast.officer)
    assert procedure.status == PriceProcedure.DONE and procedure.price == Decimal("1050000.00")
    assert procedure.objection_due_on is None  # the parties' own price: no objection window
    disposal.refresh_from_db()
    assert (disposal.reference_price, disposal.reference_method, disposal.reference_on) == (
        Decimal("1050000.00"),
        rules.AGREEMENT,
        clock.today,
    )
    assert disposal.status == Disposal.AUCTION
    (period,) = _periods(disposal.case)
    assert period.end_on == clock.today
    kinds = set(CaseEvent.objects.filter(case=disposal.case).values_list("kind", flat=True))
    assert {events.PRICE_STARTED, events.PRICE_SET} <= kinds
    assert AuditEntry.objects.filter(action="disposal.price_set").count() == 1
    with pytest.raises(ActionError):  # the price is set: no further procedure
        actions.start_price(disposal, rules.VALUATION, actor=cast.officer)


def test_method_order(disposal, cast):
    with pytest.raises(ActionError):
        actions.start_price(disposal, "auction", actor=cast.officer)
    with pytest.raises(ActionError):  # valuation required by law or asked by both: nothing else
        actions.start_price(disposal, rules.DIRECTED, actor=cast.officer, valuation_required=True)
    directed = actions.start_price(disposal, rules.DIRECTED, actor=cast.officer)
    with pytest.raises(ActionError):  # one procedure at a time
        actions.start_price(disposal, rules.NETWORK, actor=cast.officer)
    with pytest.raises(ActionError):  # a directed inquiry's answer is not an agreement
        actions.record_agreement(directed, "1", actor=cast.officer)
    with pytest.raises(ActionError):
        actions.fail_procedure(directed, " ", actor=cast.officer)
    actions.fail_procedure(directed, "无计税基准价", actor=cast.officer)
    with pytest.raises(ActionError):  # never back to an earlier method
        actions.start_price(disposal, rules.AGREEMENT, actor=cast.officer)
    with pytest.raises(ActionError):
        actions.start_price(disposal, rules.DIRECTED, actor=cast.officer)
    valuation = actions.start_price(disposal, rules.VALUATION, actor=cast.officer)  # network skipped
    assert valuation.method == rules.VALUATION
    # One valuation period runs across both procedures.
    assert len(_periods(disposal.case)) == 1


def test_outsider_and_clerk_refused(disposal, cast):
    for who in (cast.outsider, cast.clerk):
        with pytest.raises(PermissionDenied):
            actions.start_price(disposal, rules.AGREEMENT, actor=who)


def test_directed_report_due_and_objection_upheld(disposal, cast, clock):
    procedure = actions.start_price(disposal, rules.DIRECTED, actor=cast.officer)
    assert procedure.due_on == rules.report_due(clock.today, 3).on
    with pytest.raises(ActionError):
        actions.record_report(procedure, "", "900000", actor=cast.officer)
    with pytest.raises(ActionError):
        actions.record_report(procedure, "雄安新区税务局", "0", actor=cast.officer)
    procedure = actions.record_report(procedure, "雄安新区税务局", "900000.00", actor=cast.officer)
    assert procedure.objection_due_on == rules.report_due(clock.today, 5).on
    with pytest.raises(ActionError):  # nothing to rule on yet
        actions.rule_price_objection(procedure, True, actor=cast.judge)
    procedure = actions.object_price(procedure, "赵某某", "参考价明显偏低", actor=cast.officer)
    with pytest.raises(PermissionDenied):  # an officer does not rule on objections
        actions.rule_price_objection(procedure, True, actor=cast.officer)
    procedure = actions.rule_price_objection(procedure, True, actor=cast.judge)
    assert procedure.status == PriceProcedure.FAILED and procedure.objection_ruling == PriceProcedure.UPHELD
    disposal.refresh_from_db()
    assert disposal.reference_price is None and disposal.status == Disposal.PRICING
    # The next method runs, and a new valuation period with it.
    valuation = actions.start_price(disposal, rules.VALUATION, actor=cast.officer)
    first, second = _periods(disposal.case)
    assert first.end_on == clock.today and second.end_on is None
    actions.record_report(valuation, "河北某资产评估有限公司", "1100000", actor=cast.officer)
    disposal.refresh_from_db()
    assert disposal.reference_price == Decimal("1100000.00") and disposal.reference_method == rules.VALUATION
    rulings = CaseEvent.objects.filter(case=disposal.case, kind=events.PRICE_OBJECTION).values_list(
        "data", flat=True
    )
    assert [d["ruling"] for d in rulings] == ["待处理", "异议成立"]


def test_objection_rejected_and_late(disposal, cast, clock):
    procedure = actions.start_price(disposal, rules.DIRECTED, actor=cast.officer)
    procedure = actions.record_report(procedure, "雄安新区税务局", "900000", actor=cast.officer)
    procedure = actions.object_price(procedure, "王申请", "偏高", actor=cast.officer)
    with pytest.raises(ActionError):
        actions.object_price(procedure, "赵某某", "偏低", actor=cast.officer)
    procedure = actions.rule_price_objection(procedure, False, actor=cast.president)
    assert procedure.status == PriceProcedure.DONE
    disposal.refresh_from_db()
    assert disposal.reference_price == Decimal("900000.00")


def test_objection_after_the_window(disposal, cast, clock):
    procedure = actions.start_price(disposal, rules.DIRECTED, actor=cast.officer)
    procedure = actions.record_report(procedure, "雄安新区税务局", "900000", actor=cast.officer)
    clock.move_to(procedure.objection_due_on + dt.timedelta(days=1))
    with pytest.raises(ActionError):
        actions.object_price(procedure, "赵某某", "偏低", actor=cast.officer)


def test_valuation_time_is_excluded(disposal, cast, clock):
    case = disposal.case
    before = case.statutory_due_on
    procedure = actions.start_price(disposal, rules.VALUATION, actor=cast.officer)
    assert procedure.due_on == rules.report_due(clock.today, 30).on
    clock.move_to(clock.today + dt.timedelta(days=20))
    actions.record_report(procedure, "河北某资产评估有限公司", "1180000", actor=cast.officer)
    (period,) = _periods(case)
    assert (period.end_on - period.start_on).days == 20
    case.refresh_from_db()
    assert case.excluded_days >= 20 and case.statutory_due_on > before


def test_network_without_any_report_fails_to_valuation(disposal, cast, clock, platforms):
    procedure = actions.start_price(disposal, rules.NETWORK, actor=cast.officer)
    reports = list(procedure.reports.order_by("platform__code"))
    assert [r.platform.code for r in reports] == ["JD", "RMFYSSZC", "TAOBAO"]
    assert all(r.due_on == rules.report_due(clock.today).on for r in reports)
    assert all(r.reason.startswith("询价请求未送达") for r in reports)  # the platforms are down
    assert actions.collect_reports(procedure, actor=cast.officer).status == PriceProcedure.OPEN
    clock.move_to(reports[0].due_on + dt.timedelta(days=1))
    assert actions.collect_open_reports(actor=DISPOSAL_SCAN) == 1
    procedure.refresh_from_db()
    assert procedure.status == PriceProcedure.FAILED
    assert all(not r.valid and r.reason == "未在期限内出具询价报告" for r in procedure.reports.all())
    actions.start_price(disposal, rules.VALUATION, actor=cast.officer)


def test_network_reports_pushed_average_the_valid(disposal, cast, clock, platforms):
    procedure = actions.start_price(disposal, rules.NETWORK, actor=cast.officer)
    by_code = {r.platform.code: r for r in procedure.reports.select_related("platform")}

    def push(code, price, valid=True, reason=""):
        report = by_code[code]
        body = {
            "message_id": f"P-{code}-1",
            "kind": "price_report",
            "inquiry_id": inquiry_id(report),
            "price": price,
            "valid": valid,
            "reason": reason,
        }
        platform = next(p for p in platforms if p.code == code)
        return actions.receive_price_report(platform, body, actor=PLATFORM)

    # A platform cannot report on another's inquiry.
    assert actions.receive_price_report(platforms[0], {"inquiry_id": inquiry_id(by_code["JD"])}) is None
    assert AuditEntry.objects.filter(action="disposal.refuse_message").count() == 1
    push("TAOBAO", "1176000.00")
    push("JD", "1200000.00")
    procedure.refresh_from_db()
    assert procedure.status == PriceProcedure.OPEN  # one platform still within its 3 days
    push("RMFYSSZC", None, valid=False, reason="无可比交易数据")
    procedure.refresh_from_db()
    assert procedure.status == PriceProcedure.DONE
    assert procedure.price == rules.network_price([Decimal("1176000.00"), Decimal("1200000.00")])
    assert procedure.price == Decimal("1188000.00")
    disposal.refresh_from_db()
    assert disposal.reference_price == Decimal("1188000.00") and disposal.reference_method == rules.NETWORK
    assert push("JD", "1.00").price == Decimal("1200000.00")  # too late, changes nothing
