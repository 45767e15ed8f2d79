"""终本 cases on the public page (rules §11.4): a case closed by 终本 shows its debtors under the
published fields, masked; resumed as 执恢, it vanishes at once."""

from __future__ import annotations

import datetime as dt

import pytest

from zhixing.cases import actions as case_actions
from zhixing.credit.models import PublicEntry

pytestmark = pytest.mark.django_db

TTR_NODES = (
    "execution_notice",
    "property_report_order",
    "consumption_restriction",
    "dishonest_not_applicable",
    "first_network_inquiry",
    "property_investigation",
    "debtor_conduct_handled",
)


def test_a_terminated_case_is_published_and_withdrawn_on_resumption(
    person_case, debtor, cast, clock, django_capture_on_commit_callbacks
):
    day = clock.today - dt.timedelta(days=5)
    for code in TTR_NODES:
        case_actions.record_node(person_case, code, day, actor=cast.officer)
    case_actions.request_closure(person_case, "terminated_this_round", day, actor=cast.officer)
    with django_capture_on_commit_callbacks(execute=True):
        case_actions.approve_closure(person_case, actor=cast.judge)
    entry = PublicEntry.objects.get(kind=PublicEntry.TERMINATED)
    assert entry.name == debtor.name and entry.id_code == debtor.id_number
    assert debtor.id_number not in str(entry.record)
    assert entry.record["case_number"] == person_case.case_number
    with django_capture_on_commit_callbacks(execute=True):
        case_actions.resume_case(person_case, reason="发现可供执行财产", actor=cast.clerk)
    assert not PublicEntry.objects.filter(kind=PublicEntry.TERMINATED).exists()
