"""A legal date is the court's local date (Asia/Shanghai, settings.TIME_ZONE): `timezone.localdate()`, or
`cases.actions.common.today()` for cases. `date.today()` and a bare `datetime.now()` read the server's
own zone, which on a UTC host is still yesterday until 08:00 in China. This test reads the source."""

from __future__ import annotations

import re
from pathlib import Path

import zhixing

ROOT = Path(zhixing.__file__).parent

# date.today(), datetime.today(), datetime.utcnow(), and datetime.now() with no zone argument.
WALL_CLOCK = re.compile(r"\bdate\.today\(|\bdatetime\.today\(|\butcnow\(|\bdatetime\.now\(\s*\)")


def offenders() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            if WALL_CLOCK.search(code):
                found.append(f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}")
    return found


def test_the_pattern_catches_the_server_clock_and_spares_the_local_date():
    for bad in ("on = on or dt.date.today()", "date.today()", "dt.datetime.now()", "datetime.now( )",
                "datetime.datetime.today()", "dt.datetime.utcnow()"):  # fmt: skip
        assert WALL_CLOCK.search(bad), bad
    for good in ("timezone.localdate()", "timezone.now()", "dt.datetime.now(dt.UTC)",
                 "datetime.now(tz=ZoneInfo('Asia/Shanghai'))", "today()"):  # fmt: skip
        assert not WALL_CLOCK.search(good), good


def test_no_code_reads_the_date_of_the_servers_zone():
    assert offenders() == []
