"""The reference auction platforms (simulators/auction) as child processes on loopback, for
`zhixing simulators` and for anyone who needs them running — the shape of zhixing.credit.reference:
each is started with `python -m simulators.auction …`, its address read from its READY line and its
public key from GET /key, and it is then registered (or updated) as a Platform. They read the same
trust file of the courts' keys as the institutions and the agencies."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhixing.inquiry.reference import get_json, launch, start_each, stop_each

from .models import Platform


@dataclass(frozen=True)
class PlatformReference:
    code: str
    name: str


# Three platforms of the SPC's first list (rules §8.2, [S41]).
REFERENCE = [
    PlatformReference("TAOBAO", "淘宝网司法拍卖"),
    PlatformReference("JD", "京东拍卖"),
    PlatformReference("RMFYSSZC", "人民法院诉讼资产网"),
]


@dataclass
class Running:
    reference: PlatformReference
    process: subprocess.Popen
    url: str
    public_key: str


def start(
    ref: PlatformReference, data_dir: Path, trust: Path, extra: list[str] | None = None, wait: float = 30
) -> Running:
    """Start one reference platform (its data under data_dir/<code>) and wait for its READY line.
    `extra`: more arguments (--price-factor, --report-delay, --callback URL, --now ISO)."""
    folder = data_dir / ref.code
    folder.mkdir(parents=True, exist_ok=True)
    args = [
        "--code", ref.code, "--name", ref.name,
        "--data-dir", str(folder), "--trust", str(trust), *(extra or []),
    ]  # fmt: skip
    process, url = launch("simulators.auction", ref.code, args, wait)
    return Running(ref, process, url, get_json(f"{url}/key")["public_key"])


def register(running: Running, actor: Any) -> Platform:
    from .actions.platforms import register_platform

    ref = running.reference
    return register_platform(ref.code, ref.name, running.url, running.public_key, actor=actor)


def start_all(
    data_dir: Path,
    trust: Path,
    actor: Any,
    extra: list[str] | None = None,
    per_platform: dict[str, list[str]] | None = None,
) -> list[Running]:
    """Start and register every reference platform; the running ones (stop them with the others).
    `per_platform`: extra arguments for one platform by code. If one fails to start, those already
    started are stopped."""
    return start_each(
        REFERENCE,
        lambda ref: start(
            ref, data_dir, trust, [*(extra or []), *((per_platform or {}).get(ref.code) or [])]
        ),
        lambda r: register(r, actor),
    )


def stop_all(running: list[Running]) -> None:
    stop_each(running)
