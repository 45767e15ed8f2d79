"""The periodic jobs: the re-inquiry of 终本 cases starts one batch per court with cases due (not a
second while one runs), and the measure scan is the same scan the actions offer."""

from __future__ import annotations

import datetime as dt

import pytest

from zhixing.cases import catalogue
from zhixing.cases.models import Case, Node
from zhixing.core.periodic import registered
from zhixing.inquiry import tasks
from zhixing.inquiry.models import InquiryBatch

pytestmark = pytest.mark.django_db


def test_jobs_are_registered():
    assert {"deliver_inquiries", "scan_measures", "reinquire_terminated"} <= set(registered())


def test_reinquiry_job_starts_one_batch_per_court(network, many_debtors, clock):
    (case,) = many_debtors(1, 2)
    assert tasks.reinquire_terminated.call() == 0  # nothing closed yet
    Case.objects.filter(pk=case.pk).update(
        status=Case.CLOSED,
        closure_method="terminated_this_round",
        closed_on=clock.today - dt.timedelta(days=200),
    )
    Node.objects.create(case=case, kind=catalogue.kind("reinquiry"), sequence=1, due_on=clock.today)
    assert tasks.reinquire_terminated.call() == 1
    assert tasks.reinquire_terminated.call() == 0  # the first batch still runs
    batch = InquiryBatch.objects.get()
    assert (batch.scope, batch.started_by_system, batch.debtors) == ("terminated_due", "系统·终本定期查询", 2)
    assert tasks.deliver_inquiries.call() > 0
    batch.refresh_from_db()
    assert batch.status == InquiryBatch.DONE
    assert Node.objects.get(case=case, kind__code="reinquiry").done_on == clock.today
    assert tasks.scan_measures_task.call() == [0, 0]
