"""The reference institutions (simulators/institutions, PROTOCOL.md) as child processes on loopback,
for `zhixing simulators` and for anyone who needs them running: each is started with
`python -m simulators.institutions …`, its address read from its READY line and its public key from
GET /key, and it is then registered (or updated) as an Institution."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import rules
from .models import Institution

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class Reference:
    code: str
    name: str
    kind: str
    link: str
    province: str = ""
    deduct: bool = False


# At least two national banks, a provincial point-to-point bank, Xiong'an's real-estate registry and
# housing provident fund centre (both point-to-point, as the court report describes), vehicle
# management and the securities depository (national).
REFERENCE = [
    Reference("ICBC", "中国工商银行", rules.BANK, Institution.NATIONAL, deduct=True),
    Reference("CCB", "中国建设银行", rules.BANK, Institution.NATIONAL, deduct=True),
    Reference("HEBBANK", "河北银行", rules.BANK, Institution.PROVINCIAL, "冀", deduct=True),
    Reference("XAREG", "雄安新区不动产登记中心", rules.REAL_ESTATE, Institution.PROVINCIAL, "冀"),
    Reference(
        "XAHPF", "雄安新区住房公积金管理中心", rules.PROVIDENT_FUND, Institution.PROVINCIAL, "冀", deduct=True
    ),
    Reference("MPSVEH", "公安部交通管理局", rules.VEHICLE, Institution.NATIONAL),
    Reference("CSDC", "中国证券登记结算有限责任公司", rules.SECURITIES, Institution.NATIONAL),
]


@dataclass
class Running:
    reference: Reference
    process: subprocess.Popen
    url: str
    public_key: str


def get_json(url: str, timeout: float = 10) -> Any:
    with _NO_PROXY.open(urllib.request.Request(url, method="GET"), timeout=timeout) as response:
        return json.loads(response.read())


def launch(module: str, code: str, args: list[str], wait: float = 30) -> tuple[subprocess.Popen, str]:
    """Start `python -m <module> <args>` from the repository root, wait for its `READY <url>` line and
    keep draining its output (a full pipe would block it); the process and its address. The reference
    institutions, agencies and SMS gateway all start this way."""
    argv = [sys.executable, "-m", module, "--port", "0", "--exit-with-parent", *args]
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(argv, cwd=root, stdout=subprocess.PIPE, text=True, encoding="utf-8")
    url = ""
    deadline = time.monotonic() + wait
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith("READY "):
            url = line.split(None, 1)[1].strip().rstrip("/")
            break
    if not url:
        process.kill()
        raise RuntimeError(f"{code} did not start")
    threading.Thread(target=lambda: [None for _ in process.stdout or []], daemon=True).start()
    return process, url


def start(
    ref: Reference, data_dir: Path, trust: Path, extra: list[str] | None = None, wait: float = 30
) -> Running:
    """Start one reference institution and wait for its READY line."""
    folder = data_dir / ref.code
    folder.mkdir(parents=True, exist_ok=True)
    args = [
        "--kind", ref.kind, "--code", ref.code, "--name", ref.name,
        "--data-dir", str(folder), "--trust", str(trust), *(extra or []),
    ]  # fmt: skip
    process, url = launch("simulators.institutions", ref.code, args, wait)
    return Running(ref, process, url, get_json(f"{url}/key")["public_key"])


def register(running: Running, actor: Any) -> Institution:
    from .actions import register_institution

    ref = running.reference
    return register_institution(
        ref.code,
        ref.name,
        ref.kind,
        running.url,
        running.public_key,
        actor=actor,
        link=ref.link,
        province=ref.province,
        supports={"query": True, "freeze": True, "renew": True, "release": True, "deduct": ref.deduct},
    )


def start_bank(wait: float = 20) -> Running | None:
    """The funds reference bank (simulators/bank), when the platform has a bank secret configured
    (ZHIXING_BANK_SECRET): it notifies the platform at ZHIXING_PUBLIC_URL (default the local server)
    and holds every court's pooled account. None when not configured."""
    from django.conf import settings

    from zhixing.funds.models import PooledAccount

    secret = getattr(settings, "ZHIXING_BANK_SECRET", "") or ""
    if not secret:
        return None
    base = (getattr(settings, "ZHIXING_PUBLIC_URL", "") or "http://127.0.0.1:8000").rstrip("/")
    pooled = list(PooledAccount.objects.values_list("account_number", flat=True))
    argv = [
        sys.executable,
        "-m",
        "simulators.bank",
        "--secret",
        secret,
        "--notify-url",
        f"{base}/api/v1/funds/notifications/",
    ]
    if pooled:
        argv += ["--pooled", *pooled]
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(argv, cwd=root, stdout=subprocess.PIPE, text=True, encoding="utf-8")
    assert process.stdout is not None
    deadline = time.monotonic() + wait
    url = ""
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith("listening on "):
            url = line.removeprefix("listening on ").strip()
            break
    if not url:
        process.kill()
        return None
    threading.Thread(target=lambda: [None for _ in process.stdout or []], daemon=True).start()
    ref = Reference("BANK", "案款参考银行", rules.BANK, Institution.NATIONAL)
    return Running(ref, process, url, "")


def start_each(refs: Any, start_one: Any, register_one: Any) -> list:
    """Start and register each reference counterpart in turn (the credit agencies, the auction
    platforms, the police bureau …): `start_one(ref)` returns a running one with a `.process`,
    `register_one(running)` records it. If one fails to start, those already started are stopped."""
    running: list = []
    try:
        for ref in refs:
            r = start_one(ref)
            running.append(r)
            register_one(r)
    except BaseException:
        for r in running:
            r.process.kill()
        raise
    return running


def stop_each(running: Any) -> None:
    """Stop running counterparts: ask each to end, then wait for it (killed after 10 seconds)."""
    for r in running:
        if r.process.poll() is None:
            r.process.terminate()
    for r in running:
        try:
            r.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            r.process.kill()
