"""Importing the bank's statement of the pooled account (camt.053 or the CSV layout): checked whole
before anything is written, then booked in batches, each its own transaction. An entry already booked
(by its notification or an earlier import) is recognised by its bank transaction id and skipped, so a
run killed half-way and run again ends with exact balances and no duplicate."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhixing.cases.models import Case
from zhixing.core import audit
from zhixing.core.bulk import rows_in
from zhixing.courts.models import Court

from .. import matching
from ..models import Payout, PooledAccount, Receipt
from ..statement import Statement, StatementEntry, StatementError, parse_statement
from .accounts import open_pooled_account, reference_number
from .bulk import book_many
from .payouts import record_payout_result
from .receipts import Incoming

BATCH = 5000  # lines per transaction: per-batch reads and the audit entry are paid once per 5,000


class StatementRefused(ValueError):
    """The statement was not imported; `problems` name every bad entry in Chinese."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ImportResult:
    account: str
    posted: int = 0
    skipped: int = 0
    debits_confirmed: int = 0
    unidentified: int = 0
    differences: list[str] = field(default_factory=list)


def pool_for(number: str, *, actor: Any) -> PooledAccount | None:
    """The pool with this number; a court's reference number opens its pool on first use."""
    pooled = PooledAccount.objects.filter(account_number=number).first()
    if pooled is not None:
        return pooled
    if len(number) == 16 and number.startswith("1306") and number.isdigit():
        court = Court.objects.filter(pk=int(number[4:]), pooled_account__isnull=True).first()
        if court is not None and reference_number(court.pk) == number:
            return open_pooled_account(court, actor=actor)
    return None


def _problems(statement: Statement, pooled: PooledAccount | None) -> list[str]:
    if pooled is None:
        return [_("对账单账号 %(acc)s 不是本平台的执行款专户") % {"acc": statement.account}]
    # Which named sub-accounts are this pool's cases: one query per 5,000 numbers, not one per line.
    credits = [e for e in statement.entries if e.direction == "credit"]
    named = {e.sub_account: matching.case_id_of(pooled.account_number, e.sub_account) for e in credits}
    ids = sorted({cid for cid in named.values() if cid is not None})
    known: set[int] = set()
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        known |= {cid for (cid,) in rows_in(Case, "id", chunk, ["id"], "court_id = %s", [pooled.court_id])}
    problems = []
    for e in credits:
        sub = (e.sub_account or "").replace(" ", "")
        if sub and sub != pooled.account_number and named[e.sub_account] not in known:
            problems.append(f"{e.where}：" + _("子账号 %(sub)s 不是本专户下任何案件的账号") % {"sub": sub})
    return problems


def import_statement(data: bytes, filename: str = "", *, actor: Any) -> ImportResult:
    try:
        statement = parse_statement(data, filename)
    except StatementError as err:
        # Name the sound entries' problems too (an unknown sub-account beside a malformed amount).
        problems = list(err.problems)
        if err.partial is not None:
            pooled = PooledAccount.objects.filter(account_number=err.partial.account).first()
            if pooled is not None:
                problems += _problems(err.partial, pooled)
        raise StatementRefused(problems) from err
    with transaction.atomic():
        pooled = pool_for(statement.account, actor=actor)
        problems = _problems(statement, pooled)
    if problems:
        raise StatementRefused(problems)
    assert pooled is not None
    result = ImportResult(account=pooled.account_number)
    credits = [e for e in statement.entries if e.direction == "credit"]
    for start in range(0, len(credits), BATCH):
        _book_batch(pooled, credits[start : start + BATCH], actor, result)
    for e in statement.entries:
        if e.direction == "debit":
            _match_debit(e, actor, result)
    with transaction.atomic():
        audit.append(
            "funds.import_statement",
            pooled,
            {
                "file": filename,
                "account": pooled.account_number,
                "posted": result.posted,
                "skipped": result.skipped,
            },
            actor,
        )
    return result


@transaction.atomic
def _book_batch(
    pooled: PooledAccount, entries: list[StatementEntry], actor: Any, result: ImportResult
) -> None:
    # Lock the pool's row first: two imports of the same statement at once queue here, and the second
    # then sees the first one's transaction ids as booked.
    PooledAccount.objects.select_for_update().filter(pk=pooled.pk).first()
    wanted = [e.transaction_id for e in entries]
    seen = {
        t
        for (t,) in rows_in(
            Receipt, "transaction_id", wanted, ["transaction_id"], "pooled_id = %s", [pooled.pk]
        )
    }
    todo = [e for e in entries if e.transaction_id not in seen]
    result.skipped += len(entries) - len(todo)
    booked = book_many(
        pooled,
        [
            Incoming(
                pooled_account=pooled.account_number,
                transaction_id=e.transaction_id,
                channel=Receipt.STATEMENT,
                amount=e.amount,
                booked_on=e.booked_on,
                sub_account=e.sub_account,
                payer_name=e.payer_name,
                payer_account=e.payer_account,
                remittance=e.remittance,
            )
            for e in todo
        ],
        actor=actor,
    )
    result.posted += len(booked)
    result.unidentified += sum(1 for cid in booked if cid is None)


def _match_debit(e: StatementEntry, actor: Any, result: ImportResult) -> None:
    """A debit is a payout the bank carried out: it confirms the payout sent with that end-to-end id.
    A debit the platform never sent is listed as a difference for finance, not booked."""
    payout = Payout.objects.filter(idempotency_key=e.end_to_end_id).first() if e.end_to_end_id else None
    if payout is None:
        result.differences.append(
            _("%(where)s：借方 %(amount)s 元没有对应的发放指令") % {"where": e.where, "amount": e.amount}
        )
        return
    if payout.status == Payout.SENT:
        record_payout_result(payout.idempotency_key, True, e.transaction_id, actor=actor)
        result.debits_confirmed += 1
    elif payout.status != Payout.CONFIRMED:
        result.differences.append(
            _("%(where)s：银行已付款，但平台中该发放状态为“%(status)s”")
            % {"where": e.where, "status": payout.get_status_display()}
        )
