"""Query results are for the case only (rules §6.6): the handler, the judges and leaders who supervise
it and the command centre see them, each read logged with who, case and purpose; another officer of
the same court and anyone of another court see nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from zhixing.core.models import AuditEntry
from zhixing.inquiry import actions, permissions, queries
from zhixing.inquiry.models import InquiryBatch

from .conftest import drive

pytestmark = pytest.mark.django_db


def test_only_staff_on_the_case_read_results(network, many_debtors, cast, courts):
    (case,) = many_debtors(1, 4)
    assert not permissions.may_start_inquiry(cast.outsider, case)
    assert not permissions.may_start_batch(cast.officer, courts.xiongan)
    with pytest.raises(PermissionDenied):
        actions.start_batch(courts.xiongan, InquiryBatch.OPEN, actor=cast.officer)
    drive(actions.start_case_inquiry(case, actor=cast.officer))

    for user in (cast.outsider, cast.officer2, cast.clerk, cast.finance):
        assert not permissions.may_view_results(user, case)
        with pytest.raises(PermissionDenied):
            queries.results_for_case(case, user, "查看")
    assert not AuditEntry.objects.filter(action="inquiry.read_results").exists()

    for user in (cast.officer, cast.judge, cast.command):
        assert permissions.may_view_results(user, case)
    results = queries.results_for_case(case, cast.officer, "制作财产调查报告")
    assert len(results) == 4 and any(r.assets for r in results)
    for r in results:
        assert "*" in r.id_masked
        for a in r.assets:
            assert not a["account"] or "*" in a["account"]
    reads = AuditEntry.objects.filter(action="inquiry.read_results")
    assert reads.count() == 4
    assert {(e.actor_id, e.detail["case"], e.detail["purpose"]) for e in reads} == {
        (cast.officer.pk, case.case_number, "制作财产调查报告")
    }
