"""The case-funds ledger (ARCHITECTURE §3, rules §5): the court's pooled account, one liability
account per case, suspense for unidentified money and fee income; receipts, claims, payouts and their
approvals, holds, direct payments and the outbox to the bank."""

from .ledger import Entry, LedgerAccount, Leg, PooledAccount
from .money_in import DirectPayment, Receipt
from .money_out import Hold, Outbox, Payout, PayoutApproval

__all__ = [
    "DirectPayment",
    "Entry",
    "Hold",
    "LedgerAccount",
    "Leg",
    "Outbox",
    "Payout",
    "PayoutApproval",
    "PooledAccount",
    "Receipt",
]
