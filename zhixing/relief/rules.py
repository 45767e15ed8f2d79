"""The rules of campaigns, migrant-wage priority, settlement and judicial relief. Pure functions, no ORM.
Each cites shared/domain/rules.md (§9 relief, §10.1 campaigns and wage cases, §10.2 settlement, §2.1.10
resumption); a number marked local or unconfirmed there is a rule setting (settings_keys), not here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhixing.core.calendar import add_months
from zhixing.core.money import to_fen

# --- Judicial relief (rules §9) --------------------------------------------------------------------

# rules §9.4 (法发〔2016〕16号, CONFIRMED): normally at most 36 months of the province's previous-year
# average monthly wage, and never above what remains unexecuted.
CAP_MONTHS = 36
RELIEF_TYPE_CODE = "司救执"  # rules §9.5 (OBSERVED): the case type code of execution relief cases

# rules §9.3: the execution-related grounds (exact wording UNCONFIRMED; the labels are ours).
GROUNDS = {
    "maintenance": gettext_lazy("追索赡养费、扶养费、抚育费等，无法执行且生活困难"),
    "injury": gettext_lazy("人身伤害赔偿无法执行，生活困难"),
    "wage": gettext_lazy("追索劳动报酬无法执行，生活困难"),
    "other": gettext_lazy("其他因案件无法执行陷入生活困难"),
}


def wage_year(applied_on: dt.date) -> int:
    """rules §9.4: the previous year's average monthly wage is the base (the year before the application)."""
    return applied_on.year - 1


def relief_cap(monthly_wage: Decimal, unexecuted: Decimal, months: int = CAP_MONTHS) -> Decimal:
    """The most relief one applicant may get in one case (rules §9.4): `months` × the monthly wage,
    never above the unexecuted amount, never negative; in yuan to the fen."""
    if monthly_wage < 0:
        raise ValueError(_("月平均工资不能为负数"))
    cap = Decimal(monthly_wage) * months
    return to_fen(max(min(cap, Decimal(unexecuted)), Decimal(0)))


def relief_problems(amount: Decimal, cap: Decimal, already_granted: bool) -> list[str]:
    """Why relief of `amount` may not be granted (rules §9.2 once per applicant per case, §9.4 cap)."""
    problems = []
    if already_granted:
        problems.append(_("同一申请人在同一案件中只能获得一次司法救助"))
    if amount <= 0:
        problems.append(_("救助金额应大于零"))
    elif amount > cap:
        problems.append(
            _("救助金额 %(amount)s 元超过上限 %(cap)s 元（36个月月平均工资，且不超过未执行到位金额）")
            % {"amount": f"{amount:,.2f}", "cap": f"{cap:,.2f}"}
        )
    return problems


def recoverable(relief_paid: Decimal, already_recovered: Decimal, debtor_paid: Decimal) -> Decimal:
    """What to take back from money the debtor pays after relief (rules §9.6 recovery, UNCONFIRMED
    detail; our reading): the applicant keeps relief only as a stand-in for the debt, so money the
    debtor pays later repays the relief first, up to what is still outstanding."""
    outstanding = max(Decimal(relief_paid) - Decimal(already_recovered), Decimal(0))
    return to_fen(min(outstanding, max(Decimal(debtor_paid), Decimal(0))))


# --- Settlement (rules §10.2, 法释〔2018〕3号; §2.1.10 item 2) ------------------------------------------

RESUMPTION_YEARS = 2  # rules §10.2: 2 years from the last day of the agreed performance period


@dataclass(frozen=True)
class Instalment:
    seq: int
    due_on: dt.date
    amount: Decimal


@dataclass(frozen=True)
class InstalmentState:
    seq: int
    due_on: dt.date
    amount: Decimal
    paid: Decimal  # the part of the payments this instalment received, in due order
    state: str  # one of INSTALMENT_STATES


PAID, PART_PAID, DUE, MISSED = "paid", "part_paid", "due", "missed"
INSTALMENT_STATES = {
    PAID: gettext_lazy("已履行"),
    PART_PAID: gettext_lazy("部分履行"),
    DUE: gettext_lazy("未到期"),
    MISSED: gettext_lazy("逾期未履行"),
}


def schedule_problems(
    instalments: Sequence[Instalment], agreed_on: dt.date, agreed_amount: Decimal
) -> list[str]:
    """A schedule the court can record: at least one instalment, numbered 1..n in due order, each a
    positive amount due on or after the agreement, adding up to the agreed amount."""
    problems: list[str] = []
    if not instalments:
        return [_("和解协议应至少约定一期履行")]
    if [i.seq for i in instalments] != list(range(1, len(instalments) + 1)):
        problems.append(_("分期序号应从1开始连续编号"))
    dates = [i.due_on for i in instalments]
    if dates != sorted(dates) or len(set(dates)) != len(dates):
        problems.append(_("各期履行日期应逐期递增"))
    if any(i.due_on < agreed_on for i in instalments):
        problems.append(_("履行日期不能早于和解协议签订日"))
    if any(i.amount <= 0 for i in instalments):
        problems.append(_("每期金额应大于零"))
    total = sum((i.amount for i in instalments), Decimal(0))
    if to_fen(total) != to_fen(agreed_amount):
        problems.append(
            _("各期金额合计 %(total)s 元与和解金额 %(agreed)s 元不符")
            % {"total": f"{total:,.2f}", "agreed": f"{Decimal(agreed_amount):,.2f}"}
        )
    return problems


def instalment_states(instalments: Sequence[Instalment], paid: Decimal, on: dt.date) -> list[InstalmentState]:
    """Each instalment against the money received since the agreement (`paid`), filled in due order:
    paid in full, partly, not yet due, or missed (its day has passed and it is not paid in full).
    The instalment is missed the day after its due day: paying on the day is on time."""
    left = max(Decimal(paid), Decimal(0))
    out = []
    for i in sorted(instalments, key=lambda x: x.seq):
        got = min(left, i.amount)
        left -= got
        if got >= i.amount:
            state = PAID
        elif on > i.due_on:
            state = MISSED
        elif got > 0:
            state = PART_PAID
        else:
            state = DUE
        out.append(InstalmentState(i.seq, i.due_on, i.amount, to_fen(got), state))
    return out


def last_agreed_day(instalments: Iterable[Instalment]) -> dt.date:
    """The last day of the agreed performance period: the last instalment's due day."""
    return max(i.due_on for i in instalments)


def resumption_limit(last_day: dt.date) -> dt.date:
    """The last day to apply for resumption (rules §10.2; 和解规定 art 11 with CPL art 250): two years
    from the last day of the agreed period (the same date two years on; 29 February falls to the 28th)."""
    return add_months(last_day, 12 * RESUMPTION_YEARS)


def resumption_problems(
    states: Sequence[InstalmentState], on: dt.date, last_day: dt.date, anticipatory_breach: bool = False
) -> list[str]:
    """Why the applicant may not resume the original instrument on `on` (rules §10.2): the agreement
    is performed; nothing is missed yet (unless the debtor has said it will not perform); or the two
    years from the last agreed day have passed."""
    problems = []
    if states and all(s.state == PAID for s in states):
        problems.append(_("和解协议已经履行完毕，不能恢复执行"))
    elif not anticipatory_breach and not any(s.state == MISSED for s in states):
        problems.append(_("尚无逾期未履行的分期，被执行人正在履行和解协议，不能恢复执行"))
    if on > resumption_limit(last_day):
        problems.append(
            _("已超过申请恢复执行期间（自和解协议约定履行期限最后一日 %(last)s 起二年，至 %(limit)s）")
            % {"last": last_day.isoformat(), "limit": resumption_limit(last_day).isoformat()}
        )
    return problems


def resumed_claim(outstanding_before: Decimal, paid_since: Decimal) -> Decimal:
    """rules §10.2: on resumption the amounts already performed are deducted from the original claim."""
    return to_fen(max(Decimal(outstanding_before) - Decimal(paid_since), Decimal(0)))


# --- Campaigns (rules §10.1) ----------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFacts:
    """What a campaign's rules look at in one case."""

    type_code: str
    is_livelihood: bool
    is_migrant_wage: bool
    applied_amount: Decimal
    debtor_names: tuple[str, ...]
    debtor_units: tuple[bool, ...]  # per debtor: a unit (True) or a person


# rules §10.1.3 (Xiong'an "冀执利剑+": 8 priority kinds, livelihood, small-amount …) and §10.1.1 (wage,
# government and state-owned debtors). Which words mark a government or state-owned debtor, and what a
# small amount is, are rule settings (relief.government_words, relief.soe_words, relief.small_amount).
KINDS = {
    "livelihood": gettext_lazy("涉民生案件"),
    "migrant_wage": gettext_lazy("涉农民工工资案件"),
    "small_amount": gettext_lazy("小额标的案件"),
    "government_debtor": gettext_lazy("涉党政机关被执行人案件"),
    "soe_debtor": gettext_lazy("涉国有企业被执行人案件"),
    "first_enforcement": gettext_lazy("首次执行案件"),
    "resumed": gettext_lazy("恢复执行案件"),
}


def matched_kinds(
    facts: CaseFacts,
    kinds: Iterable[str],
    small_amount: Decimal,
    government_words: Sequence[str],
    soe_words: Sequence[str],
) -> list[str]:
    """The campaign kinds (of `kinds`) this case falls under; a campaign takes a case matching any."""

    def unit_named(words: Sequence[str]) -> bool:
        return any(
            unit and any(w and w in name for w in words)
            for name, unit in zip(facts.debtor_names, facts.debtor_units, strict=True)
        )

    test = {
        "livelihood": lambda: facts.is_livelihood,
        "migrant_wage": lambda: facts.is_migrant_wage,
        "small_amount": lambda: 0 < facts.applied_amount <= small_amount,
        "government_debtor": lambda: unit_named(government_words),
        "soe_debtor": lambda: unit_named(soe_words),
        "first_enforcement": lambda: facts.type_code == "执",
        "resumed": lambda: facts.type_code == "执恢",
    }
    return [k for k in kinds if k in test and test[k]()]


def progress(actual: Decimal | int, target: Decimal | int | None) -> Decimal | None:
    """Share of a target reached, as a percentage with one decimal (None when no target was set)."""
    if not target:
        return None
    return (Decimal(actual) * 100 / Decimal(target)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- Migrant-wage festival push (rules §10.1.1) -----------------------------------------------------

# The first day of the Spring Festival (正月初一), a fact of the lunar calendar. The push pays all wage
# money out before it (rules §10.1.1: "pay executed money before the festival").
SPRING_FESTIVAL = {
    2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13),
    2030: dt.date(2030, 2, 3),
    2031: dt.date(2031, 1, 23),
    2032: dt.date(2032, 2, 11),
    2033: dt.date(2033, 1, 31),
    2034: dt.date(2034, 2, 19),
    2035: dt.date(2035, 2, 8),
}


def next_spring_festival(on: dt.date) -> dt.date | None:
    """The first Spring Festival day after `on` (None past the table: the page says so)."""
    later = [d for d in SPRING_FESTIVAL.values() if d > on]
    return min(later) if later else None


def festival_deadline(festival: dt.date) -> dt.date:
    """Wage money is paid out by the eve of the festival (除夕), the day before 正月初一."""
    return festival - dt.timedelta(days=1)
