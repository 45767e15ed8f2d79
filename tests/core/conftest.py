"""Fixtures for the shared kernel's tests.

The calendar and the rule settings cache their tables per process and drop the cache on save; a
test's rollback sends no signal, so each test here starts and ends with empty caches, so that an
edited holiday cannot leak into the next test.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from zhixing.core import calendar, rulesettings


@pytest.fixture(autouse=True)
def _fresh_caches():
    calendar.clear_cache()
    rulesettings.clear_cache()
    yield
    calendar.clear_cache()
    rulesettings.clear_cache()


@pytest.fixture(scope="session")
def cli(tmp_path_factory):
    """Run the `zhixing` console script in another process, on a migrated SQLite database of its
    own (the test database is not visible to another process). Returns CompletedProcess."""
    path = tmp_path_factory.mktemp("zhixing-cli")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"ZHIXING_DATA_DIR": str(path)}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "zhixing.cli", *args], env=env, capture_output=True, text=True, timeout=120
        )

    run.db_path = path / "zhixing.sqlite3"  # type: ignore[attr-defined]
    migrated = run("migrate", "--skip-checks", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    return run
