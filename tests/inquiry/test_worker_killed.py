"""Issue 10, "Must show": the process delivering a batch killed mid-way (SIGKILL) and the real worker
started after it (an institution killed and restarted is test_faults.py). Every instruction is
applied exactly once at every institution (their /state), none is lost, and every debtor's register
equals the holdings. All real processes on a SQLite file of their own: `zhixing simulators`,
`zhixing inquiry batch --wait` (killed), `zhixing worker` (finishes the batch: the killed process's
claimed rows once their lease ends)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .conftest import resident_id

DEBTORS = 60
SETUP = f"""
import datetime as dt, os
from decimal import Decimal
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhixing.settings")
import django
django.setup()
from zhixing.cases import actions as ca
from zhixing.cases.models import Party
from zhixing.core.actors import CLI
from zhixing.core.models import RuleSetting
from zhixing.courts import actions as co
high = co.create_court("冀", "河北省高级人民法院", actor=CLI)
court = co.create_court("冀96", "河北雄安新区中级人民法院", parent=high, actor=CLI)
# Two debtors a request: 30 requests to each of the 7 institutions, time enough to kill mid-way.
RuleSetting.objects.create(key="inquiry.chunk_size", effective_from=dt.date(2000, 1, 2), value=2)
for n, code in enumerate({[resident_id(n) for n in range(DEBTORS)]!r}):
    ca.file_case(
        court=court, type_code="执", filed_on=dt.date(2026, 3, 2), applied_amount=Decimal("50000.00"),
        parties=[ca.PartyInput(Party.APPLICANT, "王申请", "11010519491231002X"),
                 ca.PartyInput(Party.DEBTOR, f"被执行人{{n:03d}}", code)],
        cause="民间借贷纠纷", actor=CLI,
    )
"""
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _env(data_dir: Path) -> dict[str, str]:
    drop = {"DATABASE_URL", "ZHIXING_SECRET_KEY", "ZHIXING_DEBUG", "DJANGO_SETTINGS_MODULE"}
    return {k: v for k, v in os.environ.items() if k not in drop} | {"ZHIXING_DATA_DIR": str(data_dir)}


def _cli(data_dir: Path, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "zhixing.cli", *args], env=_env(data_dir), text=True, **kw
    )  # fmt: skip


def _query(db: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _post(url: str, payload: dict) -> dict:
    req = urllib.request.Request(url, json.dumps(payload).encode(), {"Content-Type": "application/json"})
    with _NO_PROXY.open(req, timeout=30) as response:
        return json.loads(response.read())


def _get(url: str) -> dict:
    with _NO_PROXY.open(url, timeout=30) as response:
        return json.loads(response.read())


def _wait_for(what, timeout: float, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = what()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("timed out")


def test_killed_delivery_and_institution_then_the_worker_finishes_exactly_once(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    db = data / "zhixing.sqlite3"
    assert _cli(data, "migrate", "--skip-checks", "-v0").wait(timeout=300) == 0
    made = subprocess.run([sys.executable, "-c", SETUP], env=_env(data), capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    sims = _cli(data, "simulators", "--delay-ms", "300", stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    procs = [sims]
    try:
        # The seven institutions registered with their addresses and keys.
        _wait_for(lambda: len(_query(db, "SELECT code FROM inquiry_institution WHERE url != ''")) == 7, 60)
        urls = dict(_query(db, "SELECT code, url FROM inquiry_institution"))

        first = _cli(data, "inquiry", "batch", "--court", "冀96", "--wait", stdout=subprocess.DEVNULL)
        procs.append(first)
        answered = "SELECT count(*) FROM inquiry_inquiryrequest WHERE status = 'answered'"
        _wait_for(lambda: _query(db, answered)[0][0] >= 20, 120, 0.05)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
        total = _query(db, "SELECT count(*) FROM inquiry_inquiryrequest")[0][0]
        assert total == 7 * DEBTORS // 2
        assert _query(db, answered)[0][0] < total, "the batch finished before it could be killed"

        worker = _cli(data, "worker", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(worker)
        status = "SELECT status FROM inquiry_inquirybatch"
        _wait_for(lambda: _query(db, status)[0][0] in ("done", "partial"), 240, 1)
        assert _query(db, status)[0][0] == "done"
        assert _query(db, "SELECT count(*) FROM inquiry_inquiryrequest WHERE status != 'answered'") == [(0,)]

        # Exactly once at every institution, and the register equals what each holds.
        keys = {code: set() for code in urls}
        for code, key in _query(db, "SELECT i.code, r.key FROM inquiry_inquiryrequest r"
                                    " JOIN inquiry_institution i ON i.id = r.institution_id"):  # fmt: skip
            keys[code].add(key)
        ids = [resident_id(n) for n in range(DEBTORS)]
        for code, url in urls.items():
            state = _get(url + "/state")
            assert set(state["applied"]) == keys[code], code
            assert set(state["applied"].values()) == {1}, code
            held = _post(url + "/v1/holdings", {"id_codes": ids})["holdings"]
            expected = {a["asset_id"] for assets in held.values() for a in assets}
            got = {
                a
                for (a,) in _query(
                    db,
                    "SELECT a.asset_id FROM inquiry_asset a JOIN inquiry_institution i"
                    f" ON i.id = a.institution_id WHERE i.code = '{code}'",
                )
            }
            assert got == expected, code
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGINT)
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    p.kill()
