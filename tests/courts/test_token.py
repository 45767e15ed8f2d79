"""Token authentication for systems: `zhixing issue-token USERNAME` prints a token that works in the
`Authorization: Token …` header; rotation kills the old one; issuing is audited, the key is not."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from zhixing.core.models import AuditEntry
from zhixing.courts.models import User

ME = "/api/v1/me/"


def issue(*args) -> str:
    out = StringIO()
    call_command("issue_token", *args, stdout=out)
    return out.getvalue().strip()


def get(url: str, key: str | None):
    client = APIClient()
    if key is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(url)


def test_issued_token_authenticates_in_the_header(cast, file_case):
    case = file_case()
    key = issue("zhang")
    assert len(key) == 40
    res = get(ME, key)
    assert res.status_code == 200
    me = res.json()
    assert me["username"] == "zhang" and me["full_name"] == "张执行" and me["court"] == "冀96"
    assert me["grants"] == [
        {"court": "冀96", "court_name": "河北雄安新区中级人民法院", "role": "officer", "role_label": "执行员"}
    ]
    cases = get("/api/v1/cases/", key).json()
    assert [c["case_number"] for c in cases["results"]] == [case.case_number]


def test_anonymous_and_wrong_tokens_are_refused(cast):
    for key in (None, "0" * 40):
        res = get(ME, key)
        assert res.status_code in (401, 403)
        assert res.status_code == 401
    assert get("/api/v1/nodes/", None).status_code == 401


def test_second_issue_prints_the_same_token_and_rotate_replaces_it(cast):
    first = issue("zhang")
    assert issue("zhang") == first
    second = issue("zhang", "--rotate")
    assert second != first
    assert get(ME, first).status_code == 401
    assert get(ME, second).status_code == 200


def test_issuing_is_audited_without_the_key(cast):
    key = issue("zhang")
    issue("zhang")  # the same token again: nothing new to log
    entries = list(AuditEntry.objects.filter(action="token.issue"))
    assert len(entries) == 1 and entries[0].detail["username"] == "zhang"
    assert key not in str(entries[0].detail)


def test_unknown_user_fails_with_a_chinese_message(cast):
    with pytest.raises(CommandError, match="不存在"):
        issue("nobody")


def test_create_a_system_account(cast, courts):
    key = issue(
        "sys-xiongan", "--create", "--court", "冀96", "--role", "clerk", "--full-name", "雄安立案系统"
    )
    user = User.objects.get(username="sys-xiongan")
    assert not user.has_usable_password()
    me = get(ME, key).json()
    assert me["full_name"] == "雄安立案系统" and [g["role"] for g in me["grants"]] == ["clerk"]
    with pytest.raises(CommandError, match="--court"):
        issue("sys-other", "--create", "--court", "冀99", "--role", "clerk")


def test_inactive_user_gets_no_token(cast):
    cast.officer.is_active = False
    cast.officer.save()
    with pytest.raises(CommandError, match="停用"):
        issue("zhang")
