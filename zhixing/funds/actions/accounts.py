"""Opening the court's pooled account (执行款专户). Until finance enters the bank's real account, a
court gets a reference account number so that every case has its sub-account from filing on."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zhixing.core import audit
from zhixing.courts.models import Court

from .. import permissions
from ..matching import reference_number
from ..models import PooledAccount


@transaction.atomic
def open_pooled_account(
    court: Court, account_number: str = "", account_name: str = "", bank_name: str = "", *, actor: Any
) -> PooledAccount:
    permissions.check_open_pooled(actor, court)
    number = (account_number or reference_number(court.pk)).replace(" ", "")
    if not number.isdigit():
        raise ValidationError(_("专户账号只能由数字组成"))
    pooled = PooledAccount.objects.create(
        court=court,
        account_number=number,
        account_name=account_name or _("%(court)s执行款专户") % {"court": court.name},
        bank_name=bank_name or _("中国工商银行雄安分行"),
    )
    audit.append(
        "funds.open_pooled",
        pooled,
        {"court": court.code, "account": number, "bank": pooled.bank_name},
        actor,
    )
    return pooled


def ensure_pooled_accounts(*, actor: Any) -> int:
    """Give every court without one its (reference) pooled account; returns how many were opened."""
    made = 0
    for court in Court.objects.filter(pooled_account__isnull=True).order_by("path"):
        try:
            open_pooled_account(court, actor=actor)
            made += 1
        except IntegrityError:  # opened meanwhile
            continue
    return made
