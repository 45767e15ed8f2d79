"""Every administrator page opens in Chinese, and no list page costs one query per row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhixing.core import actions, audit
from zhixing.core.actors import CLI
from zhixing.core.models import Holiday
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as r

# The actions these tests append, declared as the code's are (audit.append refuses others).
audit.declare("test.row", "测试记录")

MODELS = [
    "core/holiday",
    "core/calendaryear",
    "core/rulesetting",
    "core/auditentry",
    "courts/court",
    "courts/department",
    "courts/user",
    "courts/rolegrant",
    "supervision/indicatordefinition",
]


@pytest.fixture
def zhou(client, cast):
    client.force_login(cast.admin)
    return client


@pytest.mark.parametrize("model", [m for m in MODELS if m != "core/auditentry"])
def test_every_add_page_opens(zhou, model):
    assert zhou.get(f"/admin/{model}/add/").status_code == 200


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        res = client.get(url)
    assert res.status_code == 200 and '<html lang="zh-hans"' in res.content.decode()
    return len(ctx)


def add_rows(courts, admin, i: int) -> None:
    court = court_actions.create_court(f"冀96{i + 10:02d}", f"测试法院{i}", courts.xiongan, actor=CLI)
    court_actions.create_department(court, "执行局", actor=CLI)
    user = court_actions.create_user(f"u{i}", f"用户{i}", "pw", court, [r.OFFICER, r.JUDGE], actor=CLI)
    court_actions.grant_role(user, courts.xiongan, r.CLERK, actor=CLI)
    actions.set_rule_setting(f"test.k{i}", i, dt.date(2026, 1, 1), court, "", actor=admin)
    actions.set_holiday(dt.date(2030 + i, 1, 1), Holiday.HOLIDAY, "元旦", actor=admin)
    actions.add_calendar_year(2030 + i, "测试", actor=admin)
    audit.append("test.row", None, {"i": i}, CLI)


@pytest.mark.parametrize("model", MODELS)
def test_list_pages_do_not_query_per_row(zhou, courts, cast, model):
    add_rows(courts, cast.admin, 0)
    url = f"/admin/{model}/"
    queries(zhou, url)  # warm the per-process caches
    before = queries(zhou, url)
    for i in range(1, 6):
        add_rows(courts, cast.admin, i)
    assert queries(zhou, url) == before
