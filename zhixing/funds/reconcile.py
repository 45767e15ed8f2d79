"""The daily reconciliation (issue 9 item 7): the bank's statement of one day against the ledger's
postings of that day for the same pooled account. Every entry on either side is matched or listed as a
difference with its explanation in Chinese; nothing is written (finance decides what to do: import the
statement, chase the bank, reverse an entry).

The ledger's side of a day: receipts booked that day (Receipt.booked_on) and payouts confirmed that
day (their entry's booked_on). The bank's side: the statement's entries booked that day. A credit is
matched to a receipt by the bank's transaction id; a debit to a payout by its end-to-end id (the
payout's idempotency key) or the bank's reference. A payout the bank returned shows as a debit and a
credit with the same end-to-end id: a pair explained as such, not two differences.

The statement formats the platform reads carry no balances, so the closing check compares the bank's
net movement of the day (Σ credits − Σ debits) with the ledger's net movement of the pooled account.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from .models import LedgerAccount, Leg, Payout, PooledAccount, Receipt
from .statement import Statement, StatementEntry
from .statement.model import CREDIT, DEBIT

ZERO = Decimal("0.00")

# What a line is.
MATCHED = "matched"
MISSING_IN_LEDGER = "missing_in_ledger"  # in the bank, not in the ledger
MISSING_IN_BANK = "missing_in_bank"  # in the ledger, not in the bank
AMOUNT_DIFFERS = "amount_differs"
DATE_DIFFERS = "date_differs"
NO_PAYOUT = "no_payout"  # a debit the platform never sent
NOT_CONFIRMED = "not_confirmed"  # a debit whose payout the platform has not confirmed
RETURNED = "returned"  # a debit and its RETURN credit
ACCOUNT_DIFFERS = "account_differs"
MOVEMENT_DIFFERS = "movement_differs"
RETURN_BOOKED = "return_booked"  # a RETURN credit booked as a receipt

LABELS = {
    MATCHED: "一致",
    MISSING_IN_LEDGER: "银行有、平台无",
    MISSING_IN_BANK: "平台有、银行无",
    AMOUNT_DIFFERS: "金额不符",
    DATE_DIFFERS: "记账日期不同",
    NO_PAYOUT: "无对应发放",
    NOT_CONFIRMED: "发放未确认",
    RETURNED: "退汇",
    ACCOUNT_DIFFERS: "账号不符",
    MOVEMENT_DIFFERS: "当日净额不符",
    RETURN_BOOKED: "退汇误记到账",
}
# Lines that need no action by finance.
SETTLED = (MATCHED, RETURNED)


@dataclass
class Line:
    kind: str
    direction: str  # credit | debit | "" (a whole-day line)
    transaction_id: str = ""
    end_to_end_id: str = ""
    bank_amount: Decimal | None = None
    ledger_amount: Decimal | None = None
    case_number: str = ""
    where: str = ""  # the statement's place of the entry
    explanation: str = ""

    @property
    def label(self) -> str:
        return _(LABELS[self.kind])

    @property
    def is_difference(self) -> bool:
        return self.kind not in SETTLED


@dataclass
class Reconciliation:
    day: dt.date
    account: str
    statement_id: str
    lines: list[Line] = field(default_factory=list)
    bank_credits: Decimal = ZERO
    bank_debits: Decimal = ZERO
    ledger_net: Decimal = ZERO

    @property
    def bank_net(self) -> Decimal:
        return self.bank_credits - self.bank_debits

    @property
    def movement_difference(self) -> Decimal:
        return self.bank_net - self.ledger_net

    @property
    def matched(self) -> list[Line]:
        return [x for x in self.lines if not x.is_difference]

    @property
    def differences(self) -> list[Line]:
        return [x for x in self.lines if x.is_difference]

    @property
    def balanced(self) -> bool:
        return not self.differences


def _money(amount: Decimal | None) -> str:
    return f"{amount:,.2f}" if amount is not None else ""


def ledger_net(pooled: PooledAccount, day: dt.date) -> Decimal:
    """The net movement of the pooled account on `day`: Σ its legs (debit-positive, an asset)."""
    total = Leg.objects.filter(
        account__pooled=pooled, account__kind=LedgerAccount.POOLED, entry__booked_on=day
    ).aggregate(s=Sum("amount"))["s"]
    return total or ZERO


def _returned_pairs(entries: list[StatementEntry], bounced_keys: set[str]) -> set[str]:
    """End-to-end ids of returns: a credit carrying the end-to-end id of a debit of the statement, or
    of a payout the bank reported bounced."""
    debit_ids = {e.end_to_end_id for e in entries if e.direction == DEBIT and e.end_to_end_id}
    return {
        e.end_to_end_id
        for e in entries
        if e.direction == CREDIT and e.end_to_end_id and (e.end_to_end_id in debit_ids | bounced_keys)
    }


def reconcile_day(statement: Statement, pooled: PooledAccount, day: dt.date) -> Reconciliation:
    """The reconciliation of `day` for `pooled` (read only). Queries: a fixed handful, whatever the
    number of entries."""
    rec = Reconciliation(day=day, account=pooled.account_number, statement_id=statement.statement_id)
    if statement.account != pooled.account_number:
        rec.lines.append(
            Line(
                ACCOUNT_DIFFERS,
                "",
                explanation=_("对账单账号 %(got)s 不是本专户 %(ours)s：请确认上传的是本院专户的对账单")
                % {"got": statement.account, "ours": pooled.account_number},
            )
        )
    entries = [e for e in statement.entries if e.booked_on == day]
    credits = [e for e in entries if e.direction == CREDIT]
    debits = [e for e in entries if e.direction == DEBIT]
    rec.bank_credits = sum((e.amount for e in credits), ZERO)
    rec.bank_debits = sum((e.amount for e in debits), ZERO)
    rec.ledger_net = ledger_net(pooled, day)

    # The ledger's receipts: those of the day, and those the bank's credits name (booked another day).
    day_receipts = list(Receipt.objects.filter(pooled=pooled, booked_on=day).select_related("case"))
    named = {e.transaction_id for e in credits} - {r.transaction_id for r in day_receipts}
    receipts = {r.transaction_id: r for r in day_receipts}
    if named:
        receipts.update(
            (r.transaction_id, r)
            for r in Receipt.objects.filter(pooled=pooled, transaction_id__in=named).select_related("case")
        )

    # The ledger's payouts: confirmed that day, and those the bank's entries name.
    payouts_qs = Payout.objects.filter(case__court_id=pooled.court_id).select_related("case", "entry")
    day_payouts = list(payouts_qs.filter(status=Payout.CONFIRMED, entry__booked_on=day))
    keys = {e.end_to_end_id for e in entries if e.end_to_end_id}
    refs = {e.transaction_id for e in debits}
    by_key = {p.idempotency_key: p for p in day_payouts}
    by_ref = {p.bank_reference: p for p in day_payouts if p.bank_reference}
    if keys or refs:
        for p in payouts_qs.filter(idempotency_key__in=keys) | payouts_qs.filter(bank_reference__in=refs):
            by_key[p.idempotency_key] = p
            if p.bank_reference:
                by_ref[p.bank_reference] = p
    bounced = {k for k, p in by_key.items() if p.status == Payout.BOUNCED}
    returned = _returned_pairs(entries, bounced)

    seen_receipts: set[str] = set()
    seen_payouts: set[int] = set()
    for e in credits:
        if e.end_to_end_id in returned:
            rec.lines.append(_return_line(e, by_key.get(e.end_to_end_id), receipts.get(e.transaction_id)))
            if e.transaction_id in receipts:
                seen_receipts.add(e.transaction_id)
            continue
        receipt = receipts.get(e.transaction_id)
        if receipt is None:
            rec.lines.append(_line(e, MISSING_IN_LEDGER, None, _("银行已入账、平台未记账：可导入对账单补记")))
            continue
        seen_receipts.add(e.transaction_id)
        rec.lines.append(_credit_line(e, receipt, day))

    for e in debits:
        payout = by_key.get(e.end_to_end_id) if e.end_to_end_id else None
        payout = payout or by_ref.get(e.transaction_id)
        if e.end_to_end_id in returned:
            line = _line(
                e,
                RETURNED,
                payout.amount - payout.fee if payout else None,
                _("发放被退汇：银行付出后当日以同一端到端标识退回，净额为零，平台不记发放"),
            )
            if payout is not None:
                seen_payouts.add(payout.pk)
                line.case_number = payout.case.case_number
                if payout.status == Payout.CONFIRMED:
                    line.kind = NOT_CONFIRMED
                    line.explanation = _(
                        "银行已退汇，但平台中该发放为“已到账”：应冲正该笔发放，款项回到案件账户"
                    )
            rec.lines.append(line)
            continue
        if payout is None:
            rec.lines.append(
                _line(e, NO_PAYOUT, None, _("银行借方没有对应的平台发放指令：请向银行核实该笔付款"))
            )
            continue
        seen_payouts.add(payout.pk)
        rec.lines.append(_debit_line(e, payout, day))

    for r in day_receipts:
        if r.transaction_id in seen_receipts or getattr(r, "reversed_on", None) is not None:
            continue  # a receipt booked in error and reversed owes the bank nothing
        if r.channel == Receipt.CASH:
            why = _("平台已记账、银行流水中没有：现场收取的现金尚未存入专户，请核对存款")
        else:
            why = _("平台已记账、银行流水中没有：该笔按银行到账通知记账，请向银行核实是否到账")
        rec.lines.append(
            Line(
                MISSING_IN_BANK, CREDIT, r.transaction_id, "", None, r.amount,
                r.case.case_number if r.case else "", "", why,
            )
        )  # fmt: skip
    for p in day_payouts:
        if p.pk in seen_payouts:
            continue
        rec.lines.append(
            Line(
                MISSING_IN_BANK, DEBIT, p.bank_reference, p.idempotency_key, None, p.amount - p.fee,
                p.case.case_number, "",
                _("平台已确认发放、银行流水中没有对应的借方：请向银行核实是否已付款"),
            )
        )  # fmt: skip

    if rec.movement_difference:
        rec.lines.append(
            Line(
                MOVEMENT_DIFFERS, "", bank_amount=rec.bank_net, ledger_amount=rec.ledger_net,
                explanation=_(
                    "当日银行净发生额 %(bank)s 元，平台专户净发生额 %(ledger)s 元，相差 %(diff)s 元："
                    "差额由以上各项差异构成"
                ) % {
                    "bank": _money(rec.bank_net), "ledger": _money(rec.ledger_net),
                    "diff": _money(rec.movement_difference),
                },
            )
        )  # fmt: skip
    return rec


def _line(e: StatementEntry, kind: str, ledger_amount: Decimal | None, why: str) -> Line:
    return Line(
        kind, e.direction, e.transaction_id, e.end_to_end_id, e.amount, ledger_amount, "", e.where, why
    )


def _credit_line(e: StatementEntry, r: Receipt, day: dt.date) -> Line:
    line = _line(e, MATCHED, r.amount, "")
    line.case_number = r.case.case_number if r.case else ""
    reversed_on = getattr(r, "reversed_on", None)  # a receipt booked in error and reversed
    if reversed_on is not None:
        line.kind = MISSING_IN_LEDGER
        line.explanation = _(
            "平台已于 %(on)s 冲正该笔到账，银行流水中仍有该笔入账：请核实是否已退回付款人"
        ) % {"on": reversed_on.isoformat()}
    elif r.amount != e.amount:
        line.kind = AMOUNT_DIFFERS
        line.explanation = _(
            "同一流水号金额不符：银行 %(bank)s 元，平台 %(ledger)s 元，相差 %(diff)s 元；请核对银行到账通知"
        ) % {"bank": _money(e.amount), "ledger": _money(r.amount), "diff": _money(e.amount - r.amount)}
    elif r.booked_on != day:
        line.kind = DATE_DIFFERS
        line.explanation = _("平台记账日期为 %(on)s，与银行记账日期不同：跨日到账，无需处理") % {
            "on": r.booked_on.isoformat()
        }
    return line


def _debit_line(e: StatementEntry, p: Payout, day: dt.date) -> Line:
    paid = p.amount - p.fee
    line = _line(e, MATCHED, paid, "")
    line.case_number = p.case.case_number
    if p.status == Payout.BOUNCED:
        line.kind = NOT_CONFIRMED
        line.explanation = _(
            "银行已付款，平台中该发放为“已退回”：退汇款应在其后的流水中以同一端到端标识入账，请跟踪"
        )
    elif p.status != Payout.CONFIRMED:
        line.kind = NOT_CONFIRMED
        line.explanation = _(
            "银行已付款，但平台中该发放状态为“%(status)s”：导入对账单可确认已发送的发放，其他状态请核实"
        ) % {"status": p.get_status_display()}
    elif paid != e.amount:
        line.kind = AMOUNT_DIFFERS
        line.explanation = _(
            "同一发放金额不符：银行付出 %(bank)s 元，平台发放（扣除执行费后）%(ledger)s 元"
        ) % {"bank": _money(e.amount), "ledger": _money(paid)}
    elif p.entry is not None and p.entry.booked_on != day:
        line.kind = DATE_DIFFERS
        line.explanation = _("平台于 %(on)s 确认该发放，与银行付款日期不同：跨日确认，无需处理") % {
            "on": p.entry.booked_on.isoformat()
        }
    return line


def _return_line(e: StatementEntry, payout: Payout | None, receipt: Receipt | None) -> Line:
    line = _line(
        e,
        RETURNED,
        None,
        _("退汇：发放被收款行退回，款项回到专户（与同一端到端标识的借方成对），平台不作到账记账"),
    )
    if payout is not None:
        line.case_number = payout.case.case_number
    if receipt is not None:
        line.kind = RETURN_BOOKED
        line.ledger_amount = receipt.amount
        line.explanation = _(
            "退汇款被平台记为到账款（流水号 %(txn)s）：该笔是被退回的发放，应冲正该到账记录"
        ) % {"txn": receipt.transaction_id}
    return line
