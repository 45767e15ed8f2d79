"""The named cast of users per role and court (ARCHITECTURE "Habits"), built once per test.

Courts: 河北省高级人民法院 (冀) above 河北雄安新区中级人民法院 (冀96) above 雄县人民法院 (冀9601);
石家庄市中级人民法院 (冀01) is another court whose staff must see nothing of 冀96's cases.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import settings as hypothesis_settings

from zhixing.cases import actions as case_actions
from zhixing.cases.models import Party
from zhixing.core.actors import CLI
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as r

# Hypothesis's per-example deadline (200 ms) measures the machine as much as the code: on a shared
# 2-core CI box a GC pause fails a correct parser. Speed is measured in benchmarks/, not here.
hypothesis_settings.register_profile("zhixing", deadline=None)
hypothesis_settings.load_profile("zhixing")


# --- Files stay in the session's own folder ------------------------------------------------------
@pytest.fixture(autouse=True, scope="session")
def data_dir(tmp_path_factory):
    """What the platform keeps under DATA_DIR while tests run (court keys, snapshots, the reference
    institutions' folders of a demo) goes to a folder of this session (of this worker under xdist),
    never to ./var, which a developer's `make run` uses and parallel sessions would share."""
    from django.conf import settings

    before = settings.DATA_DIR, settings.MEDIA_ROOT
    path = tmp_path_factory.mktemp("data")
    settings.DATA_DIR, settings.MEDIA_ROOT = path, path / "files"
    yield path
    settings.DATA_DIR, settings.MEDIA_ROOT = before


# --- Today is fixed: no test reads the wall clock --------------------------------------------------
# Every test runs on TODAY (10:00 in Asia/Shanghai, the clock ticking from there), so the suite gives
# the same answer whatever day it runs. ZHIXING_TEST_TODAY moves it, e.g. into a year the holiday table
# does not cover (`ZHIXING_TEST_TODAY=2027-03-15 make test`); the suite must pass there too.
TODAY = dt.date.fromisoformat(os.environ.get("ZHIXING_TEST_TODAY", "2026-12-01"))
SHANGHAI = ZoneInfo("Asia/Shanghai")


def moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


def on_today() -> time_machine.travel:
    """The clock at the suite's today, for fixtures wider than one test (module-scoped data)."""
    return time_machine.travel(moment(TODAY), tick=True)


@pytest.fixture(autouse=True)
def clock():
    """The suite's one "today". `clock.today` is the fixed date; `clock.move_to(date)` moves it for the
    rest of the test (for a flow that crosses a deadline or a year end)."""
    with on_today() as traveller:

        def move_to(day: dt.date, hour: int = 10) -> None:
            traveller.move_to(moment(day, hour))
            state.today = day

        state = SimpleNamespace(today=TODAY, move_to=move_to)
        yield state


@pytest.fixture(autouse=True)
def _fresh_caches():
    # The calendar, rule settings and node catalogue are cached per process; a test that edits them
    # and rolls back must not leave its version behind for the next test.
    from zhixing.cases import catalogue
    from zhixing.core import calendar, rulesettings

    calendar.clear_cache()
    rulesettings.clear_cache()
    catalogue.clear_cache()
    yield
    calendar.clear_cache()
    rulesettings.clear_cache()
    catalogue.clear_cache()


@pytest.fixture
def steady_caches(monkeypatch):
    """The per-process caches look at their stamp every CHECK_SECONDS of real time (core.stamps): on a
    loaded machine two requests a query-count test compares can straddle one, adding a read that has
    nothing to do with the rows. A test that counts queries holds the check off."""
    from zhixing.core import stamps

    monkeypatch.setattr(stamps, "CHECK_SECONDS", 3600.0)


@pytest.fixture(autouse=True)
def _fresh_rate_window():
    # The public pages' rate limits count in the cache: one test's requests must not use up the next's.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness costs seconds per test that creates the cast; tests do not need it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def courts(db):
    high = court_actions.create_court("冀", "河北省高级人民法院", actor=CLI)
    xiongan = court_actions.create_court("冀96", "河北雄安新区中级人民法院", parent=high, actor=CLI)
    xiongxian = court_actions.create_court("冀9601", "雄县人民法院", parent=xiongan, actor=CLI)
    shijiazhuang = court_actions.create_court("冀01", "石家庄市中级人民法院", parent=high, actor=CLI)
    return SimpleNamespace(high=high, xiongan=xiongan, xiongxian=xiongxian, shijiazhuang=shijiazhuang)


@pytest.fixture
def cast(courts):
    mk = functools.partial(court_actions.create_user, actor=CLI)
    return SimpleNamespace(
        officer=mk("zhang", "张执行", "pw-zhang", courts.xiongan, [r.OFFICER]),
        officer2=mk("chen", "陈执行", "pw-chen", courts.xiongan, [r.OFFICER]),
        judge=mk("li", "李法官", "pw-li", courts.xiongan, [r.JUDGE]),
        clerk=mk("sun", "孙立案", "pw-sun", courts.xiongan, [r.CLERK]),
        command=mk("wang", "王指挥", "pw-wang", courts.high, [r.COMMAND]),
        finance=mk("zhao", "赵财务", "pw-zhao", courts.xiongan, [r.FINANCE]),
        president=mk("liu", "刘院长", "pw-liu", courts.xiongan, [r.LEADER]),
        admin=mk("zhou", "周管理", "pw-zhou", courts.high, [r.ADMIN]),
        outsider=mk("qian", "钱外院", "pw-qian", courts.shijiazhuang, [r.OFFICER, r.JUDGE]),
    )


APPLICANT_ID = "11010519491231002X"  # rules §13.1 textbook sample
DEBTOR_UNIT_ID = "91330109699830509X"  # rules §13.2 sample


@pytest.fixture
def file_case(courts, cast):
    """File a first-enforcement case in 冀96 with the officer as handler; keyword arguments override."""

    def _file(**kw):
        args = dict(
            court=courts.xiongan,
            type_code="执",
            filed_on=dt.date(2026, 3, 2),
            applied_amount=Decimal("50000.00"),
            parties=[
                case_actions.PartyInput(Party.APPLICANT, "王申请", APPLICANT_ID),
                case_actions.PartyInput(Party.DEBTOR, "雄安某建设有限公司", DEBTOR_UNIT_ID),
            ],
            cause="追索劳动报酬纠纷",
            handler=cast.officer,
            actor=cast.clerk,
        )
        args.update(kw)
        return case_actions.file_case(**args)

    return _file


# --- Tests that need a service: PostgreSQL (`postgres`), Debian's Chromium (`browser`), Java (`spark`) --
# They skip where the service is missing, so a developer's `pytest` passes on a bare machine; CI sets
# ZHIXING_REQUIRE_PG=1, ZHIXING_REQUIRE_BROWSER=1 and ZHIXING_REQUIRE_SPARK=1 so that a missing
# service fails instead of quietly passing.

CHROMIUM = "/usr/bin/chromium"
_SERVICE_FOLDERS = {
    "postgres": "postgres",
    "browser": "browser",
    "spark": "spark",
}  # tests/<folder>/ -> marker
# Run in the first (SQLite) pass only, like the browser tests (marker `once`): every app's demo test
# (the demo is what `make run` builds, on SQLite) and the server-process tests (gunicorn and the worker
# started and stopped). The PostgreSQL pass leaves them out: they cost minutes and test nothing there
# the rest of that pass does not.
_ONCE_FILES = {"test_demo.py", "core/test_serve.py"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """A test under tests/postgres/ or tests/browser/ carries that marker even if its file forgot it,
    so `-m "not browser"` and `-m "not postgres"` never run one on the wrong pass."""
    from pathlib import Path

    here = Path(__file__).parent
    for item in items:
        try:
            folder = Path(item.path).relative_to(here).parts[0]
        except ValueError:
            continue
        marker = _SERVICE_FOLDERS.get(folder)
        if marker and item.get_closest_marker(marker) is None:
            item.add_marker(marker)
        if Path(item.path).name in _ONCE_FILES or Path(item.path).relative_to(here).as_posix() in _ONCE_FILES:
            item.add_marker("once")


def _service_missing(env: str, why: str) -> None:
    import os

    if os.environ.get(env) == "1":
        pytest.fail(f"{why} ({env}=1)", pytrace=False)
    pytest.skip(why)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    import os

    if item.get_closest_marker("postgres") is not None:
        from django.db import connection

        if connection.vendor != "postgresql":
            _service_missing("ZHIXING_REQUIRE_PG", "needs PostgreSQL: set DATABASE_URL (make pg)")
    if item.get_closest_marker("browser") is not None and not os.path.exists(CHROMIUM):
        _service_missing("ZHIXING_REQUIRE_BROWSER", f"needs Debian's Chromium at {CHROMIUM}")
    if item.get_closest_marker("spark") is not None and not _java():
        _service_missing("ZHIXING_REQUIRE_SPARK", "needs Java 17 for PySpark (openjdk-17-jre-headless)")


def _java() -> bool:
    import os
    import shutil

    return bool(os.environ.get("JAVA_HOME") or shutil.which("java"))
