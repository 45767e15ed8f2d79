"""How the disposal pages show deadlines."""

from __future__ import annotations

import datetime as dt

from zhixing.cases.views.base import days_text


def due(day: dt.date | None, on: dt.date) -> dict:
    """A deadline as the pages show it: the day, "剩 N 天 / 今日到期 / 超期 N 天", overdue or not."""
    return {"on": day, "text": days_text(day, on), "overdue": day is not None and day < on}
