"""A minimal camt.053.001.08 (BankToCustomerStatement) writer, stdlib only.

Independent of ``zhixing.funds.statement`` on purpose: the bank is the other side of the wire.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal

NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"


@dataclass(frozen=True)
class Line:
    """One booked entry of a statement."""

    transaction_id: str  # AcctSvcrRef: the bank's own reference of the booking
    direction: str  # "credit" | "debit"
    amount: Decimal
    booked_on: dt.date
    code: str  # BkTxCd/Prtry/Cd: TRANSFER | ECNY | PAYOUT | RETURN
    debtor_name: str
    debtor_account: str
    creditor_name: str
    creditor_account: str
    remittance: str
    end_to_end_id: str = ""
    currency: str = "CNY"


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _account(parent: ET.Element, tag: str, number: str) -> None:
    _sub(_sub(_sub(_sub(parent, tag), "Id"), "Othr"), "Id", number)


def _party(parent: ET.Element, tag: str, name: str) -> None:
    _sub(_sub(_sub(parent, tag), "Pty"), "Nm", name or "NOTPROVIDED")


def _balance(stmt: ET.Element, code: str, amount: Decimal, on: dt.date) -> None:
    bal = _sub(stmt, "Bal")
    _sub(_sub(_sub(bal, "Tp"), "CdOrPrtry"), "Cd", code)
    _sub(bal, "Amt", _money(abs(amount)), Ccy="CNY")
    _sub(bal, "CdtDbtInd", "CRDT" if amount >= 0 else "DBIT")
    _sub(_sub(bal, "Dt"), "Dt", on.isoformat())


def write_camt053(
    account: str,
    statement_id: str,
    on: dt.date,
    opening: Decimal,
    lines: list[Line],
    created_at: dt.datetime,
) -> bytes:
    """The statement of ``account`` for day ``on``: OPBD ``opening``, the lines, CLBD opening + net."""
    closing = opening + sum(
        (line.amount if line.direction == "credit" else -line.amount for line in lines), Decimal("0")
    )
    created = created_at.isoformat(timespec="seconds")
    doc = ET.Element("Document", xmlns=NS)
    root = _sub(doc, "BkToCstmrStmt")
    header = _sub(root, "GrpHdr")
    _sub(header, "MsgId", statement_id)
    _sub(header, "CreDtTm", created)
    stmt = _sub(root, "Stmt")
    _sub(stmt, "Id", statement_id)
    _sub(stmt, "CreDtTm", created)
    acct = _sub(stmt, "Acct")
    _sub(_sub(_sub(acct, "Id"), "Othr"), "Id", account)
    _sub(acct, "Ccy", "CNY")
    _balance(stmt, "OPBD", opening, on)
    _balance(stmt, "CLBD", closing, on)
    for line in lines:
        ntry = _sub(stmt, "Ntry")
        _sub(ntry, "Amt", _money(line.amount), Ccy=line.currency)
        _sub(ntry, "CdtDbtInd", "CRDT" if line.direction == "credit" else "DBIT")
        _sub(_sub(ntry, "Sts"), "Cd", "BOOK")
        _sub(_sub(ntry, "BookgDt"), "Dt", line.booked_on.isoformat())
        _sub(_sub(ntry, "ValDt"), "Dt", line.booked_on.isoformat())
        _sub(ntry, "AcctSvcrRef", line.transaction_id)
        _sub(_sub(_sub(ntry, "BkTxCd"), "Prtry"), "Cd", line.code)
        tx = _sub(_sub(ntry, "NtryDtls"), "TxDtls")
        refs = _sub(tx, "Refs")
        _sub(refs, "AcctSvcrRef", line.transaction_id)
        _sub(refs, "EndToEndId", line.end_to_end_id or "NOTPROVIDED")
        _sub(tx, "Amt", _money(line.amount), Ccy=line.currency)
        parties = _sub(tx, "RltdPties")
        _party(parties, "Dbtr", line.debtor_name)
        _account(parties, "DbtrAcct", line.debtor_account)
        _party(parties, "Cdtr", line.creditor_name)
        _account(parties, "CdtrAcct", line.creditor_account)
        if line.remittance:
            _sub(_sub(tx, "RmtInf"), "Ustrd", line.remittance)
    ET.indent(doc)
    return ET.tostring(doc, encoding="utf-8", xml_declaration=True)
