"""The agencies measures talk to (simulators/police/PROTOCOL.md) as the court knows them: the police bureau
that receives referrals and the border administration that enforces exit bans — code, name, kind,
address and the key their signed answers and messages are verified under."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhixing.cases.actions.common import ActionError
from zhixing.core import audit

from .. import permissions
from ..models import Agency


@transaction.atomic
def register_agency(
    code: str, name: str, kind: str, url: str, public_key: str, *, actor: Any, active: bool = True
) -> Agency:
    """Create or update the agency `code` with its address and public key (the only key its signed
    answers and messages are verified under). An administrator or command centre of a top court, or
    the system (`zhixing simulators`)."""
    permissions.check_register_agency(actor)
    code, name, url, public_key = code.strip(), name.strip(), url.strip().rstrip("/"), public_key.strip()
    if kind not in dict(Agency.KINDS):
        raise ActionError(_("协作机关类别应为公安机关或出入境管理机关"))
    if not code or not name or not url or not public_key:
        raise ActionError(_("单位代码、名称、接口地址和公钥均须填写"))
    if not url.startswith(("http://", "https://")):
        raise ActionError(_("接口地址应以 http:// 或 https:// 开头"))
    agency, _created = Agency.objects.update_or_create(
        code=code,
        defaults={"name": name, "kind": kind, "url": url, "public_key": public_key, "active": active},
    )
    audit.append("measures.register_agency", agency, {"code": code, "kind": kind, "url": url}, actor)
    return agency
