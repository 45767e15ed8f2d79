"""Registering the institutions the platform is linked to (rules §6.10: 总对总 and 点对点)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zhixing.core import audit
from zhixing.courts.actors import is_system, require_actor

from .. import permissions
from ..models import Institution


@transaction.atomic
def register_institution(
    code: str,
    name: str,
    kind: str,
    url: str,
    public_key: str,
    *,
    actor: Any,
    court: Any = None,
    link: str = Institution.NATIONAL,
    province: str = "",
    supports: dict[str, bool] | None = None,
    active: bool = True,
) -> Institution:
    """Create or update an institution by its code, recording its URL and its public key (the only
    key its answers are verified under)."""
    require_actor(actor)
    if not is_system(actor):
        permissions.check_register_institution(actor, court)
    fields: dict[str, Any] = {
        "name": name,
        "kind": kind,
        "url": url,
        "public_key": public_key,
        "link": link,
        "province": province,
        "active": active,
    }
    for action, flag in (supports or {}).items():
        fields[f"supports_{action}"] = bool(flag)
    institution, _created = Institution.objects.update_or_create(code=code, defaults=fields)
    audit.append(
        "inquiry.register_institution",
        institution,
        {"code": code, "name": name, "kind": kind, "link": link, "url": url},
        actor,
    )
    return institution
