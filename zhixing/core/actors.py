"""The named system actor (ARCHITECTURE §10, issue 8 item 2): every action takes who acts, a user or
one of these, so there is no "no actor" that slips past the permission checks. core declares the one
class (it depends on nothing of ours); zhixing.courts.actors re-exports it with the named actors
(系统·导入, 系统·逾期扫描 …). A system actor holds no role; an action lets it through by name, and the
audit log records it as such (its str() is its Chinese name)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SystemActor:
    code: str
    label: Any  # a lazy translation: str() gives the Chinese name in the active language

    # Not a user: no primary key, never authenticated, no roles.
    pk = None
    is_superuser = False
    is_authenticated = False
    is_active = True

    def __str__(self) -> str:
        return str(self.label)


CLI = SystemActor("cli", _("系统·命令行"))
MIGRATION = SystemActor("migration", _("系统·数据迁移"))
KEY_ROTATION = SystemActor("audit_key", _("系统·审计密钥"))


def is_system(actor: Any) -> bool:
    return isinstance(actor, SystemActor)


def require_actor(actor: Any) -> None:
    """Refuse a missing actor: an action is done by a user or a named system actor, never by no one."""
    if actor is None:
        raise TypeError(_("操作必须指明执行人：用户或具名的系统执行者（如 系统·导入）"))
