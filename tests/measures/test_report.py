"""The operation report, the dispatch board and the monthly figures of measures: each figure equals the
rows behind it, and the number of queries does not grow with the rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.measures.ops_world import plan, vehicle
from zhixing.cases.models import Case, Party
from zhixing.credit.models import Listing
from zhixing.funds import actions as funds_actions
from zhixing.funds import matching
from zhixing.measures import actions, queries, rules
from zhixing.measures.models import CoerciveMeasure, Referral


def _measure(case, kind, cast, *, status=CoerciveMeasure.IN_FORCE, decided_on=None, started_at=None, **kw):
    party = case.parties.get(role=Party.DEBTOR)
    return CoerciveMeasure.objects.create(
        case=case,
        kind=kind,
        party=party,
        subject_name=party.name,
        subject_role=rules.PERSON,
        reason="拒不报告财产",
        status=status,
        proposed_by=cast.officer,
        proposed_on=decided_on or timezone.localdate(),
        approved_by=cast.president,
        decided_on=decided_on or timezone.localdate(),
        started_at=started_at,
        **kw,
    )


def _bank_credit(case, pooled, amount, on, txn, actor):
    return funds_actions.receive(
        funds_actions.Incoming(
            pooled_account=pooled.account_number,
            transaction_id=txn,
            channel="bank",
            amount=Decimal(amount),
            booked_on=on,
            sub_account=matching.sub_account_for(pooled.account_number, case.pk),
        ),
        actor=actor,
    )


def _world(courts, cast, file_case, pooled, clock, n, tag="A"):
    """An operation today over n cases: on each a check-in, 1,000.00 cash handed over, a photo, a
    summons carried out, a listing decided, and a bank credit of 200.00; one case closed today."""
    cases = [file_case() for _ in range(n)]
    op = plan(
        courts,
        cast,
        cases[0],
        clock.today,
        targets=[{"case": c, "place": f"地点{i}"} for i, c in enumerate(cases)],
        witnesses=[{"name": "张代表", "kind": "deputy"}, {"name": "李检察官", "kind": "procurator"}],
        equipment=[vehicle(courts, cast)],
    )
    actions.start_operation(op, actor=cast.officer)
    actions.mark_witness(op.witnesses.first(), True, actor=cast.officer)
    for i, case in enumerate(cases):
        actions.check_in(op, actor=cast.officer, case=case)
        cash = actions.take_cash(
            op,
            case,
            Decimal("1000.00"),
            f"XJ-{tag}{i}",
            "交款人",
            [cast.officer, cast.officer2],
            actor=cast.officer,
        )
        actions.hand_over_cash(cash, actor=cast.finance)
        actions.add_evidence(
            case,
            f"photo {i} {timezone.now().isoformat()} {id(case)}".encode(),
            actor=cast.officer,
            kind="photo",
            title="照片",
            original_name="a.jpg",
            content_type="image/jpeg",
            taken_at=timezone.now(),
            operation=op,
        )
        _measure(case, rules.SUMMONS, cast, started_at=timezone.now())
        party = case.parties.get(role=Party.DEBTOR)
        Listing.objects.create(
            case=case,
            party=party,
            ground=1,
            status=Listing.DECIDED,
            proposed_on=clock.today,
            decided_on=clock.today,
        )
        _bank_credit(case, pooled, "200.00", clock.today, f"B-{case.pk}", cast.finance)
        # Money booked the day before the operation is not the operation's.
        _bank_credit(case, pooled, "50.00", clock.today - dt.timedelta(days=1), f"Y-{case.pk}", cast.finance)
    Case.objects.filter(pk=cases[0].pk).update(closed_on=clock.today, closure_method="completed")
    actions.close_operation(op, actor=cast.officer, outcomes={cases[0].pk: "全部履行"})
    return op, cases


def test_report_figures_equal_their_rows(courts, cast, file_case, pooled, clock):
    op, cases = _world(courts, cast, file_case, pooled, clock, 2)
    report = queries.operation_report(op)
    assert report.first_day == report.last_day == clock.today
    assert report.cases == 2 and len(report.rows) == 2
    assert report.cases_closed == 1 and report.rows[0].closed and report.rows[0].outcome == "全部履行"
    assert [r.field_cash for r in report.rows] == [Decimal("1000.00")] * 2
    # The cash handed over is a receipt too: counted once, as field cash.
    assert [r.receipts for r in report.rows] == [Decimal("200.00")] * 2
    assert report.money_recovered == Decimal("2400.00") == sum(r.recovered for r in report.rows)
    assert report.summoned == 2 == sum(r.summoned for r in report.rows)
    assert report.detained == 0
    assert report.listed == 2
    assert report.records == 4 == sum(r.records for r in report.rows)  # a check-in and a cash record each
    assert report.evidence == 2
    assert len(report.witnesses) == 2 and report.witnesses_attended == 1


def _count(fn, *args) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn(*args)
    return len(ctx.captured_queries)


def test_report_and_board_queries_do_not_grow_with_rows(courts, cast, file_case, pooled, clock):
    one, _cases = _world(courts, cast, file_case, pooled, clock, 1)
    small_report = _count(queries.operation_report, one)
    small_board = _count(queries.board, courts.xiongan, clock.today)
    three, _more = _world(courts, cast, file_case, pooled, clock, 3, "B")
    assert _count(queries.operation_report, three) == small_report
    assert _count(queries.board, courts.xiongan, clock.today) == small_board


def test_board_of_the_day(courts, cast, person_case, pooled, clock):
    car = vehicle(courts, cast)
    spare = vehicle(courts, cast, "冀A·J0002", "二号车")
    op = plan(courts, cast, person_case, clock.today, equipment=[car])
    plan(courts, cast, person_case, clock.today + dt.timedelta(days=1), name="明日行动")
    actions.set_duty(courts.xiongan, cast.officer2, clock.today, "officer", actor=cast.command)
    actions.start_operation(op, actor=cast.officer)
    actions.check_in(op, actor=cast.officer, place="第一站")
    clock.move_to(clock.today, 11)
    last = actions.check_in(op, actor=cast.officer2, case=person_case)
    cash = actions.take_cash(
        op,
        person_case,
        Decimal("300.00"),
        "XJ-9",
        "赵某某",
        [cast.officer, cast.officer2],
        actor=cast.officer,
    )
    board = queries.board(courts.high, clock.today)
    assert [b.operation.name for b in board.operations] == ["集中执行行动"]
    today_op = board.operations[0]
    assert {m.user for m in today_op.members} == {cast.officer, cast.officer2}
    assert [b.equipment for b in today_op.bookings] == [car]
    assert today_op.last_check_in == last and len(today_op.check_ins) == 2
    rows = {r.equipment: r for r in board.equipment}
    assert rows[car].booked and not rows[spare].booked
    assert [d.user for d in board.duty] == [cast.officer2]
    assert board.cash_awaiting == [cash] and board.overdue_cash() == []
    assert queries.board(courts.xiongan, clock.today + dt.timedelta(days=1)).cash_awaiting == [cash]
    later = queries.board(courts.xiongan, clock.today + dt.timedelta(days=1))
    assert later.overdue_cash() == [cash]
    assert queries.board(courts.shijiazhuang, clock.today).operations == []


def test_monthly_measures_per_court(courts, cast, person_case, file_case, clock):
    below = file_case(court=courts.xiongxian, handler=None)
    nov = dt.date(2026, 11, 10)
    _measure(
        person_case,
        rules.FINE,
        cast,
        decided_on=nov,
        amount=Decimal("5000.00"),
        paid_amount=Decimal("2000.00"),
    )
    _measure(
        person_case, rules.FINE, cast, decided_on=nov, amount=Decimal("3000.00"), status=CoerciveMeasure.ENDED
    )
    _measure(
        person_case, rules.FINE, cast, decided_on=nov, amount=Decimal("9.00"), status=CoerciveMeasure.REFUSED
    )
    _measure(person_case, rules.DETENTION, cast, decided_on=nov, days=15)
    _measure(below, rules.DETENTION, cast, decided_on=nov, days=5)
    _measure(below, rules.SUMMONS, cast, decided_on=nov)
    _measure(below, rules.SEARCH, cast, decided_on=nov)
    _measure(person_case, rules.EXIT_BAN, cast, decided_on=nov)
    _measure(person_case, rules.REWARD, cast, decided_on=nov, amount=Decimal("1000.00"))
    _measure(person_case, rules.SUMMONS, cast, decided_on=dt.date(2026, 10, 31))  # not November's
    party = person_case.parties.get(role=Party.DEBTOR)
    for sent_on, status in (
        (nov, Referral.SENT),
        (dt.date(2026, 11, 30), Referral.FILED),
        (dt.date(2026, 9, 1), Referral.CONVICTED),
        (dt.date(2026, 12, 1), Referral.SENT),
        (None, Referral.DRAFTED),
    ):
        Referral.objects.create(
            case=person_case,
            party=party,
            suspects=party.name,
            crime=rules.REFUSAL,
            facts="隐匿财产",
            status=status,
            drafted_by=cast.officer,
            drafted_on=dt.date(2026, 8, 1),
            police_unit="雄安新区公安局",
            sent_on=sent_on,
        )
    report = queries.monthly_measures(courts.xiongan, dt.date(2026, 11, 1))
    assert (report.month_start, report.month_end) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert [r.court_code for r in report.rows] == ["冀96", "冀9601"]
    mid, basic = report.rows
    assert (mid.fines, mid.fine_amount, mid.fine_paid) == (2, Decimal("8000.00"), Decimal("2000.00"))
    assert (mid.detentions, mid.detention_days, basic.detentions, basic.detention_days) == (1, 15, 1, 5)
    assert (mid.summons, basic.summons, basic.searches, mid.exit_bans, mid.rewards) == (0, 1, 1, 1, 1)
    assert mid.referrals_sent == 2
    assert mid.referral_statuses == {"sent": 1, "filed": 1, "convicted": 1}
    total = report.total
    assert (total.fines, total.detentions, total.detention_days, total.summons) == (2, 2, 20, 1)
    assert total.referrals_sent == 2 and total.referral_statuses == mid.referral_statuses
    assert ("filed", "公安已立案") in report.statuses and all(c != "drafted" for c, _l in report.statuses)
    with CaptureQueriesContext(connection) as ctx:
        queries.monthly_measures(courts.high, dt.date(2026, 11, 15))
    assert len(ctx.captured_queries) <= 5
