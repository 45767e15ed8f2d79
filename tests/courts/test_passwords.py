"""Passwords chosen by an administrator pass Django's validators (issue 7 security: an administrator
set password `1`); the system's own users (the demo, the tests' cast) are not asked."""

from __future__ import annotations

import pytest

from zhixing.courts import actions as court_actions
from zhixing.courts import rules as r
from zhixing.courts.models import User


@pytest.mark.django_db
def test_an_administrator_cannot_set_password_1(client, courts, cast):
    client.force_login(cast.admin)
    form = {
        "username": "zheng",
        "full_name": "郑执行",
        "password1": "1",
        "password2": "1",
        "court": courts.xiongan.pk,
        "department": "",
        "roles": [r.OFFICER],
    }
    res = client.post("/admin/courts/user/add/", form)
    page = res.content.decode()
    assert res.status_code == 200 and not User.objects.filter(username="zheng").exists()
    assert "密码太短" in page and "这个密码太常见了" in page and "密码只包含数字" in page
    with pytest.raises(Exception, match="密码太短"):
        court_actions.create_user("zheng", "郑执行", "1", courts.xiongan, [r.OFFICER], actor=cast.admin)

    form |= {"password1": "zhixing-demo", "password2": "zhixing-demo"}  # the demo's password passes
    assert client.post("/admin/courts/user/add/", form).status_code == 302
    assert User.objects.get(username="zheng").check_password("zhixing-demo")
