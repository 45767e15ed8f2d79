"""Filing (立案): numbers, parties, basis, flags, nodes and permissions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.conftest import APPLICANT_ID
from zhixing.cases import actions
from zhixing.cases.models import CaseEvent, Party
from zhixing.core.models import AuditEntry


def test_filing_hands_out_consecutive_numbers_per_court_type_and_year(file_case, courts):
    a, b = file_case(), file_case()
    c = file_case(type_code="执保")
    d = file_case(filed_on=dt.date(2025, 12, 30))
    assert (a.case_number, b.case_number) == ("（2026）冀96执1号", "（2026）冀96执2号")
    assert c.case_number == "（2026）冀96执保1号"
    assert d.case_number == "（2025）冀96执1号"


def test_filing_records_parties_flags_event_and_audit(file_case):
    case = file_case()
    applicant = case.parties.get(role=Party.APPLICANT)
    debtor = case.parties.get(role=Party.DEBTOR)
    assert applicant.kind == Party.PERSON and applicant.birth_date == dt.date(1949, 12, 31)
    assert debtor.kind == Party.UNIT and debtor.id_kind == "uscc"
    assert case.is_migrant_wage and case.is_livelihood
    assert case.statutory_due_on == dt.date(2026, 9, 2)
    assert CaseEvent.objects.filter(case=case, kind="filed").exists()
    assert AuditEntry.objects.filter(action="case.file", object_id=str(case.pk)).exists()


def test_bad_identity_number_is_refused_and_nothing_is_written(file_case, courts):
    bad = [
        actions.PartyInput(Party.APPLICANT, "王申请", "110105194912310021"),
        actions.PartyInput(Party.DEBTOR, "李某", ""),
    ]
    with pytest.raises(actions.ActionError) as e:
        file_case(parties=bad)
    assert "校验位" in e.value.messages[0]
    assert not courts.xiongan.cases.exists()


def test_a_case_needs_an_applicant_and_a_debtor(file_case):
    with pytest.raises(actions.ActionError):
        file_case(parties=[actions.PartyInput(Party.APPLICANT, "王申请", APPLICANT_ID)])


def test_non_enforcement_type_is_refused(file_case):
    with pytest.raises(actions.ActionError) as e:
        file_case(type_code="民初")
    assert "不是执行案件类型" in e.value.messages[0]


def test_one_basis_has_one_first_enforcement_case_and_resumption_is_offered(file_case):
    file_case(basis_number="（2025）冀96民初88号")
    with pytest.raises(actions.ActionError) as e:
        file_case(basis_number="（2025）冀96民初88号")
    assert "执恢" in e.value.messages[0]
    resumed = file_case(basis_number="（2025）冀96民初88号", type_code="执恢")
    assert resumed.case_number.startswith("（2026）冀96执恢")


def test_outsider_cannot_file_in_another_court(file_case, cast):
    with pytest.raises(PermissionDenied):
        file_case(actor=cast.outsider)


def test_filing_plans_the_nodes_of_rules_3_2(file_case):
    case = file_case(filed_on=dt.date(2026, 3, 2))  # handler assigned the same day
    due = {n.kind.code: n.due_on for n in case.nodes.select_related("kind")}
    assert due["assign_handler"] == dt.date(2026, 3, 9)
    assert due["execution_notice"] == dt.date(2026, 3, 5)
    assert due["first_network_inquiry"] == dt.date(2026, 3, 9)  # 3-07 is a Saturday: rolls to Monday
    assert due["property_investigation"] == dt.date(2026, 4, 2)
    assert case.nodes.get(kind__code="assign_handler").done_on == dt.date(2026, 3, 2)


def test_deadlines_counting_from_the_handler_wait_until_one_is_assigned(file_case, cast):
    case = file_case(handler=None, filed_on=dt.date(2026, 3, 2))
    notice = case.nodes.get(kind__code="execution_notice")
    assert notice.due_on is None
    actions.assign_handler(case, cast.officer, on=dt.date(2026, 3, 6), actor=cast.clerk)
    notice.refresh_from_db()
    assert notice.due_on == dt.date(2026, 3, 9)  # 3 days after 3-06 is Monday 3-09


def test_only_officers_handle_cases(file_case, cast):
    case = file_case(handler=None)
    with pytest.raises(actions.ActionError):
        actions.assign_handler(case, cast.judge, actor=cast.clerk)


def test_amount_must_not_be_negative(file_case):
    with pytest.raises(actions.ActionError):
        file_case(applied_amount=Decimal("-1"))
