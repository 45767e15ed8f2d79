"""Rules of disposal (财产处置): the reference price, the online judicial auction, sale, taking in payment
and the distribution of the proceeds. Pure functions, no ORM. Each cites shared/domain/rules.md
("rules §8.3") or rules-addendum.md ("addendum §2.2").

The nationally confirmed numbers of rules §8 (法释〔2016〕18号, 法释〔2018〕15号) are constants here; the
numbers no confirmed text gives (objection window, valuation time, sale notice and period, the time
to pay the balance) are rule settings (settings_keys), read by the actions and passed in.

Money is Decimal yuan. A floor (the lowest start price, the lowest deposit) is rounded *up* to the fen
so that a price meeting it meets the rule; a ceiling (the highest deposit) is rounded *down*.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhixing.core.calendar import Deadline, provisional_due

CENT = Decimal("0.01")

# --- Kinds of property (rules §8.5) ------------------------------------------------------------

MOVABLE, REAL_ESTATE, OTHER_RIGHT = "movable", "real-estate", "other-right"
KINDS = [
    (MOVABLE, gettext_lazy("动产")),
    (REAL_ESTATE, gettext_lazy("不动产")),
    (OTHER_RIGHT, gettext_lazy("其他财产权")),
]
# The asset types of zhixing.inquiry.rules.ASSET_TYPES that are sold rather than deducted: a vehicle is
# a movable, a flat real estate, shares "other property rights". Deposits and the provident fund are
# money: they are deducted (inquiry), never auctioned.
KIND_OF_ASSET = {"vehicle": MOVABLE, "real_estate": REAL_ESTATE, "securities": OTHER_RIGHT}


def disposal_kind(asset_type: str) -> str | None:
    """The kind of property for the notice periods, or None for money (deducted, not sold)."""
    return KIND_OF_ASSET.get(asset_type)


# --- The reference price (rules §8 "Reference price", 法释〔2018〕15号) ------------------------------

AGREEMENT, DIRECTED, NETWORK, VALUATION = "agreement", "directed", "network", "valuation"
# In the legal order: a later method only when the earlier ones do not apply or fail.
METHODS = [
    (AGREEMENT, gettext_lazy("当事人议价")),
    (DIRECTED, gettext_lazy("定向询价")),
    (NETWORK, gettext_lazy("网络询价")),
    (VALUATION, gettext_lazy("委托评估")),
]
METHOD_ORDER = [m for m, _label in METHODS]
START_WITHIN_DAYS = 30  # the procedure starts within 30 days of the seizure (rules §3.2, §8)
NETWORK_REPORT_DAYS = 3  # each platform reports within 3 days (rules §8)


def reference_due(seized_on: dt.date) -> Deadline:
    """The day by which the reference-price procedure must start: 30 days after the seizure (rules §3.2
    "Start the reference-price procedure after seizure … within 30 days"; 法释〔2018〕15号 art 1)."""
    return provisional_due(seized_on, START_WITHIN_DAYS, "days")


def report_due(asked_on: dt.date, days: int = NETWORK_REPORT_DAYS) -> Deadline:
    """When a platform's network-inquiry report (3 days, rules §8) or another report is due."""
    return provisional_due(asked_on, days, "days")


def method_problem(method: str, previous: Iterable[str], valuation_required: bool = False) -> str:
    """Why `method` may not be used now ('' when it may). The order is the law's (rules §8): a method
    may follow only methods before it in METHOD_ORDER (each earlier one tried and failed, or skipped as
    not applicable, which is the caller's record); valuation is mandatory where law requires it or both
    parties ask (`valuation_required`), and then no other method may be used."""
    if method not in METHOD_ORDER:
        return _("未知的确定参考价方式：%(m)s") % {"m": method}
    if valuation_required and method != VALUATION:
        return _("法律规定须委托评估或双方当事人要求评估的，应当委托评估")
    tried = list(previous)
    if tried and METHOD_ORDER.index(method) <= max(METHOD_ORDER.index(m) for m in tried if m in METHOD_ORDER):
        return _("确定参考价方式应依议价、定向询价、网络询价、委托评估的顺序进行，不得回到在先的方式")
    return ""


def network_price(results: Sequence[Decimal | None]) -> Decimal | None:
    """The network-inquiry reference price: the average of the valid platform results, to the fen
    (rules §8: "reference price = average of the valid platform results"); None when no platform gave
    a valid result (then the court entrusts a valuation)."""
    valid = [Decimal(r) for r in results if r is not None and Decimal(r) > 0]
    if not valid:
        return None
    return (sum(valid, Decimal(0)) / len(valid)).quantize(CENT, rounding=ROUND_HALF_UP)


# --- The auction's terms (rules §8.3, §8.5, §8.7, §8.12) ---------------------------------------------

START_RATIO = Decimal("0.70")  # start ≥ 70% of the reference price (rules §8.3, art 10)
REDUCTION_RATIO = Decimal("0.80")  # a second start ≥ 80% of the first: reduced by at most 20% (§8.12)
DEPOSIT_MIN, DEPOSIT_MAX = Decimal("0.05"), Decimal("0.20")  # 5%–20% of the start (rules §8.7)
NOTICE_DAYS = {1: {MOVABLE: 15}, 2: {MOVABLE: 7}}  # rules §8.5, §8.12
NOTICE_DAYS_OTHER = {1: 30, 2: 15}  # real estate and other property rights
PARTIES_BEFORE_NOTICE_DAYS = 3  # parties and pre-emption holders notified 3 days before (rules §8.6)
DEEMED_NOTIFIED_DAYS = 5  # an unreachable party is deemed notified 5 days after the platform post
REAUCTION_WITHIN_DAYS = 30  # re-auction within 30 days of the failure (rules §8.12)
MIN_BIDDING = dt.timedelta(hours=24)  # bidding lasts at least 24 hours (rules §8.8)
EXTENSION = dt.timedelta(minutes=5)  # a bid in the last 5 minutes extends by 5 minutes (rules §8.8)
RELEASE_WITHIN = dt.timedelta(hours=24)  # losers' deposits back, buyer's to the court (rules §8.10)
RESUME_WITHIN_DAYS = 5  # resume a suspended auction within 5 days of the cause ending (rules §8.15)
ROUNDS = (1, 2)  # two auctions online, then sale (rules §8.13)


def _up(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_UP)


def _down(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_DOWN)


def min_start_price(reference: Decimal, round_no: int = 1, previous_start: Decimal | None = None) -> Decimal:
    """The lowest start price. Round 1: 70% of the reference price (rules §8.3). Round 2: 80% of the
    previous (first) start price, a reduction of at most 20% (rules §8.12); without the previous start
    the lowest first start is assumed (70% of the reference, so 56% of it)."""
    if round_no not in ROUNDS:
        raise ValueError(round_no)
    first_floor = _up(Decimal(reference) * START_RATIO)
    if round_no == 1:
        return first_floor
    previous = Decimal(previous_start) if previous_start is not None else first_floor
    return _up(previous * REDUCTION_RATIO)


def notice_days(kind: str, round_no: int = 1) -> int:
    """Days between the notice and the start of bidding: 15 (movables) or 30 (real estate and other
    rights) for the first auction (rules §8.5, art 12); 7 or 15 for the re-auction (rules §8.12)."""
    if round_no not in ROUNDS:
        raise ValueError(round_no)
    if kind not in dict(KINDS):
        raise ValueError(kind)
    return NOTICE_DAYS[round_no].get(kind, NOTICE_DAYS_OTHER[round_no])


def deposit_range(start: Decimal) -> tuple[Decimal, Decimal]:
    """(lowest, highest) deposit: 5%–20% of the start price (rules §8.7, art 17)."""
    start = Decimal(start)
    return _up(start * DEPOSIT_MIN), _down(start * DEPOSIT_MAX)


@dataclass(frozen=True)
class Plan:
    """What the collegial panel decides for one round (rules §8.14), as the rules check it."""

    kind: str
    round_no: int
    reference: Decimal
    start: Decimal
    increment: Decimal
    deposit: Decimal
    notice_on: dt.date
    bidding_starts: dt.datetime
    bidding_ends: dt.datetime
    parties_notified_on: dt.date | None
    previous_start: Decimal | None = None
    failed_on: dt.date | None = None  # round 2: the day the first auction failed


def plan_problems(plan: Plan) -> list[str]:
    """Every rule of rules §8 the plan breaks, in Chinese; empty when it may be published."""
    problems: list[str] = []
    floor = min_start_price(plan.reference, plan.round_no, plan.previous_start)
    if plan.start < floor:
        problems.append(
            _("起拍价 %(start)s 元低于下限 %(floor)s 元（%(why)s）")
            % {
                "start": plan.start,
                "floor": floor,
                "why": _("参考价的70%") if plan.round_no == 1 else _("前次起拍价的80%，降价幅度不得超过20%"),
            }
        )
    problems += _increment_and_deposit(plan.start, plan.increment, plan.deposit)
    days = notice_days(plan.kind, plan.round_no)
    if plan.bidding_starts.date() < plan.notice_on + dt.timedelta(days=days):
        problems.append(
            _("拍卖公告应于竞价开始前 %(days)d 日发布（公告日 %(on)s）")
            % {"days": days, "on": plan.notice_on}
        )
    if plan.bidding_ends - plan.bidding_starts < MIN_BIDDING:
        problems.append(_("竞价时间不得少于二十四小时"))
    if plan.parties_notified_on is None:
        problems.append(_("尚未通知当事人和已知优先购买权人"))
    elif plan.parties_notified_on > plan.notice_on - dt.timedelta(days=PARTIES_BEFORE_NOTICE_DAYS):
        problems.append(
            _("应在拍卖公告发布三日前通知当事人和已知优先购买权人（最迟 %(on)s）")
            % {"on": plan.notice_on - dt.timedelta(days=PARTIES_BEFORE_NOTICE_DAYS)}
        )
    if plan.round_no == 2:
        if plan.failed_on is None:
            problems.append(_("第二次拍卖须在第一次拍卖流拍之后"))
        elif plan.bidding_starts.date() > reauction_by(plan.failed_on):
            problems.append(
                _("流拍后应在三十日内再次拍卖（最迟 %(on)s 开始竞价）") % {"on": reauction_by(plan.failed_on)}
            )
    return problems


def _increment_and_deposit(start: Decimal, increment: Decimal, deposit: Decimal) -> list[str]:
    """The increment is positive; the deposit is 5%–20% of the start (rules §8.7, art 17)."""
    problems: list[str] = []
    if increment <= 0:
        problems.append(_("加价幅度须大于零"))
    low, high = deposit_range(start)
    if not low <= deposit <= high:
        problems.append(
            _("保证金 %(d)s 元应在起拍价的5%%至20%%之间（%(low)s–%(high)s 元）")
            % {"d": deposit, "low": low, "high": high}
        )
    return problems


@dataclass(frozen=True)
class Sale:
    """The terms of a sale (变卖) on the platform after two failed auctions (rules §8.13), with the
    setting's numbers (settings_keys.SALE: no confirmed text gives them) and dates in Beijing time."""

    start: Decimal
    floor: Decimal  # the setting's share of the second auction's start
    increment: Decimal
    deposit: Decimal
    notice_on: dt.date
    starts_on: dt.date
    ends_on: dt.date
    ends_after_start: bool
    parties_notified_on: dt.date | None
    notice_days: int
    period_days: int


def sale_problems(sale: Sale) -> list[str]:
    """Every rule the sale's terms break, in Chinese: its price, the deposit range of rules §8.7, the
    notice and period of the setting, the parties notified 3 days before the notice (rules §8.6)."""
    problems: list[str] = []
    if sale.start < sale.floor:
        problems.append(
            _("变卖价 %(start)s 元低于 %(price)s 元（第二次拍卖起拍价的规定比例）")
            % {"start": sale.start, "price": sale.floor}
        )
    problems += _increment_and_deposit(sale.start, sale.increment, sale.deposit)
    if sale.starts_on < sale.notice_on + dt.timedelta(days=sale.notice_days):
        problems.append(_("变卖公告应于变卖开始前 %(days)d 日发布") % {"days": sale.notice_days})
    if not sale.ends_after_start:
        problems.append(_("变卖结束时间应晚于开始时间"))
    elif sale.ends_on > sale.starts_on + dt.timedelta(days=sale.period_days):
        problems.append(_("变卖期不得超过 %(days)d 日") % {"days": sale.period_days})
    if sale.parties_notified_on is None:
        problems.append(_("尚未通知当事人和已知优先购买权人"))
    elif sale.parties_notified_on > sale.notice_on - dt.timedelta(days=PARTIES_BEFORE_NOTICE_DAYS):
        problems.append(_("应在公告发布三日前通知当事人和已知优先购买权人"))
    return problems


def reauction_by(failed_on: dt.date) -> dt.date:
    """The last day the re-auction's bidding may start: 30 days after the failure (rules §8.12, art 26:
    "流拍后…三十日内在同一网络司法拍卖平台再次拍卖"). Read strictly: the re-auction itself, its bidding,
    begins within the 30 days, so its notice (7 or 15 days) goes out earlier still."""
    return failed_on + dt.timedelta(days=REAUCTION_WITHIN_DAYS)


def bidding_end(scheduled_end: dt.datetime, bid_times: Iterable[dt.datetime]) -> dt.datetime:
    """When bidding closes: the scheduled end, pushed to 5 minutes after every bid made in the last 5
    minutes before the end as it stood then (rules §8.8, art 20)."""
    end = scheduled_end
    for at in sorted(bid_times):
        if at > end:
            break  # a bid after the close is void
        if end - at < EXTENSION:
            end = at + EXTENSION
    return end


@dataclass(frozen=True)
class Bid:
    bidder: str
    price: Decimal
    at: dt.datetime


def winner(bids: Sequence[Bid], start: Decimal, holders: dict[str, int], end: dt.datetime) -> Bid | None:
    """The winning bid, or None (流拍): bids below the start price or after the close are void (rules
    §8.8); the highest price wins; a pre-emption holder (`holders`: bidder → rank, 1 first) bidding the
    same price takes it before anyone else, the better-ranked holder first, and at the same rank the
    earlier bid (rules §8.9, art 21)."""
    valid = [b for b in bids if b.price >= start and b.at <= end]
    if not valid:
        return None
    top = max(b.price for b in valid)
    at_top = [b for b in valid if b.price == top]
    held = [b for b in at_top if b.bidder in holders]
    if held:
        return min(held, key=lambda b: (holders[b.bidder], b.at))
    return min(at_top, key=lambda b: b.at)


def bidder_problem(affiliation: str, court_code: str, platform_code: str, barred: bool) -> str:
    """Why a bidder may not bid ('' when they may): nobody from the court, the platform or an auxiliary
    agency (rules §8.16, art 34), and no buyer who reneged on this property (rules §8.11, art 24)."""
    if barred:
        return _("悔拍的买受人不得参加该财产的再次拍卖")
    if affiliation and affiliation in {court_code, platform_code}:
        return _("法院、拍卖平台及其工作人员不得竞买")
    return ""


def resume_by(cause_ended_on: dt.date) -> dt.date:
    """A suspended auction resumes within 5 days of the cause ending (rules §8.15, art 28)."""
    return cause_ended_on + dt.timedelta(days=RESUME_WITHIN_DAYS)


# --- Reneging (rules §8.11, art 24) --------------------------------------------------------------


def forfeited_deposit(
    deposit: Decimal, costs: Decimal, shortfall: Decimal, debt: Decimal
) -> dict[str, Decimal]:
    """How a reneging buyer's forfeited deposit is applied, in the law's order: the costs of the failed
    sale, then the shortfall of the re-auction price below the reneged price, then the debt; what is
    left (if anything) goes back to the reneger. Each part is at most what remains."""
    left = Decimal(deposit)
    out: dict[str, Decimal] = {}
    for name, amount in (("costs", costs), ("shortfall", shortfall), ("debt", debt)):
        part = min(left, max(Decimal(amount), Decimal(0)))
        out[name] = part.quantize(CENT)
        left -= part
    out["returned"] = left.quantize(CENT)
    return out


# --- Distribution of the proceeds (rules §5.15) ----------------------------------------------------

COSTS, PRIORITY, ORDINARY = "costs", "priority", "ordinary"
CATEGORIES = [
    (COSTS, gettext_lazy("执行费用")),
    (PRIORITY, gettext_lazy("优先受偿债权")),
    (ORDINARY, gettext_lazy("普通债权")),
]
OBJECTION_DAYS = 15  # creditors object within 15 days of the plan (rules §3.2 "Distribution-plan objection")


@dataclass(frozen=True)
class Claim:
    key: str  # the caller's handle (a case id, "costs")
    category: str
    amount: Decimal
    seized_on: dt.date | None = None  # ordinary claims: when this creditor's case seized the property
    position: int = 0  # tie-break within a category: priority rank, seizure queue position
    wage: bool = False  # a migrant-worker wage claim (the creditor's case is_migrant_wage)


def distribute(proceeds: Decimal, claims: Sequence[Claim], wage_first: bool = False) -> dict[str, Decimal]:
    """Each claim's share of `proceeds` (rules §5.15, 民诉解释 art 514): execution costs first, then
    priority claims in their rank, then ordinary claims in the order their cases seized the property;
    each is paid in full before the next gets anything, and the last reached gets what is left.
    `wage_first` (setting disposal.wage_first, local: rules §10.1 wage priority "where the law allows"):
    migrant-worker wage claims go first among the ordinary claims, in their own seizure order; costs
    and priority claims keep their place before them."""
    order = {COSTS: 0, PRIORITY: 1, ORDINARY: 2}

    def rank(c: Claim) -> tuple:
        seized = c.seized_on or dt.date.max
        ordinary = c.category == ORDINARY
        wage_rank = 0 if (wage_first and ordinary and c.wage) else 1
        return (order[c.category], wage_rank, seized if ordinary else dt.date.min, c.position, c.key)

    left = Decimal(proceeds).quantize(CENT)
    out: dict[str, Decimal] = {}
    for c in sorted(claims, key=rank):
        part = min(left, max(Decimal(c.amount), Decimal(0))).quantize(CENT)
        out[c.key] = out.get(c.key, Decimal(0)) + part
        left -= part
    return out


def objection_due(notified_on: dt.date) -> Deadline:
    """The last day to object to a distribution plan: 15 days after notice (rules §3.2; 民诉解释 art
    510-511, CONFIRMED [S1e arts 17–18])."""
    return provisional_due(notified_on, OBJECTION_DAYS, "days")


# --- The end of disposal (addendum §2.2) ---------------------------------------------------------


def undisposable_problem(auctions_failed: int, sale_failed: bool, applicant_refused: bool) -> str:
    """Why the property may not yet be recorded as "cannot be disposed of" ('' when it may): both online
    auctions failed, then the sale, and the applicant refused (or may not take) it in payment (addendum
    §2.2, 终本规定 art 4)."""
    if auctions_failed < len(ROUNDS):
        return _("须两次拍卖均流拍")
    if not sale_failed:
        return _("两次流拍后须经变卖仍未成交")
    if not applicant_refused:
        return _("须申请执行人拒绝以物抵债")
    return ""
