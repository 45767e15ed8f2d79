"""The public pages' rate limit counts in a cache every server process shares, and a restart keeps it
(issue 8, Build 6): Django's database cache by default, with an increment that loses no count when
processes race (zhixing.core.cache)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

from zhixing.core.cache import TABLE, DatabaseCache

from . import procs


def _shared_cache() -> DatabaseCache:
    return DatabaseCache(TABLE, {})


@pytest.mark.django_db
def test_the_database_cache_counts_in_a_window_and_opens_a_new_one_when_it_ends(clock):
    cache = _shared_cache()
    with pytest.raises(ValueError):
        cache.incr("verify-rate:1.2.3.4")
    assert cache.add("verify-rate:1.2.3.4", 1, timeout=60)
    assert [cache.incr("verify-rate:1.2.3.4") for _ in range(3)] == [2, 3, 4]
    assert not cache.add("verify-rate:1.2.3.4", 1, timeout=60)  # the window is open: add loses
    clock.move_to(clock.today, hour=11)
    with pytest.raises(ValueError):  # the window ended
        cache.incr("verify-rate:1.2.3.4")
    assert cache.add("verify-rate:1.2.3.4", 1, timeout=60)  # exactly one process opens the next one
    assert cache.incr("verify-rate:1.2.3.4") == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's in-memory test database refuses concurrent connections (table is locked) instead of "
    "queueing them; the two-server test below races on a SQLite file",
)
@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # keeps the seeded rows and content types for the next test
def test_increments_racing_on_their_own_connections_are_all_counted():
    """Django's DatabaseCache.incr reads and writes back the sum, so racing increments lose counts."""
    cache = _shared_cache()
    cache.add("race", 0, timeout=600)
    threads, rounds = 4, 25
    failures: list[BaseException] = []

    def increment() -> None:
        try:
            for _ in range(rounds):
                cache.incr("race")
        except BaseException as e:  # pragma: no cover - reported below
            failures.append(e)
        finally:
            connection.close()

    workers = [threading.Thread(target=increment) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not failures
    assert cache.get("race") == threads * rounds
    cache.clear()


# --- two real server processes on one data folder ------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as res:
            return res.status
    except urllib.error.HTTPError as e:
        return e.code


def _serve(data_dir, port: int) -> subprocess.Popen:
    # The platform's own default cache: not the test suite's per-process one (PYTEST_VERSION).
    environ = procs.env(data_dir, ZHIXING_VERIFY_RATE_PER_MINUTE="4")
    environ = {k: v for k, v in environ.items() if k not in {"PYTEST_VERSION", "ZHIXING_CACHE_URL"}}
    server = subprocess.Popen(
        [sys.executable, "-m", "zhixing.cli", "serve", "--no-worker", "--workers", "1", "--port", str(port)],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"zhixing serve ended with {server.returncode}")
            time.sleep(0.25)
    _stop(server)
    pytest.fail("zhixing serve did not answer")


def _stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:  # pragma: no cover
        server.kill()
        server.wait()


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="starts servers with signals")
def test_two_server_processes_share_the_limit_and_a_restart_keeps_it(cli):
    data_dir = cli.db_path.parent
    ports = _free_port(), _free_port()
    first = _serve(data_dir, ports[0])
    try:
        second = _serve(data_dir, ports[1])
        try:
            urls = [f"http://127.0.0.1:{p}/verify/" for p in ports]
            answers = [_status(urls[i % 2]) for i in range(6)]  # alternately: 3 requests to each
            # The limit is 4 a minute: the 5th and 6th are refused, though each process saw only 3.
            assert answers == [200, 200, 200, 200, 429, 429]
        finally:
            _stop(second)
    finally:
        _stop(first)
    restarted = _serve(data_dir, ports[0])
    try:
        assert _status(urls[0]) == 429  # the window survives a restart
    finally:
        _stop(restarted)
