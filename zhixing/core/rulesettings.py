"""Read versioned rule settings (core.models.RuleSetting).

A setting is found by key, the court it is asked for, and the date it applies to: among rows whose
`effective_from` is on or before that date, a row for the court or its nearest ancestor beats a
nationwide row (court = NULL), and within one scope the newest version wins. Rows are cached per
process and the cache is dropped whenever a setting is saved, here or in another process
(core.stamps), so hot paths (imports, scans) do not query per case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from . import stamps
from .models import RuleSetting

_cache: dict[str, list[tuple[dt.date, int | None, Any]]] = {}
_watch = stamps.Watch("rulesettings")


class MissingRuleSetting(LookupError):
    def __init__(self, key: str, on: dt.date):
        super().__init__(
            _("规则参数 %(key)s 在 %(on)s 没有生效的取值，请管理员在“规则参数”中设置。")
            % {"key": key, "on": on.isoformat()}
        )


def _rows(key: str) -> list[tuple[dt.date, int | None, Any]]:
    if _watch.stale():
        _cache.clear()
    rows = _cache.get(key)
    if rows is None:
        if not _cache:
            _watch.loading()
        rows = list(
            RuleSetting.objects.filter(key=key)
            .order_by("-effective_from")
            .values_list("effective_from", "court_id", "value")
        )
        _cache[key] = rows
    return rows


def rule_setting(key: str, court: Any = None, on: dt.date | None = None) -> Any:
    """The value of setting `key` for `court` (a Court or None) on date `on` (default today)."""
    on = on or timezone.localdate()
    chain = court.lineage_ids() if court is not None else []  # self first, then parent, … root
    best: tuple[int, Any] | None = None
    for effective_from, court_id, value in _rows(key):
        if effective_from > on:
            continue
        if court_id is None:
            rank = len(chain)
        elif court_id in chain:
            rank = chain.index(court_id)
        else:
            continue
        if best is None or rank < best[0]:  # rows come newest first, so a tie keeps the newest
            best = (rank, value)
    if best is None:
        raise MissingRuleSetting(key, on)
    return best[1]


def clear_cache() -> None:
    _cache.clear()


@receiver([post_save, post_delete], sender=RuleSetting)
def _drop_cache(**_kwargs: Any) -> None:
    clear_cache()
    stamps.bump("rulesettings")  # and the other processes' copies
