"""The columns of the case import template (shared/formats/case-import.md) and the header row."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool
    help: str


COLUMNS: tuple[Column, ...] = (
    Column(
        "case_number", "案号", True, "如（2021）冀96执123号，全角或半角括号均可；类型代字须为执行案件类型"
    ),
    Column("court_name", "执行法院", True, "法院全称，须与案号中的法院代字一致"),
    Column("filed_on", "立案日期", True, "YYYY-MM-DD、YYYY/M/D 或 Excel 日期"),
    Column("applicants", "申请执行人", True, "一个或多个名称，以“；”或“;”分隔"),
    Column("applicant_ids", "申请执行人证件号码", False, "与名称顺序一致；居民身份证号码或统一社会信用代码"),
    Column("debtors", "被执行人", True, "一个或多个名称，以“；”或“;”分隔"),
    Column("debtor_ids", "被执行人证件号码", False, "与名称顺序一致；居民身份证号码或统一社会信用代码"),
    Column("basis_number", "执行依据文号", False, "执行依据的案号或文书编号"),
    Column("cause", "案由", False, "如劳务合同纠纷、追索劳动报酬纠纷"),
    Column("applied_amount", "申请执行标的金额", True, "元，最多两位小数，可带千位分隔符"),
    Column("realized_amount", "已执行到位金额", False, "元，默认为0；不得超过申请执行标的金额的两倍"),
    Column("closed_on", "结案日期", False, "未结案件留空；不得早于立案日期"),
    Column(
        "closure_method",
        "结案方式",
        False,
        "有结案日期时必填：执行完毕、终结本次执行程序（或终本）、终结执行、销案、不予执行、驳回申请",
    ),
    Column("extension_months", "延长期限月数", False, "经批准延长的月数，非负整数"),
    Column("excluded_days", "扣除期限天数", False, "中止、暂缓、拍卖、评估等不计入期限的天数，非负整数"),
    Column("handler", "承办人", False, "承办人姓名"),
)
BY_KEY = {c.key: c for c in COLUMNS}
LABELS = {c.key: c.label for c in COLUMNS}

# The errors sheet adds this column; a corrected errors sheet can be imported again as it is, so the
# column is recognised and ignored rather than refused as unknown.
ERRORS_LABEL = "错误原因"
ERRORS_KEY = "errors"


def _norm(text: object) -> str:
    return str(text if text is not None else "").strip().replace("\u3000", "").replace(" ", "")


_BY_NAME = {_norm(c.label): c.key for c in COLUMNS} | {c.key: c.key for c in COLUMNS}
_BY_NAME |= {_norm(ERRORS_LABEL): ERRORS_KEY, ERRORS_KEY: ERRORS_KEY}


@dataclass
class Header:
    """The header row read: for each position, the key it names (None when blank or unknown)."""

    texts: list[str]
    keys: list[str | None]
    problems: list[tuple[str, str]]  # (column text, reason)

    def index(self) -> dict[str, int]:
        return {k: i for i, k in enumerate(self.keys) if k is not None and k != ERRORS_KEY}


def read_header(cells: list[object]) -> Header:
    """Map the header cells to column keys: Chinese labels or English keys, in any order, mixed.
    Unknown, repeated and missing required columns are problems; trailing blank cells are ignored."""
    texts = [str(c).strip() if c is not None else "" for c in cells]
    while texts and not texts[-1]:
        texts.pop()
    keys: list[str | None] = []
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for text in texts:
        name = _norm(text)
        key = _BY_NAME.get(name) or _BY_NAME.get(name.lower())
        if not name:
            pass  # a blank column is harmless unless a row has data in it (checked per row)
        elif key is None:
            problems.append((text, _("未知的列“%(c)s”（请使用模板中的中文列名或英文键名）") % {"c": text}))
        elif key in seen:
            problems.append((text, _("列“%(c)s”重复出现") % {"c": text}))
            key = None
        else:
            seen.add(key)
        keys.append(key)
    for col in COLUMNS:
        if col.required and col.key not in seen:
            problems.append((col.label, _("缺少必填列“%(c)s”（%(k)s）") % {"c": col.label, "k": col.key}))
    return Header(texts, keys, problems)
