"""Run the platform's settings and the `zhixing` command in another process, as a server starting
would, with an environment of the test's choosing (no DATABASE_URL; SQLite in the given data folder)."""

from __future__ import annotations

import os
import subprocess
import sys


def env(data_dir, **extra: str) -> dict[str, str]:
    drop = {"DATABASE_URL", "ZHIXING_SECRET_KEY", "ZHIXING_DEBUG", "ZHIXING_HTTPS", "DJANGO_SETTINGS_MODULE"}
    kept = {k: v for k, v in os.environ.items() if k not in drop}
    return kept | {"ZHIXING_DATA_DIR": str(data_dir)} | extra


def settings_of(data_dir, *names: str, **environ: str) -> list[str]:
    """repr() of the named settings as another process sees them."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'zhixing.settings'; django.setup(); "
        "from django.conf import settings; "
        f"print(*(repr(getattr(settings, n, None)) for n in {names!r}), sep='\\n')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env(data_dir, **environ), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def zhixing(data_dir, *args: str, **environ: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zhixing.cli", *args],
        env=env(data_dir, **environ),
        capture_output=True,
        text=True,
        timeout=120,
    )
