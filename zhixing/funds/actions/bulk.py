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
from zhixing.cases.models import Case
from zhixing.core import audit
from zhixing.core.bulk import Inserter, add_to_column, reserve_ids, rows_in
from zhixing.core.rulesettings import rule_setting

from .. import events, matching, rules, settings_keys
from ..models import Entry, Hold, LedgerAccount, Leg, PooledAccount, Receipt
from .ledger import pool_account
from .receipts import Incoming

CENT = Decimal("0.01")
ZERO = Decimal(0)
_ENTRY_COLUMNS = ["id", "kind", "at", "booked_on", "memo", "actor", "system_actor"]

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
    court = [pooled.court_id]
    known_ids = {cid for (cid,) in rows_in(Case, "id", ids, ["id"], "court_id = %s", court)}
    wanted = {n for ns in numbers.values() for n in ns}
    by_number = dict(rows_in(Case, "case_number", wanted, ["case_number", "id"], "court_id = %s", court))
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
    """Case id → its ledger account id, opening the missing ones in one statement. A case account
    opened meanwhile by a payment notification is kept as it is (ON CONFLICT DO NOTHING)."""
    have = dict(rows_in(LedgerAccount, "case_id", case_ids, ["case_id", "id"]))
    missing = sorted(case_ids - set(have))
    if missing:
        table = connection.ops.quote_name(LedgerAccount._meta.db_table)
        columns = "(kind, pooled_id, case_id, balance, pending_out)"
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                cur.execute(
                    f"INSERT INTO {table} {columns} SELECT %s, %s, c, 0, 0 FROM unnest(%s::bigint[]) AS c"
                    " ON CONFLICT DO NOTHING",
                    [LedgerAccount.CASE, pooled.pk, missing],
                )
            else:
                cur.executemany(
                    f"INSERT INTO {table} {columns} VALUES (%s, %s, %s, 0, 0) ON CONFLICT DO NOTHING",
                    [(LedgerAccount.CASE, pooled.pk, c) for c in missing],
                )
        have.update(rows_in(LedgerAccount, "case_id", missing, ["case_id", "id"]))
    return have


class _Dues:
    """The payout and claim deadlines of a batch's receipts, each (day, working days) computed once."""

    def __init__(self, pooled: PooledAccount) -> None:
        self.policy = rules.PayoutPolicy.from_setting(rule_setting(settings_keys.PAYOUT_POLICY, pooled.court))
        self.claim_days = int(rule_setting(settings_keys.CLAIM_WORKING_DAYS, pooled.court))
        self._payout: dict[tuple[dt.date, int], rules.Deadline] = {}
        self._claim: dict[dt.date, dt.date] = {}

    def payout(self, day: dt.date, amount: Decimal, wage: bool = False) -> rules.Deadline:
        """A wage case's money runs the shorter clock (rules §10.1.2, PayoutPolicy.wage_working_days)."""
        key = (day, self.policy.working_days_for(amount, wage))
        if key not in self._payout:
            self._payout[key] = rules.payout_due(day, amount, self.policy, wage=wage)
        return self._payout[key]

    def claim(self, day: dt.date) -> dt.date:
        if day not in self._claim:
            self._claim[day] = rules.claim_due(day, self.claim_days).on
        return self._claim[day]


def book_many(pooled: PooledAccount, items: list[Incoming], *, actor: Any) -> list[int | None]:
    """Book `items` (none of them booked yet); returns how each was matched (case id or None).

    Entry ids are reserved first (core.bulk.reserve_ids), so the entries, their legs, the receipts
    and the case events are each written in one pass (COPY on PostgreSQL) without reading ids back."""
    if not items:
        return []
    now = timezone.now()
    matched = _match(pooled, items)
    case_ids = {cid for cid, _how in matched if cid is not None}
    accounts = _case_accounts(pooled, case_ids)
    # Money for a case under an approved, unended hold has no payout deadline.
    live = "approved_by_id IS NOT NULL AND end_on IS NULL"
    held = {cid for (cid,) in rows_in(Hold, "case_id", case_ids, ["case_id"], live)}
    # Migrant-worker wage cases: their money is paid within the shorter clock.
    wage = {cid for (cid,) in rows_in(Case, "id", case_ids, ["id"], "is_migrant_wage = %s", [True])}
    dues = _Dues(pooled)
    pooled_acc = pool_account(pooled, LedgerAccount.POOLED).pk
    suspense = pool_account(pooled, LedgerAccount.SUSPENSE).pk
    who = case_events.actor_fields(actor)
    actor_id, system_actor = who["actor_id"], who["system_actor"]
    ids = reserve_ids(Entry, len(items))
    ops = connection.ops
    at = ops.adapt_datetimefield_value(now)
    entries: list[tuple] = []
    legs: list[tuple] = []
    receipts: list[tuple] = []
    new_events: list[tuple] = []
    moved: dict[int, Decimal] = defaultdict(Decimal)
    realized: dict[int, Decimal] = defaultdict(Decimal)
    for it, entry, (cid, how) in zip(items, ids, matched, strict=True):
        amount = it.amount.quantize(CENT)
        booked = ops.adapt_datefield_value(it.booked_on)
        credit = accounts[cid] if cid is not None else suspense
        entries.append((entry, Entry.RECEIPT, at, booked, it.remittance[:200], actor_id, system_actor))
        legs += [(entry, pooled_acc, amount), (entry, credit, -amount)]
        moved[pooled_acc] += amount
        moved[credit] += amount  # credit-normal accounts grow by what they are credited
        due_on, provisional, claim_on = None, False, None
        if cid is not None:
            realized[cid] += amount
            if cid not in held:
                deadline = dues.payout(it.booked_on, amount, cid in wage)
                due_on, provisional = deadline.on, deadline.provisional
            data = {"amount": str(amount), "channel": "对账单导入", "transaction_id": it.transaction_id}
            new_events.append((cid, events.RECEIVED, now, actor_id, system_actor, data))
        else:
            claim_on = dues.claim(it.booked_on)
        receipts.append(
            (
                pooled.pk, it.transaction_id[:64], it.channel, amount, booked, at, it.sub_account[:34],
                it.payer_name[:100], it.payer_account[:40], it.remittance[:200], cid, how, entry,
                ops.adapt_datefield_value(claim_on), booked if cid is not None else None,
                ops.adapt_datefield_value(due_on), provisional, amount if cid is not None else ZERO,
            )
        )  # fmt: skip
    Inserter(Entry, _ENTRY_COLUMNS).insert(entries)
    Inserter(Leg, ["entry", "account", "amount"]).insert(legs)
    Inserter(Receipt, _RECEIPT_COLUMNS).insert(receipts)
    add_to_column(LedgerAccount, "balance", moved)
    add_to_column(Case, "realized_amount", realized)
    case_events.insert_many(new_events)
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
