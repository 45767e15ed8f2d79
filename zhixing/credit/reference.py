"""The reference credit agencies (simulators/agencies) as child processes on loopback, for
`zhixing simulators` and for anyone who needs them running — the shape of zhixing.inquiry.reference:
each is started with `python -m simulators.agencies …`, its address read from its READY line and its
public key from GET /key, and it is then registered (or updated) as an Agency subscribing to listings,
changes and removals. They read the same trust file of the courts' keys as the institutions."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhixing.inquiry.reference import get_json, launch, start_each

from .models import Agency


@dataclass(frozen=True)
class AgencyReference:
    code: str
    name: str
    kind: str


# One agency of each kind the reference agency speaks for (rules §7.1.8; addendum §3.7).
REFERENCE = [
    AgencyReference("CREDIT-HE", "河北省社会信用信息中心", "credit_office"),
    AgencyReference("PBC-CRC", "中国人民银行征信中心", "credit_reporting"),
    AgencyReference("CAAC-TKT", "中国民航信息网络股份有限公司", "airline"),
    AgencyReference("CR-12306", "中国铁路客户服务中心", "rail"),
    AgencyReference("SAMR-HE", "河北省市场监督管理局", "market_regulator"),
    AgencyReference("HUKOU-HE", "河北省公安厅户政管理总队", "household_registration"),
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
    """Start one reference agency (its data under data_dir/<code>) and wait for its READY line."""
    folder = data_dir / ref.code
    folder.mkdir(parents=True, exist_ok=True)
    args = [
        "--kind", ref.kind, "--code", ref.code, "--name", ref.name,
        "--data-dir", str(folder), "--trust", str(trust), *(extra or []),
    ]  # fmt: skip
    process, url = launch("simulators.agencies", ref.code, args, wait)
    return Running(ref, process, url, get_json(f"{url}/key")["public_key"])


def register(running: Running, actor: Any) -> Agency:
    from .actions.pushes import register_agency

    ref = running.reference
    return register_agency(ref.code, ref.name, ref.kind, running.url, running.public_key, actor=actor)


def start_all(data_dir: Path, trust: Path, actor: Any, extra: list[str] | None = None) -> list[Running]:
    """Start and register every reference agency; the running ones (stop them with the others).
    If one fails to start, those already started are stopped."""
    return start_each(REFERENCE, lambda ref: start(ref, data_dir, trust, extra), lambda r: register(r, actor))
