"""Rules of case funds (案款管理): pure functions, no database access. Each cites shared/domain/rules.md
("rules §5.16") or rules-addendum.md ("addendum §1.2.2").

Money is Decimal yuan with two places, never float (ARCHITECTURE §3): every function here refuses a
float and rounds half up to the fen only where the rule computes a rate. Deadlines are computed with
core.calendar.provisional_due, so a date in a year whose holidays are not yet declared is answered
(weekends only) and marked provisional rather than refused. The only database read is the calendar's
holiday table, behind that function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from zhixing.core.calendar import Deadline, provisional_due
from zhixing.core.money import CENT, parse_yuan
from zhixing.courts.rules import JUDGE, LEADER, ROLE_LABELS

ZERO = Decimal("0.00")


def _amount(value: object, what: str) -> Decimal:
    """A non-negative Decimal amount; a float or a negative or non-finite amount is refused."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(
            _("%(what)s应为 Decimal 金额（元），不能为 %(type)s")
            % {"what": what, "type": type(value).__name__}
        )
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(_("%(what)s不是有效的数字") % {"what": what})
    if value < 0:
        raise ValueError(_("%(what)s不能为负数") % {"what": what})
    return value


def _fen(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --- Execution fee (rules §2.1.12) ----------------------------------------------------------

# 诉讼费用交纳办法 art 14(一): the fee for an amount up to 10,000 yuan, then the rate on each further
# part (marginal bands, like income tax). (upper bound of the band or None, rate)
FEE_BASE = Decimal("50.00")
FEE_BASE_LIMIT = Decimal("10000")
FEE_BANDS: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal("500000"), Decimal("0.015")),
    (Decimal("5000000"), Decimal("0.01")),
    (Decimal("10000000"), Decimal("0.005")),
    (None, Decimal("0.001")),
)
# A case without an amount (e.g. to hand over a thing or do an act) pays 50–500 yuan per case; the court
# decides within the range. 50 is the default (settings_keys.NO_AMOUNT_FEE).
NO_AMOUNT_FEE_MIN = Decimal("50.00")
NO_AMOUNT_FEE_MAX = Decimal("500.00")


def execution_fee(applied: Decimal | None, no_amount_fee: Decimal = NO_AMOUNT_FEE_MIN) -> Decimal:
    """The execution fee (执行申请费) for an amount of `applied` yuan, rules §2.1.12 (诉讼费用交纳办法
    art 14(一)): 50 yuan up to 10,000; then 1.5% of the part from 10,000 to 500,000, 1% of the part to
    5,000,000, 0.5% of the part to 10,000,000 and 0.1% of the part above; rounded half up to the fen
    once, at the end. 100,000 → 1,400.00; 1,000,000 → 12,400.00.

    No amount (None or 0) is a case without a money value: the law allows 50–500 yuan per case; the
    court's figure is `no_amount_fee` (rule setting funds.no_amount_fee, default the minimum 50), and a
    figure outside 50–500 is refused. A negative amount raises ValueError.
    """
    amount = ZERO if applied is None else _amount(applied, _("申请执行金额"))
    if amount == 0:
        fee = _amount(no_amount_fee, _("无执行金额案件的申请费"))
        if not NO_AMOUNT_FEE_MIN <= fee <= NO_AMOUNT_FEE_MAX:
            raise ValueError(
                _("无执行金额的案件每件交纳 50 至 500 元，%(fee)s 元不在此范围内") % {"fee": fee}
            )
        return _fen(fee)
    fee = FEE_BASE
    lower = FEE_BASE_LIMIT
    for upper, rate in FEE_BANDS:
        if amount <= lower:
            break
        part = amount - lower if upper is None else min(amount, upper) - lower
        fee += part * rate
        if upper is None:
            break
        lower = upper
    return _fen(fee)


def fee_withheld(
    applied: Decimal | None,
    received: Decimal,
    fee_already_withheld: Decimal,
    amount: Decimal,
    no_amount_fee: Decimal = NO_AMOUNT_FEE_MIN,
) -> Decimal:
    """The execution fee to withhold from a payout of `amount` (rules §2.1.12; addendum §1.1.1 "settle
    execution costs" before paying out).

    Reading: the fee is paid after execution and borne by the debtor (诉讼费用交纳办法 art 20), so it
    comes out of what the debtor paid beyond the applied amount; money within the applied amount is
    the applicant's. `received` is all that reached the case account, `fee_already_withheld` what
    payouts confirmed or still open have withheld. Withheld now: the fee still owed, capped by the money
    beyond the applied amount not yet taken for the fee, and by this payout; never negative.
    """
    applied = _amount(applied or ZERO, _("申请执行金额"))
    received = _amount(received, _("到账金额"))
    withheld = _amount(fee_already_withheld, _("已扣收的执行费"))
    amount = _amount(amount, _("发放金额"))
    owed = execution_fee(applied or None, no_amount_fee) - withheld
    beyond = received - applied - withheld
    return _fen(max(ZERO, min(owed, beyond, amount)))


# --- Late-performance interest (rules §5.16) -----------------------------------------------

LATE_DAILY_RATE = Decimal("0.000175")  # 0.0175% per day, rules §5.16 (法释〔2014〕8号 art 1)


def late_days(last_day: dt.date, paid_on: dt.date) -> int:
    """Days of late performance, rules §5.16: from the day after the last day of the performance period
    up to and including the day of performance (or deduction, or the auction-confirmation ruling);
    0 when performed on or before the last day."""
    return max(0, (paid_on - last_day).days)


def late_interest(
    principal: Decimal, last_day: dt.date, paid_on: dt.date, daily_rate: Decimal = LATE_DAILY_RATE
) -> Decimal:
    """The extra (doubled) interest for late performance, rules §5.16 (法释〔2014〕8号 arts 1–4):
    unpaid money debt, ordinary interest excluded, × 0.0175% per day × late_days; rounded half up to the
    fen. 100,000 yuan ten days late → 175.00. The money debt is paid before this interest (art 4); that
    order is the ledger's, not this function's."""
    amount = _amount(principal, _("迟延履行的金钱债务"))
    rate = _amount(daily_rate, _("日利率"))
    return _fen(amount * rate * late_days(last_day, paid_on))


# --- Case sub-account numbers (一案一账号, rules §5.4, §5.8, §5.11; addendum §1.1.4) ----------

SUB_ACCOUNT_WIDTH = 8
_SEPARATORS = str.maketrans({" ": None, "-": None, "\u3000": None, "－": None})
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


# Luhn (ISO/IEC 7812-1) by table: the digit each position adds, doubled or not. python-stdnum's luhn
# gives the same digits (the tests compare them) at a twentieth of the speed, which mattered for
# listing a million case accounts (benchmarks/funds_report.py).
_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def luhn_check_digit(digits: str) -> str:
    """The digit that makes `digits` + it pass the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        total += _DOUBLED[d] if i % 2 == 0 else d
    return str((10 - total % 10) % 10)


def normalise_sub_account(number: str) -> str:
    """The number without spaces or hyphens (half- or full-width), full-width digits made ASCII."""
    return (number or "").translate(_SEPARATORS).translate(_FULL_WIDTH_DIGITS).strip()


def sub_account_number(prefix: str, sequence: int, width: int = SUB_ACCOUNT_WIDTH) -> str:
    """The virtual sub-account of one case under the court's master account (一案一账号, rules §5.4,
    §5.11): the court's prefix digits (rule setting funds.sub_account_prefix), the case's sequence
    number zero-padded to `width`, and one Luhn check digit over all of them, so that a mistyped digit
    in a payment reference is caught before money is booked to the wrong case."""
    digits = normalise_sub_account(prefix)
    if digits and not digits.isdigit():
        raise ValueError(_("子账号前缀只能包含数字：%(prefix)s") % {"prefix": prefix})
    if width < 1:
        raise ValueError(_("子账号序号位数应为正整数"))
    if isinstance(sequence, bool) or sequence < 0:
        raise ValueError(_("子账号序号不能为负数"))
    body = str(sequence)
    if len(body) > width:
        raise ValueError(
            _("子账号序号 %(sequence)d 超过 %(width)d 位，请加大序号位数")
            % {"sequence": sequence, "width": width}
        )
    body = digits + body.zfill(width)
    return body + luhn_check_digit(body)


def sub_account_problem(number: str, prefix: str | None = None, width: int | None = None) -> str | None:
    """What is wrong with a sub-account number as typed (spaces and hyphens allowed), in Chinese, or
    None: empty, not digits, not under this court's `prefix`, the wrong length for `width` sequence
    digits, or a wrong Luhn check digit (which catches every single mistyped digit)."""
    digits = normalise_sub_account(number)
    if not digits:
        return _("子账号为空")
    if not digits.isdigit():
        return _("子账号只能包含数字")
    if len(digits) < 2:
        return _("子账号位数不足")
    if prefix is not None:
        head = normalise_sub_account(prefix)
        if not digits.startswith(head):
            return _("子账号不属于本院账户（应以 %(prefix)s 开头）") % {"prefix": head}
        if width is not None and len(digits) != len(head) + width + 1:
            return _("子账号应为 %(n)d 位数字") % {"n": len(head) + width + 1}
    if luhn_check_digit(digits[:-1]) != digits[-1]:
        return _("子账号校验位不正确")
    return None


def is_sub_account(number: str, prefix: str | None = None) -> bool:
    return sub_account_problem(number, prefix) is None


# --- Payout deadline (addendum §1.2 correcting rules §5.5; rules §5.7) -------------------------

RESUME_DAYS = 10  # addendum §1.1.2: pay within 10 days once a deferral ground ends
WAGE_WORKING_DAYS = 5  # rules §10.1.2 (local "priority payout"): a wage case is paid within 5 working days


def _days(setting: Mapping[str, Any], key: str, default: int) -> int:
    value = setting.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(
            _("付款期限参数 %(key)s 应为非负整数，而不是 %(value)r") % {"key": key, "value": value}
        )
    return value


@dataclass(frozen=True)
class PayoutPolicy:
    """The payout clock of one court (rule setting funds.payout_policy).

    - working_days: pay within N working days once the money is payable (addendum §1.2.2, 十个必须
      item 7: 15); Hubei 10 (rules §5.7, local).
    - small_amount / small_working_days: a shorter clock for amounts up to small_amount (Hubei: 5
      working days up to 50,000 yuan, rules §5.7). Both set or both None.
    - outer_days: the 2017 rule's outer limit, 30 calendar days from the arrival notice (addendum
      §1.1.1, 法发〔2017〕6号 art 10).
    - resume_days: calendar days to pay once a deferral ground ends (addendum §1.1.2: 10).
    - wage_working_days: the shorter clock of a migrant-worker wage case (rules §10.1.2, Heilongjiang's
      "priority payout", local: 5 by default); a wage case gets the shorter of it and the ordinary N.
    """

    working_days: int = 15
    small_amount: Decimal | None = None
    small_working_days: int | None = None
    outer_days: int = 30
    resume_days: int = RESUME_DAYS
    wage_working_days: int = WAGE_WORKING_DAYS

    @classmethod
    def from_setting(cls, value: Mapping[str, Any] | None) -> PayoutPolicy:
        """Build from the setting's JSON value; a missing key takes its default, an unknown key or a
        bad value raises ValueError in Chinese (an administrator typed it)."""
        value = dict(value or {})
        unknown = set(value) - {
            "working_days",
            "small_amount",
            "small_working_days",
            "outer_days",
            "resume_days",
            "wage_working_days",
        }
        if unknown:
            raise ValueError(_("付款期限参数中有未知的项：%(keys)s") % {"keys": "、".join(sorted(unknown))})
        raw_small = value.get("small_amount")
        small = None if raw_small in (None, "") else parse_yuan(raw_small)
        small_days = (
            None if value.get("small_working_days") is None else _days(value, "small_working_days", 0)
        )
        if (small is None) != (small_days is None):
            raise ValueError(_("付款期限参数 small_amount 与 small_working_days 应同时设置或同时留空"))
        return cls(
            working_days=_days(value, "working_days", 15),
            small_amount=small,
            small_working_days=small_days,
            outer_days=_days(value, "outer_days", 30),
            resume_days=_days(value, "resume_days", RESUME_DAYS),
            wage_working_days=_days(value, "wage_working_days", WAGE_WORKING_DAYS),
        )

    def working_days_for(self, amount: Decimal, wage: bool = False) -> int:
        """N for this amount: small_working_days when amount ≤ small_amount, else working_days; for a
        migrant-worker wage case (`wage`) never more than wage_working_days (rules §10.1.2)."""
        if (
            self.small_amount is not None
            and self.small_working_days is not None
            and amount <= self.small_amount
        ):
            n = self.small_working_days
        else:
            n = self.working_days
        return min(n, self.wage_working_days) if wage else n


def _earliest(*deadlines: Deadline) -> Deadline:
    """The earliest date; provisional if any candidate is, since declaring a year may move any of
    them (a make-up working day can bring a working-day deadline forward past the other)."""
    years = frozenset[int]().union(*(d.undeclared_years for d in deadlines))
    on = min(d.on for d in deadlines)
    return Deadline(on, any(d.provisional for d in deadlines), years)


def payout_due(
    payable_on: dt.date,
    amount: Decimal,
    policy: PayoutPolicy,
    notified_on: dt.date | None = None,
    roll: bool = True,
    wage: bool = False,
) -> Deadline:
    """The day by which money payable on `payable_on` must be paid out (addendum §1.2 correcting rules
    §5.5; rules §5.7 local): the earlier of payable_on + N working days (N per
    PayoutPolicy.working_days_for) and the outer limit of outer_days calendar days counted from the
    arrival notice (`notified_on`, addendum §1.1.1; payable_on when not given). A calendar-day limit
    ending on a day off moves to the next working day when `roll` (rules §14.1; setting
    calendar.roll_to_working_day). Provisional if a year it touched is undeclared. `wage`: the case is a
    migrant-worker wage case, paid within the shorter clock (PayoutPolicy.wage_working_days)."""
    n = policy.working_days_for(_amount(amount, _("发放金额")), wage)
    working = provisional_due(payable_on, n, "working-days")
    outer = provisional_due(notified_on or payable_on, policy.outer_days, "days", roll)
    return _earliest(working, outer)


def payout_due_after_hold(hold_ended_on: dt.date, policy: PayoutPolicy, roll: bool = True) -> Deadline:
    """After a deferral (暂缓发放) ends, pay within resume_days (10) calendar days (addendum §1.1.2)."""
    return provisional_due(hold_ended_on, policy.resume_days, "days", roll)


def claim_due(received_on: dt.date, working_days: int = 3) -> Deadline:
    """Money arriving in the master account unmatched (不明款) must be claimed into a case within N
    working days (rules §5.8–5.9; addendum §1.4.3, 康保: 3; setting funds.claim_working_days)."""
    return provisional_due(received_on, working_days, "working-days")


# --- Payout approval (rules §5.9; addendum §1.1.6, §1.4.4–1.4.5) ----------------------------

DEFAULT_APPROVAL_BANDS: list[dict[str, Any]] = [
    {"above": "0", "roles": [JUDGE]},
    {"above": "100000.00", "roles": [JUDGE, LEADER]},
    {"above": "1000000.00", "roles": [JUDGE, LEADER, LEADER]},
]


def approval_steps(amount: Decimal, bands: Sequence[Mapping[str, Any]]) -> list[str]:
    """The roles that must approve a payout of `amount`, in order (addendum §1.1.6 approval form; bands
    are local: §1.4.4 Dalian, §1.4.5 安陆, rules §5.9 康保 three-level sign-off). `bands` is the rule
    setting funds.payout_approvals: [{"above": yuan string, "roles": [role codes]}]; the band with the
    highest "above" that the amount strictly exceeds applies ("0" covers every positive amount). A
    non-positive amount, an amount no band covers, or a malformed band raises ValueError: a payout is
    never left without approvers by a gap in the setting."""
    value = _amount(amount, _("发放金额"))
    if value <= 0:
        raise ValueError(_("发放金额应大于零"))
    best: tuple[Decimal, list[str]] | None = None
    for band in bands:
        try:
            above = parse_yuan(band["above"])
            roles = list(band["roles"])
        except (KeyError, TypeError) as exc:
            raise ValueError(_("审批档次参数格式不正确：%(band)r") % {"band": band}) from exc
        if not roles or any(role not in ROLE_LABELS for role in roles):
            raise ValueError(_("审批档次的角色不正确：%(roles)r") % {"roles": roles})
        if value > above and (best is None or above > best[0]):
            best = (above, roles)
    if best is None:
        raise ValueError(_("审批档次参数未覆盖 %(amount)s 元的发放") % {"amount": value})
    return best[1]


def approval_problem(
    step_role: str, approver_id: int, requester_id: int, earlier_approver_ids: Sequence[int]
) -> str | None:
    """Maker-checker on a payout (rules §5.1 execution and finance check each other; addendum §1.2.2
    forbids withholding and misappropriation): nobody approves their own payout request, and nobody
    approves two steps of the same payout (a chain of judge → leader → leader needs three people).
    Whether the approver holds `step_role` is the caller's check (it needs the database). Returns the
    reason in Chinese, or None."""
    if step_role not in ROLE_LABELS:
        return _("未知的审批角色：%(role)s") % {"role": step_role}
    if approver_id == requester_id:
        return _("不得审批本人提出的案款发放申请")
    if approver_id in set(earlier_approver_ids):
        return _("同一人不得审批同一笔案款发放的两个环节")
    return None


# --- Allocation among applicants (rules §5.15) ----------------------------------------------

PRO_RATA = "pro_rata"
IN_ORDER = "in_order"
ALLOCATION_LABELS = {
    PRO_RATA: "按债权比例分配",
    IN_ORDER: "按顺序清偿（如查封、冻结先后）",
}

K = TypeVar("K", bound=Hashable)


def allocate(amount: Decimal, claims: Sequence[tuple[K, Decimal]], method: str) -> dict[K | None, Decimal]:
    """Split `amount` among applicants' outstanding `claims` (key, outstanding yuan), rules §5.15:
    IN_ORDER fills each claim in the order given (the order of preservation/seizure for ordinary claims
    against an enterprise, after costs and priority claims, which the caller lists first); PRO_RATA
    shares in proportion to the outstanding claims, at the fen, the leftover fens going to the largest
    remainders (earlier claim first on a tie), so the parts sum exactly to the amount.

    No claim gets more than it is owed; money beyond the sum of the claims is returned under the key
    None (surplus, to go back to the debtor). Every claim's key is in the answer, None only when there
    is a surplus. A negative amount or claim, an amount or claim not at the fen, a repeated key or an
    unknown method raises ValueError in Chinese.
    """
    if method not in ALLOCATION_LABELS:
        raise ValueError(_("未知的分配方式：%(method)s") % {"method": method})
    total_fen = _to_fen(amount, _("分配金额"))
    owed: list[tuple[K, int]] = []
    seen: set[K] = set()
    for key, claim in claims:
        if key is None or key in seen:
            raise ValueError(_("债权的标识重复或为空：%(key)r") % {"key": key})
        seen.add(key)
        owed.append((key, _to_fen(claim, _("债权金额"))))
    claimed = sum(c for _k, c in owed)
    if total_fen >= claimed:
        parts = [c for _k, c in owed]
    elif method == IN_ORDER:
        parts, left = [], total_fen
        for _k, c in owed:
            take = min(c, left)
            parts.append(take)
            left -= take
    else:
        shares = [divmod(total_fen * c, claimed) for _k, c in owed]
        parts = [q for q, _r in shares]
        leftover = total_fen - sum(parts)
        by_remainder = sorted(range(len(owed)), key=lambda i: (-shares[i][1], i))
        for i in by_remainder[:leftover]:
            parts[i] += 1
    result: dict[K | None, Decimal] = {key: _from_fen(p) for (key, _c), p in zip(owed, parts, strict=True)}
    surplus = total_fen - sum(parts)
    if surplus:
        result[None] = _from_fen(surplus)
    return result


def _to_fen(value: Decimal, what: str) -> int:
    amount = _amount(value, what)
    if amount != amount.quantize(CENT):
        raise ValueError(_("%(what)s %(amount)s 超过两位小数") % {"what": what, "amount": amount})
    return int(amount * 100)


def _from_fen(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(CENT)


# --- Ageing of unidentified and overdue funds (rules §5.10, §5.13; addendum §1.4.7) ----------

AGEING_BUCKETS = ("0-3", "4-7", "8-30", "31-90", ">90")
AGEING_LABELS = {
    "0-3": "3日以内",
    "4-7": "4至7日",
    "8-30": "8至30日",
    "31-90": "31至90日",
    ">90": "90日以上",
}
_AGEING_UPPER = ((3, "0-3"), (7, "4-7"), (30, "8-30"), (90, "31-90"))


def ageing_bucket(days: int) -> str:
    """The age bucket of money `days` days after it arrived (or fell due), for the 不明款 and 超期款
    reports (rules §5.10 "clear unclaimed funds monthly", §5.13). Labels in AGEING_LABELS."""
    if isinstance(days, bool) or days < 0:
        raise ValueError(_("天数不能为负数"))
    for upper, bucket in _AGEING_UPPER:
        if days <= upper:
            return bucket
    return ">90"
