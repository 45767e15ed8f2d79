"""The last active superuser cannot be stopped (issue 7, "Security"): the platform would be left with
nobody who can create a root court or restore an administrator. Only a superuser stops a superuser."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhixing.core.actors import CLI
from zhixing.courts import actions
from zhixing.courts.models import User

pytestmark = pytest.mark.django_db


def _superuser(username: str, name: str, court) -> User:
    user = actions.create_user(username, name, f"pw-{username}", court, actor=CLI)
    User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
    return User.objects.get(pk=user.pk)


def test_the_last_active_superuser_is_never_stopped(courts):
    root = _superuser("root", "根管理", courts.high)
    with pytest.raises(ValidationError) as err:
        actions.set_active(root, False, actor=CLI)  # a system actor, e.g. a command
    assert "最后一个有效的超级管理员" in err.value.messages[0]
    root.refresh_from_db()
    assert root.is_active


def test_one_of_two_may_go_but_then_the_other_stays(courts):
    root, second = _superuser("root", "根管理", courts.high), _superuser("root2", "备管理", courts.high)
    actions.set_active(second, False, actor=root)
    second.refresh_from_db()
    assert not second.is_active
    with pytest.raises(ValidationError):
        actions.set_active(root, False, actor=CLI)
    # Restoring the other makes stopping possible again.
    actions.set_active(second, True, actor=root)
    actions.set_active(root, False, actor=second)
    assert not User.objects.get(pk=root.pk).is_active


def test_a_court_administrator_may_not_stop_a_superuser(courts, cast):
    root, _second = _superuser("root", "根管理", courts.high), _superuser("root2", "备管理", courts.high)
    with pytest.raises(PermissionDenied) as err:
        actions.set_active(root, False, actor=cast.admin)  # 周管理 administers 冀, root's court
    assert "超级管理员" in str(err.value)
    assert User.objects.get(pk=root.pk).is_active


def test_the_admin_list_action_refuses_in_chinese(client, courts, cast):
    # As found: 周管理, administrator of 冀, stopped the platform's only superuser from the user list.
    root = _superuser("root", "根管理", courts.high)
    client.force_login(cast.admin)
    res = client.post(
        "/admin/courts/user/", {"action": "deactivate", "_selected_action": [root.pk]}, follow=True
    )
    errors = [str(m) for m in res.context["messages"] if m.level_tag == "error"]
    assert errors == ["根管理：只有超级管理员可以停用超级管理员的账号"]  # people by name, not username
    assert User.objects.get(pk=root.pk).is_active
    # The superuser may not stop themselves either (the rule that was already there).
    client.force_login(root)
    client.post("/admin/courts/user/", {"action": "deactivate", "_selected_action": [root.pk]})
    assert User.objects.get(pk=root.pk).is_active
