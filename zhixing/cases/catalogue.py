"""The node catalogue in memory: NodeKind rows are few and read on every filing, so they are cached
per process and dropped when one is saved, here or in another process (core.stamps)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from zhixing.core import stamps

from .models import NodeKind

_kinds: dict[str, NodeKind] | None = None
_watch = stamps.Watch("node_kinds")


def kinds() -> dict[str, NodeKind]:
    global _kinds
    if _kinds is None or _watch.stale():
        _watch.loading()
        _kinds = {k.code: k for k in NodeKind.objects.all()}
    return _kinds


def kind(code: str) -> NodeKind:
    try:
        return kinds()[code]
    except KeyError:
        raise LookupError(_("未知的节点类型：%(code)s") % {"code": code})


def labels() -> dict[str, str]:
    return {code: k.name for code, k in kinds().items()}


@receiver([post_save, post_delete], sender=NodeKind)
def _drop(**_kwargs: Any) -> None:
    clear_cache()
    stamps.bump("node_kinds")  # and the other processes' copies


def clear_cache() -> None:
    global _kinds
    _kinds = None
