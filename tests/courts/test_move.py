"""Moving a court to another parent (courts.actions.move_court): audited, refused when it would break
the tree, and the paths below and the reach of role grants follow."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhixing.cases.queries import visible_cases
from zhixing.core.actors import CLI
from zhixing.core.models import AuditEntry
from zhixing.courts import actions
from zhixing.courts import rules as r
from zhixing.courts.models import Court, User
from zhixing.courts.queries import courts_for, has_role


def fresh(obj):
    """The row as stored now, and for a user no cached reach (queries._grant_paths)."""
    return type(obj).objects.get(pk=obj.pk)


@pytest.fixture
def xiongan_admin(courts):
    return actions.create_user("wu", "吴管理", "pw-wu", courts.xiongan, [r.ADMIN], actor=CLI)


def test_an_administrator_moves_a_court_and_the_courts_below_follow(courts, cast):
    court = actions.move_court(courts.xiongxian, courts.shijiazhuang, actor=cast.admin, reason="更正")
    assert court.parent == courts.shijiazhuang
    assert court.path == f"{courts.shijiazhuang.path}{court.pk}/"
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.action, entry.actor_id) == ("court.move", cast.admin.pk)
    assert entry.detail == {
        "code": "冀9601",
        "parent": {"old": "冀96", "new": "冀01"},
        "courts": 1,
        "reason": "更正",
    }


def test_paths_of_every_court_below_follow_the_move_and_so_do_grants_on_them(courts, cast):
    judge = actions.create_user("he", "何法官", "pw-he", courts.xiongxian, [r.JUDGE], actor=CLI)
    assert has_role(judge, r.JUDGE, courts.xiongxian)  # its grant paths are now cached on `judge`
    # The supreme court arrives and adopts 冀, the high court at the top: the whole tree moves down.
    spc = actions.create_court("最高法", "最高人民法院", actor=CLI)
    high = fresh(courts.high)
    assert high.parent == spc and high.path == f"{spc.path}{high.pk}/"
    xiongan, xiongxian = fresh(courts.xiongan), fresh(courts.xiongxian)
    assert xiongan.path == f"{high.path}{xiongan.pk}/"
    assert xiongxian.path == f"{xiongan.path}{xiongxian.pk}/"
    assert set(Court.objects.filter(path__startswith=spc.path)) == set(Court.objects.all())
    assert AuditEntry.objects.filter(action="court.move").get().detail["courts"] == 4
    assert has_role(fresh(judge), r.JUDGE, xiongxian) and not has_role(fresh(judge), r.JUDGE, xiongan)
    assert has_role(fresh(cast.officer), r.OFFICER, xiongxian)  # granted on 冀96, reaching down
    assert has_role(fresh(cast.command), r.COMMAND, xiongxian)  # granted on 冀


def test_grants_reach_by_the_new_place(courts, cast, file_case):
    case = file_case(court=courts.xiongxian, handler=None)
    assert has_role(cast.officer, r.OFFICER, fresh(courts.xiongxian))  # granted on 冀96
    assert not visible_cases(fresh(cast.outsider)).filter(pk=case.pk).exists()
    actions.move_court(courts.xiongxian, courts.shijiazhuang, actor=cast.admin)
    xiongxian = fresh(courts.xiongxian)
    # The same user objects, whose grant paths were read before the move, and fresh ones agree.
    for officer in (cast.officer, fresh(cast.officer)):
        assert not has_role(officer, r.OFFICER, xiongxian)
    for outsider in (cast.outsider, fresh(cast.outsider)):
        assert has_role(outsider, r.OFFICER, xiongxian)
    assert visible_cases(fresh(cast.outsider)).filter(pk=case.pk).exists()
    assert not visible_cases(fresh(cast.officer)).filter(pk=case.pk).exists()
    assert xiongxian in courts_for(fresh(cast.outsider), r.OFFICER)
    assert has_role(fresh(cast.command), r.COMMAND, xiongxian)  # the high court's grant still reaches


def test_a_move_to_the_same_place_changes_nothing(courts, cast):
    actions.move_court(courts.xiongan, courts.high, actor=cast.admin)
    assert not AuditEntry.objects.filter(action="court.move").exists()


def test_only_an_administrator_of_both_places_moves_a_court(courts, cast, xiongan_admin):
    with pytest.raises(PermissionDenied):
        actions.move_court(courts.xiongxian, courts.shijiazhuang, actor=xiongan_admin)  # 冀01 not theirs
    shijiazhuang_admin = actions.create_user(
        "tao", "陶管理", "pw-tao", courts.shijiazhuang, [r.ADMIN], actor=CLI
    )
    with pytest.raises(PermissionDenied):
        actions.move_court(courts.xiongxian, courts.shijiazhuang, actor=shijiazhuang_admin)  # 冀96 not theirs
    with pytest.raises(PermissionDenied):
        actions.move_court(courts.xiongxian, courts.shijiazhuang, actor=cast.officer)
    with pytest.raises(PermissionDenied):  # their own court: its place is the court above it
        actions.move_court(courts.xiongan, courts.high, actor=xiongan_admin)
    assert fresh(courts.xiongxian).parent == courts.xiongan
    boss = actions.create_user("boss", "超级管理", "pw-boss", courts.high, [], actor=CLI)
    User.objects.filter(pk=boss.pk).update(is_superuser=True)
    actions.move_court(courts.xiongxian, courts.shijiazhuang, actor=fresh(boss))
    assert fresh(courts.xiongxian).parent == courts.shijiazhuang


@pytest.mark.parametrize(
    ("court", "parent", "message"),
    [
        ("xiongan", "xiongan", "不能把河北雄安新区中级人民法院移到它自己或它的下级法院之下"),
        ("xiongan", "xiongxian", "不能把河北雄安新区中级人民法院移到它自己或它的下级法院之下"),
        ("shijiazhuang", "xiongxian", "上级法院的级别须更高"),  # an intermediate court under a basic one
        ("shijiazhuang", "xiongan", "上级法院的级别须更高"),
        ("xiongxian", None, "须有上级法院"),
    ],
)
def test_moves_that_break_the_tree_are_refused(courts, cast, court, parent, message):
    boss = actions.create_user("boss", "超级管理", "pw-boss", courts.high, [], actor=CLI)
    User.objects.filter(pk=boss.pk).update(is_superuser=True)
    target = getattr(courts, parent) if parent else None
    with pytest.raises(ValidationError, match=message):
        actions.move_court(getattr(courts, court), target, actor=fresh(boss))
    assert not AuditEntry.objects.filter(action="court.move").exists()


def test_a_court_of_another_province_is_refused(courts):
    hubei = actions.create_court("鄂", "湖北省高级人民法院", actor=CLI)
    with pytest.raises(ValidationError, match="不属于同一省级辖区"):
        actions.move_court(courts.xiongan, hubei, actor=CLI)


def test_xiongans_county_court_with_its_baoding_code_may_sit_under_xiongan(courts, cast):
    """rules §1.2.5: 雄县 keeps 冀0638 under 冀96; the digits need not name the parent."""
    court = actions.create_court(
        "冀0638", "雄县人民法院（保定代字）", parent=courts.xiongan, actor=cast.admin
    )
    assert court.parent == courts.xiongan
    # Without a parent it goes there too: 冀96 is the court its code names (rules.PARENT_CODE_EXCEPTIONS).
    rongcheng = actions.create_court("冀0629", "容城县人民法院", actor=cast.admin)
    assert rongcheng.parent == courts.xiongan


def test_a_court_named_by_its_code_alone_goes_under_the_nearest_known_court_never_to_the_top(courts, cast):
    jingxiu = actions.create_court("冀0602", "保定市竞秀区人民法院", actor=cast.admin)  # 冀06 unknown
    assert jingxiu.parent == courts.high
    with pytest.raises(ValidationError, match="须有上级法院"):
        actions.create_court("鄂2802", "利川市人民法院", actor=CLI)  # nothing of 鄂 in the platform


def test_a_court_created_above_adopts_the_courts_that_waited_for_it(courts, cast):
    jingxiu = actions.create_court("冀0602", "保定市竞秀区人民法院", actor=cast.admin)
    xiongxian = actions.create_court("冀0638", "雄县人民法院（保定代字）", parent=courts.xiongan, actor=CLI)
    baoding = actions.create_court("冀06", "保定市中级人民法院", actor=cast.admin)
    assert fresh(jingxiu).parent == baoding and fresh(jingxiu).path == f"{baoding.path}{jingxiu.pk}/"
    assert fresh(xiongxian).parent == courts.xiongan  # placed under 冀96 on purpose: it stays
    entry = AuditEntry.objects.filter(action="court.move").get()
    assert entry.detail["code"] == "冀0602" and entry.detail["parent"] == {"old": "冀", "new": "冀06"}
    assert entry.actor_id == cast.admin.pk and "冀06" in entry.detail["reason"]


def test_a_name_another_court_has_is_refused_in_chinese(courts):
    with pytest.raises(ValidationError, match="法院名称“雄县人民法院”已被其他法院使用"):
        actions.create_court("冀0638", "雄县人民法院", actor=CLI)
