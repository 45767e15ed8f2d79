"""The reference police bureau and border administration (simulators/police) as child processes on
loopback, for `zhixing simulators` and for anyone who needs them running — the shape of
zhixing.disposal.reference: each is started with `python -m simulators.police …`, its address read from
its READY line and its public key from GET /key, and it is then registered (or updated) as an Agency.
They read the same trust file of the courts' keys as the institutions."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhixing.inquiry.reference import get_json, launch, start_each, stop_each

from .models import Agency


@dataclass(frozen=True)
class AgencyReference:
    code: str
    name: str
    kind: str


# The bureau the Xiong'an court refers refusals to, and the exit-and-entry administration of the area
# (rules §10.3, §6.16).
REFERENCE = [
    AgencyReference("XAPSB", "雄安新区公安局", Agency.POLICE),
    AgencyReference("XABORDER", "雄安新区公安局出入境管理支队", Agency.BORDER),
]


@dataclass
class Running:
    reference: AgencyReference
    process: subprocess.Popen
    url: str
    public_key: str


def start(
    ref: AgencyReference, data_dir: Path, trust: Path, extra: list[str] | None = None, wait: float = 30
) -> Running:
    """Start one reference agency (its data under data_dir/<code>) and wait for its READY line.
    `extra`: more arguments (--callback URL, --fail-rate p, --now UNIX)."""
    folder = data_dir / ref.code
    folder.mkdir(parents=True, exist_ok=True)
    args = [
        "--kind", ref.kind, "--code", ref.code, "--name", ref.name,
        "--data-dir", str(folder), "--trust", str(trust), *(extra or []),
    ]  # fmt: skip
    process, url = launch("simulators.police", ref.code, args, wait)
    return Running(ref, process, url, get_json(f"{url}/key")["public_key"])


def register(running: Running, actor: Any) -> Agency:
    from .actions.agencies import register_agency

    ref = running.reference
    return register_agency(ref.code, ref.name, ref.kind, running.url, running.public_key, actor=actor)


def start_all(data_dir: Path, trust: Path, actor: Any, extra: list[str] | None = None) -> list[Running]:
    """Start and register both reference agencies; the running ones (stop them with stop_all). If one
    fails to start, those already started are stopped."""
    return start_each(REFERENCE, lambda ref: start(ref, data_dir, trust, extra), lambda r: register(r, actor))


def stop_all(running: list[Running]) -> None:
    stop_each(running)
