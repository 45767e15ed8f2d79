"""The case events of the party portal (declared once, zhixing.cases.events)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.cases import events

PARTY_PHONE_SET = events.declare(
    "party_phone_set",
    _("登记当事人手机号码"),
    party=_("当事人"),
    phone=_("手机号码（隐去中间四位）"),
)
