"""Audit actions are declared (ARCHITECTURE §11): an undeclared one is refused, every detail key the code
writes has a label, and an update records old and new values (issue 8, item 4)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

import zhixing
from zhixing.cases import actions as case_actions
from zhixing.cases import events
from zhixing.cases.models import CaseEvent
from zhixing.core import actions, audit
from zhixing.core.actors import CLI
from zhixing.core.models import AuditEntry


def last(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).order_by("-id").first()


@pytest.mark.django_db
def test_an_undeclared_action_is_refused():
    with pytest.raises(audit.UndeclaredKind):
        audit.append("nobody.declared_this", None, {}, CLI)
    assert not AuditEntry.objects.filter(action="nobody.declared_this").exists()


def test_declaring_an_action_twice_differently_is_an_error():
    audit.declare("test.twice", "测试记录", {"n": "数量"})
    audit.declare("test.twice", "测试记录", {"n": "数量"})  # alike: a module imported again
    with pytest.raises(ValueError):
        audit.declare("test.twice", "另一个名称")


def test_changes_keeps_what_differs_and_what_is_asked_for():
    before = {"value": 5, "description": "全国"}
    after = {"value": 7, "description": "全国"}
    assert audit.changes(before, after) == {"value": {"old": 5, "new": 7}}
    assert audit.changes(before, before, always=["value"]) == {"value": {"old": 5, "new": 5}}
    assert audit.changes({}, {"handler": "chen"}) == {"handler": {"old": None, "new": "chen"}}


def test_the_log_reads_changes_in_chinese():
    changed = {"realized_amount": {"old": "0.00", "new": "1000.00"}}
    assert audit.describe("case.import_update", {"case": "（2026）冀96执1号", "changed": changed}) == [
        ("案号", "（2026）冀96执1号"),
        ("变更", "执行到位金额 由“0.00”改为“1000.00”"),
    ]
    edits = [{"court": "冀96", "indicator": "closure_rate", "old": "0.9000", "new": None}]
    assert audit.describe("assessment_values_edited", {"changes": edits}) == [
        ("变更", "冀96 closure_rate 由“0.9000”改为“（空）”")
    ]
    assert audit.describe("user.deactivate", {"active": {"old": True, "new": False}}) == [
        ("有效", "由“是”改为“否”")
    ]


def test_assigning_another_handler_records_from_whom_to_whom(cast, file_case):
    case = file_case()  # handled by 张执行 (zhang)
    case_actions.assign_handler(case, cast.officer2, actor=cast.clerk)
    entry = last("case.assign_handler")
    assert entry.detail["handler"] == {"old": "zhang", "new": "chen"}
    assert entry.detail["case"] == case.case_number
    assert ("承办人", "由“zhang”改为“chen”") in audit.describe(entry.action, entry.detail)
    first = AuditEntry.objects.filter(action="case.assign_handler").order_by("id").first()
    assert first.detail["handler"] == {"old": None, "new": "zhang"}
    # The case event too: the page reads both by name.
    event = CaseEvent.objects.filter(case=case, kind=events.HANDLER_ASSIGNED).order_by("-id").first()
    assert (event.data["handler"], event.data["previous"]) == ("chen", "zhang")
    described = events.describe([event])[0]
    assert ("承办人", "陈执行") in described.parts and ("原承办人", "张执行") in described.parts


def test_setting_a_rule_records_the_old_and_the_new_value(cast):
    day = dt.date(2026, 1, 1)
    actions.set_rule_setting("test.days", 5, day, None, "全国", actor=cast.admin)
    assert last("rulesetting.set").detail["value"] == {"old": None, "new": 5}
    actions.set_rule_setting("test.days", 6, day, None, "全国", actor=cast.admin)  # a correction
    entry = last("rulesetting.set")
    assert entry.detail["value"] == {"old": 5, "new": 6} and "description" not in entry.detail
    # A new version: what it supersedes is the old value.
    actions.set_rule_setting("test.days", 8, dt.date(2026, 7, 1), None, "全国（调整）", actor=cast.admin)
    entry = last("rulesetting.set")
    assert entry.detail["value"] == {"old": 6, "new": 8}
    assert entry.detail["description"] == {"old": "全国", "new": "全国（调整）"}
    assert ("取值", "由“6”改为“8”") in audit.describe(entry.action, entry.detail)


def test_correcting_a_declared_year_s_source_records_the_old_and_the_new(cast):
    from zhixing.core.models import Holiday

    actions.set_holiday(dt.date(2027, 1, 1), Holiday.HOLIDAY, "元旦", actor=cast.admin)
    actions.add_calendar_year(2027, "国办发明电", actor=cast.admin)
    assert last("calendar.add_year").detail["source"] == "国办发明电"
    actions.add_calendar_year(2027, "国办发明电〔2026〕号", actor=cast.admin)
    entry = last("calendar.add_year")
    assert entry.detail["source"] == {"old": "国办发明电", "new": "国办发明电〔2026〕号"}
    assert entry.detail["new"] is False


def test_stopping_a_user_records_the_old_and_the_new_state(cast):
    from zhixing.courts import actions as court_actions

    court_actions.set_active(cast.outsider, False, reason="调离", actor=cast.admin)
    assert last("user.deactivate").detail["active"] == {"old": True, "new": False}


def _literal_details() -> dict[str, set[str]]:
    """The detail keys written literally: `audit.append("x", obj, {"k": …})` and `AuditRecord(…)`."""
    found: dict[str, set[str]] = {}
    for path in Path(zhixing.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and len(node.args) >= 3):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in ("append", "AuditRecord"):
                continue
            if name == "append" and getattr(func.value, "id", "") != "audit":
                continue
            action, detail = node.args[0], node.args[2]
            if not (isinstance(action, ast.Constant) and isinstance(detail, ast.Dict)):
                continue
            keys = {k.value for k in detail.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
            found.setdefault(action.value, set()).update(keys)
    return found


def test_every_detail_key_the_code_writes_has_a_label():
    found = _literal_details()
    assert {"case.assign_handler", "rulesetting.set", "court.move"} <= set(found)
    missing = sorted(
        f"{action}: {key}"
        for action, keys in found.items()
        for key in keys
        if key not in audit.KINDS[action].details
    )
    assert missing == [], f"label these detail keys where the action is declared: {missing}"


@pytest.mark.django_db
def test_an_entry_without_an_actor_is_refused_and_nothing_is_written():
    from zhixing.core.models import AuditEntry

    before = AuditEntry.objects.count()
    with pytest.raises(TypeError, match="执行人"):
        audit.append("user.demo_password", None, {"users": 1})
    assert AuditEntry.objects.count() == before
