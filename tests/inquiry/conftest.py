"""The inquiry tests' world: the five kinds of reference institution as real processes
(tests/simulators/institution_fixture.py), the court's signing key under a temporary data folder,
fast retries, and cases with many debtors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from tests.simulators.institution_fixture import InstitutionProcess, write_trust
from zhixing.cases import actions as case_actions
from zhixing.cases.models import Party
from zhixing.core.actors import CLI
from zhixing.core.models import RuleSetting
from zhixing.courts.models import Court
from zhixing.inquiry import actions, settings_keys, signing
from zhixing.inquiry.actions import delivery
from zhixing.inquiry.models import Institution
from zhixing.inquiry.reference import REFERENCE

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(n: int) -> str:
    """A valid resident ID (rules §13.1) for person `n`: 容城县, born in the 1980s."""
    birth = dt.date(1980, 1, 1) + dt.timedelta(days=n // 50)
    body = f"130629{birth:%Y%m%d}{(n % 50) * 2 + 101:03d}"
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11]
    return body + check


@pytest.fixture(autouse=True)
def keys_folder(settings, tmp_path):
    """Court keys under this test's folder (signing.keys_dir), never the developer's var/."""
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def fast_retry(db):
    """Retries a test can wait for: 0.1 s, 0.2 s, … at most 1 s, 12 attempts; polling every 50 ms."""
    RuleSetting.objects.create(
        key=settings_keys.RETRY,
        effective_from=dt.date(2000, 1, 2),
        value={"base_seconds": 0.1, "cap_seconds": 1, "max_attempts": 12, "poll_seconds": 0.05},
    )


@pytest.fixture
def network(courts, tmp_path, fast_retry):
    """Every reference institution of `zhixing simulators` (two national banks, a provincial bank, the
    Xiong'an registry and provident fund centre, vehicle management, the securities depository), as
    processes, registered with their addresses and public keys. `network.process[code]`."""
    trust = write_trust(tmp_path / "trust.json", signing.trust_entries(Court.objects.all()))
    processes: dict[str, InstitutionProcess] = {}
    try:
        for ref in REFERENCE:
            p = InstitutionProcess(ref.kind, ref.code, ref.name, delay_ms=30, hit_rate=0.5)
            processes[ref.code] = p.start(trust=trust, data_dir=tmp_path / ref.code)
            actions.register_institution(
                ref.code,
                ref.name,
                ref.kind,
                p.url,
                p.public_key,
                actor=CLI,
                link=ref.link,
                province=ref.province,
                supports={"deduct": ref.deduct},
            )
        yield SimpleNamespace(process=processes, trust=trust, institutions=Institution.objects.all())
    finally:
        for p in processes.values():
            p.stop()


@pytest.fixture
def many_debtors(courts, cast):
    """`cases` cases in 冀96, each with `per_case` natural-person debtors; returns the cases."""

    def _make(cases: int, per_case: int) -> list:
        made = []
        for c in range(cases):
            parties = [case_actions.PartyInput(Party.APPLICANT, "王申请", "11010519491231002X")]
            parties += [
                case_actions.PartyInput(
                    Party.DEBTOR, f"被执行人{c:03d}{d:02d}", resident_id(c * per_case + d)
                )
                for d in range(per_case)
            ]
            made.append(
                case_actions.file_case(
                    court=courts.xiongan,
                    type_code="执",
                    filed_on=dt.date(2026, 11, 2),
                    applied_amount=Decimal("80000.00"),
                    parties=parties,
                    cause="民间借贷纠纷",
                    handler=cast.officer,
                    actor=cast.clerk,
                )
            )
        return made

    return _make


def drive(batch=None, timeout: float = 60):
    """Deliver until done; fails the test if something is still outstanding."""
    progress = delivery.drive(batch, timeout=timeout, pause=0.02)
    assert delivery.outstanding(batch) == 0, progress.errors
    return progress


def debtors_of(cases) -> list[Party]:
    return list(Party.objects.filter(case__in=cases, role=Party.DEBTOR).order_by("id"))
