"""Staff views: issuing from the case page and reading the PDF (login required, audited)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages

from zhixing.core.checks import run
from zhixing.core.models import AuditEntry
from zhixing.documents.models import Document
from zhixing.documents.views import case_url

ON = dt.date(2026, 3, 4)


def issue_url(case, kind="execution_notice"):
    return f"/documents/case/{case.pk}/issue/{kind}/"


def test_the_handler_issues_from_the_case_page(client, case, cast):
    client.force_login(cast.officer)
    response = client.post(issue_url(case), {"issued_on": "2026-03-04"})
    assert response.status_code == 302
    assert response["Location"] == case_url(case.pk)
    doc = Document.objects.get(case=case)
    assert doc.issued_on == ON and doc.issued_by == cast.officer
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(doc.number in m and doc.verification_code in m for m in shown)


def test_a_refusal_comes_back_as_a_message(client, case, cast):
    client.force_login(cast.officer)
    response = client.post(issue_url(case), {"issued_on": "2026-03-01"})
    assert response.status_code == 302
    assert any("早于立案日期" in str(m) for m in get_messages(response.wsgi_request))
    assert not Document.objects.exists()


def test_an_outsider_cannot_issue(client, case, cast):
    client.force_login(cast.outsider)
    assert client.post(issue_url(case)).status_code == 404
    assert not Document.objects.exists()


def test_a_colleague_without_the_right_is_told_why(client, case, cast):
    client.force_login(cast.officer2)
    response = client.post(issue_url(case))
    assert response.status_code == 302
    assert any("执行法官" in str(m) for m in get_messages(response.wsgi_request))
    assert not Document.objects.exists()


def test_issue_needs_post_and_login(client, case, cast, settings):
    settings.LOGIN_URL = "/accounts/login/"  # a path, so this test does not wait for the login page
    assert client.post(issue_url(case)).status_code == 302  # to the login page
    assert not Document.objects.exists()
    client.force_login(cast.officer)
    assert client.get(issue_url(case)).status_code == 405
    assert client.post(issue_url(case, "no_such_kind")).status_code == 404


@pytest.fixture
def doc(case, issue):
    return issue(case, on=ON)


def test_staff_who_see_the_case_read_the_pdf_and_the_read_is_audited(client, doc, cast):
    client.force_login(cast.judge)
    response = client.get(f"/documents/{doc.pk}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    entry = AuditEntry.objects.get(action="document.read")
    assert entry.actor == cast.judge and entry.object_id == str(doc.pk)


def test_an_outsider_cannot_download(client, doc, cast):
    client.force_login(cast.outsider)
    assert client.get(f"/documents/{doc.pk}/pdf").status_code == 404
    assert not AuditEntry.objects.filter(action="document.read").exists()


def test_anonymous_users_are_sent_to_log_in(client, doc, settings):
    settings.LOGIN_URL = "/accounts/login/"
    response = client.get(f"/documents/{doc.pk}/pdf")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_replaced_file_is_not_served_and_zhixing_check_reports_it(client, doc, cast):
    with open(doc.pdf.path, "ab") as fh:
        fh.write(b"% tampered\n")
    client.force_login(cast.officer)
    response = client.get(f"/documents/{doc.pk}/pdf")
    assert response.status_code == 409
    assert not AuditEntry.objects.filter(action="document.read").exists()
    problems = list(run("法律文书文件与指纹一致"))
    assert len(problems) == 1 and doc.number in problems[0]


def test_zhixing_check_is_quiet_when_files_are_intact(doc):
    assert list(run("法律文书文件与指纹一致")) == []
