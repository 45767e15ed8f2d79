"""The administrator's pages for courts, users and roles: every save goes through the actions."""

from __future__ import annotations

import pytest

from zhixing.core.actors import CLI
from zhixing.core.models import AuditEntry
from zhixing.courts import actions
from zhixing.courts import rules as r
from zhixing.courts.models import Court, Department, RoleGrant, User
from zhixing.courts.queries import has_role


@pytest.fixture
def zhou(client, cast):
    client.login(username="zhou", password="pw-zhou")
    return client


@pytest.fixture
def wu(client, courts):
    """An administrator of 冀96 only."""
    actions.create_user("wu", "吴管理", "pw-wu", courts.xiongan, [r.ADMIN], actor=CLI)
    client.login(username="wu", password="pw-wu")
    return client


def last_audit() -> AuditEntry:
    return AuditEntry.objects.order_by("-id").first()


def test_an_administrator_creates_a_court(zhou, courts, cast):
    res = zhou.post(
        "/admin/courts/court/add/", {"code": "冀9602", "name": "安新县人民法院", "parent": courts.xiongan.pk}
    )
    assert res.status_code == 302, res.content.decode()
    court = Court.objects.get(code="冀9602")
    assert court.level == r.BASIC and court.parent == courts.xiongan
    assert court.path == f"{courts.xiongan.path}{court.pk}/"
    assert (last_audit().action, last_audit().actor) == ("court.create", cast.admin)


def test_the_parent_is_taken_from_the_code_when_left_empty(zhou, courts):
    res = zhou.post(
        "/admin/courts/court/add/", {"code": "冀0102", "name": "石家庄市长安区人民法院", "parent": ""}
    )
    assert res.status_code == 302
    assert Court.objects.get(code="冀0102").parent == courts.shijiazhuang


@pytest.mark.parametrize(("code", "message"), [("冀123", "不合规"), ("冀96", "已存在")])
def test_a_bad_or_taken_code_is_shown_on_the_form(zhou, courts, code, message):
    res = zhou.post("/admin/courts/court/add/", {"code": code, "name": "某法院", "parent": courts.high.pk})
    assert res.status_code == 200 and message in res.content.decode()
    assert not Court.objects.filter(name="某法院").exists()


def test_a_court_administrator_may_not_create_courts_elsewhere(wu, courts):
    res = wu.post("/admin/courts/court/add/", {"code": "冀0102", "name": "石家庄某区法院", "parent": ""})
    assert res.status_code == 200
    assert not Court.objects.filter(code="冀0102").exists()
    res = wu.post("/admin/courts/court/add/", {"code": "冀9602", "name": "安新县人民法院", "parent": ""})
    assert res.status_code == 302 and Court.objects.get(code="冀9602").parent == courts.xiongan


def test_an_administrator_creates_a_user_with_roles_who_can_then_sign_in(zhou, courts, client):
    res = zhou.post(
        "/admin/courts/user/add/",
        {
            "username": "zheng",
            "full_name": "郑执行",
            "password1": "pw-zheng-1",
            "password2": "pw-zheng-1",
            "court": courts.xiongxian.pk,
            "department": "",
            "roles": [r.OFFICER, r.JUDGE],
        },
    )
    assert res.status_code == 302, res.content.decode()
    user = User.objects.get(username="zheng")
    assert user.full_name == "郑执行" and user.court == courts.xiongxian
    assert has_role(user, r.OFFICER, courts.xiongxian) and has_role(user, r.JUDGE, courts.xiongxian)
    assert last_audit().action == "user.create"
    zhou.logout()
    assert client.login(username="zheng", password="pw-zheng-1")


def test_mismatched_passwords_and_a_foreign_department_are_refused(zhou, courts):
    dept = actions.create_department(courts.shijiazhuang, "执行局", actor=CLI)
    res = zhou.post(
        "/admin/courts/user/add/",
        {
            "username": "x",
            "full_name": "某人",
            "password1": "a1",
            "password2": "a2",
            "court": courts.xiongan.pk,
            "department": dept.pk,
            "roles": [],
        },
    )
    page = res.content.decode()
    assert res.status_code == 200 and "两次输入的密码不一致" in page and "所选部门不属于该法院" in page
    assert not User.objects.filter(username="x").exists()


def test_a_court_administrator_may_not_create_users_in_another_court(wu, courts):
    res = wu.post(
        "/admin/courts/user/add/",
        {
            "username": "y",
            "full_name": "某人",
            "password1": "a1",
            "password2": "a1",
            "court": courts.shijiazhuang.pk,
            "roles": [r.OFFICER],
        },
    )
    assert res.status_code == 200 and not User.objects.filter(username="y").exists()


def test_roles_are_granted_and_revoked_through_the_pages(zhou, courts, cast):
    res = zhou.post(
        "/admin/courts/rolegrant/add/",
        {"user": cast.officer2.pk, "court": courts.xiongan.pk, "role": r.JUDGE},
    )
    assert res.status_code == 302, res.content.decode()
    grant = RoleGrant.objects.get(user=cast.officer2, role=r.JUDGE)
    assert last_audit().action == "role.grant"
    res = zhou.post(f"/admin/courts/rolegrant/{grant.pk}/delete/", {"post": "yes"})
    assert res.status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    assert last_audit().action == "role.revoke"


def test_departments_are_added_through_the_action(zhou, courts):
    res = zhou.post("/admin/courts/department/add/", {"court": courts.xiongan.pk, "name": "执行实施庭"})
    assert res.status_code == 302
    assert Department.objects.filter(court=courts.xiongan, name="执行实施庭").exists()
    assert last_audit().action == "department.create"


def test_existing_courts_and_users_are_shown_read_only(zhou, courts, cast):
    page = zhou.get(f"/admin/courts/court/{courts.high.pk}/change/")  # at the top: only a superuser moves it
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    page = zhou.get(f"/admin/courts/court/{courts.xiongan.pk}/change/").content.decode()
    assert 'name="parent"' in page and 'name="name"' not in page and 'name="code"' not in page  # moved only
    page = zhou.get(f"/admin/courts/user/{cast.officer.pk}/change/").content.decode()
    assert "张执行" in page and "执行员" in page and 'name="_save"' not in page
    before = Court.objects.get(pk=courts.xiongan.pk).name
    zhou.post(
        f"/admin/courts/court/{courts.xiongan.pk}/change/", {"code": "冀96", "name": "改名", "parent": ""}
    )
    assert Court.objects.get(pk=courts.xiongan.pk).name == before


def test_a_court_administrator_sees_only_their_courts_users(wu, cast):
    page = wu.get("/admin/courts/user/").content.decode()
    assert "张执行" in page and "钱外院" not in page


def test_an_administrator_stops_a_leavers_access_and_the_record_stays(zhou, cast, client):
    from django.test import Client

    officer = Client()
    assert officer.login(username="zhang", password="pw-zhang")
    assert officer.get("/inbox/").status_code == 200
    r_ = zhou.post("/admin/courts/user/", {"action": "deactivate", "_selected_action": [cast.officer.pk]})
    assert r_.status_code == 302
    cast.officer.refresh_from_db()
    assert not cast.officer.is_active and cast.officer.grants.exists()  # roles kept, on record
    entry = last_audit()
    assert entry.action == "user.deactivate" and entry.actor_id == cast.admin.pk
    # The open session stops working at the next request, and signing in again is refused.
    assert officer.get("/inbox/").status_code == 302
    assert not Client().login(username="zhang", password="pw-zhang")
    zhou.post("/admin/courts/user/", {"action": "reactivate", "_selected_action": [cast.officer.pk]})
    cast.officer.refresh_from_db()
    assert cast.officer.is_active and last_audit().action == "user.activate"


def test_nobody_stops_their_own_access_or_another_courts_users(zhou, courts, cast):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(ValidationError):
        actions.set_active(cast.admin, False, actor=cast.admin)
    wu = actions.create_user("wu", "吴管理", "pw-wu", courts.xiongan, [r.ADMIN], actor=CLI)  # 冀96's only
    with pytest.raises(PermissionDenied):
        actions.set_active(cast.outsider, False, actor=wu)
    cast.outsider.refresh_from_db()
    assert cast.outsider.is_active
    # Django's bulk delete is not offered: users stay, their acts are on record.
    page = zhou.get("/admin/courts/user/").content.decode()
    assert 'value="deactivate"' in page and 'value="delete_selected"' not in page
