"""Money moved from one case's account to another's in the same pooled account (案款划转): the payout
of a distribution among the debtor's creditors (rules §5.15) puts each creditor case's share in its
own account, from where that case's payout (maker-checker) pays the applicant.

One balanced entry: the source case account is debited (the court owes that case less), the target's
credited; the pooled account does not move, so pooled = Σ case + suspense + fees still holds. The
realized amount (执行到位金额) moves with the money: it is the target's applicant who is paid."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhixing.cases import events as case_events
from zhixing.cases.actions.common import today
from zhixing.cases.models import Case
from zhixing.core import audit
from zhixing.core.money import plus

from .. import events, permissions
from ..models import Entry, LedgerAccount, PooledAccount
from ..queries import available
from .ledger import case_account, post
from .payouts import _consume_receipts

CENT = Decimal("0.01")
TRANSFER = Entry.TRANSFER


@transaction.atomic
def transfer_between_cases(source: Case, target: Case, amount: Decimal, memo: str, *, actor: Any) -> Entry:
    """Move `amount` from `source`'s case account to `target`'s. Refused (ValidationError, Chinese):
    a non-positive or sub-fen amount, the same case, cases of different pooled accounts, a closed
    target, more than the source may still pay out (queries.available: the balance less money on its
    way out and payouts asked for). The source's oldest receipts count as paid out first, as a payout
    takes them (so the overdue figures no longer name money that left)."""
    permissions.check_transfer_between_cases(actor, source, target)
    raw = Decimal(amount)
    if raw <= 0:
        raise ValidationError(_("划转金额必须大于零"))
    if raw != raw.quantize(CENT):
        raise ValidationError(_("划转金额须精确到分：%(amount)s") % {"amount": raw})
    amount = raw.quantize(CENT)
    if source.pk == target.pk:
        raise ValidationError(_("转出和转入不能是同一案件"))
    pooled = PooledAccount.objects.filter(court_id=source.court_id).first()
    if pooled is None:
        raise ValidationError(_("%(court)s尚未开立执行款专户") % {"court": source.court.name})
    if target.court_id != source.court_id:
        raise ValidationError(
            _("只能在同一执行款专户的案件之间划转：%(target)s 不属于该专户") % {"target": target.case_number}
        )
    target = Case.objects.get(pk=target.pk)
    if target.is_closed:
        raise ValidationError(_("转入案件 %(case)s 已结案") % {"case": target.case_number})
    # Lock the source account so two transfers (or a transfer and a payout request) cannot both count
    # the same available money.
    acc = LedgerAccount.objects.select_for_update().filter(case=source).first()
    if acc is None or acc.pooled_id != pooled.pk or amount > available(source):
        raise ValidationError(
            _("划转金额 %(amount)s 超过案件 %(case)s 账户可用余额 %(avail)s")
            % {"amount": amount, "case": source.case_number, "avail": available(source)}
        )
    into = case_account(target, pooled)
    if into.pooled_id != pooled.pk:
        raise ValidationError(_("转入案件的账户不在同一执行款专户"))
    memo = memo.strip()
    entry = post(
        TRANSFER,
        [(acc, amount), (into, -amount)],
        actor=actor,
        booked_on=today(),
        memo=(
            _("%(source)s → %(target)s %(memo)s")
            % {"source": source.case_number, "target": target.case_number, "memo": memo}
        ),
    )
    _consume_receipts(source, amount)
    Case.objects.filter(pk=source.pk).update(realized_amount=plus("realized_amount", -amount))
    Case.objects.filter(pk=target.pk).update(realized_amount=plus("realized_amount", amount))
    case_events.emit(
        source,
        events.TRANSFERRED,
        actor,
        amount=str(amount),
        direction=_("转出"),
        other_case=target.case_number,
        memo=memo,
    )
    case_events.emit(
        target,
        events.TRANSFERRED,
        actor,
        amount=str(amount),
        direction=_("转入"),
        other_case=source.case_number,
        memo=memo,
    )
    audit.append(
        "funds.transfer",
        entry,
        {"source": source.case_number, "target": target.case_number, "amount": str(amount), "memo": memo},
        actor,
    )
    return entry
