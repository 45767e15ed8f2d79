"""Named system actors (ARCHITECTURE §10): every action takes who acts, a user or one of these, so there
is no "no actor" that slips past the permission checks. A system actor holds no role; an action lets
it through by name, and the audit log and case events record it as such (its str() is its Chinese
name)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.core.actors import CLI, MIGRATION, SystemActor, is_system, require_actor

__all__ = [
    "CLI",
    "DEMO",
    "IMPORT",
    "MIGRATION",
    "PUBLIC",
    "SCAN",
    "SCHEDULE",
    "SystemActor",
    "is_system",
    "require_actor",
]

IMPORT = SystemActor("import", _("系统·导入"))
SCAN = SystemActor("scan", _("系统·逾期扫描"))
DEMO = SystemActor("demo", _("系统·演示数据"))
SCHEDULE = SystemActor("schedule", _("系统·定时任务"))

PUBLIC = SystemActor("public", _("公众（匿名投票）"))
