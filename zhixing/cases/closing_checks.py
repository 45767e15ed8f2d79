"""What apps built on cases add to the closing gate.

`cases` knows nothing of the apps above it (ARCHITECTURE "Layout"), yet some of them know why a case
may not close yet: disposal knows that seized property is still being sold, which 终本 must wait for
(addendum §2.2: property "cannot be disposed of" only once auction and sale failed and the applicant
refused it in payment). Such an app registers a check here from its AppConfig.ready(): a function
(case, method, closed_on) -> list of reasons in Chinese, asked by closing_blockers after its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Check = Callable[[object, str, dt.date], list[str]]
_checks: list[tuple[str, Check]] = []


def register(name: str, check: Check) -> None:
    if name not in {n for n, _c in _checks}:
        _checks.append((name, check))


def problems(case: object, method: str, closed_on: dt.date) -> list[str]:
    return [p for _n, check in _checks for p in check(case, method, closed_on)]
