"""`zhixing import-cases --update`: the same file twice changes nothing; a changed row is updated with
an audit entry naming what changed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from tests.cases.test_import_support import good_rows, row, run, write_csv
from zhixing.cases.models import Case, CaseEvent, Node, Party
from zhixing.core.audit import verify_chain
from zhixing.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _state() -> list:
    """Everything an import writes, row by row, to compare before and after."""
    return [
        [model_to_dict(c) for c in Case.objects.order_by("pk")],
        list(Party.objects.order_by("pk").values()),
        list(Node.objects.order_by("pk").values()),
        CaseEvent.objects.count(),
    ]


def test_same_file_twice_with_update_changes_nothing(tmp_path, cast):
    path = write_csv(tmp_path / "history.csv", good_rows())
    assert run(path)[0] == 0
    before, audits = _state(), AuditEntry.objects.count()
    code, out, _err = run(path, "--update")
    assert code == 0 and "新增 0 件，更新 0 件，未变 3 件，错误 0 行" in out
    assert _state() == before and AuditEntry.objects.count() == audits
    code, out, _err = run(path, "--update", "--create-courts")
    assert _state() == before and AuditEntry.objects.count() == audits


def test_changed_rows_are_updated_with_an_audit_entry(tmp_path, cast):
    rows = good_rows()
    assert run(write_csv(tmp_path / "v1.csv", rows))[0] == 0
    rows[0].update(
        realized_amount="1,000", debtors="雄安某建设有限公司；赵某", debtor_ids="91330109699830509X；"
    )
    rows[1].update(closed_on="2025-02-01", closure_method="执行完毕")
    audits = AuditEntry.objects.count()
    code, out, err = run(write_csv(tmp_path / "v2.csv", rows), "--update")
    assert code == 0, err
    assert "新增 0 件，更新 2 件，未变 1 件，错误 0 行" in out
    assert AuditEntry.objects.count() == audits + 2
    first = Case.objects.get(case_number="（2025）冀96执100号")
    assert first.realized_amount == Decimal("1000.00") and first.imported_from == "v2.csv"
    assert list(first.parties.filter(role=Party.DEBTOR).values_list("name", flat=True)) == [
        "雄安某建设有限公司",
        "赵某",
    ]
    entry = AuditEntry.objects.get(action="case.import_update", object_id=str(first.pk))
    assert entry.detail["file"] == "v2.csv" and set(entry.detail["changed"]) == {"realized_amount", "parties"}
    closed = Case.objects.get(case_number="（2024）冀96执保7号")
    assert closed.status == Case.CLOSED
    assert not closed.nodes.filter(done_on__isnull=True, cancelled_on__isnull=True).exists()
    cancelled = closed.nodes.filter(cancelled_on__isnull=False)  # kept, with the closing as reason
    assert cancelled.exists() and {n.cancelled_reason for n in cancelled} == {
        f"结案（{closed.get_closure_method_display()}）"
    }
    assert CaseEvent.objects.filter(case=closed, kind="updated").count() == 1
    assert list(verify_chain()) == []
    # And once more: nothing left to change.
    assert "更新 0 件，未变 3 件" in run(tmp_path / "v2.csv", "--update")[1]


def test_update_cannot_reopen_a_closed_case(tmp_path, courts):
    closed = row(closed_on="2025-04-01", closure_method="执行完毕")
    assert run(write_csv(tmp_path / "a.csv", [closed]))[0] == 0
    code, _out, err = run(write_csv(tmp_path / "b.csv", [row()]), "--update")
    assert code == 1 and "第2行 结案日期：该案在平台中已结案" in err


def test_update_of_a_case_filed_in_the_platform_keeps_what_the_sheet_does_not_carry(
    tmp_path, file_case, cast
):
    case = file_case(filed_on=dt.date(2026, 3, 2))
    sheet = row(
        case_number=case.case_number,
        filed_on="2026-03-02",
        applied_amount="50000",
        basis_number="",
        handler="张执行",
        applicants="王申请",
        applicant_ids="11010519491231002X",
    )
    code, out, _err = run(write_csv(tmp_path / "same.csv", [sheet]), "--update")
    assert code == 0 and "未变 1 件" in out
    sheet["realized_amount"] = "20000"
    assert "更新 1 件" in run(write_csv(tmp_path / "more.csv", [sheet]), "--update")[1]
    case.refresh_from_db()
    assert case.realized_amount == Decimal("20000.00") and case.handler == cast.officer
    assert case.nodes.filter(done_on__isnull=True).count() == 5
