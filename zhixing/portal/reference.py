"""The reference SMS gateway (simulators/sms, a stand-in for 12368) as a child process on loopback, for
`zhixing simulators` and the demo: started with `python -m simulators.sms …`, its address read from its
READY line and its public key from GET /key, then registered (or updated) as the SmsGateway."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from zhixing.inquiry.reference import Reference, Running, get_json

from .actions import register_gateway

GATEWAY = Reference("SMS-12368", "12368 短信平台（参考网关）", "sms", "")


def start(data_dir: Path, trust: Path, ref: Reference = GATEWAY, wait: float = 30) -> Running:
    """Start the reference gateway with its data under `data_dir`, trusting the courts in `trust`."""
    data_dir.mkdir(parents=True, exist_ok=True)
    argv = [
        sys.executable, "-m", "simulators.sms", "--code", ref.code, "--name", ref.name,
        "--port", "0", "--data-dir", str(data_dir), "--trust", str(trust), "--exit-with-parent",
    ]  # fmt: skip
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(argv, cwd=root, stdout=subprocess.PIPE, text=True, encoding="utf-8")
    assert process.stdout is not None
    url = ""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith("READY "):
            url = line.split(None, 1)[1].strip()
            break
    if not url:
        process.kill()
        raise RuntimeError(f"{ref.code} did not start")
    threading.Thread(target=lambda: [None for _ in process.stdout or []], daemon=True).start()
    return Running(ref, process, url, get_json(f"{url}/key")["public_key"])


def register(running: Running, actor: Any):
    ref = running.reference
    return register_gateway(ref.code, ref.name, running.url, running.public_key, actor=actor)


def start_for_simulators(folder: Path, trust: Path, actor: Any) -> list[Running]:
    """`zhixing simulators`' hook (PortalConfig.start_simulators): the gateway under <folder>/sms,
    registered as the active SMS gateway."""
    running = start(folder / "sms", trust)
    register(running, actor)
    return [running]
