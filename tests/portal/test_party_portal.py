"""The party portal (issue 11 item 5; rules §11.2): sign-in with a one-time code sent through the real
reference SMS gateway, its limits (wrong tries, expiry, resend), and what the case page shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.portal.conftest import (
    APPLICANT_PHONE,
    CODE,
    DEBTOR_ID,
    DEBTOR_PHONE,
    OFFICE_PHONE,
    code_in,
    sign_in,
    signed_in,
    token_of,
)
from zhixing.cases import actions as case_actions
from zhixing.cases.actions.common import ActionError
from zhixing.core.models import AuditEntry
from zhixing.documents import actions as document_actions
from zhixing.portal import actions
from zhixing.portal.models import PortalChallenge, SmsMessage

pytestmark = pytest.mark.django_db


def test_sign_in_sends_the_code_through_the_gateway(
    client, people, gateway, django_capture_on_commit_callbacks
):
    response = sign_in(client, people.case, DEBTOR_ID, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    page = response.content.decode()
    assert "验证码已发送至 138****5678" in page
    inbox = gateway.inbox(DEBTOR_PHONE)
    assert len(inbox) == 1
    text = inbox[0]["text"]
    assert CODE.search(text) and people.case.case_number in text
    assert DEBTOR_ID not in text and DEBTOR_ID[-4:] not in text
    challenge = PortalChallenge.objects.get()
    code = CODE.search(text).group(1)
    assert code not in (challenge.code_hash, challenge.nonce)  # only an HMAC of it is kept
    assert SmsMessage.objects.get().status == SmsMessage.SENT  # sent at once, the answer verified
    response = client.post("/portal/code/", {"token": token_of(response), "code": code})
    assert response.status_code == 302 and response["Location"] == "/portal/case/"
    assert response.cookies["zx_portal"]["httponly"] and not response.cookies["zx_portal"]["max-age"]
    page = client.get("/portal/case/").content.decode()
    assert people.case.case_number in page and "赵欠款" in page
    assert AuditEntry.objects.filter(action="portal.sign_in").count() == 1
    # The same code does not sign in twice.
    again = client.post(
        "/portal/code/",
        {
            "token": token_of(sign_in(client, people.case, DEBTOR_ID, django_capture_on_commit_callbacks)),
            "code": code,
        },
    )
    assert again.status_code in (302, 400)


def test_half_width_brackets_and_lower_case_x_are_accepted(
    client, people, gateway, django_capture_on_commit_callbacks
):
    number = people.case.case_number.replace("（", "(").replace("）", ")")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/portal/", {"case_number": f" {number} ", "identity": DEBTOR_ID.lower()})
    assert response.status_code == 200 and len(gateway.inbox(DEBTOR_PHONE)) == 1


def test_no_match_sends_nothing_and_names_no_phone(
    client, people, gateway, django_capture_on_commit_callbacks
):
    for identity in ("110105194912310021", people.other.id_number):
        response = sign_in(client, people.case, identity, django_capture_on_commit_callbacks)
        assert response.status_code == 400
        page = response.content.decode()
        assert "****" not in page and identity not in page
    assert gateway.inbox() == [] and not PortalChallenge.objects.exists()


def test_wrong_codes_are_counted_and_the_fifth_ends_the_code(
    client, people, gateway, django_capture_on_commit_callbacks
):
    response = sign_in(client, people.case, DEBTOR_ID, django_capture_on_commit_callbacks)
    token, code = token_of(response), code_in(gateway, DEBTOR_PHONE)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for left in (4, 3, 2, 1):
        response = client.post("/portal/code/", {"token": token, "code": wrong})
        assert response.status_code == 400 and f"还可以再试 {left} 次" in response.content.decode()
    response = client.post("/portal/code/", {"token": token, "code": wrong})
    assert "错误次数过多" in response.content.decode()
    assert PortalChallenge.objects.get().attempts == 5
    response = client.post("/portal/code/", {"token": token, "code": code})
    assert response.status_code == 400 and "错误次数过多" in response.content.decode()
    assert client.get("/portal/case/").status_code == 302


def test_a_code_expires_after_five_minutes(
    client, people, gateway, clock, django_capture_on_commit_callbacks
):
    response = sign_in(client, people.case, DEBTOR_ID, django_capture_on_commit_callbacks)
    token, code = token_of(response), code_in(gateway, DEBTOR_PHONE)
    clock.move_to(clock.today, 11)
    response = client.post("/portal/code/", {"token": token, "code": code})
    assert response.status_code == 400 and "已过期" in response.content.decode()


def test_another_code_not_before_sixty_seconds(
    client, people, gateway, clock, django_capture_on_commit_callbacks
):
    sign_in(client, people.case, DEBTOR_ID, django_capture_on_commit_callbacks)
    response = sign_in(client, people.case, DEBTOR_ID, django_capture_on_commit_callbacks)
    assert "秒后重新获取" in response.content.decode()
    response = client.post("/portal/code/resend/", {"token": token_of(response)})
    assert "秒后重新获取" in response.content.decode()
    assert len(gateway.inbox(DEBTOR_PHONE)) == 1 and PortalChallenge.objects.count() == 1
    clock.move_to(clock.today, 11)
    gateway.sync_clock()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/portal/code/resend/", {"token": token_of(response)})
    assert "验证码已发送至 138****5678" in response.content.decode()
    assert len(gateway.inbox(DEBTOR_PHONE)) == 2 and PortalChallenge.objects.count() == 2
    response = client.post(
        "/portal/code/", {"token": token_of(response), "code": code_in(gateway, DEBTOR_PHONE)}
    )
    assert response.status_code == 302


def test_the_debtor_sees_disclosed_progress_handler_documents_and_payment_code(
    client, people, gateway, cast, django_capture_on_commit_callbacks
):
    case = people.case
    case_actions.record_node(case, "ask_applicant_leads", dt.date(2026, 3, 5), actor=cast.officer)
    case_actions.record_node(case, "debtor_conduct_handled", dt.date(2026, 3, 6), actor=cast.officer)
    doc = document_actions.issue_document(
        case, "execution_notice", actor=cast.officer, on=dt.date(2026, 3, 4)
    )
    page = signed_in(client, case, DEBTOR_ID, DEBTOR_PHONE, gateway, django_capture_on_commit_callbacks)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    html = page.content.decode()
    assert "追索劳动报酬纠纷" in html and "2026-03-02" in html and "河北雄安新区中级人民法院" in html
    assert "告知申请执行人提供财产线索" in html and "立案" in html
    assert "发出执行通知书" in html  # the notice's node, recorded when it was issued
    assert "查找被执行人及处理妨害执行行为" not in html
    assert "张执行" in html and OFFICE_PHONE in html
    assert doc.number in html and f"/verify/{doc.verification_code}/" in html
    assert 'id="pay-account"' in html and "50,000.00" in html
    pdf = client.get(f"/portal/documents/{doc.pk}/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_the_applicant_sees_no_payment_code(client, people, gateway, django_capture_on_commit_callbacks):
    from tests.conftest import APPLICANT_ID

    page = signed_in(
        client, people.case, APPLICANT_ID, APPLICANT_PHONE, gateway, django_capture_on_commit_callbacks
    )
    html = page.content.decode()
    assert people.case.case_number in html and "王申请" in html
    assert 'id="pay-account"' not in html and "缴款码" not in html


def test_the_session_ends_after_thirty_minutes_and_at_sign_out(
    client, people, gateway, clock, django_capture_on_commit_callbacks
):
    assert (
        signed_in(
            client, people.case, DEBTOR_ID, DEBTOR_PHONE, gateway, django_capture_on_commit_callbacks
        ).status_code
        == 200
    )
    clock.move_to(clock.today, 11)
    response = client.get("/portal/case/")
    assert response.status_code == 302 and response["Location"] == "/portal/"
    gateway.sync_clock()
    client.cookies.clear()
    assert (
        signed_in(
            client, people.case, DEBTOR_ID, DEBTOR_PHONE, gateway, django_capture_on_commit_callbacks
        ).status_code
        == 200
    )
    client.post("/portal/sign-out/")
    assert client.get("/portal/case/").status_code == 302


def test_a_staff_login_is_no_portal_session(client, people, cast):
    client.force_login(cast.officer)
    assert client.get("/portal/case/").status_code == 302
    assert client.get("/portal/").status_code == 200


def test_setting_a_phone_needs_the_handler_or_a_judge(people, cast):
    with pytest.raises(PermissionDenied):
        actions.set_party_phone(people.debtor, "13611112222", actor=cast.outsider)
    with pytest.raises(PermissionDenied):
        actions.set_party_phone(people.debtor, "13611112222", actor=cast.officer2)
    with pytest.raises(ActionError):
        actions.set_party_phone(people.debtor, "12345", actor=cast.officer)
    actions.set_party_phone(people.debtor, "13611112222", actor=cast.judge)
    people.debtor.refresh_from_db()
    assert people.debtor.phone == "13611112222"
    entry = AuditEntry.objects.filter(action="portal.set_party_phone").last()
    assert "13611112222" not in str(entry.detail) and "136****2222" in str(entry.detail)
    assert "138****5678" in str(entry.detail)
    event = people.case.events.filter(kind="party_phone_set").last()
    assert event.data["phone"] == "136****2222"
