"""What the public search reads (rules §11.4; issue 11 item 4): one row per published dishonest
listing, consumption-restricted person and published 终本 case, holding only the published fields
(rules.PUBLISHED_FIELDS), masked, in `record`. `id_code` is kept whole to match a search by identity
code and is never returned. A row is written when its source is published and deleted in the same
transaction that removes, revokes or lifts it, so a removed entry vanishes at once."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicEntry(models.Model):
    DISHONEST, RESTRICTED, TERMINATED = "dishonest", "restricted", "terminated"
    KINDS = [
        (DISHONEST, _("失信被执行人")),
        (RESTRICTED, _("限制消费人员")),
        (TERMINATED, _("终结本次执行案件")),
    ]

    kind = models.CharField(_("类别"), max_length=10, choices=KINDS)
    # The listing, restriction (or one of its bound persons) or case the row comes from.
    source = models.CharField(max_length=40, unique=True)
    court_id = models.IntegerField(null=True, blank=True)
    name = models.CharField(_("名称"), max_length=100)
    id_code = models.CharField(max_length=20, blank=True)
    published_on = models.DateField(_("公布日期"))
    record = models.JSONField(default=dict)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")
        # The search's indexes are written by hand per database (migration 0002): (name | id_code,
        # kind, published_on, id) in the search's order, pg_trgm on PostgreSQL and an FTS5 trigram
        # table on SQLite for parts of names.

    def __str__(self) -> str:
        return self.name
