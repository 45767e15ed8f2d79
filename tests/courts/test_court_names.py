"""A court's name is checked when the court is created, by the action and beside the admin form's
field (issue 7, "Security": formula characters, control characters)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from zhixing.core.actors import CLI
from zhixing.courts import actions
from zhixing.courts.models import Court

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhou(client, cast):
    client.login(username="zhou", password="pw-zhou")  # the cast's administrator
    return client


@pytest.mark.parametrize(("name", "why"), [("=1+1", "开头"), ("安新县\x00人民法院", "控制字符")])
def test_create_court_refuses_the_name(courts, name, why):
    with pytest.raises(ValidationError, match=why):
        actions.create_court("冀9602", name, parent=courts.xiongan, actor=CLI)
    assert not Court.objects.filter(code="冀9602").exists()


def test_the_admin_form_shows_the_refusal_beside_the_name(zhou, courts):
    res = zhou.post("/admin/courts/court/add/", {"code": "冀9602", "name": "@安新县人民法院", "parent": ""})
    assert res.status_code == 200
    assert "名称不能以“=”“+”“-”“@”开头" in res.content.decode()
    assert not Court.objects.filter(code="冀9602").exists()
