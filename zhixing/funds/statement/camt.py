"""ISO 20022 camt.053 (BankToCustomerStatement), versions 001.02–001.13: read safely, and write 001.08.

Elements are looked up in the document's own namespace, whatever its URI, so every version reads alike.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from .model import CREDIT, CURRENCY, MAX_ENTRIES, Collector, Statement, StatementEntry, StatementError

NS_08 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
SHANGHAI = ZoneInfo("Asia/Shanghai")
BOOKED = "BOOK"
NOT_BOOKED = {"PDNG", "INFO", "FUTR"}  # pending, information only, future: not money on the account yet
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?$")
_DECLARATION = re.compile(rb"""(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z][A-Za-z0-9._-]*)(["'])""")
_XML_CHARS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@functools.lru_cache(maxsize=512)
def _steps(ns: str, path: str) -> tuple[str, ...]:
    return tuple(ns + step for step in path.split("/"))


def _ns(element: Any) -> str:
    """The `{uri}` of an element's tag ("" when it has none): its children are looked up in it."""
    tag = element.tag
    return tag[: tag.index("}") + 1] if tag[:1] == "{" else ""


def _local(element: Any) -> str:
    return element.tag.rpartition("}")[2]


def _children(element: Any, name: str) -> list[Any]:
    return element.findall(_ns(element) + name)


def _find(element: Any, path: str) -> Any:
    """The first element down `path` ("Acct/Id/Othr/Id") in the element's own namespace, so every
    camt.053 version reads alike; None when absent. One qualified tag per step: ElementTree's C find
    answers a plain tag itself, while a path goes through Python's ElementPath (most of the parse time
    of a large statement)."""
    if element is None:
        return None
    for step in _steps(_ns(element), path):
        element = element.find(step)
        if element is None:
            return None
    return element


def _text(element: Any, *paths: str) -> str:
    """The stripped text at the first of `paths` that is present, else ""."""
    for path in paths:
        found = _find(element, path)
        if found is not None:
            return (found.text or "").strip()
    return ""


def _booking_date(ntry: Any) -> tuple[date | None, str]:
    """BookgDt/Dt or BookgDt/DtTm; a date-time with an offset is taken in Beijing time."""
    day, stamp = _text(ntry, "BookgDt/Dt"), _text(ntry, "BookgDt/DtTm")
    try:
        if day and (m := _DATE.match(day)):
            return date.fromisoformat(m.group(1)), day
        if stamp and not day:
            moment = datetime.fromisoformat(stamp)
            if moment.tzinfo is not None:
                moment = moment.astimezone(SHANGHAI)
            return moment.date(), stamp
    except (ValueError, OverflowError):
        pass
    return None, day or stamp


def _to_utf8(data: bytes) -> bytes:
    """A declared multi-byte Chinese encoding (GBK, GB18030, Big5), which expat cannot read, as UTF-8."""
    declared = _DECLARATION.match(data)
    if declared is None:
        return data
    name = declared.group(2).decode("ascii").lower().replace("_", "-")
    if name not in ("gbk", "gb2312", "gb18030", "cp936", "big5"):
        return data  # expat reads UTF-8/16 and single-byte encodings itself
    try:
        text = data[declared.end() :].decode(name)
    except UnicodeDecodeError:
        raise StatementError([_("XML 文件声明的编码为 %(name)s，但内容不是该编码") % {"name": name.upper()}])
    return declared.group(1) + b"UTF-8" + declared.group(3) + text.encode()


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _has_dtd(data: bytes) -> bool:
    """A document type or entity declaration anywhere: a statement needs neither, and refusing them
    before parsing closes the entity-expansion and external-entity attacks (what defusedxml does,
    here without its pure-Python parser, which cost 4 s on a 20,000-entry statement)."""
    if data[:2] in _UTF16_BOMS:
        text = data.decode("utf-16", errors="replace")
        return "<!DOCTYPE" in text or "<!ENTITY" in text
    return b"<!DOCTYPE" in data or b"<!ENTITY" in data


def parse_camt(data: bytes) -> Statement:
    data = _to_utf8(data)
    if _has_dtd(data):
        raise StatementError([_("XML 文件含有文档类型定义（DTD）或实体声明，出于安全原因拒绝读取")])
    try:
        # ElementTree's C parser (expat): it never fetches external resources.
        root = ET.fromstring(data)  # noqa: S314 - DTDs and entities are refused above
    except ET.ParseError as e:
        line, column = getattr(e, "position", (0, 0))
        raise StatementError(
            [
                _("XML 格式错误（第%(line)s行第%(col)s列）：文件不完整或已损坏")
                % {"line": line, "col": column + 1}
            ]
        )
    except Exception:  # expat's other refusals (an unknown encoding …)
        raise StatementError([_("XML 文件无法读取：编码或格式不受支持")])
    report = _find(root, "BkToCstmrStmt") if _local(root) == "Document" else None
    if report is None:
        raise StatementError([_("不是 camt.053 对账单：缺少 Document/BkToCstmrStmt")])
    statements = list(_children(report, "Stmt"))
    if not statements:
        raise StatementError([_("camt.053 对账单中没有 Stmt（对账单）")])
    collector = Collector("AcctSvcrRef")
    account, ids, ordinal = "", [], 0
    for number, stmt in enumerate(statements, 1):
        own = _text(stmt, "Acct/Id/Othr/Id", "Acct/Id/IBAN")
        stmt_id = _text(stmt, "Id")
        if not stmt_id:
            collector.problems.append(_("第%(n)s个对账单（Stmt）缺少 Id") % {"n": number})
        ids.append(stmt_id)
        if not own:
            collector.problems.append(_("第%(n)s个对账单（Stmt）缺少对账账户（Stmt/Acct）") % {"n": number})
        elif not account:
            account = own
        elif own != account:
            collector.problems.append(
                _("第%(n)s个对账单（Stmt）的账户%(own)s与第一个对账单的账户%(first)s不同")
                % {"n": number, "own": own, "first": account}
            )
        for ntry in _children(stmt, "Ntry"):
            txs = [tx for details in _children(ntry, "NtryDtls") for tx in _children(details, "TxDtls")]
            first = ordinal + 1
            ordinal += max(1, len(txs))
            if ordinal > MAX_ENTRIES:
                collector.problems.append(
                    _("对账单超过 %(max)s 笔交易，请分批导入") % {"max": f"{MAX_ENTRIES:,}"}
                )
                raise StatementError(collector.problems)
            _entry(collector, ntry, txs, first, own)
    statement = Statement(account=account, statement_id=",".join(ids), entries=collector.entries)
    if collector.problems:
        raise StatementError(collector.problems, statement)
    return statement


def _entry(collector: Collector, ntry: Any, txs: list[Any], first: int, account: str) -> None:
    """One Ntry: an item per TxDtls (or the Ntry itself when it has none)."""
    status = _text(ntry, "Sts/Cd", "Sts/Prtry", "Sts").upper()
    ref = _text(ntry, "AcctSvcrRef")
    place = f"第{first}笔"
    if status in NOT_BOOKED:
        return
    if status and status != BOOKED:
        label = place + (f"（AcctSvcrRef {ref}）" if ref else "")
        collector.problems.append(_("%(label)s状态“%(sts)s”无法识别") % {"label": label, "sts": status})
        return
    booked_on, booked_text = _booking_date(ntry)
    amount = _find(ntry, "Amt")
    direction = _text(ntry, "CdtDbtInd")
    batch = len(txs) > 1
    signed_sum, whole = Decimal(0), True
    for index, tx in enumerate(txs or [None]):
        line = first + index
        place = f"第{line}笔"
        own_ref = _text(tx, "Refs/AcctSvcrRef") if tx is not None else ""
        if batch and not own_ref:
            collector.problems.append(
                _("%(place)s：该记账含%(n)s条明细（TxDtls），每条明细须有自己的 AcctSvcrRef")
                % {"place": place, "n": len(txs)}
            )
            whole = False
            continue
        tx_id = own_ref or ref
        tx_amount = None
        if tx is not None:
            tx_amount = _find(tx, "Amt")
            if tx_amount is None:
                tx_amount = _find(tx, "AmtDtls/TxAmt/Amt")
        if tx_amount is None and not batch:
            tx_amount = amount
        tx_direction = (_text(tx, "CdtDbtInd") if tx is not None else "") or direction
        parties = _parties(tx) if tx is not None else {}
        before = len(collector.entries)
        collector.add(
            line=line, place=place, where=place + (f"（AcctSvcrRef {tx_id}）" if tx_id else ""),
            account=account, transaction_id=tx_id, direction=tx_direction,
            amount=None if tx_amount is None else (tx_amount.text or "").strip(),
            currency=(tx_amount.get("Ccy") or "").strip() if tx_amount is not None else CURRENCY,
            booked_on=booked_on, booked_text=booked_text, strict_amount=True, **parties,
        )  # fmt: skip
        if len(collector.entries) > before:
            added = collector.entries[-1]
            signed_sum += added.amount if added.direction == CREDIT else -added.amount
        else:
            whole = False
    if batch and whole and amount is not None:
        total = (amount.text or "").strip()
        expected = Decimal(total) if re.fullmatch(r"\d{1,15}(\.\d{1,5})?", total) else None
        if expected is not None and direction.upper() == "DBIT":
            expected = -expected
        if expected is not None and expected != signed_sum:
            collector.problems.append(
                _("第%(first)s至%(last)s笔：明细金额合计%(sum)s与记账金额%(total)s不符")
                % {"first": first, "last": first + len(txs) - 1, "sum": signed_sum, "total": expected}
            )


def _parties(tx: Any) -> dict[str, str]:
    end_to_end = _text(tx, "Refs/EndToEndId")
    ustrd = [(u.text or "").strip() for info in _children(tx, "RmtInf") for u in _children(info, "Ustrd")]
    name = _text(tx, "RltdPties/Dbtr/Nm", "RltdPties/Dbtr/Pty/Nm")
    return {
        "payer_name": "" if name.upper() == "NOTPROVIDED" else name,
        "payer_account": _text(tx, "RltdPties/DbtrAcct/Id/Othr/Id", "RltdPties/DbtrAcct/Id/IBAN"),
        "sub_account": _text(tx, "RltdPties/CdtrAcct/Id/Othr/Id", "RltdPties/CdtrAcct/Id/IBAN"),
        "remittance": " ".join(u for u in ustrd if u),
        # NOTPROVIDED is ISO 20022's spelling of "the payer gave none".
        "end_to_end_id": "" if end_to_end.upper() == "NOTPROVIDED" else end_to_end,
    }


# --- Writing ---------------------------------------------------------------------------------------


def _add(parent: ET.Element, path: str, text: str | None = None, **attrs: str) -> ET.Element:
    names = path.split("/")
    for name in names[:-1]:
        parent = ET.SubElement(parent, name)
    element = ET.SubElement(parent, names[-1], attrs)
    element.text = text
    return element


def _check(value: str, what: str, limit: int) -> str:
    if _XML_CHARS.search(value) or value != value.strip() or len(value) > limit:
        raise ValueError(f"{what} {value!r}: at most {limit} characters, XML-safe, no outer spaces")
    return value


def _balance(stmt: ET.Element, code: str, value: Decimal, day: date) -> None:
    bal = _add(stmt, "Bal")
    _add(bal, "Tp/CdOrPrtry/Cd", code)
    _add(bal, "Amt", f"{abs(value):.2f}", Ccy=CURRENCY)
    _add(bal, "CdtDbtInd", "CRDT" if value >= 0 else "DBIT")
    _add(bal, "Dt/Dt", day.isoformat())


def write_camt053(
    account: str,
    statement_id: str,
    entries: list[StatementEntry],
    created_at: datetime,
    *,
    opening_balance: Decimal = Decimal("0.00"),
    indent: bool = False,
) -> bytes:
    """A camt.053.001.08 document: one Ntry per entry with one TxDtls carrying Refs/AcctSvcrRef,
    Refs/EndToEndId (when set), RltdPties (Dbtr/Pty/Nm, DbtrAcct, CdtrAcct) and RmtInf/Ustrd (split into
    140-character pieces). Compact unless `indent`. Balances: OPBD `opening_balance`, CLBD that plus credits minus debits.
    Raises ValueError for a value the schema cannot hold (an id over 35 characters …)."""
    root = ET.Element("Document", xmlns=NS_08)
    report = _add(root, "BkToCstmrStmt")
    stamp = created_at.isoformat(timespec="seconds")
    header = _add(report, "GrpHdr")
    _add(header, "MsgId", _check(statement_id, "statement_id", 35))
    _add(header, "CreDtTm", stamp)
    stmt = _add(report, "Stmt")
    _add(stmt, "Id", statement_id)
    _add(stmt, "CreDtTm", stamp)
    _add(stmt, "Acct/Id/Othr/Id", _check(account, "account", 34))
    closing = opening_balance + sum(
        (e.amount if e.direction == CREDIT else -e.amount for e in entries), Decimal(0)
    )
    _balance(stmt, "OPBD", opening_balance, created_at.date())
    _balance(stmt, "CLBD", closing, created_at.date())
    for e in entries:
        credit = e.direction == CREDIT
        sign = "CRDT" if credit else "DBIT"
        ntry = _add(stmt, "Ntry")
        _add(ntry, "Amt", f"{e.amount:.2f}", Ccy=e.currency)
        _add(ntry, "CdtDbtInd", sign)
        _add(ntry, "Sts/Cd", BOOKED)
        _add(ntry, "BookgDt/Dt", e.booked_on.isoformat())
        _add(ntry, "ValDt/Dt", e.booked_on.isoformat())
        _add(ntry, "AcctSvcrRef", _check(e.transaction_id, "transaction_id", 35))
        code = _add(ntry, "BkTxCd/Domn")
        _add(code, "Cd", "PMNT")
        family = _add(code, "Fmly")
        _add(family, "Cd", "RCDT" if credit else "ICDT")
        _add(family, "SubFmlyCd", "DMCT")
        tx = _add(ntry, "NtryDtls/TxDtls")
        refs = _add(tx, "Refs")
        _add(refs, "AcctSvcrRef", e.transaction_id)
        if e.end_to_end_id:
            _add(refs, "EndToEndId", _check(e.end_to_end_id, "end_to_end_id", 35))
        _add(tx, "Amt", f"{e.amount:.2f}", Ccy=e.currency)
        _add(tx, "CdtDbtInd", sign)
        if e.payer_name or e.payer_account or e.sub_account:
            parties = _add(tx, "RltdPties")
            if e.payer_name:
                _add(parties, "Dbtr/Pty/Nm", _check(e.payer_name, "payer_name", 140))
            if e.payer_account:
                _add(parties, "DbtrAcct/Id/Othr/Id", _check(e.payer_account, "payer_account", 34))
            if e.sub_account:
                _add(parties, "CdtrAcct/Id/Othr/Id", _check(e.sub_account, "sub_account", 34))
        if e.remittance:
            text = _check(e.remittance, "remittance", 140 * 10)
            info = _add(tx, "RmtInf")
            for start in range(0, len(text), 140):
                _add(info, "Ustrd", text[start : start + 140])
    if indent:  # compact by default: a statement's entries fit in MAX_BYTES 1.5 times as many
        ET.indent(root)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode() + b"\n"
    )
