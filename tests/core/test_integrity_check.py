"""`zhixing check`: the audit chain and every registered invariant; any break makes it fail."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from zhixing.cases import actions as case_actions
from zhixing.cases import catalogue
from zhixing.cases.models import Case, Node
from zhixing.core import audit, checks
from zhixing.core.actors import CLI
from zhixing.core.models import AuditEntry

# The actions these tests append, declared as the code's are (audit.append refuses others).
audit.declare("test.entry", "测试记录")
audit.declare("test.more", "测试记录")
audit.declare("test.batch", "测试记录")
audit.declare("test.cli", "测试记录")

TABLE = AuditEntry._meta.db_table


def check() -> tuple[str, str]:
    """Run `zhixing check`; return (stdout, stderr). Raises CommandError when something is broken."""
    out, err = StringIO(), StringIO()
    try:
        call_command("integrity_check", stdout=out, stderr=err)
    except CommandError as exc:
        exc.stderr = err.getvalue()  # type: ignore[attr-defined]
        raise
    return out.getvalue(), err.getvalue()


def broken() -> str:
    with pytest.raises(CommandError, match="完整性检查未通过") as info:
        check()
    return info.value.stderr  # type: ignore[attr-defined]


def sql(statement: str, *params) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, params)


@pytest.fixture
def log(courts):
    """A chain of a few entries (the courts fixture already wrote four)."""
    for i in range(3):
        audit.append("test.entry", None, {"n": i, "amount": "100.00"}, CLI)
    return list(AuditEntry.objects.order_by("id"))


def test_both_checks_are_registered():
    assert {"审计日志哈希链", "已结案件无未完成节点"} <= set(checks.registered())


def test_an_intact_log_passes_and_appending_keeps_it_passing(log):
    out, err = check()
    # From 1 October a missing next-year calendar is a warning on stderr, not a failure.
    assert "完整性检查通过" in out and all(line.startswith("【警告") for line in err.splitlines())
    audit.append("test.more", None, {"n": 99}, CLI)
    audit.append_many([audit.AuditRecord("test.batch", None, {"i": i}, CLI) for i in range(5)])
    assert "完整性检查通过" in check()[0]


def test_editing_a_rows_detail_by_hand_is_caught(log):
    target = log[2]
    sql(f'UPDATE {TABLE} SET detail = \'{{"amount": "1.00"}}\' WHERE id = %s', target.id)
    err = broken()
    assert f"#{target.id}" in err and "被修改" in err


def test_editing_the_action_of_the_last_row_is_caught(log):
    sql(f"UPDATE {TABLE} SET action = 'test.other' WHERE id = %s", log[-1].id)
    assert f"#{log[-1].id}" in broken()


def test_deleting_a_middle_row_is_caught(log):
    middle = log[len(log) // 2]
    sql(f"DELETE FROM {TABLE} WHERE id = %s", middle.id)
    err = broken()
    assert "前序哈希" in err and f"#{log[len(log) // 2 + 1].id}" in err


def test_deleting_the_last_row_is_caught(log):
    sql(f"DELETE FROM {TABLE} WHERE id = %s", log[-1].id)
    err = broken()
    assert "末尾记录被删除" in err


def test_a_check_that_crashes_is_a_failure_not_a_pass(db, monkeypatch):
    def explode():
        raise RuntimeError("boom")
        yield  # pragma: no cover

    monkeypatch.setitem(checks._registry, "测试：出错的检查", explode)
    assert "检查程序出错" in broken()


# --- closed cases keep no open node but the re-inquiries ---------------------------------------------


def test_a_case_closed_through_the_actions_passes(file_case, cast):
    case = file_case(filed_on=dt.date(2026, 3, 2))
    assert case.nodes.filter(done_on__isnull=True).exists()
    case_actions.request_closure(
        case, "completed", dt.date(2026, 4, 1), shortfall="waiver", actor=cast.officer
    )
    case_actions.approve_closure(case, actor=cast.judge)
    # The 终本 re-inquiries are the nodes that legitimately stay open after closing.
    Node.objects.create(case=case, kind=catalogue.kind("reinquiry"), sequence=1, due_on=dt.date(2026, 10, 1))
    assert "完整性检查通过" in check()[0]


def test_a_case_closed_around_the_actions_is_caught(file_case):
    case = file_case(filed_on=dt.date(2026, 3, 2))
    Case.objects.filter(pk=case.pk).update(status=Case.CLOSED, closed_on=dt.date(2026, 4, 1))
    err = broken()
    assert case.case_number in err and "仍未完成" in err


def test_the_console_script_exits_non_zero_on_a_break(cli):
    import sqlite3

    code = "from zhixing.core import audit; from zhixing.core.actors import CLI; [audit.append('test.cli', None, {'n': i}, CLI) for i in range(3)]"
    assert cli("shell", "-c", code).returncode == 0
    ok = cli("check")
    assert ok.returncode == 0 and "完整性检查通过" in ok.stdout
    with sqlite3.connect(cli.db_path) as db:
        db.execute(f"UPDATE {TABLE} SET detail = '{{\"n\": 7}}' WHERE action = 'test.cli'")
    bad = cli("check")
    assert bad.returncode == 1
    assert "【审计日志哈希链】审计记录 #" in bad.stderr and "完整性检查未通过" in bad.stderr
