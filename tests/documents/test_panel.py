"""The documents panel the case page includes ({% case_documents case %})."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from zhixing.cases import actions as case_actions

ON = dt.date(2026, 3, 4)
PANEL = Template("{% load documents_tags %}{% case_documents case %}")


def render_panel(case, user):
    request = RequestFactory().get("/")
    request.user = user
    return PANEL.render(Context({"case": case, "request": request, "csrf_token": "t"}))


def test_the_handler_sees_issue_buttons_and_the_issued_documents(case, issue, cast):
    doc = issue(case, on=ON)
    html = render_panel(case, cast.officer)
    assert doc.number in html and doc.verification_code in html
    assert f"/documents/{doc.pk}/pdf" in html
    assert "重新签发执行通知书（第2版）" in html  # already issued once
    assert "签发报告财产令" in html


def test_no_buttons_for_a_clerk_or_on_a_closed_case(case, cast):
    assert "签发执行通知书" not in render_panel(case, cast.clerk)
    assert "签发执行通知书" in render_panel(case, cast.judge)
    case_actions.request_closure(
        case, "completed", dt.date(2026, 3, 5), shortfall="waiver", actor=cast.officer
    )
    case_actions.approve_closure(case, actor=cast.judge)
    case.refresh_from_db()
    assert "签发执行通知书" not in render_panel(case, cast.officer)


def test_the_panel_does_not_query_per_document(case, issue, cast):
    issue(case, on=ON)
    with CaptureQueriesContext(connection) as one:
        render_panel(case, cast.judge)
    issue(case, on=ON)
    issue(case, "property_report_order", on=ON)
    cast.judge.__dict__.pop("_grant_paths", None)  # same cold role cache as the first render
    with CaptureQueriesContext(connection) as three:
        render_panel(case, cast.judge)
    assert len(three) == len(one)
