"""Every write of case funds (ARCHITECTURE §2): each action checks permission and rules, posts balanced
entries, appends a case event and an audit entry, in one transaction."""

from .accounts import ensure_pooled_accounts, open_pooled_account
from .fines import receive_fine
from .holds import approve_hold, end_hold, request_hold
from .ledger import post, reverse
from .payouts import approve_payout, record_payout_result, request_payout, send_payout
from .receipts import (
    Incoming,
    approve_claim,
    receive,
    record_cash,
    record_direct_payment,
    refuse_claim,
    request_claim,
    reverse_receipt,
)
from .transfers import transfer_between_cases

__all__ = [
    "Incoming",
    "approve_claim",
    "approve_hold",
    "approve_payout",
    "end_hold",
    "ensure_pooled_accounts",
    "open_pooled_account",
    "post",
    "receive",
    "receive_fine",
    "record_cash",
    "record_direct_payment",
    "record_payout_result",
    "refuse_claim",
    "request_claim",
    "request_hold",
    "request_payout",
    "reverse",
    "reverse_receipt",
    "send_payout",
    "transfer_between_cases",
]
