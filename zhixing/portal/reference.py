"""The reference SMS gateway (simulators/sms, a stand-in for 12368) as a child process on loopback, for
`zhixing simulators` and the demo: started with `python -m simulators.sms …`, its address read from its
READY line and its public key from GET /key, then registered (or updated) as the SmsGateway."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zhixing.inquiry.reference import Reference, Running, get_json, launch

from .actions import register_gateway

GATEWAY = Reference("SMS-12368", "12368 短信平台（参考网关）", "sms", "")


def start(data_dir: Path, trust: Path, ref: Reference = GATEWAY, wait: float = 30) -> Running:
    """Start the reference gateway with its data under `data_dir`, trusting the courts in `trust`."""
    data_dir.mkdir(parents=True, exist_ok=True)
    args = ["--code", ref.code, "--name", ref.name, "--data-dir", str(data_dir), "--trust", str(trust)]
    process, url = launch("simulators.sms", ref.code, args, wait)
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
