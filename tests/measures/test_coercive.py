"""Coercive measures end to end (rules §6.13–6.16): proposed by the handler, decided by the president
or a judge with the document issued, carried out with their clocks, ended for the reasons the law
allows; obstructions met; nothing identifying leaks into the case's events or the audit log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import CaseEvent, Node
from zhixing.core.models import AuditEntry
from zhixing.measures import actions, rules
from zhixing.measures.actions import obstructions
from zhixing.measures.models import CoerciveMeasure

from .conftest import DEBTOR_ID


def approved(case, kind, party, cast, **kw):
    kw.setdefault("reason", "拒不报告财产")
    m = actions.propose_measure(case, kind, party, actor=cast.officer, **kw)
    return actions.decide_measure(m, True, actor=cast.president)


def test_summons_questioning_clock_8_hours_and_24_when_detention_may_follow(person_case, debtor, cast, clock):
    m = approved(person_case, rules.SUMMONS, debtor, cast)
    assert m.status == CoerciveMeasure.APPROVED and m.document.kind == "summons_warrant"
    start = timezone.now()
    m = actions.carry_out(m, actor=cast.officer, at=start)
    assert m.status == CoerciveMeasure.IN_FORCE and m.ends_by == start + dt.timedelta(hours=8)
    clock.move_to(clock.today, 20)
    with pytest.raises(ActionError, match="8小时"):
        actions.end_measure(
            m, rules.QUESTIONED, actor=cast.officer, at=start + dt.timedelta(hours=8, minutes=1)
        )
    m = actions.end_measure(m, rules.QUESTIONED, actor=cast.officer, at=start + dt.timedelta(hours=8))
    assert m.status == CoerciveMeasure.ENDED and m.end_reason == rules.QUESTIONED

    m2 = approved(person_case, rules.SUMMONS, debtor, cast, detention_may_follow=True)
    m2 = actions.carry_out(m2, actor=cast.officer, at=start)
    assert m2.ends_by == start + dt.timedelta(hours=24)


def test_a_judge_approves_a_summons_but_only_the_president_a_fine_detention_or_search(
    person_case, debtor, cast
):
    s = actions.propose_measure(person_case, rules.SUMMONS, debtor, actor=cast.officer, reason="下落不明")
    assert actions.decide_measure(s, True, actor=cast.judge).status == CoerciveMeasure.APPROVED
    for kind, extra in (
        (rules.FINE, {"amount": Decimal("1000")}),
        (rules.DETENTION, {"days": 5}),
        (rules.SEARCH, {"place": "雄安新区某小区1号"}),
    ):
        m = actions.propose_measure(person_case, kind, debtor, actor=cast.officer, reason="隐匿财产", **extra)
        with pytest.raises(PermissionDenied):
            actions.decide_measure(m, True, actor=cast.judge)
        assert actions.decide_measure(m, True, actor=cast.president).document is not None


def test_the_proposer_cannot_approve_and_an_outsider_cannot_propose(person_case, debtor, cast):
    with pytest.raises(PermissionDenied):
        actions.propose_measure(person_case, rules.SUMMONS, debtor, actor=cast.outsider, reason="x")
    m = actions.propose_measure(person_case, rules.SUMMONS, debtor, actor=cast.judge, reason="下落不明")
    with pytest.raises(ActionError, match="提请人"):
        actions.decide_measure(m, True, actor=cast.judge)


def test_refusal_needs_a_reason_and_ends_the_measure(person_case, debtor, cast):
    m = actions.propose_measure(
        person_case, rules.FINE, debtor, actor=cast.officer, reason="x", amount=Decimal("500")
    )
    with pytest.raises(ActionError, match="理由"):
        actions.decide_measure(m, False, actor=cast.president)
    m = actions.decide_measure(m, False, actor=cast.president, note="证据不足")
    assert m.status == CoerciveMeasure.REFUSED and m.document is None
    with pytest.raises(ActionError):
        actions.carry_out(m, actor=cast.officer)


def test_fine_limits_person_and_unit(person_case, debtor, unit_case, unit_debtor, cast):
    with pytest.raises(ActionError, match="十万元"):
        actions.propose_measure(
            person_case, rules.FINE, debtor, actor=cast.officer, reason="x", amount=Decimal("100000.01")
        )
    assert actions.propose_measure(
        person_case, rules.FINE, debtor, actor=cast.officer, reason="x", amount=Decimal("100000")
    ).amount == Decimal("100000")
    with pytest.raises(ActionError, match="五万元"):
        actions.propose_measure(
            unit_case, rules.FINE, unit_debtor, actor=cast.officer, reason="x", amount=Decimal("49999.99")
        )
    unit = actions.propose_measure(
        unit_case, rules.FINE, unit_debtor, actor=cast.officer, reason="x", amount=Decimal("50000")
    )
    assert unit.is_unit and unit.subject_name == unit_debtor.name
    # Its legal representative is fined as a person: within a person's range, named.
    with pytest.raises(ActionError, match="姓名"):
        actions.propose_measure(
            unit_case,
            rules.FINE,
            unit_debtor,
            actor=cast.officer,
            reason="x",
            amount=Decimal("1000"),
            subject_role=rules.LEGAL_REP,
        )
    rep = actions.propose_measure(
        unit_case,
        rules.FINE,
        unit_debtor,
        actor=cast.officer,
        reason="x",
        amount=Decimal("1000"),
        subject_role=rules.LEGAL_REP,
        subject_name="孙法代",
    )
    assert not rep.is_unit and rep.subject_name == "孙法代"
    with pytest.raises(ActionError, match="金额"):
        actions.propose_measure(person_case, rules.FINE, debtor, actor=cast.officer, reason="x")


def test_detention_days_and_never_the_unit_itself(person_case, debtor, unit_case, unit_debtor, cast, clock):
    for days in (0, 16):
        with pytest.raises(ActionError, match="十五日"):
            actions.propose_measure(
                person_case, rules.DETENTION, debtor, actor=cast.officer, reason="x", days=days
            )
    with pytest.raises(ActionError, match="法定代表人"):
        actions.propose_measure(
            unit_case, rules.DETENTION, unit_debtor, actor=cast.officer, reason="x", days=5
        )
    rep = actions.propose_measure(
        unit_case,
        rules.DETENTION,
        unit_debtor,
        actor=cast.officer,
        reason="x",
        days=15,
        subject_role=rules.PRINCIPAL,
        subject_name="孙负责",
    )
    assert rep.days == 15

    m = approved(person_case, rules.DETENTION, debtor, cast, days=3)
    start = timezone.now()
    m = actions.carry_out(m, actor=cast.officer, at=start)
    assert m.ends_by == start + dt.timedelta(days=3)
    clock.move_to(clock.today + dt.timedelta(days=1))
    with pytest.raises(ActionError, match="尚未届满"):
        actions.end_measure(m, rules.RELEASED, actor=cast.officer)
    with pytest.raises(ActionError, match="理由"):
        actions.end_measure(m, rules.RELEASED_EARLY, actor=cast.officer)
    m = actions.end_measure(m, rules.RELEASED_EARLY, actor=cast.officer, note="承认错误并履行")
    assert m.status == CoerciveMeasure.ENDED and m.end_reason == rules.RELEASED_EARLY


def test_detention_released_at_term(person_case, debtor, cast, clock):
    m = approved(person_case, rules.DETENTION, debtor, cast, days=1)
    m = actions.carry_out(m, actor=cast.officer)
    clock.move_to(clock.today + dt.timedelta(days=1), 11)
    with pytest.raises(ActionError, match="期满"):
        actions.end_measure(m, rules.RELEASED_EARLY, actor=cast.officer, note="x")
    m = actions.end_measure(m, rules.RELEASED, actor=cast.officer)
    assert m.end_reason == rules.RELEASED


def test_search_needs_a_place_and_a_record(person_case, debtor, cast):
    with pytest.raises(ActionError, match="地点"):
        actions.propose_measure(person_case, rules.SEARCH, debtor, actor=cast.officer, reason="隐匿财产")
    m = approved(person_case, rules.SEARCH, debtor, cast, place="雄安新区某小区1号")
    with pytest.raises(ActionError, match="笔录"):
        actions.carry_out(m, actor=cast.officer)
    m = actions.carry_out(m, actor=cast.officer, record="在卧室发现现金三万元，已扣押")
    assert m.record.startswith("在卧室") and m.document.kind == "search_warrant"
    m = actions.end_measure(m, rules.DONE, actor=cast.officer)
    assert m.status == CoerciveMeasure.ENDED


def test_exit_ban_for_a_person_or_a_units_representative_lifted_on_payment_guarantee_or_consent(
    person_case, debtor, unit_case, unit_debtor, cast
):
    with pytest.raises(ActionError, match="法定代表人"):
        actions.propose_measure(unit_case, rules.EXIT_BAN, unit_debtor, actor=cast.officer, reason="x")
    rep = approved(
        unit_case, rules.EXIT_BAN, unit_debtor, cast, subject_role=rules.LEGAL_REP, subject_name="孙法代"
    )
    assert rep.document.kind == "exit_ban_decision"
    m = approved(person_case, rules.EXIT_BAN, debtor, cast)
    with pytest.raises(ActionError, match="已对"):
        actions.propose_measure(person_case, rules.EXIT_BAN, debtor, actor=cast.officer, reason="again")
    # No border administration configured: the ban is in force on the court's own notice.
    m = actions.carry_out(m, actor=cast.officer)
    assert m.status == CoerciveMeasure.IN_FORCE and m.agency_ref == ""
    with pytest.raises(ActionError, match="不能以此事由"):
        actions.end_measure(m, rules.RELEASED, actor=cast.officer, note="x")
    with pytest.raises(ActionError, match="说明"):
        actions.end_measure(m, rules.GUARANTEE, actor=cast.officer)
    m = actions.end_measure(m, rules.GUARANTEE, actor=cast.officer, note="提供房产担保")
    assert m.end_reason == rules.GUARANTEE


def test_a_reward_or_exit_ban_is_against_the_debtor_only(person_case, cast):
    from zhixing.cases.models import Party

    applicant = person_case.parties.get(role=Party.APPLICANT)
    with pytest.raises(ActionError, match="被执行人"):
        actions.propose_measure(person_case, rules.EXIT_BAN, applicant, actor=cast.officer, reason="x")


def test_cancel_only_before_it_is_carried_out(person_case, debtor, cast):
    m = approved(person_case, rules.SUMMONS, debtor, cast)
    with pytest.raises(ActionError, match="理由"):
        actions.cancel_measure(m, " ", actor=cast.officer)
    m = actions.cancel_measure(m, "已主动到案", actor=cast.officer)
    assert m.status == CoerciveMeasure.CANCELLED
    m2 = actions.carry_out(approved(person_case, rules.SUMMONS, debtor, cast), actor=cast.officer)
    with pytest.raises(ActionError, match="不能撤销"):
        actions.cancel_measure(m2, "x", actor=cast.officer)


def test_carrying_out_a_fine_meets_its_obstruction_and_a_summons_only_a_missing_debtor(
    person_case, debtor, cast, clock
):
    hid = obstructions.record_obstruction(
        person_case, rules.HID_PROPERTY, clock.today, "转移车辆", debtor, actor=cast.officer
    )
    gone = obstructions.record_obstruction(
        person_case, rules.MISSING, clock.today, "下落不明", debtor, actor=cast.officer
    )
    s = approved(person_case, rules.SUMMONS, debtor, cast, obstructions=[hid, gone])
    actions.carry_out(s, actor=cast.officer)
    hid.refresh_from_db()
    gone.refresh_from_db()
    assert hid.handled_on is None and gone.handled_on == clock.today and gone.handled_how == "拘传"
    f = approved(person_case, rules.FINE, debtor, cast, obstructions=[hid], amount=Decimal("5000"))
    assert obstructions.unmet(person_case) == [hid]  # approved is not yet carried out
    actions.carry_out(f, actor=cast.officer)
    hid.refresh_from_db()
    assert hid.handled_how == "罚款" and obstructions.unmet(person_case) == []


def test_documents_events_and_audit_name_the_person_but_never_the_full_identity_code(
    person_case, debtor, cast
):
    m = approved(person_case, rules.DETENTION, debtor, cast, days=5)
    actions.carry_out(m, actor=cast.officer)
    kinds = list(CaseEvent.objects.filter(case=person_case).values_list("kind", flat=True))
    assert {"coercive_proposed", "coercive_approved", "coercive_carried_out"} <= set(kinds)
    blob = str(list(CaseEvent.objects.filter(case=person_case).values_list("data", flat=True)))
    blob += str(list(AuditEntry.objects.values_list("detail", flat=True)))
    assert "赵某某" in blob and DEBTOR_ID not in blob
    assert AuditEntry.objects.filter(action="measures.carry_out").exists()


def test_reward_application_opens_its_10_day_decision_node_and_the_decision_records_it(
    person_case, debtor, cast, clock
):
    m = actions.propose_measure(
        person_case, rules.REWARD, debtor, actor=cast.officer, reason="查找车辆下落", amount=Decimal("2000")
    )
    node = Node.objects.get(case=person_case, kind__code="reward_decision")
    assert (
        node.done_on is None
        and node.due_on == clock.today + dt.timedelta(days=10)
        or node.due_on > clock.today
    )
    actions.decide_measure(m, True, actor=cast.judge)
    node.refresh_from_db()
    assert node.done_on == clock.today
    with pytest.raises(ActionError, match="渠道"):
        actions.carry_out(m, actor=cast.officer)
    m = actions.carry_out(m, actor=cast.officer, channel="本院微信公众号")
    assert m.channel == "本院微信公众号" and m.document.kind == "reward_notice"


def test_a_closed_case_takes_no_new_measure_but_its_exit_ban_is_lifted(person_case, debtor, cast):
    from zhixing.cases import actions as case_actions

    ban = actions.carry_out(approved(person_case, rules.EXIT_BAN, debtor, cast), actor=cast.officer)
    summons = approved(person_case, rules.SUMMONS, debtor, cast)

    case_actions.request_closure(
        person_case, "completed", dt.date(2026, 4, 1), shortfall="waiver", actor=cast.officer
    )
    case_actions.approve_closure(person_case, actor=cast.judge)
    person_case.refresh_from_db()
    with pytest.raises(ActionError, match="已结案"):
        actions.propose_measure(person_case, rules.SUMMONS, debtor, actor=cast.officer, reason="x")
    with pytest.raises(ActionError, match="已结案"):
        actions.carry_out(summons, actor=cast.officer)
    assert actions.end_measure(ban, rules.PAID, actor=cast.officer, note="已全部履行").status == "ended"
    assert actions.cancel_measure(summons, "已结案", actor=cast.officer).status == "cancelled"


@pytest.fixture
def border(courts, tmp_path):
    """The reference border administration (and bureau), started on the suite's clock and registered
    as agencies, as `zhixing simulators` does."""
    import time

    from zhixing.core.actors import CLI
    from zhixing.courts.models import Court
    from zhixing.inquiry import signing
    from zhixing.measures import reference
    from zhixing.measures.models import Agency

    trust = tmp_path / "trust.json"
    signing.write_trust_file(trust, Court.objects.all())
    running = reference.start_all(tmp_path / "police", trust, CLI, extra=["--now", str(time.time())])
    try:
        yield Agency.objects.get(kind=Agency.BORDER)
    finally:
        reference.stop_all(running)


def test_an_exit_ban_reaches_the_border_administration_and_is_lifted_there(person_case, debtor, cast, border):
    from zhixing.inquiry.reference import get_json

    m = approved(person_case, rules.EXIT_BAN, debtor, cast)
    m = actions.carry_out(m, actor=cast.officer)
    assert m.agency_ref and m.channel == border.name
    assert get_json(f"{border.url}/travellers/{DEBTOR_ID}") == {"may_leave": False, "bans": [m.agency_ref]}
    actions.end_measure(m, rules.PAID, actor=cast.officer, note="已全部履行")
    assert get_json(f"{border.url}/travellers/{DEBTOR_ID}")["may_leave"] is True
    # The full identity code went to the border administration, never into the file's records.
    blob = str(list(CaseEvent.objects.filter(case=person_case).values_list("data", flat=True)))
    assert DEBTOR_ID not in blob


@pytest.fixture
def pages(monkeypatch):
    """The HTML each document is set from (the PDF step replaced: its text is what is checked here)."""
    from zhixing.documents import rendering

    seen: list[str] = []
    monkeypatch.setattr(rendering.pdf, "write_pdf", lambda html: seen.append(html) or b"%PDF-1.7 test")
    return seen


@pytest.mark.parametrize(
    "kind, extra, says",
    [
        (rules.SUMMONS, {"detention_may_follow": True}, ["拘传", "24小时"]),
        (rules.FINE, {"amount": Decimal("12345.6")}, ["罚款人民币12,345.60元", "复议"]),
        (rules.DETENTION, {"days": 15}, ["拘留15日", "院长批准"]),
        (rules.SEARCH, {"place": "雄安新区某小区1号"}, ["搜查地点：雄安新区某小区1号"]),
        (rules.EXIT_BAN, {}, ["限制被执行人赵某某", "出境", "130629********"]),
        (rules.REWARD, {"amount": Decimal("3000")}, ["悬赏金额：人民币3,000.00元", "保密"]),
    ],
)
def test_each_document_says_what_was_decided_without_the_full_identity_code(
    person_case, debtor, cast, pages, kind, extra, says
):
    m = approved(person_case, kind, debtor, cast, **extra)
    assert m.document.kind == documents_kind(kind)
    html = pages[-1]
    for text in says + ["赵某某", "拒不报告财产"]:
        assert text in html, text
    assert DEBTOR_ID not in html


def documents_kind(kind):
    from zhixing.measures.documents import KIND_OF_MEASURE

    return KIND_OF_MEASURE[kind]
