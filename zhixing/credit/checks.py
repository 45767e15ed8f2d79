"""Invariants of credit measures, run by `zhixing check`: the public search shows exactly what is
published (issue 11 item 4: removed entries vanish at once), and no published record holds a whole
resident identity code (rules §7.1.12)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.utils.translation import gettext as _

from zhixing.core.checks import register
from zhixing.core.identity import check_resident_id

from .models import Listing, PublicEntry, Restriction

_WHOLE_ID = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")


@register("公开信息与名单一致")
def public_entries_match_sources() -> Iterator[str]:
    published = set(Listing.objects.filter(status=Listing.PUBLISHED).values_list("pk", flat=True))
    shown = {
        int(s.split(":")[1])
        for s in PublicEntry.objects.filter(kind=PublicEntry.DISHONEST).values_list("source", flat=True)
    }
    for pk in sorted(published - shown):
        yield _("失信名单 #%(pk)s 已公布但公开查询中没有") % {"pk": pk}
    for pk in sorted(shown - published):
        yield _("失信名单 #%(pk)s 未公布或已删除，公开查询中仍有") % {"pk": pk}
    issued = set(Restriction.objects.filter(status=Restriction.ISSUED).values_list("pk", flat=True))
    for source in PublicEntry.objects.filter(kind=PublicEntry.RESTRICTED).values_list("source", flat=True):
        if int(source.split(":")[1]) not in issued:
            yield _("限制消费令 %(s)s 已解除或未发出，公开查询中仍有") % {"s": source}


@register("公开信息不含完整身份证号码")
def public_records_masked() -> Iterator[str]:
    for pk, record in PublicEntry.objects.values_list("pk", "record").iterator():
        # A unit's credit code is published whole and may be 18 digits too: only a number that is a
        # valid resident identity number (its birth date and check digit) is a person's code.
        if any(check_resident_id(m).valid for m in _WHOLE_ID.findall(str(record))):
            yield _("公开信息 #%(pk)s 含有完整的身份证号码") % {"pk": pk}
