"""Privacy of the party portal (issue 11 item 8; ARCHITECTURE §9): no portal response holds anyone's full
identity code, full phone number or a bank account (the debtor's own included: they are shown masked),
and a party of another case sees nothing of this one."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.conftest import APPLICANT_ID
from tests.portal.conftest import (
    APPLICANT_PHONE,
    DEBTOR_ID,
    DEBTOR_PHONE,
    OTHER_ID,
    OTHER_PHONE,
    code_in,
    sign_in,
    signed_in,
    token_of,
)
from zhixing.cases import actions as case_actions
from zhixing.documents import actions as document_actions
from zhixing.funds.payment import payment_details

pytestmark = pytest.mark.django_db

OTHER_UNIT = "91330109699830509X"
SVG = re.compile(r"<svg.*?</svg>", re.S)
ID_LIKE = re.compile(r"(?<![0-9A-Z])\d{17}[\dXx](?![0-9A-Z])|(?<!\d)\d{15}(?!\d)")
PHONE_LIKE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
LONG_NUMBER = re.compile(r"(?<!\d)\d{12,}(?!\d)")


def _leaks(text: str, allowed: set[str]) -> list[str]:
    """Full codes, phones and long account-like numbers in `text`, other than `allowed` (the court's
    own case account, which is the court's and printed on the execution notice)."""
    text = SVG.sub("", text)
    for value in allowed:
        text = text.replace(value, "")
    found = []
    for value in (APPLICANT_ID, DEBTOR_ID, OTHER_ID, OTHER_UNIT, APPLICANT_PHONE, DEBTOR_PHONE, OTHER_PHONE):
        if value in text or value.lower() in text:
            found.append(value)
    for pattern in (ID_LIKE, PHONE_LIKE, LONG_NUMBER):
        found += pattern.findall(text)
    return found


@pytest.fixture
def responses(client, people, gateway, cast, clock, django_capture_on_commit_callbacks):
    """Every kind of portal response, for the debtor, the applicant and a stranger, as (name, text)."""
    case = people.case
    case_actions.record_node(case, "ask_applicant_leads", dt.date(2026, 3, 5), actor=cast.officer)
    doc = document_actions.issue_document(
        case, "execution_notice", actor=cast.officer, on=dt.date(2026, 3, 4)
    )
    out = [("sign-in form", client.get("/portal/"))]
    out.append(("no match", sign_in(client, case, OTHER_ID, django_capture_on_commit_callbacks)))
    out.append(
        (
            "no match, other case's id",
            sign_in(client, case, "110105194912310021", django_capture_on_commit_callbacks),
        )
    )
    form = sign_in(client, case, DEBTOR_ID, django_capture_on_commit_callbacks)
    out.append(("code form", form))
    out.append(("wait form", sign_in(client, case, DEBTOR_ID, django_capture_on_commit_callbacks)))
    out.append(("wrong code", client.post("/portal/code/", {"token": token_of(form), "code": "000000"
                if code_in(gateway, DEBTOR_PHONE) != "000000" else "111111"})))  # fmt: skip
    client.post("/portal/code/", {"token": token_of(form), "code": code_in(gateway, DEBTOR_PHONE)})
    out.append(("debtor's case page", client.get("/portal/case/")))
    out.append(("sign-in page while signed in", client.get("/portal/", follow=True)))
    out.append(("sign out", client.post("/portal/sign-out/", follow=True)))
    client.cookies.clear()
    out.append(
        (
            "applicant's case page",
            signed_in(
                client, case, APPLICANT_ID, APPLICANT_PHONE, gateway, django_capture_on_commit_callbacks
            ),
        )
    )
    client.cookies.clear()
    out.append(
        (
            "stranger's case page",
            signed_in(
                client, people.other_case, OTHER_ID, OTHER_PHONE, gateway, django_capture_on_commit_callbacks
            ),
        )
    )
    out.append(("stranger asks for the document", client.get(f"/portal/documents/{doc.pk}/")))
    clock.move_to(clock.today, 11)
    out.append(("expired session", client.get("/portal/case/", follow=True)))
    return doc, [(name, r) for name, r in out]


def test_no_portal_response_holds_a_full_code_phone_or_account(responses, people):
    _doc, out = responses
    account = payment_details(people.case)["account"]
    accounts = {account, payment_details(people.other_case)["account"]}  # the courts' case accounts
    assert len(out) >= 12
    for name, response in out:
        assert response.status_code in (200, 302, 400, 404), name
        text = response.content.decode()
        assert _leaks(text, accounts) == [], name
    pages = dict(out)
    debtor_page = pages["debtor's case page"].content.decode()
    assert account in debtor_page and "138****5678" in debtor_page and "130629********" in debtor_page


def test_a_party_of_another_case_sees_nothing_of_it(responses, people):
    doc, out = responses
    pages = dict(out)
    stranger = pages["stranger's case page"].content.decode()
    assert people.other_case.case_number in stranger
    for value in (people.case.case_number, "赵欠款", "王申请", "张执行", doc.number, doc.verification_code):
        assert value not in stranger
    assert pages["stranger asks for the document"].status_code == 404
    assert "钱另案" not in pages["debtor's case page"].content.decode()


def test_the_sms_texts_hold_no_identity_code(responses, gateway):
    for message in gateway.inbox():
        assert _leaks(message["text"], set()) == [], message["text"]
