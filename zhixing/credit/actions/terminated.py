"""Published 终本 cases (rules §11.4: 中国执行信息公开网 publishes the cases closed by 终结本次执行程序;
§11.5): when a case closes by 终本 each debtor appears on the public page under the published fields;
when it is resumed or its closing is undone they vanish at once."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhixing.cases import rules as case_rules
from zhixing.cases.models import Case, Party

from ..models import PublicEntry
from ..record import published_record
from . import public


def publish_case(case: Case) -> int:
    if (
        case.status != Case.CLOSED
        or case.closure_method != case_rules.TERMINATED_THIS_ROUND
        or not case.closed_on
    ):
        return 0
    if Case.objects.filter(resumed_from=case).exists():  # resumed as 执恢: no longer a 终本 case
        return 0
    count = 0
    for party in case.parties.filter(role=Party.DEBTOR):
        conduct = _("终结本次执行程序（%(on)s）") % {"on": case.closed_on.isoformat()}
        record = published_record(case, party, conduct=conduct, published_on=case.closed_on)
        public.put(
            PublicEntry.TERMINATED,
            public.source_of(PublicEntry.TERMINATED, case.pk, f"p{party.pk}"),
            name=party.name,
            id_code=(party.id_number or "").upper(),
            court_id=case.court_id,
            published_on=case.closed_on,
            record=record,
        )
        count += 1
    return count


def withdraw_case(case: Case) -> int:
    return public.withdraw(prefix=public.source_of(PublicEntry.TERMINATED, case.pk) + ":")


def on_case_event(sender: Any = None, event: Any = None, **_kwargs: Any) -> None:
    """After a case closes or is resumed (case events, sent after commit)."""
    if event is None or event.kind not in ("closed", "resumed"):
        return
    case = Case.objects.filter(pk=event.case_id).first()
    if case is None:
        return
    with transaction.atomic():
        withdraw_case(case)
        publish_case(case)
