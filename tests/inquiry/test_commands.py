"""The operator commands (contracts of issue 10): `zhixing inquiry batch [--court] [--scope] [--wait]`
and `zhixing simulators`."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhixing.cases import catalogue
from zhixing.cases.models import Case, Node
from zhixing.inquiry.models import InquiryBatch, Institution
from zhixing.inquiry.reference import REFERENCE

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command("inquiry", *args, stdout=out)
    return out.getvalue()


def test_batch_wait_prints_counts_per_institution(network, many_debtors):
    many_debtors(2, 5)
    out = _run("batch", "--court", "冀96", "--scope", "open", "--wait")
    assert "被执行人 10 人，请求 7 个" in out
    assert "已完成" in out
    for ref in REFERENCE:
        assert ref.name in out
    assert InquiryBatch.objects.get().status == InquiryBatch.DONE


def test_batch_exits_non_zero_when_a_request_stays_unanswered(network, many_debtors):
    from zhixing.core.models import RuleSetting

    RuleSetting.objects.create(
        key="inquiry.retry",
        effective_from=dt.date(2000, 1, 3),
        value={"base_seconds": 0.05, "cap_seconds": 0.1, "max_attempts": 2, "poll_seconds": 0.05},
    )
    many_debtors(1, 3)
    network.process["CSDC"].kill()
    with pytest.raises(CommandError, match="1 个查询请求"):
        _run("batch", "--court", "HE96", "--wait")
    assert InquiryBatch.objects.get().status == InquiryBatch.PARTIAL


def test_terminated_due_scope_reinquires_and_records_the_node(network, many_debtors, clock):
    (case, other) = many_debtors(2, 2)
    # A 终本 case whose first 6-monthly re-inquiry falls today (the closing itself is the cases app's).
    Case.objects.filter(pk=case.pk).update(
        status=Case.CLOSED,
        closure_method="terminated_this_round",
        closed_on=clock.today - dt.timedelta(days=1),
    )
    Node.objects.create(case=case, kind=catalogue.kind("reinquiry"), sequence=1, due_on=clock.today)
    out = _run("batch", "--scope", "terminated-due", "--wait")
    assert "案件 1 件，被执行人 2 人" in out
    node = Node.objects.get(case=case, kind__code="reinquiry")
    assert node.done_on == clock.today


def test_simulators_start_and_register(courts, settings):
    settings.ZHIXING_BANK_SECRET = "test-bank-secret"  # the funds reference bank starts too
    out = io.StringIO()
    call_command("simulators", "--once", stdout=out)
    text = out.getvalue()
    rows = {i.code: i for i in Institution.objects.all()}
    assert set(rows) == {r.code for r in REFERENCE}
    assert {i.kind for i in rows.values()} == {
        "bank",
        "real_estate",
        "provident_fund",
        "vehicle",
        "securities",
    }
    assert rows["XAREG"].link == Institution.PROVINCIAL and rows["ICBC"].link == Institution.NATIONAL
    for i in rows.values():
        assert i.url in text and len(i.public_key) == 44
    trust = settings.DATA_DIR / "simulators" / "institutions" / "trust.json"
    assert "HE96" in trust.read_text()
    assert "案款参考银行（simulators/bank）  http://127.0.0.1:" in text
