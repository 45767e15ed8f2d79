"""The platforms of the SPC list (rules §8.2) as the court knows them: code, name, address and the key
their answers and messages are verified under."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhixing.cases.actions.common import ActionError
from zhixing.core import audit

from .. import permissions
from ..models import Platform


@transaction.atomic
def register_platform(
    code: str, name: str, url: str, public_key: str, *, actor: Any, active: bool = True
) -> Platform:
    """Create or update the platform `code` with its address and public key (the only key its signed
    answers and messages are verified under). An administrator or command centre of a top court, or
    the system (`zhixing simulators`)."""
    permissions.check_register_platform(actor)
    code, name, url, public_key = code.strip(), name.strip(), url.strip().rstrip("/"), public_key.strip()
    if not code or not name or not url or not public_key:
        raise ActionError(_("平台代码、名称、地址和公钥均须填写"))
    platform, _created = Platform.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "url": url,
            "public_key": public_key,
            "active": active,
            "registered_at": timezone.now(),
        },
    )
    audit.append("disposal.register_platform", platform, {"code": code, "url": url}, actor)
    return platform
