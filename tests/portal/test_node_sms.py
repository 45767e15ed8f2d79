"""Parties are told of their case by SMS (rules §11.1–11.2; issue 11 item 5): a disclosed node reached,
the filing and the closing give one text per party with a phone; an undisclosed node gives none; the
outbox sends each text once however often it is delivered or announced."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.portal.conftest import APPLICANT_PHONE, DEBTOR_PHONE
from zhixing.cases import actions as case_actions
from zhixing.cases import events as case_events
from zhixing.cases.models import Case, Party
from zhixing.core.actors import CLI
from zhixing.portal import actions, sms
from zhixing.portal.models import SmsMessage
from zhixing.portal.tasks import deliver_sms

pytestmark = pytest.mark.django_db


@pytest.fixture
def third_party(people, cast):
    """A second debtor without a phone: no text for them."""
    return Party.objects.create(
        case=people.case, role=Party.DEBTOR, kind=Party.UNIT, name="雄安某公司", position=1
    )


def _record(case, code, on, cast, capture):
    with capture(execute=True):
        case_actions.record_node(case, code, on, actor=cast.officer)
    return case.events.filter(kind=case_events.NODE_RECORDED).last()


def test_a_disclosed_node_texts_each_party_with_a_phone_once(
    people, third_party, gateway, cast, django_capture_on_commit_callbacks
):
    event = _record(
        people.case, "ask_applicant_leads", dt.date(2026, 3, 5), cast, django_capture_on_commit_callbacks
    )
    rows = list(SmsMessage.objects.filter(purpose=SmsMessage.NODE).order_by("phone"))
    assert [r.phone for r in rows] == sorted([APPLICANT_PHONE, DEBTOR_PHONE])
    assert all("告知申请执行人提供财产线索" in r.text and people.case.case_number in r.text for r in rows)
    assert deliver_sms.call() == 2
    assert [len(gateway.inbox(p)) for p in (APPLICANT_PHONE, DEBTOR_PHONE)] == [1, 1]
    # Announced again, delivered again, sent again after a lost answer: still one text each.
    actions.on_case_event(Case, event)
    assert SmsMessage.objects.filter(purpose=SmsMessage.NODE).count() == 2
    assert deliver_sms.call() == 0
    SmsMessage.objects.update(status=SmsMessage.PENDING, acked_at=None)
    assert sms.deliver_all() == 2  # the gateway answers the same id with the same acceptance
    assert [len(gateway.inbox(p)) for p in (APPLICANT_PHONE, DEBTOR_PHONE)] == [1, 1]
    assert gateway.state()["phones"] == {APPLICANT_PHONE: 1, DEBTOR_PHONE: 1}
    assert set(SmsMessage.objects.values_list("status", flat=True)) == {SmsMessage.SENT}


def test_an_undisclosed_node_texts_nobody(people, gateway, cast, django_capture_on_commit_callbacks):
    _record(
        people.case, "debtor_conduct_handled", dt.date(2026, 3, 5), cast, django_capture_on_commit_callbacks
    )
    assert not SmsMessage.objects.exists()
    assert sms.deliver_all() == 0 and gateway.inbox() == []


def test_filing_and_closing_are_told(people, cast):
    filed = people.case.events.get(kind=case_events.FILED)
    actions.on_case_event(Case, filed)
    texts = list(SmsMessage.objects.values_list("text", flat=True))
    assert len(texts) == 2 and all("已立案" in t for t in texts)
    closed = case_events.CaseEvent(
        case=people.case, kind=case_events.CLOSED, at=filed.at, data={"method": "completed"}, system_actor="x"
    )
    actions.on_case_event(Case, closed)  # a bulk writer's event (no id) is keyed by its content
    actions.on_case_event(Case, closed)
    assert SmsMessage.objects.filter(text__contains="已结案").count() == 2


def test_a_text_lost_while_the_gateway_is_down_goes_once_when_it_returns(
    people, gateway, cast, django_capture_on_commit_callbacks
):
    gateway.kill()
    _record(people.case, "ask_applicant_leads", dt.date(2026, 3, 5), cast, django_capture_on_commit_callbacks)
    assert sms.deliver_all() == 0
    row = SmsMessage.objects.first()
    assert row.status == SmsMessage.PENDING and row.attempts == 1 and "无法连接" in row.last_error
    gateway.restart()
    actions.register_gateway(gateway.code, gateway.name, gateway.url, gateway.public_key, actor=CLI)
    SmsMessage.objects.update(next_at=row.created_at)  # the retry is due
    assert sms.deliver_all() == 2
    assert [len(gateway.inbox(p)) for p in (APPLICANT_PHONE, DEBTOR_PHONE)] == [1, 1]


def test_an_answer_not_signed_by_the_registered_gateway_is_not_taken(
    people, gateway, cast, django_capture_on_commit_callbacks
):
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    stranger = base64.b64encode(
        Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    ).decode()
    actions.register_gateway(gateway.code, gateway.name, gateway.url, stranger, actor=CLI)
    _record(people.case, "ask_applicant_leads", dt.date(2026, 3, 5), cast, django_capture_on_commit_callbacks)
    assert sms.deliver_all() == 0
    assert set(SmsMessage.objects.values_list("status", flat=True)) == {SmsMessage.PENDING}
    assert all("签名" in e for e in SmsMessage.objects.values_list("last_error", flat=True))
