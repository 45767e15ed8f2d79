"""The public search's rate limit holds across server processes (issue 11 item 4, Must show): two real
`zhixing serve` processes on one data folder (one SQLite database, the platform's database cache of
zhixing.core.cache), asked alternately, page and API mixed, refuse with 429 as soon as the client's
requests together pass the limit, though each process alone has seen about half of them."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.core import procs

from .public_entries import ZHANG_ID

pytestmark = pytest.mark.skipif(os.name != "posix", reason="starts servers with signals")
LIMIT = 30  # public_views.RATE_DEFAULT; the setting is left unset, as a fresh install has it

SEED = f"""
import datetime as dt, os
os.environ["DJANGO_SETTINGS_MODULE"] = "zhixing.settings"
import django; django.setup()
from zhixing.credit.actions import public
public.put("dishonest", "listing:1", name="张三丰", id_code="{ZHANG_ID}", court_id=None,
           published_on=dt.date(2026, 11, 20),
           record={{"name": "张三丰", "id_code_masked": "{ZHANG_ID[:6]}********{ZHANG_ID[-4:]}"}})
"""


def _env(data_dir) -> dict[str, str]:
    # The platform's own default cache (the database), not the test suite's per-process one.
    environ = procs.env(data_dir)
    return {k: v for k, v in environ.items() if k not in {"PYTEST_VERSION", "ZHIXING_CACHE_URL",
                                                          "ZHIXING_PUBLIC_RATE_PER_MINUTE"}}  # fmt: skip


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("public-rate")
    env = _env(path)
    done = subprocess.run([sys.executable, "-m", "zhixing.cli", "migrate", "--skip-checks", "-v0"],
                          env=env, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    seeded = subprocess.run(
        [sys.executable, "-c", SEED], env=env, capture_output=True, text=True, timeout=120
    )
    assert seeded.returncode == 0, seeded.stderr
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(data_dir, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "zhixing.cli", "serve", "--no-worker", "--workers", "1", "--port", str(port)],
        env=_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(240):
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


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as res:
            return res.status, res.headers.get("Content-Type", ""), res.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode()


def test_two_server_processes_share_the_public_search_limit(data_dir):
    ports = _free_port(), _free_port()
    servers = [_serve(data_dir, ports[0])]
    try:
        servers.append(_serve(data_dir, ports[1]))
        query = urllib.parse.urlencode({"name": "张三丰"})
        urls = [
            f"http://127.0.0.1:{ports[0]}/public/?{query}",
            f"http://127.0.0.1:{ports[1]}/api/v1/public/dishonest/?{query}",
            f"http://127.0.0.1:{ports[1]}/public/?{query}",
            f"http://127.0.0.1:{ports[0]}/api/v1/public/dishonest/?{query}",
        ]
        answers = []
        for i in range(LIMIT + 4):
            status, content_type, body = _get(urls[i % 4])
            answers.append(status)
            if status == 200:
                assert "********" in body and ZHANG_ID not in body
        # Alternately: each process saw about half the requests, yet the (LIMIT + 1)th is refused.
        assert answers == [200] * LIMIT + [429] * 4, answers
        status, content_type, body = _get(urls[1])  # the API refuses in JSON, in Chinese
        assert status == 429 and content_type.startswith("application/json")
        assert "频繁" in json.loads(body)["detail"]
        status, content_type, body = _get(urls[0])  # the page in plain Chinese text
        assert status == 429 and "一分钟" in body
    finally:
        for server in servers:
            _stop(server)
