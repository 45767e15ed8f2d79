# ruff: noqa: F811  (the fixtures of tests/measures/referral_world.py, imported by name)
"""The refusal-to-enforce referral (rules §10.3) delivered by hand: drafted by the handler, approved by
the president, sent with its transfer letter, execution-status note and evidence bundle; the steps in
the order rules.REFERRAL_NEXT allows; the private route after 60 days without a written reply and not
before; the 终本 gate (condition 5) accepting the case once the referral was sent."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.measures.referral_world import (  # noqa: F401
    FACTS,
    approved,
    draft,
    drafted,
    obstruction,
    received,
    sent,
)
from zhixing.cases import closing_checks
from zhixing.cases import rules as case_rules
from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import CaseEvent, Node
from zhixing.core.models import AuditEntry
from zhixing.documents import rules as doc_rules
from zhixing.documents.actions import issue_document
from zhixing.documents.models import Document
from zhixing.measures import actions, connector, rules
from zhixing.measures.models import Evidence, Referral

pytestmark = pytest.mark.django_db


def _evidence(case, cast, clock, title, sha, **kw):
    return Evidence.objects.create(
        case=case,
        kind=rules.PHOTO,
        title=title,
        original_name=f"{title}.jpg",
        path=f"{sha[:2]}/{sha}.jpg",
        sha256=sha,
        size=10,
        content_type="image/jpeg",
        taken_at=dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC),
        uploaded_by=cast.officer,
        uploaded_at=dt.datetime(2026, 11, 20, 11, tzinfo=dt.UTC),
        **kw,
    )


# --- drafting and approving -----------------------------------------------------------------------


def test_a_draft_names_the_debtor_and_its_obstructions(drafted, debtor, obstruction):
    assert drafted.status == Referral.DRAFTED
    assert drafted.suspects == debtor.name and drafted.police_unit == "雄安新区公安局"
    assert list(drafted.obstructions.all()) == [obstruction]
    assert CaseEvent.objects.filter(case=drafted.case, kind="referral_drafted").count() == 1


def test_only_a_debtor_of_the_case_with_facts_is_referred(person_case, unit_case, unit_debtor, cast):
    applicant = person_case.parties.get(role="applicant")
    with pytest.raises(ActionError):
        draft(person_case, applicant, cast)
    with pytest.raises(ActionError):
        draft(person_case, unit_debtor, cast)  # another case's debtor
    with pytest.raises(ActionError):
        draft(person_case, person_case.parties.get(role="debtor"), cast, facts="  ")
    with pytest.raises(PermissionDenied):
        actions.draft_referral(
            person_case,
            person_case.parties.get(role="debtor"),
            actor=cast.outsider,
            crime=rules.REFUSAL,
            facts=FACTS,
            police_unit="雄安新区公安局",
        )


def test_a_unit_debtor_may_be_referred(unit_case, unit_debtor, cast):
    # rules §10.3.1: units commit the crime too; the wage crime is the other one a court refers.
    referral = draft(unit_case, unit_debtor, cast, crime=rules.WAGE, suspects="雄安某建设有限公司、张某")
    assert referral.suspects == "雄安某建设有限公司、张某" and referral.crime == rules.WAGE


def test_the_president_approves_but_not_the_drafter_nor_a_judge(drafted, cast, person_case):
    with pytest.raises(PermissionDenied):
        actions.approve_referral(drafted, actor=cast.judge)
    with pytest.raises(PermissionDenied):
        actions.approve_referral(drafted, actor=cast.officer)
    president_draft = actions.draft_referral(
        person_case,
        drafted.party,
        actor=cast.president,
        crime=rules.REFUSAL,
        facts=FACTS,
        police_unit="雄安新区公安局",
    )
    with pytest.raises(ActionError, match="拟稿人不能批准"):
        actions.approve_referral(president_draft, actor=cast.president)
    ok = actions.approve_referral(drafted, actor=cast.president)
    assert ok.status == Referral.APPROVED and ok.approved_by == cast.president and ok.approved_on


def test_a_draft_is_not_sent_before_approval(drafted, cast):
    with pytest.raises(ActionError, match="不能移送"):
        actions.send_referral(drafted, actor=cast.officer)
    assert Document.objects.filter(case=drafted.case).count() == 0


# --- sending: documents, bundle, clocks, obstructions ----------------------------------------------


def test_sending_issues_the_letter_and_the_note_and_fixes_the_bundle(approved, cast, clock):
    case = approved.case
    notice = issue_document(case, doc_rules.EXECUTION_NOTICE, actor=cast.officer)
    photo = _evidence(case, cast, clock, "车辆转让现场", "c" * 64)
    old = _evidence(case, cast, clock, "模糊照片", "d" * 64)
    Evidence.objects.filter(pk=old.pk).update(superseded_by=photo, supersede_reason="模糊")

    referral = actions.send_referral(approved, actor=cast.officer)

    assert referral.status == Referral.SENT and referral.sent_on == clock.today
    assert referral.private_route_on == clock.today + dt.timedelta(days=61)
    assert referral.letter.kind == doc_rules.REFERRAL_LETTER
    assert referral.status_note.kind == doc_rules.EXECUTION_STATUS_NOTE
    assert referral.letter.pdf.read()[:4] == b"%PDF"
    bundle = referral.bundle
    assert [b["number"] for b in bundle[:3]] == [
        referral.letter.number,
        referral.status_note.number,
        notice.number,
    ]
    assert bundle[0]["sha256"] == referral.letter.sha256 and bundle[2]["sha256"] == notice.sha256
    evidence = [b for b in bundle if b["kind"].startswith("evidence:")]
    assert evidence == [
        {"title": "车辆转让现场", "kind": "evidence:photo", "sha256": "c" * 64, "number": f"E{photo.pk}"}
    ]
    canonical = json.dumps(bundle, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    assert referral.bundle_sha256 == hashlib.sha256(canonical).hexdigest() == connector.bundle_sha256(bundle)
    assert (
        CaseEvent.objects.filter(case=case, kind="referral_sent").get().data["document"]
        == referral.letter.number
    )
    steps = AuditEntry.objects.filter(action="measures.referral").values_list("detail__step", flat=True)
    assert list(steps.order_by("id")) == ["draft", "approve", "send"]


def test_the_status_note_says_what_the_court_did_and_found(approved, cast):
    from zhixing.measures.actions.referral_papers import status_note_particulars

    values = status_note_particulars(approved)
    assert values["applied"] == "200,000.00" and values["outstanding"] == "200,000.00"
    assert values["obstructions"][0]["kind"] == "隐匿、转移、毁损财产"
    assert values["measures"] == [] and values["assets"] == []
    assert values["police_unit"] == "雄安新区公安局" and values["facts"] == FACTS


def test_the_closing_gate_accepts_the_case_once_the_referral_was_sent(approved, obstruction, cast, clock):
    case = approved.case
    blocked = closing_checks.problems(case, case_rules.TERMINATED_THIS_ROUND, clock.today)
    assert any("隐匿、转移、毁损财产" in p for p in blocked)
    actions.send_referral(approved, actor=cast.officer)
    assert closing_checks.problems(case, case_rules.TERMINATED_THIS_ROUND, clock.today) == []
    obstruction.refresh_from_db()
    assert obstruction.handled_on == clock.today and obstruction.handled_how == "移送公安机关"


def test_a_drafted_referral_does_not_meet_the_obstruction(drafted, clock):
    assert closing_checks.problems(drafted.case, case_rules.TERMINATED_THIS_ROUND, clock.today)


# --- receipt and decision ---------------------------------------------------------------------------


def test_the_receipt_opens_the_decision_node_due_in_seven_days(sent, cast, clock):
    referral = actions.record_receipt(sent, clock.today, "雄公受案〔2026〕88号", actor=cast.officer)
    due = rules.decision_due(clock.today, False).on
    assert referral.status == Referral.RECEIVED and referral.decision_due_on == due
    node = Node.objects.get(case=sent.case, kind__code="referral_decision")
    assert node.due_on == due and node.done_on is None


def test_a_complex_case_gets_thirty_days(sent, cast, clock):
    referral = actions.record_receipt(sent, clock.today, "R-1", actor=cast.officer, complex_case=True)
    assert referral.decision_due_on == rules.decision_due(clock.today, True).on
    assert referral.decision_due_on >= clock.today + dt.timedelta(days=30)


def test_a_receipt_needs_its_number_and_a_date_from_sending_to_today(sent, cast, clock):
    with pytest.raises(ActionError):
        actions.record_receipt(sent, clock.today, " ", actor=cast.officer)
    with pytest.raises(ActionError):
        actions.record_receipt(sent, clock.today - dt.timedelta(days=1), "R-1", actor=cast.officer)
    with pytest.raises(ActionError):
        actions.record_receipt(sent, clock.today + dt.timedelta(days=1), "R-1", actor=cast.officer)


def test_filed_then_prosecuted_then_convicted(received, cast, clock):
    clock.move_to(clock.today + dt.timedelta(days=3))
    referral = actions.record_decision(received, True, clock.today, actor=cast.officer)
    assert referral.status == Referral.FILED and referral.reply_on == clock.today
    node = Node.objects.get(case=received.case, kind__code="referral_decision")
    assert node.done_on == clock.today
    with pytest.raises(ActionError, match="不能登记有罪判决"):
        actions.record_outcome(referral, Referral.CONVICTED, clock.today, "", actor=cast.officer)
    referral = actions.record_outcome(
        referral, Referral.PROSECUTED, clock.today, "检察院提起公诉", actor=cast.officer
    )
    referral = actions.record_outcome(
        referral, Referral.CONVICTED, clock.today, "判处有期徒刑一年", actor=cast.officer
    )
    assert referral.status == Referral.CONVICTED and actions.next_steps(referral) == ()
    with pytest.raises(ActionError):
        actions.withdraw_referral(referral, "已履行", actor=cast.officer)


def test_not_filed_then_escalated_then_ordered_to_file(received, cast, clock):
    day = clock.today
    clock.move_to(day + dt.timedelta(days=5))
    referral = actions.record_decision(
        received, False, day + dt.timedelta(days=5), actor=cast.officer, reason="证据不足"
    )
    assert referral.status == Referral.NOT_FILED and referral.not_filed_reason == "证据不足"
    assert referral.notice_due_on == rules.not_filed_notice_due(day + dt.timedelta(days=5)).on
    assert referral.reply_on is None
    assert set(actions.next_steps(referral)) == {"escalate", "private"}
    referral = actions.record_notice(referral, clock.today, actor=cast.officer)
    assert referral.noticed_on == referral.reply_on == clock.today
    referral = actions.escalate(referral, clock.today, "雄安新区人民检察院", actor=cast.officer)
    assert referral.status == Referral.ESCALATED
    assert referral.procuratorate_reply_due_on == rules.procuratorate_reply_due(clock.today).on
    with pytest.raises(ActionError, match="不能登记不予立案"):
        actions.record_decision(referral, False, clock.today, actor=cast.officer)
    referral = actions.record_order_to_file(referral, clock.today, actor=cast.officer)
    assert referral.file_by == rules.file_after_order_due(clock.today).on
    referral = actions.record_decision(referral, True, clock.today, actor=cast.officer)
    assert referral.status == Referral.FILED


def test_performed_before_prosecution_closes_the_decision_clock(received, cast, clock):
    referral = actions.record_outcome(
        received, Referral.PERFORMED, clock.today, "已全额履行", actor=cast.officer
    )
    assert referral.status == Referral.PERFORMED
    node = Node.objects.get(case=received.case, kind__code="referral_decision")
    assert node.cancelled_on == clock.today


def test_referral_next_is_enforced(sent, cast, clock):
    with pytest.raises(ActionError):
        actions.escalate(sent, clock.today, "检察院", actor=cast.officer)
    with pytest.raises(ActionError):
        actions.record_decision(sent, True, clock.today, actor=cast.officer)  # no receipt yet
    with pytest.raises(ActionError):
        actions.record_outcome(sent, Referral.PROSECUTED, clock.today, "", actor=cast.officer)
    with pytest.raises(ActionError):
        actions.approve_referral(sent, actor=cast.president)  # approved once
    with pytest.raises(ActionError):
        actions.record_outcome(sent, Referral.FILED, clock.today, "", actor=cast.officer)


def test_withdrawing_needs_a_reason_and_cancels_the_clock(received, cast, clock):
    with pytest.raises(ActionError):
        actions.withdraw_referral(received, " ", actor=cast.officer)
    referral = actions.withdraw_referral(received, "被执行人已履行完毕", actor=cast.officer)
    assert referral.status == Referral.WITHDRAWN
    assert Node.objects.get(case=received.case, kind__code="referral_decision").cancelled_on == clock.today


# --- the private route (rules §10.3.4) ---------------------------------------------------------------


def test_the_private_route_opens_sixty_days_after_sending_without_a_written_reply(received, cast, clock):
    sent_on = received.sent_on
    clock.move_to(sent_on + dt.timedelta(days=60))
    assert "private" not in actions.next_steps(received)
    with pytest.raises(ActionError, match="尚不能转自诉"):
        actions.take_private_route(received, clock.today, actor=cast.officer)
    clock.move_to(sent_on + dt.timedelta(days=61))
    assert "private" in actions.next_steps(received)
    referral = actions.take_private_route(received, clock.today, actor=cast.officer)
    assert referral.status == Referral.PRIVATE and referral.private_filed_on == clock.today
    assert referral.outcome_note == "移送后六十日内公安机关未书面答复"
    assert Node.objects.get(case=received.case, kind__code="referral_decision").cancelled_on == clock.today


def test_no_private_route_once_the_police_filed(received, cast, clock):
    referral = actions.record_decision(received, True, clock.today, actor=cast.officer)
    clock.move_to(received.sent_on + dt.timedelta(days=90))
    with pytest.raises(ActionError):
        actions.take_private_route(referral, clock.today, actor=cast.officer)


def test_a_refusal_to_file_opens_the_private_route_at_once(received, cast, clock):
    referral = actions.record_decision(received, False, clock.today, actor=cast.officer, reason="不构成犯罪")
    referral = actions.take_private_route(referral, clock.today, actor=cast.officer)
    assert referral.outcome_note == "公安机关决定不予立案"


# --- the board's overdue clocks ----------------------------------------------------------------------


def test_overdue_referrals_lists_a_late_decision_and_the_sixty_days(received, cast, clock, courts):
    due = received.decision_due_on
    assert actions.overdue_referrals(courts.xiongan, due) == []
    late = actions.overdue_referrals(courts.high, due + dt.timedelta(days=1))  # a court above sees it
    assert [(r.referral.pk, r.due_on) for r in late] == [(received.pk, due)]
    assert actions.overdue_referrals(courts.shijiazhuang, due + dt.timedelta(days=1)) == []
    later = actions.overdue_referrals(courts.xiongan, received.private_route_on)
    assert {r.clock for r in later} == {"公安机关逾期未作出立案决定", "移送六十日未获书面答复，可转自诉"}


# --- what the letter and the note say -------------------------------------------------------------


def _html(referral, kind, cast):
    from django.template.loader import render_to_string

    from zhixing.documents import rendering
    from zhixing.measures import documents
    from zhixing.measures.actions.referral_papers import status_note_particulars

    spec = doc_rules.KINDS[kind]
    draft_ = rendering.Draft(spec, "（2026）冀96执1号-移送", "ABCD-EFGH-JKLM-NPQR", dt.date(2026, 12, 1), 1)
    token = documents._particulars.set(status_note_particulars(referral))
    try:
        ctx = rendering.document_context(referral.case, draft_, cast.officer, perform_days=0, report_days=5)
    finally:
        documents._particulars.reset(token)
    return render_to_string(f"documents/pdf/{kind}.html", ctx)


def test_the_letter_is_addressed_to_the_police_and_asks_for_the_clocks(approved, cast):
    html = _html(approved, doc_rules.REFERRAL_LETTER, cast)
    assert "移送函" in html and "雄安新区公安局：" in html
    assert ".addressee { display: none; }" in html  # not to the debtor
    assert "赵某某涉嫌拒不执行判决、裁定罪（刑法第313条）" in html and FACTS in html
    assert "七日内" in html and "三十日内" in html and "受案回执" in html


def test_the_note_lists_the_measures_the_obstructions_and_the_amounts(approved, cast, debtor):
    from zhixing.measures.models import CoerciveMeasure

    CoerciveMeasure.objects.create(
        case=approved.case,
        kind=rules.FINE,
        party=debtor,
        subject_name="赵某某",
        subject_role=rules.PERSON,
        reason="拒不报告财产",
        status=CoerciveMeasure.IN_FORCE,
        proposed_by=cast.officer,
        proposed_on=dt.date(2026, 11, 1),
        decided_on=dt.date(2026, 11, 3),
        amount="30000.00",
    )
    html = _html(approved, doc_rules.EXECUTION_STATUS_NOTE, cast)
    assert "执行情况说明" in html and "雄安新区公安局：" in html
    assert "罚款" in html and "30,000.00元" in html and "2026年11月3日" in html
    assert "隐匿、转移、毁损财产" in html and "将名下车辆无偿转让给其弟" in html
    assert "申请执行标的人民币200,000.00元，已执行到位0.00元，尚未履行200,000.00元" in html
    assert "未发现可供执行的财产" in html


def test_progress_is_recorded_after_the_case_closed(sent, cast, clock):
    # 终本 may follow the sending (condition 5 is met by it); the police decide afterwards.
    from zhixing.cases.models import Case

    Case.objects.filter(pk=sent.case_id).update(status=Case.CLOSED, closed_on=clock.today)
    referral = actions.record_receipt(sent, clock.today, "R-1", actor=cast.officer)
    assert referral.decision_due_on and not Node.objects.filter(kind__code="referral_decision").exists()
    referral = actions.record_decision(referral, False, clock.today, actor=cast.officer, reason="证据不足")
    referral = actions.escalate(referral, clock.today, "雄安新区人民检察院", actor=cast.officer)
    assert referral.status == Referral.ESCALATED
    with pytest.raises(ActionError, match="已结案"):
        draft(Case.objects.get(pk=sent.case_id), sent.party, cast)


def test_overdue_referrals_lists_the_notice_and_the_procuratorate_clocks(received, cast, clock, courts):
    referral = actions.record_decision(received, False, clock.today, actor=cast.officer, reason="证据不足")
    after = referral.notice_due_on + dt.timedelta(days=1)
    assert [c.clock for c in actions.overdue_referrals(courts.xiongan, after)] == [
        "公安机关逾期未书面告知不立案理由"
    ]
    referral = actions.escalate(referral, clock.today, "雄安新区人民检察院", actor=cast.officer)
    after = referral.procuratorate_reply_due_on + dt.timedelta(days=1)
    assert [c.clock for c in actions.overdue_referrals(courts.xiongan, after)] == [
        "公安机关逾期未答复检察机关"
    ]
    referral = actions.record_order_to_file(referral, clock.today, actor=cast.officer)
    after = referral.file_by + dt.timedelta(days=1)
    assert [c.clock for c in actions.overdue_referrals(courts.xiongan, after)] == [
        "检察院通知立案后逾期未立案"
    ]


def test_a_wage_referral_letter_cites_art_276_1_not_art_313(person_case, debtor, cast):
    referral = draft(person_case, debtor, cast, crime=rules.WAGE)
    html = _html(referral, doc_rules.REFERRAL_LETTER, cast)
    assert "第二百七十六条之一" in html and "拒不支付劳动报酬罪（刑法第276条之一）" in html
    assert "第三百一十三条" not in html


def test_a_wage_case_s_referral_form_starts_on_the_wage_crime(client, cast, person_case, file_case):
    wage_case = file_case()  # cause 追索劳动报酬纠纷: a migrant-wage case
    assert wage_case.is_migrant_wage and not person_case.is_migrant_wage
    client.force_login(cast.officer)

    def selected(case) -> str:
        html = client.get(reverse("measures:case", args=[case.pk])).content.decode()
        return re.search(r'<option value="(art\w+)" selected>', html).group(1)

    assert selected(wage_case) == rules.WAGE
    assert selected(person_case) == rules.REFUSAL
