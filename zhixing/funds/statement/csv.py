"""The bank's CSV export of the pooled account (layout in ../STATEMENT_CSV.md)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import date

from django.utils.translation import gettext as _

from .model import MAX_ENTRIES, Collector, Statement, StatementError

# field: (Chinese header, English alias, required)
COLUMNS: dict[str, tuple[str, str, bool]] = {
    "account": ("账号", "account", True),
    "transaction_id": ("交易流水号", "transaction_id", True),
    "booked_on": ("记账日期", "booked_on", True),
    "direction": ("借贷标志", "direction", True),
    "amount": ("金额", "amount", True),
    "currency": ("币种", "currency", True),
    "sub_account": ("子账号", "sub_account", False),
    "payer_name": ("付款人户名", "payer_name", True),
    "payer_account": ("付款人账号", "payer_account", True),
    "remittance": ("附言", "remittance", True),
    "end_to_end_id": ("端到端标识", "end_to_end_id", False),
}
_HEADERS = {name.lower(): field for field, names in COLUMNS.items() for name in names[:2]}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), else GB18030 (what Excel saves on a Chinese Windows)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise StatementError([_("文件编码无法识别：应为 UTF-8 或 GB18030 编码的 CSV")])


def _date(text: str) -> date | None:
    if not _DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_csv(data: bytes) -> Statement:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    collector = Collector("流水号")
    problems = collector.problems  # the rows' problems and the file's, in the order met
    account, account_line = "", 0
    columns: dict[str, int] | None = None
    width, count, previous = 0, 0, 0
    try:
        for row in reader:
            line, previous = previous + 1, reader.line_num
            cells = [cell.strip() for cell in row]
            if not any(cells):
                continue
            if columns is None:
                columns, width = _header(cells, problems), len(cells)
                if problems:
                    raise StatementError(problems)
                continue
            count += 1
            if count > MAX_ENTRIES:
                problems.append(_("对账单超过 %(max)s 行，请分批导入") % {"max": f"{MAX_ENTRIES:,}"})
                break
            place = f"第{line}行"
            if len(cells) < width or any(cells[width:]):
                problems.append(
                    _("%(place)s有%(n)s列，与表头的%(w)s列不一致")
                    % {"place": place, "n": len(cells), "w": width}
                )
                continue
            value = {field: cells[index] for field, index in columns.items()}
            own = value["account"]
            if not own:
                problems.append(_("%(place)s缺少账号") % {"place": place})
            elif not account:
                account, account_line = own, line
            elif own != account:
                problems.append(
                    _("%(place)s的账号%(own)s与第%(first)s行的账号%(account)s不同")
                    % {"place": place, "own": own, "first": account_line, "account": account}
                )
            collector.add(
                line=line, place=place, where=place, account=own, transaction_id=value["transaction_id"],
                direction=value["direction"], amount=value["amount"], currency=value["currency"].upper(),
                booked_on=_date(value["booked_on"]), booked_text=value["booked_on"], strict_amount=False,
                sub_account=value.get("sub_account", ""), payer_name=value["payer_name"],
                payer_account=value["payer_account"], remittance=value["remittance"],
                end_to_end_id=value.get("end_to_end_id", ""),
            )  # fmt: skip
    except csv.Error as e:
        problems.append(_("第%(line)s行 CSV 格式错误：%(error)s") % {"line": reader.line_num, "error": e})
    if columns is None and not problems:
        problems.append(_("文件为空：CSV 须有表头行"))
    digest = hashlib.sha256(data).hexdigest()[:16]
    statement = Statement(account=account, statement_id=f"CSV-{digest}", entries=collector.entries)
    if problems:
        raise StatementError(problems, statement if account else None)
    return statement


def _header(cells: list[str], problems: list[str]) -> dict[str, int]:
    """Field → column index. Unknown headers are ignored; a missing or doubled known one is a problem."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        field = _HEADERS.get(cell.lstrip("\ufeff").lower())
        if field is None:
            continue
        if field in columns:
            problems.append(
                _("表头第%(a)s列和第%(b)s列都是“%(name)s”")
                % {"a": columns[field] + 1, "b": index + 1, "name": cell}
            )
        columns[field] = index
    missing = [
        f"{zh}（{en}）" for field, (zh, en, required) in COLUMNS.items() if required and field not in columns
    ]
    if missing:
        problems.append(_("表头缺少必需的列：%(cols)s") % {"cols": "、".join(missing)})
    return columns
