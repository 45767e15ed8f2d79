"""Cross-process invalidation of the per-process caches (calendar, rule settings, node kinds).

Each cache drops itself when its own process saves a row (post_save/post_delete receivers). Another
process learns of the change through a CacheStamp row: the receivers bump its generation in the
saving transaction, and a cache compares the generation it loaded with the stored one at most every
CHECK_SECONDS, so a hot loop (an import computing thousands of deadlines) costs one primary-key
read every few seconds, not one per call. A change is thus seen everywhere within CHECK_SECONDS of
its commit.
"""

from __future__ import annotations

import time

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import CacheStamp

CHECK_SECONDS = 2.0


def bump(name: str) -> None:
    """Mark table `name` changed (called by the cache receivers, inside the saving transaction)."""
    if CacheStamp.objects.filter(name=name).update(generation=F("generation") + 1):
        return
    try:
        with transaction.atomic():  # a savepoint: a concurrent first bump must not break the caller
            CacheStamp.objects.create(name=name, generation=1)
    except IntegrityError:
        CacheStamp.objects.filter(name=name).update(generation=F("generation") + 1)


class Watch:
    """Whether this process's copy of one table is still current."""

    def __init__(self, name: str, clock=time.monotonic):
        self.name = name
        self.clock = clock
        self.generation: int | None = None
        self.checked = float("-inf")

    def _stored(self) -> int:
        return CacheStamp.objects.filter(name=self.name).values_list("generation", flat=True).first() or 0

    def loading(self) -> None:
        """Call before reading the table: a change committed while it is read bumps past this."""
        self.generation = self._stored()
        self.checked = self.clock()

    def stale(self) -> bool:
        """True when another process has changed the table since it was loaded (checked at most
        every CHECK_SECONDS)."""
        now = self.clock()
        if now - self.checked < CHECK_SECONDS:
            return False
        self.checked = now
        return self._stored() != self.generation
