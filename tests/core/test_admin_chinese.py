"""The administrator's pages read in Chinese: section and model names (django-tasks-db's included),
column headers, filters, and the audit log's actions, object types and detail keys."""

from __future__ import annotations

import ast
import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import reverse

import zhixing
from zhixing.core import actions, audit
from zhixing.core.models import AuditEntry

pytestmark = pytest.mark.django_db

LATIN = re.compile(r"\b[A-Za-z_]{4,}\b")
# Words a Chinese administrator's page may show: formats and the data's own codes.
ALLOWED = {"JSON", "HTML", "Excel", "XLSX", "PDF", "API"}
# Data, not words of the page: the package the seeded calendar years name as their source.
DATA = {"chinesecalendar"}


class _Text(HTMLParser):
    """The text a person sees: no scripts, styles or attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def latin_words(html: str, data: set[str] = frozenset()) -> set[str]:
    text = visible_text(html).replace("zhixing calendar import", "")  # a command the warning names
    return {w for w in LATIN.findall(text) if w not in ALLOWED | DATA | data}


@pytest.fixture
def root(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "root", "root@example.com", "pw", full_name="超级管理员"
    )
    client.force_login(user)
    return client


def test_admin_index_names_every_section_in_chinese(root):
    html = root.get(reverse("admin:index")).content.decode()
    assert "后台任务" in html and "任务记录" in html
    for english in ("TASKS DATABASE BACKEND", "Tasks Database Backend", "Task Result", "Task results"):
        assert english.lower() not in html.lower(), english
    assert latin_words(html) == set()
    assert "欢迎" in html and "超级管理员" in html  # greeted by name, not as ROOT


def test_django_groups_are_not_offered(root):
    """Permissions are roles per court; Django's groups page lists permissions by English names."""
    assert "/admin/auth/group/" not in root.get(reverse("admin:index")).content.decode()


# Configuration whose keys and JSON values are codes an administrator types (rule keys such as
# node.due_soon_days, indicator definitions): on these pages only the page's own labels are checked.
CODED = {"core_rulesetting", "supervision_indicatordefinition"}
LABEL_TAGS = ("h1", "h2", "h3", "caption", "thead", "label", "legend", "button", "nav", "option")


class _Labels(_Text):
    """Only the text of headings, column headers, field labels, buttons and the navigation."""

    def __init__(self) -> None:
        super().__init__()
        self._inside = 0

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        if tag in LABEL_TAGS:
            self._inside += 1

    def handle_endtag(self, tag):
        super().handle_endtag(tag)
        if tag in LABEL_TAGS and self._inside:
            self._inside -= 1

    def handle_data(self, data):
        if self._inside:
            super().handle_data(data)


def test_every_changelist_and_add_page_reads_in_chinese(root, cast, django_user_model):
    actions.set_holiday(dt.date(2026, 10, 1), "holiday", "国庆节", actor=cast.admin)
    usernames = set(django_user_model.objects.values_list("username", flat=True))  # the user list's data
    for model, model_admin in admin.site._registry.items():
        name = f"{model._meta.app_label}_{model._meta.model_name}"
        pages = [reverse(f"admin:{name}_changelist")]
        if model_admin.has_add_permission(type("Request", (), {"user": cast.admin})()):
            pages.append(reverse(f"admin:{name}_add"))
        for url in pages:
            res = root.get(url)
            assert res.status_code == 200, url
            html = res.content.decode()
            if name in CODED:
                parser = _Labels()
                parser.feed(html)
                # A label may name the code it stands for, as 结案日期（closed_on）.
                text = re.sub(r"（[a-z_]+）", "", " ".join(parser.parts))
                words = {w for w in LATIN.findall(text) if w not in ALLOWED | DATA}
            else:
                words = latin_words(html, usernames)
            assert words == set(), url


def test_our_catalogue_fills_djangos_gaps():
    """zhixing/locale/zh_Hans/LC_MESSAGES/django.mo is compiled from the .po next to it."""
    from django.utils import translation

    po = (Path(zhixing.__file__).parent / "locale/zh_Hans/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', po, re.M)
    assert len(pairs) >= 3
    with translation.override("zh-hans"):
        assert [translation.gettext(mid) for mid, _ in pairs] == [text for _, text in pairs]


def test_task_results_list_and_page_read_in_chinese(root):
    from zhixing.cases.tasks import scan_overdue_nodes

    result = scan_overdue_nodes.enqueue()
    listing = root.get(reverse("admin:django_tasks_database_dbtaskresult_changelist")).content.decode()
    for text in ("任务记录", "超期节点扫描", "待执行", "入队时间", "状态"):
        assert text in listing, text
    assert "scan_overdue_nodes" not in visible_text(listing)
    page = root.get(
        reverse("admin:django_tasks_database_dbtaskresult_change", args=[result.id])
    ).content.decode()
    assert "最早执行时间" in page and "run after" not in page.lower()


def test_audit_log_shows_actions_object_types_and_details_by_name(root, cast):
    actions.set_holiday(dt.date(2026, 10, 1), "holiday", "国庆节", actor=cast.admin)
    entry = AuditEntry.objects.filter(action="calendar.set_holiday").get()
    listing = root.get(reverse("admin:core_auditentry_changelist")).content.decode()
    assert "设置节假日" in listing and "节假日" in listing
    assert "calendar.set_holiday" not in visible_text(listing)
    assert "core.holiday" not in visible_text(listing)
    filtered = root.get(reverse("admin:core_auditentry_changelist") + "?action=calendar.set_holiday")
    assert filtered.status_code == 200 and "设置节假日" in filtered.content.decode()
    page = root.get(reverse("admin:core_auditentry_change", args=[entry.pk])).content.decode()
    assert "日期：2026-10-01" in page and "前一条哈希" in page and "Prev hash" not in page
    assert "calendar.set_holiday" not in visible_text(page)  # nor in the title and breadcrumbs


def _appended_actions() -> set[str]:
    """Every audit action the code appends: `audit.append("x", …)` and `AuditRecord("x", …)`, with
    `"a" if … else "b"` counted as both."""
    found: set[str] = set()

    def literals(arg) -> list[str]:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return [arg.value]
        if isinstance(arg, ast.IfExp):
            return literals(arg.body) + literals(arg.orelse)
        return []

    for path in Path(zhixing.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in ("append", "AuditRecord") and (
                    name == "AuditRecord" or getattr(func.value, "id", "") == "audit"
                ):
                    found.update(literals(node.args[0]))
    return found


def test_every_audit_action_is_declared_with_a_chinese_label():
    appended = _appended_actions() | {"case.import", "case.import_update"}  # passed along by the import
    assert {"calendar.add_year", "user.activate", "user.deactivate", "party.read_identity"} <= appended
    missing = sorted(a for a in appended if a not in audit.KINDS)
    assert missing == [], f"declare these audit actions (audit.declare in the app's audit_kinds): {missing}"
    kinds = [k for k in audit.KINDS.values() if not k.code.startswith("test.")]
    assert all(re.search(r"[\u4e00-\u9fa5]", str(k.label)) for k in kinds)
    assert all(re.search(r"[\u4e00-\u9fa5]", str(v)) for k in kinds for v in k.details.values())
