"""Helpers of the settlement tests: an agreement of three instalments recorded on `clock.today`, due
30, 60 and 90 days later (built from the clock, never from the real today)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zhixing.relief.actions import settlements as actions


def plus(day: dt.date, n: int) -> dt.date:
    return day + dt.timedelta(days=n)


def three(on: dt.date, amounts=("10000.00", "10000.00", "10000.00")) -> list[tuple[dt.date, Decimal]]:
    return [(plus(on, 30 * (i + 1)), Decimal(a)) for i, a in enumerate(amounts)]


def record(
    case, actor, on: dt.date, mode: str = "suspend", amounts=("10000.00", "10000.00", "10000.00"), **kw
):
    schedule = three(on, amounts)
    return actions.record_settlement(
        case,
        agreed_on=on,
        party_ids=[p.pk for p in case.parties.all()],
        agreed_amount=sum((a for _d, a in schedule), Decimal(0)),
        instalments=schedule,
        guarantee=kw.pop("guarantee", ""),
        terms=kw.pop("terms", ""),
        mode=mode,
        actor=actor,
        **kw,
    )
