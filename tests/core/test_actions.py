"""Administrator actions on the calendar and the rule settings: who may, what is refused, and the
audit entry each leaves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhixing.core import actions
from zhixing.core.actors import CLI
from zhixing.core.calendar import CalendarNotCovered, due_date, is_working_day
from zhixing.core.models import AuditEntry, CalendarYear, Holiday, RuleSetting
from zhixing.core.rulesettings import rule_setting
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as r

D = dt.date


@pytest.fixture
def xiongan_admin(courts):
    return court_actions.create_user("wu", "吴管理", "pw-wu", courts.xiongan, [r.ADMIN], actor=CLI)


def last_audit() -> AuditEntry:
    return AuditEntry.objects.order_by("-id").first()


def test_an_administrator_of_a_top_court_edits_the_calendar(cast):
    monday = D(2026, 3, 2)
    assert is_working_day(monday)
    actions.set_holiday(monday, Holiday.HOLIDAY, "测试假日", actor=cast.admin)
    assert not is_working_day(monday)
    entry = last_audit()
    assert (entry.action, entry.actor, entry.detail["date"]) == (
        "calendar.set_holiday",
        cast.admin,
        "2026-03-02",
    )
    actions.remove_holiday(monday, actor=cast.admin)
    assert is_working_day(monday)
    assert last_audit().action == "calendar.remove_holiday"


def test_a_changed_holiday_moves_a_deadline(cast):
    assert due_date(D(2025, 8, 31), 6, "months") == D(2026, 2, 28)  # a make-up working Saturday
    actions.remove_holiday(D(2026, 2, 28), actor=cast.admin)
    assert due_date(D(2025, 8, 31), 6, "months") == D(2026, 3, 2)


@pytest.mark.parametrize("who", ["officer", "command", "outsider", "president"])
def test_others_may_not_edit_the_calendar(cast, who):
    with pytest.raises(PermissionDenied):
        actions.set_holiday(D(2026, 3, 2), Holiday.HOLIDAY, "x", actor=getattr(cast, who))
    with pytest.raises(PermissionDenied):
        actions.add_calendar_year(2027, "x", actor=getattr(cast, who))


def test_a_court_administrator_may_not_edit_the_nationwide_calendar(xiongan_admin):
    with pytest.raises(PermissionDenied, match="最高一级法院"):
        actions.set_holiday(D(2026, 3, 2), Holiday.HOLIDAY, "x", actor=xiongan_admin)


def test_a_make_up_working_day_must_be_a_weekend_day(cast):
    with pytest.raises(ValidationError, match="周六或周日"):
        actions.set_holiday(D(2026, 3, 4), Holiday.WORKDAY, "调休", actor=cast.admin)


def test_a_year_is_declared_only_once_its_holidays_are_entered(cast):
    with pytest.raises(ValidationError, match="尚未录入"):
        actions.add_calendar_year(2027, "国办发明电", actor=cast.admin)
    with pytest.raises(CalendarNotCovered):
        is_working_day(D(2027, 1, 4))
    actions.set_holiday(D(2027, 1, 1), Holiday.HOLIDAY, "元旦", actor=cast.admin)
    actions.add_calendar_year(2027, "国办发明电〔2026〕号", actor=cast.admin)
    assert is_working_day(D(2027, 1, 4)) and not is_working_day(D(2027, 1, 1))
    assert last_audit().detail == {"year": 2027, "source": "国办发明电〔2026〕号", "new": True}
    actions.remove_calendar_year(2027, actor=cast.admin)
    assert not CalendarYear.objects.filter(year=2027).exists()
    with pytest.raises(CalendarNotCovered):
        is_working_day(D(2027, 1, 4))


def test_nationwide_settings_need_a_top_court_administrator(cast, courts, xiongan_admin):
    actions.set_rule_setting("test.days", 5, D(2026, 1, 1), None, "全国", actor=cast.admin)
    with pytest.raises(PermissionDenied):
        actions.set_rule_setting("test.days", 6, D(2026, 1, 1), None, "全国", actor=xiongan_admin)
    with pytest.raises(PermissionDenied):
        actions.set_rule_setting("test.days", 6, D(2026, 1, 1), None, "全国", actor=cast.officer)


def test_a_court_administrator_sets_their_court_and_not_another(courts, xiongan_admin):
    actions.set_rule_setting("test.days", 9, D(2026, 1, 1), courts.xiongxian, "雄县", actor=xiongan_admin)
    assert rule_setting("test.days", courts.xiongxian, D(2026, 6, 1)) == 9
    entry = last_audit()
    assert entry.action == "rulesetting.set" and entry.detail["court"] == "冀9601"
    with pytest.raises(PermissionDenied):
        actions.set_rule_setting("test.days", 9, D(2026, 1, 1), courts.shijiazhuang, "", actor=xiongan_admin)


def test_a_superuser_may_do_everything(courts):
    root = court_actions.create_user("root", "系统", "pw", courts.xiongxian, actor=CLI)
    root.is_superuser = True
    actions.set_rule_setting("test.days", 1, D(2026, 1, 1), None, "", actor=root)
    actions.set_holiday(D(2026, 3, 2), Holiday.HOLIDAY, "x", actor=root)


def test_a_setting_keeps_its_type(cast):
    actions.set_rule_setting("test.flag", True, D(2026, 1, 1), None, "", actor=cast.admin)
    with pytest.raises(ValidationError, match="取值类型"):
        actions.set_rule_setting("test.flag", 3, D(2026, 2, 1), None, "", actor=cast.admin)


def test_only_a_version_not_yet_in_effect_may_be_withdrawn(cast):
    past = actions.set_rule_setting("test.days", 5, D(2020, 1, 1), None, "", actor=cast.admin)
    future = actions.set_rule_setting("test.days", 6, D(2099, 1, 1), None, "", actor=cast.admin)
    with pytest.raises(ValidationError, match="已生效"):
        actions.remove_rule_setting(past, actor=cast.admin)
    actions.remove_rule_setting(future, actor=cast.admin)
    assert list(RuleSetting.objects.filter(key="test.days").values_list("value", flat=True)) == [5]
    assert last_audit().action == "rulesetting.remove"


def test_a_call_without_an_actor_is_refused(courts):
    """Issue 8, item 2: there is no "no actor". Neither a core action nor a courts action takes None
    for the system; the system names itself (系统·命令行 …) and the audit entry says so."""
    with pytest.raises(TypeError, match="操作必须指明执行人"):
        actions.set_holiday(D(2026, 10, 1), "holiday", "国庆节", actor=None)
    with pytest.raises(TypeError, match="操作必须指明执行人"):
        actions.set_rule_setting("closing.approver_roles", ["judge"], D(2026, 1, 1), actor=None)
    with pytest.raises(TypeError, match="操作必须指明执行人"):
        court_actions.create_court("冀02", "唐山市中级人民法院", parent=courts.high, actor=None)
    with pytest.raises(TypeError, match="操作必须指明执行人"):
        court_actions.create_department(courts.xiongan, "执行局", actor=None)
    with pytest.raises(TypeError):  # forgotten altogether: a required keyword
        actions.remove_holiday(D(2026, 10, 1))  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        court_actions.create_court("冀02", "唐山市中级人民法院", parent=courts.high)  # type: ignore[call-arg]
    assert not AuditEntry.objects.filter(action__in=["calendar.set_holiday", "department.create"]).exists()
    actions.set_holiday(D(2026, 10, 1), "holiday", "国庆节", actor=CLI)
    entry = last_audit()
    assert (entry.actor_id, entry.system_actor) == (None, "系统·命令行")
