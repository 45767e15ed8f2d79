"""Nodes and deadlines: recording, periods and extensions, the overdue scan."""

import datetime as dt

import pytest

from zhixing.cases import actions
from zhixing.cases.models import CaseEvent, Node
from zhixing.core.models import AuditEntry


def test_recording_a_node_sets_it_done_and_logs_it(file_case, cast):
    case = file_case(filed_on=dt.date(2026, 3, 2))
    node = actions.record_node(case, "execution_notice", dt.date(2026, 3, 3), actor=cast.officer)
    assert node.done_on == dt.date(2026, 3, 3) and node.done_by == cast.officer
    assert CaseEvent.objects.filter(case=case, kind="node_recorded").exists()
    assert AuditEntry.objects.filter(action="node.record").exists()
    with pytest.raises(actions.ActionError):
        actions.record_node(case, "execution_notice", dt.date(2026, 3, 4), actor=cast.officer)


def test_another_officer_cannot_record_on_a_case_not_theirs(file_case, cast):
    from django.core.exceptions import PermissionDenied

    case = file_case()
    with pytest.raises(PermissionDenied):
        actions.record_node(case, "execution_notice", actor=cast.officer2)


def test_future_and_pre_filing_dates_are_refused(file_case, cast):
    case = file_case(filed_on=dt.date(2026, 3, 2))
    with pytest.raises(actions.ActionError):
        actions.record_node(case, "execution_notice", dt.date(2026, 3, 1), actor=cast.officer)
    with pytest.raises(actions.ActionError):
        actions.record_node(case, "execution_notice", dt.date(2099, 1, 1), actor=cast.officer)


def test_the_scan_marks_overdue_nodes_once_and_only_once(file_case):
    file_case(filed_on=dt.date(2026, 3, 2))
    file_case(filed_on=dt.date(2026, 3, 2))
    on = dt.date(2026, 3, 20)
    first = actions.scan_overdue(on)
    expected = Node.objects.filter(done_on__isnull=True, due_on__lt=on).count()
    assert first == expected > 0
    assert actions.scan_overdue(on) == 0
    assert CaseEvent.objects.filter(kind="node_overdue").count() == expected


def test_the_scans_events_reach_listeners_after_commit_once_each(
    file_case, django_capture_on_commit_callbacks
):
    # Later capabilities (funds, credit, supervision) listen to case_event: an overdue node must reach
    # them like any other event, on SQLite and on PostgreSQL (which marks in one SQL statement).
    from zhixing.cases.events import case_event

    case = file_case(filed_on=dt.date(2026, 3, 2))
    heard: list = []

    def listener(sender, event, **kw):
        heard.append((event.pk, event.case_id, event.kind, event.data["node"]))

    case_event.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as pending:
            marked = actions.scan_overdue(dt.date(2026, 3, 20))
        assert heard == []  # nothing before the commit
        for callback in pending:
            callback()
    finally:
        case_event.disconnect(listener)
    stored = list(
        CaseEvent.objects.filter(kind="node_overdue").values_list("pk", "case_id", "kind", "data__node")
    )
    assert marked > 0 and sorted(heard) == sorted(stored) and {h[1] for h in heard} == {case.pk}


def test_excluded_period_and_extension_move_the_statutory_deadline(file_case, cast):
    case = file_case(filed_on=dt.date(2026, 1, 5))
    assert case.statutory_due_on == dt.date(2026, 7, 5)
    p = actions.start_excluded_period(case, "valuation", dt.date(2026, 2, 1), actor=cast.officer)
    actions.end_excluded_period(p, dt.date(2026, 2, 10), actor=cast.officer)
    case.refresh_from_db()
    assert case.excluded_days == 10 and case.statutory_due_on == dt.date(2026, 7, 15)
    actions.approve_extension(case, 3, "财产处置中", actor=cast.president, approved_on=dt.date(2026, 6, 1))
    case.refresh_from_db()
    assert case.statutory_due_on == dt.date(2026, 10, 15)


def test_extension_needs_the_president_not_the_handler(file_case, cast):
    from django.core.exceptions import PermissionDenied

    case = file_case()
    with pytest.raises(PermissionDenied):
        actions.approve_extension(case, 3, "理由", actor=cast.officer)
