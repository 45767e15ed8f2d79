"""The public verification page /verify/ (no login; never personal data)."""

from __future__ import annotations

import datetime as dt

import pytest

from zhixing.cases import actions as case_actions
from zhixing.cases.models import Party

from ..conftest import APPLICANT_ID, DEBTOR_UNIT_ID

ON = dt.date(2026, 3, 4)
PERSON_DEBTOR_ID = "110105198001010016"


@pytest.fixture
def person_case(file_case):
    """A natural person as debtor: the case whose names and ID numbers must never reach the page."""
    return file_case(
        parties=[
            case_actions.PartyInput(Party.APPLICANT, "雄安某建设有限公司", DEBTOR_UNIT_ID),
            case_actions.PartyInput(Party.DEBTOR, "赵被执", PERSON_DEBTOR_ID),
            case_actions.PartyInput(Party.DEBTOR, "王申请", APPLICANT_ID),
        ]
    )


def test_the_code_resolves_to_the_fingerprint(client, person_case, issue):
    doc = issue(person_case, on=ON)
    response = client.get(f"/verify/{doc.verification_code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert doc.sha256 in page
    for shown in ("执行通知书", "河北雄安新区中级人民法院", person_case.case_number, "2026-03-04"):
        assert shown in page


def test_the_page_shows_no_personal_data(client, person_case, issue):
    doc = issue(person_case, on=ON)
    for url in (f"/verify/{doc.verification_code}/", f"/verify/{doc.verification_code}/json"):
        page = client.get(url).content.decode()
        for secret in (PERSON_DEBTOR_ID, APPLICANT_ID, "赵被执", "王申请", "张执行"):
            assert secret not in page, (url, secret)


def test_the_code_may_be_typed_loosely(client, case, issue):
    doc = issue(case, on=ON)
    loose = doc.verification_code.replace("-", " ").lower()
    assert client.get(f"/verify/{loose}/").status_code == 200
    response = client.get("/verify/", {"code": loose})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{doc.verification_code}/"


def test_an_unknown_code_is_a_404_in_chinese(client, case, issue):
    issue(case, on=ON)
    response = client.get("/verify/ABCD-EFGH-JKLM-NPQR/")
    assert response.status_code == 404
    assert "未找到该核验码对应的文书" in response.content.decode()
    assert client.get("/verify/", {"code": "ABCD-EFGH-JKLM-NPQR"}).status_code == 404
    malformed = client.get("/verify/", {"code": "0000-1111"})
    assert malformed.status_code == 400 and "格式不正确" in malformed.content.decode()


def test_the_form_without_a_code(client, db):
    response = client.get("/verify/")
    assert response.status_code == 200
    assert "请输入文书上印制的核验码" in response.content.decode()


def test_json_variant(client, case, issue):
    doc = issue(case, "property_report_order", on=ON)
    response = client.get(f"/verify/{doc.verification_code}/json")
    assert response.status_code == 200
    assert response.json() == {
        "code": doc.verification_code,
        "kind": "property_report_order",
        "court": "河北雄安新区中级人民法院",
        "case_number": case.case_number,
        "issued_on": "2026-03-04",
        "sha256": doc.sha256,
    }
    missing = client.get("/verify/ABCD-EFGH-JKLM-NPQR/json")
    assert missing.status_code == 404 and "未找到" in missing.json()["error"]


def test_an_earlier_version_says_it_was_reissued(client, case, issue):
    first = issue(case, on=ON)
    assert "重新签发新版本" not in client.get(f"/verify/{first.verification_code}/").content.decode()
    issue(case, on=ON)
    assert "重新签发新版本" in client.get(f"/verify/{first.verification_code}/").content.decode()


def test_the_page_keeps_the_code_out_of_referrers_and_search_engines(client, case, issue):
    doc = issue(case, on=ON)
    response = client.get(f"/verify/{doc.verification_code}/")
    # Other sites get no Referer; the platform's own form posts keep their Origin (core.public).
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]


def test_one_client_is_rate_limited(client, settings, db):
    settings.ZHIXING_VERIFY_RATE_PER_MINUTE = 3  # the window starts empty (tests/conftest.py)
    statuses = [client.get("/verify/ABCD-EFGH-JKLM-NPQR/").status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]
