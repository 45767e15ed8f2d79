"""The administrator's pages for the calendar, rule settings and audit log (Django admin)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from zhixing.core.actors import CLI
from zhixing.core.calendar import is_working_day
from zhixing.core.models import AuditEntry, Holiday, RuleSetting
from zhixing.core.rulesettings import rule_setting
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as r

D = dt.date


@pytest.fixture
def admin_client(client, cast):
    """周管理, 管理员 of the top court 冀, signed in through the admin's own login page."""
    res = client.post("/admin/login/", {"username": "zhou", "password": "pw-zhou", "next": "/admin/"})
    assert res.status_code == 302 and res.url == "/admin/"
    return client


def due(*args: str) -> str:
    out = StringIO()
    call_command("calendar", "due", *args, stdout=out)
    return out.getvalue().strip()


def test_the_index_is_in_chinese_and_lists_the_calendar(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert "执行平台管理" in page and "节假日" in page and "规则参数" in page and "审计记录" in page


def test_an_administrator_edits_a_holiday_and_the_calendar_answer_changes(admin_client, cast):
    assert due("2025-08-31", "6", "months") == "2026-02-28"  # a make-up working Saturday
    row = Holiday.objects.get(date=D(2026, 2, 28))
    res = admin_client.post(
        f"/admin/core/holiday/{row.pk}/change/", {"kind": Holiday.HOLIDAY, "name": "春节（改）", "_save": "1"}
    )
    assert res.status_code == 302, res.content.decode()
    assert due("2025-08-31", "6", "months") == "2026-03-02"
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.action == "calendar.set_holiday" and entry.actor == cast.admin
    assert entry.detail["kind"] == {"old": "workday", "new": "holiday"}
    assert entry.detail["name"] == {"old": "春节", "new": "春节（改）"}


def test_adding_and_deleting_a_holiday_through_the_pages(admin_client):
    res = admin_client.post(
        "/admin/core/holiday/add/", {"date": "2026-03-04", "kind": "holiday", "name": "临时"}
    )
    assert res.status_code == 302
    assert not is_working_day(D(2026, 3, 4))
    row = Holiday.objects.get(date=D(2026, 3, 4))
    res = admin_client.post(f"/admin/core/holiday/{row.pk}/delete/", {"post": "yes"})
    assert res.status_code == 302
    assert is_working_day(D(2026, 3, 4))
    assert AuditEntry.objects.order_by("-id").first().action == "calendar.remove_holiday"


def test_a_refused_holiday_shows_the_reason_and_saves_nothing(admin_client):
    res = admin_client.post(
        "/admin/core/holiday/add/", {"date": "2026-03-04", "kind": "workday", "name": "x"}
    )
    assert res.status_code == 200 and "周六或周日" in res.content.decode()
    assert not Holiday.objects.filter(date=D(2026, 3, 4)).exists()


def test_a_rule_setting_added_through_the_pages_is_read_by_the_rules(admin_client, courts):
    res = admin_client.post(
        "/admin/core/rulesetting/add/",
        {
            "key": "test.days",
            "value": "12",
            "effective_from": "2026-01-01",
            "court": courts.xiongan.pk,
            "description": "测试",
            "source": "",
        },
    )
    assert res.status_code == 302, res.content.decode()
    assert rule_setting("test.days", courts.xiongxian, D(2026, 6, 1)) == 12
    assert RuleSetting.objects.get(key="test.days").court == courts.xiongan


def test_the_audit_log_is_read_only(admin_client):
    entry = AuditEntry.objects.first()
    assert admin_client.get("/admin/core/auditentry/").status_code == 200
    page = admin_client.get(f"/admin/core/auditentry/{entry.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.get("/admin/core/auditentry/add/").status_code == 403
    assert admin_client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_staff_without_the_administrator_role_are_kept_out(client, cast):
    client.force_login(cast.officer)
    assert client.get("/admin/").status_code == 302  # to the admin login
    res = client.post("/admin/login/", {"username": "zhang", "password": "pw-zhang"})
    assert res.status_code == 200  # refused, the form is shown again


def test_a_court_administrator_sees_the_calendar_but_may_not_change_it(client, courts):
    court_actions.create_user("wu", "吴管理", "pw-wu", courts.xiongan, [r.ADMIN], actor=CLI)
    client.login(username="wu", password="pw-wu")
    assert client.get("/admin/core/holiday/").status_code == 200
    assert client.get("/admin/core/holiday/add/").status_code == 403
    assert client.get("/admin/core/auditentry/").status_code == 403
