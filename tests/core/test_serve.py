"""`zhixing serve` (issue 7, Build 7): gunicorn with DEBUG off, static files through WhiteNoise, the
worker beside it running the periodic scans from the start, and a secret key generated into the data
folder when ZHIXING_SECRET_KEY is unset (security: the server started on the public default key)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from zhixing.core import secretkey
from zhixing.core.models import PeriodicJob
from zhixing.core.periodic import enqueue_due_jobs, make_all_due

from . import procs
from .procs import settings_of

# --- secret key and DEBUG ----------------------------------------------------------------------------


def test_without_a_key_one_is_generated_into_the_data_folder_and_kept(tmp_path):
    first = settings_of(tmp_path, "SECRET_KEY", "DEBUG")
    stored = tmp_path / "secret_key"
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert first == [repr(stored.read_text().strip()), "False"]  # DEBUG is off unless asked for
    assert secretkey.is_strong(stored.read_text().strip())
    assert settings_of(tmp_path, "SECRET_KEY") == first[:1]  # the next start reads the same key
    assert settings_of(tmp_path, "SECRET_KEY", ZHIXING_SECRET_KEY="k" * 60) == [repr("k" * 60)]


def test_processes_starting_together_share_one_key(tmp_path):
    keys = {secretkey.load_or_create(tmp_path / "secret_key") for _ in range(3)}
    assert len(keys) == 1 and not list(tmp_path.glob(".secret_key.*"))  # no temporary file left


def test_serve_refuses_a_weak_key_in_production(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "dev-only-insecure-key-change-me"
    with pytest.raises(CommandError, match="ZHIXING_SECRET_KEY"):
        call_command("serve", "--port", "1")


# --- the worker runs the periodic scans at start-up ---------------------------------------------------


@pytest.mark.django_db
def test_a_starting_worker_runs_the_overdue_scan_at_once():
    now = timezone.now()
    assert "scan_overdue_nodes" in enqueue_due_jobs(now)  # the last run, by an earlier worker
    restart = now + dt.timedelta(seconds=30)
    assert enqueue_due_jobs(restart) == []  # not due for the hour (nor the minutely payout delivery)
    make_all_due(restart)  # what a starting worker does first
    assert "scan_overdue_nodes" in enqueue_due_jobs(restart)
    assert PeriodicJob.objects.get(name="scan_overdue_nodes").next_run_at == restart + dt.timedelta(hours=1)


# --- serving ------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as res:
            return res.status, dict(res.headers), res.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except FileNotFoundError:
        return []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="reads the process tree from /proc")
def test_serve_runs_gunicorn_with_static_files_and_the_worker_and_stops_both(cli):
    data_dir = cli.db_path.parent
    with sqlite3.connect(cli.db_path) as db:  # the scan ran a moment ago: next run "in an hour"
        db.execute("DELETE FROM core_periodicjob")
        db.execute(
            "INSERT INTO core_periodicjob (name, interval_seconds, next_run_at) "
            "VALUES ('scan_overdue_nodes', 3600, '2999-01-01 00:00:00')"
        )
        db.execute("DELETE FROM django_tasks_database_dbtaskresult")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "zhixing.cli", "serve", "--port", str(port), "--workers", "1"],
        env=procs.env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                status, headers, page = _get(f"{base}/accounts/login/")
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("zhixing serve did not answer")
        assert status == 200 and "工作人员登录" in page
        assert "gunicorn" in headers.get("Server", "")
        assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
        status, headers, css = _get(f"{base}/static/zhixing.css")  # WhiteNoise, DEBUG off
        assert status == 200 and headers["Content-Type"].startswith("text/css") and css
        assert _get(f"{base}/static/admin/css/base.css")[0] == 200  # Django's own, collected too
        status, _headers, page = _get(f"{base}/no-such-page/")
        assert status == 404 and "页面不存在" in page and "Page not found" not in page

        for _ in range(60):  # the worker started beside the server runs the scan at once
            with sqlite3.connect(cli.db_path) as db:
                done = db.execute(
                    "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path LIKE ?",
                    ("%scan_overdue_nodes",),
                ).fetchall()
            if ("SUCCESSFUL",) in done:
                break
            time.sleep(0.5)
        else:
            pytest.fail(f"no overdue scan ran: {done}")

        children = _children(server.pid)
        commands = [open(f"/proc/{pid}/cmdline").read().replace("\0", " ") for pid in children]
        assert any("gunicorn" in c for c in commands) and any("zhixing.cli worker" in c for c in commands)
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl-C
        out, _err = server.communicate(timeout=60)
    assert server.returncode == 0, out
    assert not [pid for pid in children if _alive(pid)]


# --- the demo's reference institutions beside the platform (make run) --------------------------------


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        for child in _children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="reads the process tree from /proc")
def test_serve_with_simulators_registers_the_reference_institutions_and_stops_them(cli):
    data_dir = cli.db_path.parent
    with sqlite3.connect(cli.db_path) as db:  # as a finished demo leaves them: addresses long gone
        db.execute("DELETE FROM inquiry_institution")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "zhixing.cli", "serve", "--port", str(port), "--workers", "1"]
        + ["--no-worker", "--simulators"],
        env=procs.env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    family: list[int] = []
    rows: list = []
    try:
        for _ in range(120):
            with sqlite3.connect(cli.db_path) as db:
                rows = db.execute("SELECT code, url, public_key FROM inquiry_institution").fetchall()
            if len(rows) == 7:
                break
            time.sleep(0.5)
        else:
            pytest.fail(f"the reference institutions were not registered: {rows}")
        for code, url, key in rows:  # registered under the addresses they answer at, with their keys
            status, _headers, body = _get(f"{url}/key")
            assert status == 200 and key in body, code
        family = _descendants(server.pid)
        commands = [open(f"/proc/{pid}/cmdline").read().replace("\0", " ") for pid in family]
        assert any("zhixing.cli simulators" in c for c in commands)
        assert sum("simulators.institutions" in c for c in commands) == 7
        assert not any("zhixing.cli worker" in c for c in commands)
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl-C
        out, _err = server.communicate(timeout=60)
    assert server.returncode == 0, out
    for _ in range(20):  # the institutions stop with the simulators command that started them
        if not [pid for pid in family if _alive(pid)]:
            break
        time.sleep(0.25)
    assert not [pid for pid in family if _alive(pid)]
    with pytest.raises(OSError):
        _get(f"{rows[0][1]}/key")


def test_serve_refuses_simulators_with_the_development_server():
    with pytest.raises(CommandError, match="--simulators"):
        call_command("serve", "--dev", "--simulators")
