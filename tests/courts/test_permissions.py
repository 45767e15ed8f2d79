"""Roles are granted per court and reach the courts below it, never sideways (ARCHITECTURE §10)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from zhixing.core.actors import CLI
from zhixing.courts import actions
from zhixing.courts import rules as r
from zhixing.courts.models import Court, RoleGrant
from zhixing.courts.queries import courts_for, has_role, roles_of


def test_wang_at_the_high_court_commands_xiongan_and_the_basic_court_below(cast, courts):
    assert has_role(cast.command, r.COMMAND, courts.xiongan)
    assert has_role(cast.command, r.COMMAND, courts.xiongxian)
    assert has_role(cast.command, r.COMMAND, courts.high)
    assert set(courts_for(cast.command, r.COMMAND)) == {
        courts.high,
        courts.xiongan,
        courts.xiongxian,
        courts.shijiazhuang,
    }


def test_wang_holds_only_the_command_role(cast, courts):
    assert not has_role(cast.command, [r.OFFICER, r.JUDGE, r.ADMIN], courts.xiongan)


@pytest.mark.parametrize("role", list(r.ROLE_LABELS))
def test_qian_at_shijiazhuang_has_nothing_on_xiongan(cast, courts, role):
    assert not has_role(cast.outsider, role, courts.xiongan)
    assert not has_role(cast.outsider, role, courts.xiongxian)
    assert not has_role(cast.outsider, role, courts.high)  # roles reach down, not up


def test_qian_keeps_his_roles_at_home(cast, courts):
    assert has_role(cast.outsider, r.OFFICER, courts.shijiazhuang)
    assert set(courts_for(cast.outsider, [r.OFFICER, r.JUDGE])) == {courts.shijiazhuang}


def test_an_officer_at_xiongan_reaches_down_but_not_up(cast, courts):
    assert has_role(cast.officer, r.OFFICER, courts.xiongxian)
    assert not has_role(cast.officer, r.OFFICER, courts.high)
    assert roles_of(cast.officer) == {r.OFFICER}


def test_a_court_created_below_a_grant_is_reached_without_a_new_grant(cast, courts):
    new = actions.create_court("冀9602", "安新县人民法院", parent=courts.xiongan, actor=cast.admin)
    assert has_role(cast.command, r.COMMAND, new)
    assert not has_role(cast.outsider, r.OFFICER, new)


def test_an_administrator_below_may_create_a_court_named_by_its_code_alone(courts):
    wu = actions.create_user("wu", "吴管理", "pw-wu", courts.xiongan, [r.ADMIN], actor=CLI)
    new = actions.create_court("冀9603", "容城县人民法院", actor=wu)  # parent 冀96 from the code
    assert new.parent == courts.xiongan and new.level == r.BASIC
    with pytest.raises(PermissionDenied):
        actions.create_court("冀0102", "石家庄某区人民法院", actor=wu)  # under 冀01: not theirs


def test_only_administrators_grant_roles(cast, courts):
    with pytest.raises(PermissionDenied):
        actions.grant_role(cast.officer2, courts.xiongan, r.JUDGE, actor=cast.officer)
    with pytest.raises(PermissionDenied):
        actions.grant_role(cast.officer2, courts.xiongan, r.JUDGE, actor=cast.outsider)
    grant = actions.grant_role(cast.officer2, courts.xiongan, r.JUDGE, actor=cast.admin)
    assert has_role(type(cast.officer2).objects.get(pk=cast.officer2.pk), r.JUDGE, courts.xiongxian)
    actions.revoke_role(grant, actor=cast.admin)
    assert not RoleGrant.objects.filter(user=cast.officer2, role=r.JUDGE).exists()


def test_court_levels_come_from_the_codes(courts):
    assert {c.code: c.level for c in Court.objects.all()} == {
        "冀": r.HIGH,
        "冀96": r.INTERMEDIATE,
        "冀9601": r.BASIC,
        "冀01": r.INTERMEDIATE,
    }
