"""The payment code of a case (一案一码, rules §5.12): its own account and a payment request naming it,
the case number and the amount due, for the payer's page and the execution notice (rules §5.8: the
notice states the case's account, bank, account name and payment reference)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import segno
from django.utils.translation import gettext as _

from zhixing.cases.models import Case
from zhixing.core.money import format_yuan

from . import queries
from .models import PooledAccount

ZERO = Decimal("0.00")


def amount_due(case: Case) -> Decimal:
    """The applied amount less what is realised, never below zero."""
    return max(ZERO, (case.applied_amount or ZERO) - (case.realized_amount or ZERO))


def payment_text(account: str, name: str, bank: str, case_number: str, due: Decimal) -> str:
    return f"ZXPAY:ACCT={account};NAME={name};BANK={bank};CASE={case_number};AMT={due:.2f}"


def payment_details(case: Case, pooled: PooledAccount | None = None) -> dict[str, Any]:
    """The sub-account, the pooled account's name and bank, the amount due and the request text."""
    if pooled is None:
        pooled = PooledAccount.objects.filter(court_id=case.court_id).first()
    account = queries.account_number(case)
    name = pooled.account_name if pooled else _("%(court)s执行款专户") % {"court": case.court.name}
    bank = pooled.bank_name if pooled else ""
    due = amount_due(case)
    return {
        "account": account,
        "name": name,
        "bank": bank,
        "due_amount": due,
        "text": payment_text(account, name, bank, case.case_number, due),
        "opened": pooled is not None,
    }


def notice_context(case: Any, kind_code: str) -> dict[str, Any]:
    """What the execution notice prints about paying (registered with documents.rendering): the
    case's account and its payment code, and that the debtor may refuse any other account
    (addendum §1.4.5)."""
    if kind_code != "execution_notice":
        return {}
    details = payment_details(case)
    qr = segno.make(details["text"], error="m").svg_data_uri(scale=3, border=2)
    return {
        "payment": {
            "account": details["account"],
            "name": details["name"],
            "bank": details["bank"],
            "due": format_yuan(details["due_amount"]),
            "qr": qr,
        }
    }
