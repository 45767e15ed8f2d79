"""Moving a court in the administrator's pages: changing the parent calls move_court, and a refusal
shows beside the field."""

from __future__ import annotations

import pytest

from zhixing.core.actors import CLI
from zhixing.core.models import AuditEntry
from zhixing.courts import actions
from zhixing.courts import rules as r
from zhixing.courts.models import Court

URL = "/admin/courts/court/{}/change/"


@pytest.fixture
def zhou(client, cast):
    client.login(username="zhou", password="pw-zhou")
    return client


def test_changing_the_parent_moves_the_court(zhou, courts, cast):
    res = zhou.post(URL.format(courts.xiongxian.pk), {"parent": courts.shijiazhuang.pk})
    assert res.status_code == 302, res.content.decode()
    court = Court.objects.get(pk=courts.xiongxian.pk)
    assert court.parent == courts.shijiazhuang and court.path == f"{courts.shijiazhuang.path}{court.pk}/"
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.action, entry.actor_id, entry.detail["parent"]["new"]) == (
        "court.move",
        cast.admin.pk,
        "冀01",
    )


@pytest.mark.parametrize(
    ("court", "parent", "message"),
    [
        ("shijiazhuang", "xiongxian", "上级法院的级别须更高"),
        ("xiongxian", "", "只有同时管辖该法院现在的上级法院和新的上级法院的管理员"),  # the top: superusers
    ],
)
def test_a_refused_move_is_shown_beside_the_parent(zhou, courts, court, parent, message):
    moved = getattr(courts, court)
    res = zhou.post(URL.format(moved.pk), {"parent": getattr(courts, parent).pk if parent else ""})
    page = res.content.decode()
    assert res.status_code == 200 and message in page
    assert 'class="errorlist' in page
    assert Court.objects.get(pk=moved.pk).parent == moved.parent
    assert not AuditEntry.objects.filter(action="court.move").exists()


def test_a_court_and_those_below_it_are_not_offered_as_its_parent(zhou, courts):
    page = zhou.get(URL.format(courts.xiongan.pk)).content.decode()
    select = page[page.index('name="parent"') : page.index("</select>", page.index('name="parent"'))]
    assert f'value="{courts.shijiazhuang.pk}"' in select and f'value="{courts.high.pk}"' in select
    assert f'value="{courts.xiongan.pk}"' not in select and f'value="{courts.xiongxian.pk}"' not in select
    res = zhou.post(URL.format(courts.xiongan.pk), {"parent": courts.xiongxian.pk})  # posted all the same
    assert res.status_code == 200 and Court.objects.get(pk=courts.xiongan.pk).parent == courts.high


def test_an_administrator_below_moves_only_within_their_courts(client, courts):
    actions.create_user("wu", "吴管理", "pw-wu", courts.xiongan, [r.ADMIN], actor=CLI)  # 冀96's only
    baiyangdian = actions.create_court("冀9602", "某法院", parent=courts.xiongan, actor=CLI)
    client.login(username="wu", password="pw-wu")
    page = client.get(URL.format(courts.xiongan.pk)).content.decode()
    assert 'name="_save"' not in page  # their own court: its place is 冀's to change
    res = client.post(URL.format(courts.xiongxian.pk), {"parent": courts.shijiazhuang.pk})
    assert res.status_code == 200 and Court.objects.get(pk=courts.xiongxian.pk).parent == courts.xiongan
    assert Court.objects.get(pk=baiyangdian.pk).parent == courts.xiongan
