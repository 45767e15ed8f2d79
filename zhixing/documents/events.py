"""The case events this app writes, declared with their Chinese labels (zhixing.cases.events)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from zhixing.cases import events

from . import rules

DOCUMENT_KIND = "document_kind"


@events.reader(DOCUMENT_KIND)
def _document_kind(values: set) -> Callable[[Any], str]:
    return rules.kind_title


DOCUMENT_ISSUED = events.declare(
    "document_issued",
    _("签发文书"),
    document_kind=events.Detail(_("文书"), DOCUMENT_KIND),
    number=_("文书编号"),
    version=_("版次"),
    issued_on=events.Detail(_("签发日期"), events.DATE),
)  # `document` (the id) and `sha256` are for machines
