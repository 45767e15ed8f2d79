"""Case events read in Chinese wherever a person sees them: each kind's label, each detail's label, values
by their names (a node's, a closure method's, a document kind's, a person's), dates as dates, 是/否."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

import zhixing
from zhixing.cases import actions as case_actions
from zhixing.cases import events
from zhixing.cases.models import CaseEvent
from zhixing.documents import actions as document_actions

pytestmark = pytest.mark.django_db

LATIN = re.compile(r"[A-Za-z_]{3,}")


@pytest.fixture(autouse=True)
def _documents(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.ZHIXING_PUBLIC_URL = "https://zx.example.court.gov.cn"


def timeline(html: str) -> str:
    """The text of the case page's 案件动态 section."""
    start = html.index('id="events"')
    section = html[html.index(">", start) + 1 :]
    section = section[: section.index("</section>")]
    return re.sub(r"<[^>]+>", " ", section)


def test_case_page_timeline_reads_in_chinese_and_names_people(client, cast, file_case):
    case = file_case(filed_on=dt.date(2026, 3, 2))
    document_actions.issue_document(case, "execution_notice", actor=cast.officer, on=dt.date(2026, 3, 3))
    case_actions.assign_handler(case, cast.officer2, actor=cast.clerk)
    client.force_login(cast.officer2)
    text = timeline(client.get(reverse("cases:detail", args=[case.pk])).content.decode())
    for shown in (
        "签发文书",
        "文书：执行通知书",
        "签发日期：2026-03-03",
        "记录流程节点",
        "节点：发出执行通知书",
        "分配承办人",
        "承办人：陈执行",
        "张执行",  # the document's signer, by name
        "孙立案",  # who assigned the handler
    ):
        assert shown in text, shown
    for hidden in ("document_issued", "document_kind", "execution_notice", "zhang", "chen"):
        assert hidden not in text, hidden
    assert LATIN.findall(text) == []


def event(kind: str, actor=None, **data) -> CaseEvent:
    return CaseEvent(kind=kind, at=timezone.now(), actor=actor, data=data)


def test_values_read_by_their_names(cast):
    described = events.describe(
        [
            event(events.CLOSED, cast.judge, method="terminated_this_round", closed_on="2026-11-30"),
            event(events.HANDLER_ASSIGNED, cast.clerk, handler="zhang"),
            event(events.NODE_OVERDUE, node="execution_notice", due_on="2026-03-05"),
            event(events.PERIOD_EXCLUDED, cast.officer, reason="suspension", start_on="2026-04-01"),
            event(events.PARTY_ADDED, cast.officer, role="debtor", name="雄安某建设有限公司"),
        ]
    )
    assert [(d.label, d.summary, d.actor) for d in described] == [
        ("结案", "结案方式：终结本次执行程序；结案日期：2026-11-30", "李法官"),
        ("分配承办人", "承办人：张执行", "孙立案"),
        ("节点超期", "节点：发出执行通知书；期限：2026-03-05", "系统"),
        ("开始扣除期限", "事由：中止；起始日：2026-04-01", "张执行"),
        ("增加当事人", "诉讼地位：被执行人；名称：雄安某建设有限公司", "张执行"),
    ]


def test_an_import_update_reads_field_by_field(cast, courts):
    changed = {
        "closure_method": ["", "completed"],
        "closed_on": ["None", "2026-10-09"],
        "applied_amount": ["50000.00", "61000.5"],
        "court_id": [str(courts.xiongan.pk), str(courts.xiongxian.pk)],
        "handler_id": ["None", str(cast.officer.pk)],
    }
    (d,) = events.describe([event(events.UPDATED, file="cases.xlsx", row=3, changed=changed)])
    assert d.label == "导入更新"
    assert d.summary == (
        "导入文件：cases.xlsx；行号：3；变更：结案方式 由“（空）”改为“执行完毕”，"
        "结案日期 由“（空）”改为“2026-10-09”，申请执行标的 由“50,000.00”改为“61,000.50”，"
        "法院 由“河北雄安新区中级人民法院”改为“雄县人民法院”，承办人账号 由“（空）”改为“张执行”"
    )


def test_booleans_read_yes_no_and_machine_keys_stay_hidden():
    assert events.plain(True) == "是" and events.plain(False) == "否"
    (d,) = events.describe(
        [event("document_issued", document=7, document_kind="property_report_order", sha256="ab" * 32)]
    )
    assert (d.label, d.summary) == ("签发文书", "文书：报告财产令")


def test_a_kind_nobody_declared_shows_no_code():
    (d,) = events.describe([event("something_new", secret_key="x")])
    assert (d.label, d.summary) == ("其他事件", "")


def _emitted_kinds() -> set[str]:
    """Every case-event kind the code writes: `emit(case, KIND, …)` and `CaseEvent(kind=KIND, …)`, with
    KIND a literal or a constant (`events.FILED`, `DOCUMENT_ISSUED`) resolved from its module."""
    import importlib

    root = Path(zhixing.__file__).parent
    found: set[str] = set()
    for path in root.rglob("*.py"):
        module_name = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            arg = None
            if name == "emit" and len(node.args) >= 2:
                arg = node.args[1]
            elif name == "CaseEvent":
                arg = next((k.value for k in node.keywords if k.arg == "kind"), None)
            if arg is None:
                continue
            if isinstance(arg, ast.Constant):
                found.add(arg.value)
            elif isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name):
                # `events.FILED` in cases, `events.RECEIVED` in funds: each module's own `events`.
                owner = getattr(importlib.import_module(module_name), arg.value.id)
                found.add(getattr(owner, arg.attr))
            elif isinstance(arg, ast.Name) and arg.id.isupper():
                found.add(getattr(importlib.import_module(module_name), arg.id))
    # Kinds passed along in tuples (imports) and written in SQL (the overdue scan on PostgreSQL).
    found |= {events.IMPORTED, events.UPDATED, events.NODE_OVERDUE}
    return found


def test_every_kind_the_code_writes_is_declared():
    emitted = _emitted_kinds()
    assert {events.FILED, "document_issued"} <= emitted  # the scan finds both styles
    missing = sorted(k for k in emitted if k not in events.KINDS)
    assert missing == [], (
        f"declare these case-event kinds in zhixing/cases/events.py (or the app's events.py): {missing}"
    )
    for code, kind in events.KINDS.items():
        assert re.search(r"[\u4e00-\u9fa5]", str(kind.label)), code
        for key, detail in kind.details.items():
            assert re.search(r"[\u4e00-\u9fa5]", str(detail.label)), (code, key)
            assert detail.reads in events.READERS or detail.reads == events.CHANGES, (code, key)


def test_api_gives_raw_kind_and_data_beside_chinese_label_and_summary(cast, file_case):
    from rest_framework.test import APIClient

    case = file_case(filed_on=dt.date(2026, 3, 2))
    case_actions.assign_handler(case, cast.officer2, actor=cast.clerk)
    api = APIClient()
    api.force_authenticate(cast.officer2)
    res = api.get(f"/api/v1/cases/{case.pk}/events/")
    assert res.status_code == 200
    latest = res.json()[0]
    assert {k: latest[k] for k in ("kind", "kind_label", "summary", "actor", "actor_name", "data")} == {
        "kind": "handler_assigned",
        "kind_label": "分配承办人",
        "summary": "承办人：陈执行；原承办人：张执行",
        "actor": "sun",
        "actor_name": "孙立案",
        "data": {"handler": "chen", "previous": "zhang"},
    }
    assert api.get("/api/v1/cases/999999/events/").status_code == 404


def test_schema_documents_the_events_as_a_plain_list(cast):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(cast.officer)
    schema = api.get("/api/schema/?format=json").json()
    ok = schema["paths"]["/api/v1/cases/{id}/events/"]["get"]["responses"]["200"]
    body = ok["content"]["application/json"]["schema"]
    assert body == {"type": "array", "items": {"$ref": "#/components/schemas/CaseEvent"}}
    fields = schema["components"]["schemas"]["CaseEvent"]["properties"]
    assert {"kind", "kind_label", "summary", "actor", "actor_name", "data"} <= set(fields)
    assert fields["actor"].get("nullable") is True
