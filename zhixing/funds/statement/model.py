"""The parsed statement, its error, and the checks every entry passes whatever the file's format."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from zhixing.core.money import InvalidAmount, parse_yuan

MAX_BYTES = 20 * 1024 * 1024  # a larger file is refused before it is read
MAX_ENTRIES = 200_000  # CSV data rows, or XML Ntry/TxDtls items
MAX_AMOUNT = Decimal(10) ** 12  # one entry above a trillion yuan is a corrupt file, not a payment
CURRENCY = "CNY"
CREDIT, DEBIT = "credit", "debit"
CENT = Decimal("0.01")

# CdtDbtInd in camt.053; 借贷标志 in the CSV (case-insensitive).
DIRECTIONS = {
    "CRDT": CREDIT, "DBIT": DEBIT, "贷": CREDIT, "借": DEBIT, "C": CREDIT, "D": DEBIT,
    "CREDIT": CREDIT, "DEBIT": DEBIT,
}  # fmt: skip
# xs:decimal as camt.053 writes it: no thousands separators, no exponent.
_XML_DECIMAL = re.compile(r"^\+?(\d+(\.\d*)?|\.\d+)$")


@dataclass(frozen=True)
class StatementEntry:
    line: int  # 1-based: the CSV line, or the XML item's ordinal (1 = first Ntry/TxDtls)
    where: str  # 第3笔（AcctSvcrRef B2026…） / 第4行
    account: str  # the statement's pooled account
    transaction_id: str  # bank transaction id (AcctSvcrRef / 交易流水号)
    direction: str  # "credit" | "debit"
    amount: Decimal  # positive, 2 places
    currency: str
    booked_on: date
    sub_account: str  # "" when absent
    payer_name: str
    payer_account: str
    remittance: str
    end_to_end_id: str  # "" when absent


@dataclass
class Statement:
    account: str
    statement_id: str
    entries: list[StatementEntry]


class StatementError(ValueError):
    """The file is refused; `problems` lists every problem found, each naming its entry. `partial`
    holds the entries that did read well when the file's structure was sound, so that a caller can
    name their problems too (an unknown sub-account beside a malformed amount)."""

    def __init__(self, problems: list[str], partial: Statement | None = None) -> None:
        self.problems = list(problems)
        self.partial = partial
        super().__init__("\n".join(self.problems))


def parse_amount(text: str, strict: bool) -> Decimal:
    """A positive amount in yuan, 2 places at most, ≤ MAX_AMOUNT. `strict` (camt.053) takes xs:decimal
    only; otherwise (CSV) core.money's parse_yuan reads it, thousands separators and full-width digits
    included. Raises InvalidAmount with the Chinese reason."""
    if strict:
        if not _XML_DECIMAL.match(text):
            raise InvalidAmount(_("金额“%(text)s”不是有效金额") % {"text": text})
        value = Decimal(text)
    else:
        value = parse_yuan(text, allow_negative=True)
    if value > MAX_AMOUNT:
        raise InvalidAmount(_("金额“%(text)s”过大（超过一万亿元）") % {"text": text})
    if value <= 0:
        raise InvalidAmount(_("金额“%(text)s”必须大于零") % {"text": text})
    if value != value.quantize(CENT):
        raise InvalidAmount(_("金额“%(text)s”超过两位小数") % {"text": text})
    return value.quantize(CENT)


class Collector:
    """Checks each entry's fields, collects every problem, and names both holders of a repeated id."""

    def __init__(self, id_label: str) -> None:
        self.id_label = id_label  # how a message names the id: "AcctSvcrRef" or "流水号"
        self.problems: list[str] = []
        self.entries: list[StatementEntry] = []
        self._ids: dict[str, str] = {}

    def add(
        self,
        *,
        line: int,
        place: str,
        where: str,
        account: str,
        transaction_id: str,
        direction: str,
        amount: str | None,
        currency: str,
        booked_on: date | None,
        booked_text: str,
        strict_amount: bool,
        **parties: str,
    ) -> None:
        """`place` locates the entry (第3笔 / 第4行); a message names it with its id when there is one."""
        label = place + (f"（{self.id_label} {transaction_id}）" if transaction_id else "")
        problems: list[str] = []
        if not transaction_id:
            problems.append(_("%(label)s缺少交易流水号（%(id)s）") % {"label": label, "id": self.id_label})
        elif transaction_id in self._ids:
            problems.append(
                _("%(label)s的交易流水号与%(other)s重复")
                % {"label": label, "other": self._ids[transaction_id]}
            )
        else:
            self._ids[transaction_id] = place
        value = None
        if amount is None or amount == "":
            problems.append(_("%(label)s缺少金额") % {"label": label})
        else:
            try:
                value = parse_amount(amount, strict_amount)
            except InvalidAmount as e:
                problems.append(f"{label}{e}")
        if currency != CURRENCY:
            problems.append(
                _("%(label)s币种“%(ccy)s”不是人民币（CNY）") % {"label": label, "ccy": currency}
                if currency
                else _("%(label)s缺少币种") % {"label": label}
            )
        normal = DIRECTIONS.get(direction.strip().upper())
        if normal is None:
            problems.append(
                _("%(label)s借贷标志“%(text)s”不是贷（CRDT）或借（DBIT）")
                % {"label": label, "text": direction}
            )
        if booked_on is None:
            problems.append(
                _("%(label)s记账日期“%(text)s”无效，应为 YYYY-MM-DD") % {"label": label, "text": booked_text}
                if booked_text
                else _("%(label)s缺少记账日期") % {"label": label}
            )
        self.problems.extend(problems)
        if problems or value is None or normal is None or booked_on is None:
            return
        self.entries.append(
            StatementEntry(
                line=line, where=where, account=account, transaction_id=transaction_id, direction=normal,
                amount=value, currency=currency, booked_on=booked_on,
                sub_account=parties.get("sub_account", ""), payer_name=parties.get("payer_name", ""),
                payer_account=parties.get("payer_account", ""), remittance=parties.get("remittance", ""),
                end_to_end_id=parties.get("end_to_end_id", ""),
            )
        )  # fmt: skip
