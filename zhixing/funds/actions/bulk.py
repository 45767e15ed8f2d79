"""Booking many receipts at once (a bank statement's credits): the same bookings as receipts.receive,
written with a handful of statements per batch instead of a dozen per receipt. One entry per receipt
(pooled debit, case or suspense credit), the kept balances moved once per account, and the case events
and audit entries in multi-row INSERTs. The caller has already refused bad files and dropped lines
already booked; this runs inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from zhixing.cases import events as case_events
from zhixing.cases.models import Case, CaseEvent
from zhixing.core import audit
from zhixing.core.actors import is_system
from zhixing.core.bulk import Inserter
from zhixing.core.rulesettings import rule_setting

from .. import events, matching, rules, settings_keys
from ..models import Entry, Hold, LedgerAccount, Leg, PooledAccount, Receipt
from .ledger import pool_account
from .receipts import Incoming

_RECEIPT_COLUMNS = [
    "pooled",
    "transaction_id",
    "channel",
    "amount",
    "booked_on",
    "received_at",
    "sub_account",
    "payer_name",
    "payer_account",
    "remittance",
    "case",
    "matched_by",
    "entry",
    "claim_due_on",
    "payable_on",
    "payout_due_on",
    "due_provisional",
    "outstanding",
]


def _match(pooled: PooledAccount, items: list[Incoming]) -> list[tuple[int | None, str]]:
    """(case id, how) per item: by sub-account, else by a case number of this court in the text."""
    by_sub = {i: matching.case_id_of(pooled.account_number, it.sub_account) for i, it in enumerate(items)}
    numbers = {i: matching.case_numbers_in(it.remittance) for i, it in enumerate(items) if by_sub[i] is None}
    ids = {cid for cid in by_sub.values() if cid is not None}
    known_ids = set(Case.objects.filter(court_id=pooled.court_id, pk__in=ids).values_list("pk", flat=True))
    wanted = {n for ns in numbers.values() for n in ns}
    by_number = dict(
        Case.objects.filter(court_id=pooled.court_id, case_number__in=wanted).values_list("case_number", "pk")
    )
    out: list[tuple[int | None, str]] = []
    for i in range(len(items)):
        cid = by_sub[i]
        if cid is not None and cid in known_ids:
            out.append((cid, Receipt.BY_SUB_ACCOUNT))
            continue
        found = next((by_number[n] for n in numbers.get(i, ()) if n in by_number), None)
        out.append((found, Receipt.BY_CASE_NUMBER) if found else (None, Receipt.UNMATCHED))
    return out


def _case_accounts(pooled: PooledAccount, case_ids: set[int]) -> dict[int, int]:
    """Case id → its ledger account id, opening the missing ones in one INSERT."""
    have = dict(LedgerAccount.objects.filter(case_id__in=case_ids).values_list("case_id", "id"))
    missing = case_ids - set(have)
    if missing:
        LedgerAccount.objects.bulk_create(
            [LedgerAccount(case_id=c, pooled=pooled, kind=LedgerAccount.CASE) for c in missing],
            ignore_conflicts=True,
        )
        have = dict(LedgerAccount.objects.filter(case_id__in=case_ids).values_list("case_id", "id"))
    return have


def _add(table: str, column: str, deltas: dict[int, Decimal]) -> None:
    """column += delta for each id, one statement run many times (psycopg pipelines it)."""
    if not deltas:
        return
    qn = connection.ops.quote_name
    with connection.cursor() as cur:
        cur.executemany(
            f"UPDATE {qn(table)} SET {qn(column)} = {qn(column)} + %s WHERE id = %s",
            [(d, i) for i, d in deltas.items()],
        )


def book_many(pooled: PooledAccount, items: list[Incoming], *, actor: Any) -> list[int | None]:
    """Book `items` (none of them booked yet); returns how each was matched (case id or None)."""
    if not items:
        return []
    now = timezone.now()
    matched = _match(pooled, items)
    case_ids = {cid for cid, _how in matched if cid is not None}
    accounts = _case_accounts(pooled, case_ids)
    held = set(
        Hold.objects.filter(case_id__in=case_ids, approved_by__isnull=False, end_on__isnull=True).values_list(
            "case_id", flat=True
        )
    )
    policy = rules.PayoutPolicy.from_setting(rule_setting(settings_keys.PAYOUT_POLICY, pooled.court))
    claim_days = int(rule_setting(settings_keys.CLAIM_WORKING_DAYS, pooled.court))
    due_cache: dict[tuple[dt.date, int], rules.Deadline] = {}
    claim_cache: dict[dt.date, dt.date] = {}
    pooled_acc = pool_account(pooled, LedgerAccount.POOLED)
    suspense = pool_account(pooled, LedgerAccount.SUSPENSE)
    system = is_system(actor)
    made = Entry.objects.bulk_create(
        [
            Entry(
                kind=Entry.RECEIPT,
                at=now,
                booked_on=it.booked_on,
                memo=it.remittance[:200],
                actor=None if system else actor,
                system_actor=str(actor)[:40] if system else "",
            )
            for it in items
        ]
    )
    legs: list[tuple] = []
    receipts: list[tuple] = []
    moved: dict[int, Decimal] = defaultdict(Decimal)
    realized: dict[int, Decimal] = defaultdict(Decimal)
    new_events: list[CaseEvent] = []
    prep = connection.ops
    who = case_events.actor_fields(actor)
    for it, entry, (cid, how) in zip(items, made, matched, strict=True):
        amount = it.amount.quantize(Decimal("0.01"))
        credit = accounts[cid] if cid is not None else suspense.pk
        legs += [(entry.pk, pooled_acc.pk, amount), (entry.pk, credit, -amount)]
        moved[pooled_acc.pk] += amount
        moved[credit] += amount  # credit-normal accounts grow by what they are credited
        due_on, provisional, claim_on = None, False, None
        if cid is not None:
            realized[cid] += amount
            if cid not in held:
                key = (it.booked_on, policy.working_days_for(amount))
                if key not in due_cache:
                    due_cache[key] = rules.payout_due(it.booked_on, amount, policy)
                due_on, provisional = due_cache[key].on, due_cache[key].provisional
            new_events.append(
                CaseEvent(
                    case_id=cid,
                    kind=events.RECEIVED,
                    at=now,
                    data={
                        "amount": str(amount),
                        "channel": "对账单导入",
                        "transaction_id": it.transaction_id,
                    },
                    **who,
                )
            )
        else:
            if it.booked_on not in claim_cache:
                claim_cache[it.booked_on] = rules.claim_due(it.booked_on, claim_days).on
            claim_on = claim_cache[it.booked_on]
        receipts.append(
            (
                pooled.pk,
                it.transaction_id[:64],
                it.channel,
                prep.adapt_decimalfield_value(amount, 18, 2),
                prep.adapt_datefield_value(it.booked_on),
                prep.adapt_datetimefield_value(now),
                it.sub_account[:34],
                it.payer_name[:100],
                it.payer_account[:40],
                it.remittance[:200],
                cid,
                how,
                entry.pk,
                prep.adapt_datefield_value(claim_on),
                prep.adapt_datefield_value(it.booked_on if cid is not None else None),
                prep.adapt_datefield_value(due_on),
                provisional,
                prep.adapt_decimalfield_value(amount if cid is not None else Decimal(0), 18, 2),
            )
        )
    Inserter(Leg, ["entry", "account", "amount"]).insert(
        (e, a, prep.adapt_decimalfield_value(x, 18, 2)) for e, a, x in legs
    )
    Inserter(Receipt, _RECEIPT_COLUMNS).insert(receipts)
    _add(LedgerAccount._meta.db_table, "balance", moved)
    _add(Case._meta.db_table, "realized_amount", realized)
    case_events.emit_many(new_events)
    # One audit entry for the batch, naming every transaction it booked: the ledger entries and the
    # receipts are the line-by-line record (a per-line entry cost a fifth of the import).
    audit.append(
        "funds.book_statement",
        pooled,
        {
            "account": pooled.account_number,
            "booked": len(items),
            "matched": sum(1 for cid, _how in matched if cid is not None),
            "amount": str(sum((it.amount for it in items), Decimal(0))),
            "transaction_ids": [it.transaction_id for it in items],
        },
        actor,
    )
    return [cid for cid, _how in matched]
