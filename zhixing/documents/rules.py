"""Legal documents: the kinds the platform issues, their numbers, verification codes and dates.

Pure functions, no database access (ARCHITECTURE §1).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
else:
    StrOrPromise = str


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document. Adding one is one entry in KINDS plus a template
    `documents/pdf/<code>.html`; the process node it completes (a NodeKind code) is recorded when the
    document is first issued."""

    code: str
    title: StrOrPromise  # the title printed on the document (a lazy translation)
    suffix: str  # appended to the case number to make the document number
    node: str  # the NodeKind code this document completes ("" for none)
    source: str  # where its content comes from (rules.md item and the law behind it)
    # Issued on a closed case too: a certificate of performance is issued once the case is done.
    after_closing: bool = False


EXECUTION_NOTICE = "execution_notice"
PROPERTY_REPORT_ORDER = "property_report_order"
CONTROL_RULING = "control_ruling"
DISHONEST_DECISION = "dishonest_decision"
RESTRICTION_ORDER = "restriction_order"
PERFORMANCE_CERTIFICATE = "performance_certificate"
AUCTION_CONFIRMATION = "auction_confirmation"
TRANSFER_ASSISTANCE = "transfer_assistance"
DISTRIBUTION_PLAN = "distribution_plan"
SUMMONS_WARRANT = "summons_warrant"
FINE_DECISION = "fine_decision"
DETENTION_DECISION = "detention_decision"
SEARCH_WARRANT = "search_warrant"
EXIT_BAN_DECISION = "exit_ban_decision"
REWARD_NOTICE = "reward_notice"
REFERRAL_LETTER = "referral_letter"
EXECUTION_STATUS_NOTE = "execution_status_note"

KINDS: dict[str, DocumentKind] = {
    k.code: k
    for k in (
        DocumentKind(
            EXECUTION_NOTICE,
            gettext_lazy("执行通知书"),
            "执通",
            "execution_notice",
            "rules §3.2 Execution notice content；民诉法第251、264条；民诉解释第480条；失信规定第5条",
        ),
        DocumentKind(
            PROPERTY_REPORT_ORDER,
            gettext_lazy("报告财产令"),
            "报财",
            "property_report_order",
            "rules §2.3 第2条、§6.2–6.3；民诉法第252条；财产调查规定第3–10条",
        ),
        # The ruling a network control instruction executes (freeze, seal, seizure, renewal, release,
        # deduction); its orders come from the inquiry app through register_context. It completes no
        # process node.
        DocumentKind(
            CONTROL_RULING,
            gettext_lazy("执行裁定书"),
            "执裁",
            "",
            "rules §6.5、§6.7、§6.8；民诉法第253、255条；民诉解释第484、485条；查扣冻规定第27条",
        ),
        # The credit app's documents; their particulars (the debtor, ground, term, restricted
        # persons) reach the template through register_context (zhixing/credit/documents.py).
        DocumentKind(
            DISHONEST_DECISION,
            gettext_lazy("决定书"),
            "失信",
            "dishonest_listing",
            "rules §7.1.1、§7.1.2、§7.1.5；addendum §3.4；失信规定第1、2、5条",
        ),
        DocumentKind(
            RESTRICTION_ORDER,
            gettext_lazy("限制消费令"),
            "限消",
            "consumption_restriction",
            "rules §7.2；addendum §4.2、§4.9；限制消费规定第1、3、5条",
        ),
        DocumentKind(
            PERFORMANCE_CERTIFICATE,
            gettext_lazy("自动履行证明书"),
            "履证",
            "",
            "rules §10.4；法发〔2019〕35号（守信激励）",
            after_closing=True,
        ),
        # The disposal app's documents; the property, the price, the buyer and the plan's lines reach
        # the template through register_context (zhixing/disposal/documents.py).
        DocumentKind(
            AUCTION_CONFIRMATION,
            gettext_lazy("执行裁定书"),
            "拍确",
            "auction_confirmation",
            "rules §8.10；网拍规定第22条；民诉解释第491条",
        ),
        DocumentKind(
            TRANSFER_ASSISTANCE,
            gettext_lazy("协助执行通知书"),
            "协过",
            "transfer_assistance",
            "rules §8.10、§3.2；民诉法第258条；民诉解释第491条",
        ),
        DocumentKind(
            DISTRIBUTION_PLAN,
            gettext_lazy("财产分配方案"),
            "分配",
            "",
            "rules §5.15；民诉解释第506–512条",
        ),
        # The measures app's documents; the person, the amount or days, the place, the referral's
        # facts and evidence list reach the template through register_context
        # (zhixing/measures/documents.py). They complete no process node.
        DocumentKind(
            SUMMONS_WARRANT,
            gettext_lazy("拘传票"),
            "拘传",
            "",
            "rules §6.14；民诉法第112、119条；民诉解释第482条",
        ),
        DocumentKind(
            FINE_DECISION, gettext_lazy("罚款决定书"), "罚", "", "rules §6.15；民诉法第114、118、119条"
        ),
        DocumentKind(
            DETENTION_DECISION, gettext_lazy("拘留决定书"), "拘", "", "rules §6.15；民诉法第114、118、119条"
        ),
        DocumentKind(
            SEARCH_WARRANT, gettext_lazy("搜查令"), "搜", "", "rules §6.14；民诉法第259条；财产调查规定第14条"
        ),
        DocumentKind(
            EXIT_BAN_DECISION,
            gettext_lazy("限制出境决定书"),
            "限出",
            "",
            "rules §6.16；民诉法第266条；执行程序解释第23–25条",
        ),
        DocumentKind(
            REWARD_NOTICE, gettext_lazy("悬赏公告"), "悬赏", "", "rules §6.13；财产调查规定第21–24条"
        ),
        DocumentKind(
            REFERRAL_LETTER, gettext_lazy("移送函"), "移送", "", "rules §10.3；法发〔2025〕8号；刑法第313条"
        ),
        DocumentKind(
            EXECUTION_STATUS_NOTE, gettext_lazy("执行情况说明"), "情况", "", "rules §10.3.3；法发〔2025〕8号"
        ),
    )
}


def body_date(day: dt.date) -> str:
    """A date as a document's text writes it: 2026年11月5日 (the signing date below is in capitals)."""
    return f"{day.year}年{day.month}月{day.day}日"


def kind_title(code: str) -> str:
    k = KINDS.get(code)
    return str(k.title) if k else code


def document_number(case_number: str, kind: DocumentKind, version: int) -> str:
    """The document number (文书编号): the case number, the kind's suffix, and the version when the
    document was issued again (`（2026）冀96执1号-执通`, then `（2026）冀96执1号-执通-2`).

    Practice prints the bare case number on both documents; the suffix keeps every issued document
    uniquely numbered, so a re-issue can be told from the first one."""
    if version < 1:
        raise ValueError("version starts at 1")
    number = f"{case_number}-{kind.suffix}"
    return number if version == 1 else f"{number}-{version}"


# Verification codes: 16 characters in 4 groups of 4, read aloud over the telephone or typed from
# paper, so the alphabet leaves out 0/O and 1/I, which people confuse. 32 symbols → 5 bits each,
# 80 bits per code: guessing a code that exists is hopeless even without the public page's rate limit.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 4
CODE_LENGTH = CODE_GROUPS * CODE_GROUP_LENGTH
CODE_SEPARATOR = "-"
CODE_PATTERN = re.compile(
    rf"^[{CODE_ALPHABET}]{{{CODE_GROUP_LENGTH}}}(?:-[{CODE_ALPHABET}]{{{CODE_GROUP_LENGTH}}}){{{CODE_GROUPS - 1}}}$"
)
# Dashes and spaces people type between groups (ASCII, full-width, CJK and typographic forms).
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―－_·.。]+")


def format_code(raw: str) -> str:
    """`ABCDEFGHJKLMNPQR` → `ABCD-EFGH-JKLM-NPQR`."""
    return CODE_SEPARATOR.join(raw[i : i + CODE_GROUP_LENGTH] for i in range(0, len(raw), CODE_GROUP_LENGTH))


def new_code(rng: random.Random) -> str:
    """A fresh code in canonical form. The caller passes `secrets.SystemRandom()`; tests pass a seeded
    Random."""
    return format_code("".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))


def normalize_code(text: str | None) -> str | None:
    """The canonical form of a code as a person typed it (any case, full-width characters, spaces or
    dashes anywhere), or None when it cannot be a code."""
    if not text:
        return None
    s = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()
    if len(s) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in s):
        return None
    return format_code(s)


_DIGITS = "〇一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1..31 as written in a date: 十, 十一, 二十, 三十一."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def chinese_date(d: dt.date) -> str:
    """The date under a court's signature, in Chinese numerals: `二〇二六年三月二日` (the year digit by
    digit with 〇, month and day as numbers)."""
    year = "".join(_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{_chinese_number(d.month)}月{_chinese_number(d.day)}日"


def issue_date_problems(issued_on: dt.date, filed_on: dt.date, today: dt.date) -> list[str]:
    """A document is dated between the filing date and today."""
    problems = []
    if issued_on < filed_on:
        problems.append(
            _("签发日期 %(issued_on)s 早于立案日期 %(filed_on)s")
            % {"issued_on": issued_on, "filed_on": filed_on}
        )
    if issued_on > today:
        problems.append(_("签发日期不能晚于今天"))
    return problems


def address_form(debtor_kinds: list[str]) -> str:
    """How the document addresses the debtors: 你 (natural persons), 你单位 (units), 你（单位） (both)."""
    kinds = set(debtor_kinds)
    if kinds == {"person"}:
        return _("你")
    if kinds == {"unit"}:
        return _("你单位")
    return _("你（单位）")


# Rule settings (core.RuleSetting) read when a document is rendered; seeded by migration 0002.
SETTING_PERFORM_DAYS = "documents.execution_notice.perform_days"  # 0 = perform at once (立即履行)
SETTING_REPORT_DAYS = "documents.property_report_order.report_days"


def performance_period_text(days: int) -> str:
    """The period the execution notice gives: CPL art 251 lets the court order performance at once;
    a court may give days instead (rule setting)."""
    return _("立即") if days <= 0 else _("自收到本通知之日起%(days)d日内") % {"days": days}
