"""The rules of network inquiry and control (rules §6, §2.3): pure functions, no ORM access.

The numbers (maximum terms, renewal lead, retry schedule, request size) are rule settings
(settings_keys); the callers read them and pass them in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

T = TypeVar("T")

# The five kinds of institution the network reaches (rules §6.10: 总对总 and 点对点).
BANK, REAL_ESTATE, PROVIDENT_FUND, VEHICLE, SECURITIES = (
    "bank", "real_estate", "provident_fund", "vehicle", "securities",
)  # fmt: skip
INSTITUTION_KINDS = [
    (BANK, gettext_lazy("银行")),
    (REAL_ESTATE, gettext_lazy("不动产登记机构")),
    (PROVIDENT_FUND, gettext_lazy("住房公积金管理中心")),
    (VEHICLE, gettext_lazy("车辆管理机构")),
    (SECURITIES, gettext_lazy("证券登记结算机构")),
]

# Asset types as the institutions report them (PROTOCOL.md).
DEPOSIT = "deposit"
ASSET_TYPES = [
    (DEPOSIT, gettext_lazy("存款")),
    (REAL_ESTATE, gettext_lazy("不动产")),
    (PROVIDENT_FUND, gettext_lazy("住房公积金")),
    (VEHICLE, gettext_lazy("机动车")),
    (SECURITIES, gettext_lazy("证券")),
]

# Measures (rules §6.8): money and rights are frozen, real estate sealed, movables seized.
FREEZE, SEAL, SEIZE = "freeze", "seal", "seize"
MEASURE_KINDS = [(FREEZE, gettext_lazy("冻结")), (SEAL, gettext_lazy("查封")), (SEIZE, gettext_lazy("扣押"))]
MEASURE_OF_ASSET = {
    DEPOSIT: FREEZE,
    PROVIDENT_FUND: FREEZE,
    SECURITIES: FREEZE,
    REAL_ESTATE: SEAL,
    VEHICLE: SEIZE,
}

# The term classes of rules §6.8 and the asset types in each.
TERM_CLASS_OF_ASSET = {
    DEPOSIT: "deposit",
    PROVIDENT_FUND: "deposit",  # money in an account: the deposit term (rules §6.12: no national rule)
    VEHICLE: "movable",
    REAL_ESTATE: "real_estate",
    SECURITIES: "other_right",
}
# Assets measured in money: a freeze names an amount; titles (real estate, vehicles) do not.
MONEY_ASSETS = {DEPOSIT, PROVIDENT_FUND}

# Why a measure was lifted (issue 10 item 5).
PAID, CLOSED, RULING = "paid", "closed", "ruling"
RELEASE_REASONS = [
    (PAID, gettext_lazy("已履行完毕")),
    (CLOSED, gettext_lazy("案件结案")),
    (RULING, gettext_lazy("裁定解除")),
]


def measure_kind(asset_type: str) -> str:
    """The measure a type of property takes: 冻结 deposits, provident fund and securities, 查封 real
    estate, 扣押 vehicles (rules §6.8: "查封、扣押动产…查封不动产、冻结其他财产权")."""
    return MEASURE_OF_ASSET.get(asset_type, FREEZE)


def max_term_days(asset_type: str, terms: Mapping[str, int]) -> int:
    """The longest term of a measure (and of each renewal) on `asset_type` (rules §6.8): deposits
    1 year, movables 2, real estate and other property rights 3; `terms` is the setting
    inquiry.max_term_days by term class."""
    return int(terms[TERM_CLASS_OF_ASSET.get(asset_type, "other_right")])


def term_problem(asset_type: str, days: int, terms: Mapping[str, int]) -> str | None:
    """Why a measure (or renewal) of `days` on `asset_type` may not be taken (rules §6.8), or None."""
    if days < 1:
        return _("期限必须至少为 1 日")
    limit = max_term_days(asset_type, terms)
    if days > limit:
        return _("期限 %(days)d 日超过法定最长期限 %(limit)d 日（rules §6.8）") % {
            "days": days,
            "limit": limit,
        }
    return None


def expiry(start: dt.date, days: int) -> dt.date:
    """The last day of a measure of `days` days starting on `start` (the start day counts: 365 days
    from 2026-12-01 end on 2027-11-30, as the institutions answer)."""
    return start + dt.timedelta(days=days - 1)


def renewal_due(expires_on: dt.date, lead_days: int, on: dt.date) -> bool:
    """Whether a measure expiring on `expires_on` needs its renewal now: within `lead_days` of expiry
    and not yet past it (rules §6.8: renewal before expiry; issue 10: 30 days ahead by default)."""
    return expires_on - dt.timedelta(days=lead_days) <= on <= expires_on


def lapsed(expires_on: dt.date, on: dt.date) -> bool:
    """rules §6.8: an unrenewed measure lapses at expiry, so on the day after its last day."""
    return on > expires_on


def backoff_seconds(attempt: int, base: float, cap: float) -> float:
    """The wait before retry number `attempt` (1 = the first retry): base, 2·base, 4·base … never more
    than `cap` (ARCHITECTURE §8: retries with back-off)."""
    if attempt < 1:
        return 0.0
    return float(min(cap, base * (2 ** min(attempt - 1, 30))))


def chunked(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """`items` in requests of at most `size` (≤ 1,000 debtors to a query request, issue 10 item 3)."""
    size = max(1, min(int(size), 1000))
    for i in range(0, len(items), size):
        yield items[i : i + size]


def deduction_problem(amount: Decimal, frozen: Decimal) -> str | None:
    """A deduction takes money that is frozen, at most the frozen amount (rules §6.7: property may not
    be disposed of unless first frozen). Returns why not, or None."""
    if amount <= 0:
        return _("扣划金额必须大于零")
    if amount > frozen:
        return _("扣划金额 %(amount)s 超过冻结金额 %(frozen)s") % {"amount": amount, "frozen": frozen}
    return None


# ISO 3166-2:CN letters for the province abbreviation a court code starts with: the ASCII name a
# court signs under (X-Zx-Key must be ASCII; PROTOCOL.md), e.g. 冀96 → HE96.
PROVINCE_LETTERS = {
    "京": "BJ", "津": "TJ", "冀": "HE", "晋": "SX", "蒙": "NM", "辽": "LN", "吉": "JL", "黑": "HL",
    "沪": "SH", "苏": "JS", "浙": "ZJ", "皖": "AH", "闽": "FJ", "赣": "JX", "鲁": "SD", "豫": "HA",
    "鄂": "HB", "湘": "HN", "粤": "GD", "桂": "GX", "琼": "HI", "渝": "CQ", "川": "SC", "黔": "GZ",
    "云": "YN", "藏": "XZ", "陕": "SN", "甘": "GS", "青": "QH", "宁": "NX", "新": "XJ", "兵": "BT",
}  # fmt: skip


def signer_code(court_code: str) -> str:
    """The ASCII code a court signs its instructions under: the province's ISO 3166-2:CN letters and
    the digits of its code (冀96 → HE96, 冀 → HE); a code already ASCII is kept."""
    if court_code.isascii():
        return court_code
    head, rest = court_code[:1], court_code[1:]
    letters = PROVINCE_LETTERS.get(head)
    if letters is None or not rest.isascii():
        return "C" + "".join(f"{ord(c):X}" for c in court_code)[:30]
    return letters + rest
