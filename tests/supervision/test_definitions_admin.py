"""The administrator's page for indicator definitions: a high court changes a definition through the
admin form, the change goes through actions.save_definition, and the next bulletin follows it."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.contrib.admin import site
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.supervision import test_indicators_data as fixtures
from tests.supervision.test_indicators_data import WEEK
from zhixing.core.actors import CLI
from zhixing.core.models import AuditEntry
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as r
from zhixing.supervision import actions
from zhixing.supervision import definitions as defs
from zhixing.supervision.admin import IndicatorDefinitionAdmin
from zhixing.supervision.models import IndicatorDefinition

data_dir, dataset = fixtures.data_dir, fixtures.dataset  # the shared data set's fixtures
pytestmark = pytest.mark.django_db

LIST = "/admin/supervision/indicatordefinition/"
ADD = LIST + "add/"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def zhou(client, cast):
    client.force_login(cast.admin)  # 管理员 at the high court 冀
    return client


def form(court=None, **kw) -> dict:
    """The add form as a browser posts it: closure_rate counting 执 and 执恢 from 2026."""
    data = {
        "key": "closure_rate",
        "name": "结案率",
        "kind": "rate",
        "scope": '["执", "执恢"]',
        "numerator": '{"set": "closed"}',
        "denominator": '{"set": "accepted"}',
        "date_field": "closed_on",
        "higher_is_better": "on",
        "position": "60",
        "effective_from": "2026-01-01",
        "court": str(court.pk) if court is not None else "",
        "_save": "保存",
    }
    data.update(kw)
    return data


def versions(key="closure_rate"):
    return list(IndicatorDefinition.objects.filter(key=key).order_by("effective_from"))


def test_the_admin_sees_the_seeded_definitions(zhou):
    page = zhou.get(LIST).content.decode()
    for name in ("结案率", "执行完毕率", "终本率", "法定期限内结案率", "超期节点"):
        assert name in page
    assert "closure_rate" in zhou.get(LIST + "?q=结案率").content.decode()


def test_the_add_form_explains_the_json_with_a_seeded_example(zhou):
    page = zhou.get(ADD).content.decode()
    assert '{"set": "accepted"}' in page  # the denominator of 结案率
    assert "不能删除" in page


def test_a_new_version_for_the_high_court_is_saved_with_its_audit_entry(zhou, courts, cast):
    res = zhou.post(ADD, form(courts.high))
    assert res.status_code == 302, res.content.decode()
    seeded, mine = versions()
    assert seeded.court is None and seeded.scope == ["执"]  # the nationwide default stays
    assert (mine.court, mine.effective_from, mine.scope) == (courts.high, dt.date(2026, 1, 1), ["执", "执恢"])
    assert (mine.numerator, mine.denominator, mine.position) == ({"set": "closed"}, {"set": "accepted"}, 60)
    entry = AuditEntry.objects.filter(action="supervision.definition").get()
    assert (entry.actor, entry.object_id) == (cast.admin, str(mine.pk))
    assert entry.detail["court"] == "冀" and entry.detail["key"] == "closure_rate"


def test_a_saved_version_keeps_its_identity_and_is_replaced_in_place(zhou, courts):
    zhou.post(ADD, form(courts.high))
    (mine,) = [v for v in versions() if v.court is not None]
    page = zhou.get(f"{LIST}{mine.pk}/change/").content.decode()
    assert 'name="effective_from"' not in page and 'name="court"' not in page
    res = zhou.post(
        f"{LIST}{mine.pk}/change/", form(None, scope='["执"]', key="x", effective_from="2027-01-01")
    )
    assert res.status_code == 302, res.content.decode()
    mine.refresh_from_db()
    assert (mine.key, mine.court, mine.scope) == ("closure_rate", courts.high, ["执"])
    assert mine.effective_from == dt.date(2026, 1, 1)
    assert len(versions()) == 2
    assert AuditEntry.objects.filter(action="supervision.definition").count() == 2


def test_the_same_version_cannot_be_added_twice(zhou, courts):
    assert zhou.post(ADD, form(courts.high)).status_code == 302
    page = zhou.post(ADD, form(courts.high, scope='["执保"]')).content.decode()
    assert "已有版本" in page
    # Nationwide too, where Django's own unique check does not look (the court is blank).
    page = zhou.post(ADD, form(effective_from="2000-01-01")).content.decode()
    assert "已有版本" in page
    assert [v.scope for v in versions()] == [["执"], ["执", "执恢"]]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("numerator", '{"set": "nonsense"}', "案件集合“nonsense”无效"),
        ("numerator", '{"set": "closed", "where": {"colour": ["red"]}}', "快照中没有字段“colour”"),
        ("numerator", '{"set": "closed", "measure": {"avg": "x"}}', "度量应为"),
        ("numerator", '{"set": "closed", "where": {"closed_on": {"<=": "abc"}}}', "无法计算"),
        ("denominator", "", "比率和平均值指标需要分母"),
        ("denominator", '{"set": "closed", "where": {"any": []}}', "无法计算"),
        ("scope", '"执"', "案件类型范围应为非空的类型代字列表"),
    ],
)
def test_a_definition_that_cannot_be_computed_is_refused_beside_its_field(
    zhou, courts, field, value, message
):
    res = zhou.post(ADD, form(courts.high, **{field: value}))
    assert res.status_code == 200
    errors = res.context["adminform"].form.errors
    assert list(errors) == [field] and message in errors[field][0]
    assert message in res.content.decode()
    assert len(versions()) == 1
    assert not AuditEntry.objects.filter(action="supervision.definition").exists()


def test_json_that_does_not_parse_is_refused(zhou, courts):
    res = zhou.post(ADD, form(courts.high, numerator='{"set": "closed"'))
    assert res.status_code == 200 and "numerator" in res.context["adminform"].form.errors
    assert len(versions()) == 1


def test_a_non_administrator_is_refused(client, cast, courts):
    client.force_login(cast.outsider)  # 钱外院: officer and judge at 冀01, no 管理员
    assert client.get(LIST).status_code == 302  # to the login page
    res = client.post(ADD, form(courts.shijiazhuang))
    assert res.status_code == 302 and "/login/" in res["Location"]
    assert len(versions()) == 1


def test_an_intermediate_courts_administrator_sets_only_its_own_area(client, courts):
    admin96 = court_actions.create_user("ma", "马管理", "pw-ma", courts.xiongan, [r.ADMIN], actor=CLI)
    client.force_login(admin96)
    choices = client.get(ADD).context["adminform"].form.fields["court"].queryset
    assert {c.code for c in choices} == {"冀96", "冀9601"}
    res = client.post(ADD, form())  # nationwide
    assert "court" in res.context["adminform"].form.errors and len(versions()) == 1
    assert client.post(ADD, form(courts.xiongan)).status_code == 302
    assert [v.court for v in versions()] == [None, courts.xiongan]
    # The nationwide version is read-only to them.
    seeded = versions()[0]
    assert 'name="name"' not in client.get(f"{LIST}{seeded.pk}/change/").content.decode()
    assert client.post(f"{LIST}{seeded.pk}/change/", form(scope='["执保"]')).status_code == 403
    assert versions()[0].scope == ["执"]


def test_versions_cannot_be_deleted(zhou):
    seeded = versions()[0]
    assert zhou.get(f"{LIST}{seeded.pk}/delete/").status_code == 403
    res = zhou.post(LIST, {"action": "delete_selected", "_selected_action": [seeded.pk]})
    assert res.status_code == 200 and len(versions()) == 1


def test_the_list_does_not_query_per_row(zhou, courts, cast):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert zhou.get(LIST).status_code == 200
        return len(ctx)

    count()  # warm the per-process caches
    before = count()
    for court in (courts.high, courts.xiongan, courts.xiongxian, courts.shijiazhuang):
        actions.save_definition(
            key="closure_rate", name="结案率", kind="rate", scope=["执"], numerator={"set": "closed"},
            denominator={"set": "accepted"}, effective_from=dt.date(2026, 1, 1), court=court, actor=cast.admin,
        )  # fmt: skip
    assert count() == before


def own(data: dict, code: str) -> dict:
    (row,) = [c for c in data["courts"] if c["court_code"] == code and not c["area"]]
    return row["indicators"]["closure_rate"]


def test_the_version_saved_through_the_page_governs_the_next_bulletin(zhou, dataset, cast):
    before = json.loads(actions.make_bulletin(WEEK, actor=cast.admin).content)
    assert own(before, "冀96")["numerator"] == 5 and own(before, "冀96")["denominator"] == 9
    assert zhou.post(ADD, form(dataset.high)).status_code == 302
    after = json.loads(actions.make_bulletin(WEEK, actor=cast.admin).content)
    # Counting 执恢 too (test_indicators_data.py's table): closed 5 + #13; accepted 9 + #13, #14.
    assert (own(after, "冀96")["numerator"], own(after, "冀96")["denominator"]) == (6, 11)
    assert (own(after, "冀01")["numerator"], own(after, "冀01")["denominator"]) == (1, 1)  # no 执恢 there


WORDS = st.sampled_from(
    ["all", "any", "not", "sum", "count", "column", "closure_method", "closed_on", "realized_amount",
     "days_to_close", "filed_more_than_months_before_end", "<=", "==", "completed", "2026-01-01", "x"]
)  # fmt: skip
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | WORDS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(WORDS, inner, max_size=3),
    max_leaves=8,
)
# Mostly the right shape, so that the conditions and measures inside get exercised.
SPEC = st.fixed_dictionaries(
    {"set": st.sampled_from(["closed", "accepted", "pending", "all", "x"])},
    optional={"where": st.dictionaries(WORDS, JSON, min_size=1, max_size=3), "measure": JSON},
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(numerator=SPEC | JSON)
def test_any_json_either_builds_or_is_refused_in_chinese(cast, numerator):
    # Whatever an administrator types, the page answers with the form, never a server error.
    data = form(None, kind="count", numerator=json.dumps(numerator, ensure_ascii=False), denominator="")
    request = RequestFactory().get(ADD)
    request.user = cast.admin
    f = IndicatorDefinitionAdmin(IndicatorDefinition, site).get_form(request)(data=data)
    if not f.is_valid():
        assert f.errors and all(CJK.search(m) for ms in f.errors.values() for m in ms)


@settings(max_examples=300, deadline=None)
@given(numerator=SPEC | JSON, denominator=st.none() | SPEC)
def test_checking_any_json_refuses_in_chinese_or_accepts(numerator, denominator):
    # The action and the API call definitions.check too: it must never fail with anything but a
    # Chinese refusal, whatever JSON it is given.
    try:
        defs.check("rate", ["执"], numerator, denominator or {"set": "accepted"}, "closed_on")
    except ValidationError as e:
        assert all(CJK.search(m) for m in e.messages)
