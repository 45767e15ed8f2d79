"""Issuing the execution notice and the property-report order (documents.actions.issue_document)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from zhixing.cases import actions as case_actions
from zhixing.cases.models import CaseEvent, Node
from zhixing.core import pdf
from zhixing.core.models import AuditEntry
from zhixing.documents.models import Document

from .pdfinspect import embedded_font_programs, embedded_fonts

ON = dt.date(2026, 3, 4)


def test_issuing_stores_a_pdf_whose_fingerprint_is_recorded(case, issue, media_root):
    doc = issue(case, on=ON)
    data = doc.pdf.read()
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == doc.sha256
    assert doc.pdf.path.startswith(str(media_root))
    assert doc.number == f"{case.case_number}-执通"
    assert doc.issued_on == ON and doc.version == 1
    assert len(doc.verification_code) == 19


def test_the_pdf_embeds_a_noto_cjk_font(case, issue):
    data = issue(case, on=ON).pdf.read()
    assert any("NotoSerifCJK" in name for name in embedded_fonts(data)), embedded_fonts(data)
    # The embedded program is the Noto CJK file itself, not a substitute that happens to be named so.
    assert any(name.startswith("NotoSerifCJK") for name in embedded_font_programs(data))


def test_issuing_records_the_node_and_logs_the_issue(case, issue, cast):
    doc = issue(case, "property_report_order", on=ON)
    node = Node.objects.get(case=case, kind__code="property_report_order")
    assert node.done_on == ON
    assert node.done_by == cast.officer
    event = CaseEvent.objects.get(case=case, kind="document_issued")
    assert event.data["number"] == doc.number and event.data["sha256"] == doc.sha256
    entry = AuditEntry.objects.get(action="document.issue")
    assert entry.object_id == str(doc.pk) and entry.detail["sha256"] == doc.sha256


def test_issuing_again_makes_a_new_version_and_leaves_the_node_alone(case, issue, cast):
    first = issue(case, on=ON)
    second = issue(case, actor=cast.judge, on=dt.date(2026, 3, 6))
    assert second.version == 2
    assert second.number == f"{case.case_number}-执通-2"
    assert second.verification_code != first.verification_code
    assert second.sha256 != first.sha256
    node = Node.objects.get(case=case, kind__code="execution_notice")
    assert node.done_on == ON  # the first issue completed the node; the re-issue does not move it
    recorded = CaseEvent.objects.filter(case=case, kind="node_recorded", data__node="execution_notice")
    assert recorded.count() == 1
    assert first.pdf.storage.exists(first.pdf.name)  # the earlier version stays verifiable


def test_a_judge_of_the_court_may_issue_on_a_case_they_do_not_handle(case, issue, cast):
    assert issue(case, actor=cast.judge, on=ON).issued_by == cast.judge


@pytest.mark.parametrize("who", ["outsider", "officer2", "clerk"])
def test_others_may_not_issue(case, issue, cast, who):
    with pytest.raises(PermissionDenied):
        issue(case, actor=getattr(cast, who), on=ON)
    assert not Document.objects.exists()
    assert Node.objects.get(case=case, kind__code="execution_notice").done_on is None


def test_a_closed_case_is_refused(case, issue, cast):
    case_actions.request_closure(
        case, "completed", dt.date(2026, 3, 5), shortfall="waiver", actor=cast.officer
    )
    case_actions.approve_closure(case, actor=cast.judge)
    case.refresh_from_db()
    with pytest.raises(case_actions.ActionError, match="已结案"):
        issue(case, on=dt.date(2026, 3, 6))
    assert not Document.objects.exists()


def test_dates_outside_filing_and_today_are_refused(case, issue):
    with pytest.raises(case_actions.ActionError, match="早于立案日期"):
        issue(case, on=dt.date(2026, 3, 1))
    with pytest.raises(case_actions.ActionError, match="不能晚于今天"):
        issue(case, on=timezone.localdate() + dt.timedelta(days=1))  # legal dates are Shanghai dates


def test_unknown_kind_is_refused(case, issue):
    with pytest.raises(case_actions.ActionError, match="未知的文书种类"):
        issue(case, "no_such_kind", on=ON)


def test_without_a_cjk_font_issuing_fails_in_chinese_and_leaves_nothing(
    case, issue, settings, monkeypatch, tmp_path
):
    settings.ZHIXING_CJK_FONT_DIRS = [str(tmp_path / "no-fonts")]
    monkeypatch.setattr(pdf, "FONT_DIRS", [])
    with pytest.raises(pdf.FontNotFound, match="未找到中文字体文件"):
        issue(case, on=ON)
    assert not Document.objects.exists()
    assert Node.objects.get(case=case, kind__code="execution_notice").done_on is None
