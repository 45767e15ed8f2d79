"""Who may do what in the portal's staff actions (ARCHITECTURE §10), and the named actor of a party
signing in (a party is not a user: its sign-in is logged under this name)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhixing.cases.actions.common import passes, require_role
from zhixing.cases.models import Case
from zhixing.courts import rules as court_rules
from zhixing.courts.actors import SystemActor, is_system, require_actor

PARTY = SystemActor("portal_party", gettext_lazy("当事人（当事人服务平台）"))
SMS = SystemActor("portal_sms", gettext_lazy("系统·短信发送"))

# Setting a party's mobile number on a case one does not handle.
PHONE_ROLES = (court_rules.JUDGE,)


def check_set_party_phone(user: Any, case: Case) -> None:
    """The case's handler, or a judge of its court."""
    require_actor(user)
    if is_system(user):
        return
    if case.handler_id is not None and case.handler_id == getattr(user, "pk", None):
        return
    require_role(user, PHONE_ROLES, case.court, _("登记当事人手机号码"))


def may_set_party_phone(user: Any, case: Case) -> bool:
    return passes(check_set_party_phone, user, case)


def check_register_gateway(user: Any) -> None:
    if not getattr(user, "is_superuser", False):
        raise PermissionDenied(_("只有系统管理员可以登记短信网关"))
