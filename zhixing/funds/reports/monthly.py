"""The monthly reconciliation report of a pooled account for finance: the pooled balance at the month's
opening and close with what came in and went out, receipts by channel, claims, payouts confirmed and
bounced, execution fees, fines of coercive measures paid into the account, unidentified money at month end by age, overdue money, and every case
account's movement. Read in a fixed number of aggregate queries, however many cases and entries.

Balances and movements come from the ledger's legs by their booking date, so they are exact for any
past month. Unidentified and overdue money at month end are read from the receipts' present state
(a receipt claimed or paid after the month's end no longer counts): exact for the current month, an
approximation for earlier ones.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import queries, rules
from ..models import Entry, LedgerAccount, Leg, Payout, PooledAccount, Receipt

ZERO = Decimal("0.00")


def _c(amount: Decimal | None) -> Decimal:
    """The amount, with no negative zero (-0.00 is printed with its sign)."""
    return amount if amount else ZERO


def parse_month(text: str) -> dt.date | None:
    """The first day of the month `YYYY-MM`, or None when the text is not one."""
    try:
        year, month = (int(p) for p in text.strip().split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        return None


def month_end(first: dt.date) -> dt.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


@dataclass
class Figure:
    label: str
    count: int
    amount: Decimal


@dataclass
class CaseRow:
    case_number: str
    opening: Decimal
    inflow: Decimal
    outflow: Decimal
    closing: Decimal


@dataclass
class MonthlyReport:
    court: str
    account: str
    account_name: str
    month: dt.date  # its first day
    end: dt.date
    opening: Decimal
    inflow: Decimal
    outflow: Decimal
    closing: Decimal
    case_total: Decimal  # Σ case accounts at month end
    suspense: Decimal  # 待认领款 at month end
    fees_balance: Decimal  # 执行费 not yet transferred, at month end
    # Fines paid into the account and not yet handed to the treasury, at month end (rules §6.15):
    # the state's money, owed through the pool's FINES account, never a case's.
    fines_balance: Decimal = ZERO
    # The court's judicial-relief fund not yet granted to a case, at month end (rules §9).
    relief_balance: Decimal = ZERO
    channels: list[Figure] = field(default_factory=list)
    claims: Figure = field(default_factory=lambda: Figure("", 0, ZERO))
    payouts: Figure = field(default_factory=lambda: Figure("", 0, ZERO))
    paid_out: Decimal = ZERO  # of the payouts confirmed, what left the account (without the fees)
    bounced: Figure = field(default_factory=lambda: Figure("", 0, ZERO))
    fees: Decimal = ZERO  # execution fees settled in the month
    fines: Figure = field(default_factory=lambda: Figure("", 0, ZERO))  # fines received in the month
    unidentified: Figure = field(default_factory=lambda: Figure("", 0, ZERO))
    ageing: list[Figure] = field(default_factory=list)
    overdue: Figure = field(default_factory=lambda: Figure("", 0, ZERO))
    cases: list[CaseRow] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("%(court)s执行款专户%(year)d年%(month)d月对账报表") % {
            "court": self.court,
            "year": self.month.year,
            "month": self.month.month,
        }

    @property
    def adds_up(self) -> bool:
        """Opening + in − out = closing, and the pooled balance equals what the court owes."""
        return (
            self.opening + self.inflow - self.outflow == self.closing
            and self.closing
            == self.case_total + self.suspense + self.fees_balance + self.fines_balance + self.relief_balance
        )

    @property
    def fines_text(self) -> str:
        """The month's fines as the page prints amounts (two places, grouped)."""
        return f"{self.fines.amount:,.2f}"

    def summary(self) -> list[tuple[str, Decimal]]:
        """The headline figures, in the order the report prints them."""
        return [
            (_("期初专户余额"), self.opening),
            (_("本月收入"), self.inflow),
            (_("本月支出"), self.outflow),
            (_("期末专户余额"), self.closing),
            (_("其中：案件账户合计"), self.case_total),
            (_("其中：待认领款"), self.suspense),
            (_("其中：执行费"), self.fees_balance),
            (_("其中：罚款"), self.fines_balance),
            *([(_("其中：司法救助资金"), self.relief_balance)] if self.relief_balance else []),
        ]


def _figure(label: str, row: dict[str, Any]) -> Figure:
    return Figure(label, row.get("n") or 0, row.get("s") or ZERO)


def monthly_report(pooled: PooledAccount, month: dt.date) -> MonthlyReport:
    """The report of `pooled` for the month starting `month` (its first day)."""
    start = month.replace(day=1)
    end = month_end(start)
    in_month = Q(entry__booked_on__gte=start, entry__booked_on__lte=end)
    legs = Leg.objects.filter(account__pooled=pooled, entry__booked_on__lte=end)

    kinds: dict[str, dict[str, Any]] = {
        row["account__kind"]: dict(row)
        for row in legs.values("account__kind").annotate(
            opening=Sum("amount", filter=Q(entry__booked_on__lt=start)),
            closing=Sum("amount"),
            debits=Sum("amount", filter=in_month & Q(amount__gt=0)),
            credits=Sum("amount", filter=in_month & Q(amount__lt=0)),
            net=Sum("amount", filter=in_month),
        )
    }

    def kind(k: str, key: str) -> Decimal:
        value: Decimal | None = kinds.get(k, {}).get(key)
        return value or ZERO

    normal = LedgerAccount.NORMAL
    pool = LedgerAccount.POOLED
    report = MonthlyReport(
        court=pooled.court.name,
        account=pooled.account_number,
        account_name=pooled.account_name,
        month=start,
        end=end,
        opening=_c(kind(pool, "opening")),
        inflow=kind(pool, "debits"),
        outflow=_c(-kind(pool, "credits")),
        closing=kind(pool, "closing"),
        case_total=_c(kind(LedgerAccount.CASE, "closing") * normal[LedgerAccount.CASE]),
        suspense=_c(kind(LedgerAccount.SUSPENSE, "closing") * normal[LedgerAccount.SUSPENSE]),
        fees_balance=_c(kind(LedgerAccount.FEES, "closing") * normal[LedgerAccount.FEES]),
        fees=_c(kind(LedgerAccount.FEES, "net") * normal[LedgerAccount.FEES]),
        fines_balance=_c(kind(LedgerAccount.FINES, "closing") * normal[LedgerAccount.FINES]),
        relief_balance=_c(kind(LedgerAccount.RELIEF, "closing") * normal[LedgerAccount.RELIEF]),
    )

    by_channel: dict[str, dict[str, Any]] = {
        row["channel"]: dict(row)
        for row in Receipt.objects.filter(pooled=pooled, booked_on__gte=start, booked_on__lte=end)
        .values("channel")
        .annotate(n=Count("id"), s=Sum("amount"))
    }
    report.channels = [_figure(str(label), by_channel.get(code, {})) for code, label in Receipt.CHANNELS]

    claims = Leg.objects.filter(
        in_month, account__pooled=pooled, account__kind=LedgerAccount.SUSPENSE, entry__kind=Entry.CLAIM
    ).aggregate(n=Count("id"), s=Sum("amount"))
    report.claims = _figure(_("认领归入案件"), claims)
    fines = Leg.objects.filter(
        in_month, account__pooled=pooled, account__kind=LedgerAccount.FINES, entry__kind=Entry.FINE
    ).aggregate(n=Count("id"), s=Sum("amount"))
    # Fines are credits of the fines account: the amount received is minus their sum.
    report.fines = Figure(_("本月收取罚款"), fines["n"] or 0, _c(-(fines["s"] or ZERO)))

    payouts = Payout.objects.filter(case__court_id=pooled.court_id)
    confirmed = payouts.filter(
        status=Payout.CONFIRMED, entry__booked_on__gte=start, entry__booked_on__lte=end
    ).aggregate(n=Count("id"), s=Sum("amount"), fee=Sum("fee"))
    report.payouts = _figure(_("已确认发放"), confirmed)
    report.paid_out = report.payouts.amount - (confirmed["fee"] or ZERO)
    bounced = payouts.filter(
        status=Payout.BOUNCED, settled_at__date__gte=start, settled_at__date__lte=end
    ).aggregate(n=Count("id"), s=Sum("amount"))
    report.bounced = _figure(_("银行退回"), bounced)

    # Money unidentified or overdue at the month's end, or today for the month still running.
    as_of = min(end, timezone.localdate())
    buckets: dict[str, list] = {b: [0, ZERO] for b in rules.AGEING_BUCKETS}
    for booked_on, n, s in (
        queries.unidentified(as_of)
        .filter(pooled=pooled)
        .values_list("booked_on")
        .annotate(n=Count("id"), s=Sum("amount"))
    ):
        cell = buckets[rules.ageing_bucket(max(0, (as_of - booked_on).days))]
        cell[0] += n
        cell[1] += s
    report.ageing = [Figure(rules.AGEING_LABELS[b], n, s) for b, (n, s) in buckets.items()]
    report.unidentified = Figure(
        _("月末不明款"), sum(f.count for f in report.ageing), sum((f.amount for f in report.ageing), ZERO)
    )
    late = queries.overdue(as_of).filter(pooled=pooled).aggregate(n=Count("id"), s=Sum("outstanding"))
    report.overdue = _figure(_("月末超期款"), late)

    rows = (
        legs.filter(account__kind=LedgerAccount.CASE)
        .values("account__case__case_number")
        .annotate(
            opening=Sum("amount", filter=Q(entry__booked_on__lt=start)),
            credits=Sum("amount", filter=in_month & Q(amount__lt=0)),
            debits=Sum("amount", filter=in_month & Q(amount__gt=0)),
            closing=Sum("amount"),
        )
        .order_by("account__case__case_number")
    )
    for row in rows:
        case_row = CaseRow(
            case_number=row["account__case__case_number"],
            opening=_c(-(row["opening"] or ZERO)),
            inflow=_c(-(row["credits"] or ZERO)),
            outflow=row["debits"] or ZERO,
            closing=_c(-(row["closing"] or ZERO)),
        )
        if case_row.opening or case_row.inflow or case_row.outflow or case_row.closing:
            report.cases.append(case_row)
    return report
