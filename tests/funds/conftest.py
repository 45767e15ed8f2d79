"""Fixtures for the case-funds tests: the 冀96 pooled account, a receipt by a case's sub-account, and
a payout taken through its whole approval chain and sent to the bank."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhixing.funds import actions
from zhixing.funds.actors import BANK
from zhixing.funds.models import Payout, Receipt
from zhixing.funds.queries import account_number

PAYEE = {"payee_name": "王申请", "payee_account": "6222020200112233445", "payee_bank": "中国工商银行雄安分行"}


@pytest.fixture
def pooled(courts, cast):
    """The pooled case-funds account (执行款专户) of 冀96, opened by finance."""
    return actions.open_pooled_account(courts.xiongan, actor=cast.finance)


def receive(pooled, txn: str, amount, on, case=None, **fields) -> Receipt:
    """A bank transfer of `amount` into the pooled account, booked on `on`: to the case's sub-account,
    or naming none (unidentified money) without a case. `fields`: further Incoming fields."""
    receipt, _new = actions.receive(
        actions.Incoming(
            pooled_account=pooled.account_number,
            transaction_id=txn,
            channel=fields.pop("channel", Receipt.TRANSFER),
            amount=Decimal(amount),
            booked_on=on,
            sub_account=account_number(case) if case is not None else "",
            **fields,
        ),
        actor=BANK,
    )
    return receipt


@pytest.fixture
def pay(pooled, clock):
    """pay(case, amount, txn): a bank transfer to the case's sub-account, booked today (or `on`)."""

    def _pay(case, amount, txn: str, *, on=None, channel=Receipt.TRANSFER) -> Receipt:
        return receive(
            pooled, txn, amount, on or clock.today, case, channel=channel, payer_name="雄安某建设有限公司"
        )

    return _pay


def approve_all(payout: Payout, cast) -> Payout:
    """Every step of the payout's chain, each by a different person holding the step's role."""
    by_role = {"judge": [cast.judge], "leader": [cast.president]}
    used: set[int] = set()
    for role in payout.steps:
        approver = next(u for u in by_role[role] if u.pk not in used)
        used.add(approver.pk)
        payout = actions.approve_payout(payout, actor=approver)
    return payout


def sent_payout(case, amount, cast) -> Payout:
    """A payout to PAYEE requested by the officer, approved through its chain and sent by finance."""
    payout = actions.request_payout(
        case, Decimal(amount), **PAYEE, account_confirmed=True, actor=cast.officer
    )
    payout = approve_all(payout, cast)
    assert payout.status == Payout.APPROVED
    return actions.send_payout(payout, actor=cast.finance)


@pytest.fixture
def approved_payout(pooled, cast):
    """approved_payout(case, amount): requested by the officer, approved by the judge (and the
    president above 100,000), sent to the bank by finance. Returns the sent payout."""

    return lambda case, amount: sent_payout(case, amount, cast)
