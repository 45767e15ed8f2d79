"""The pushes' test world (tests/credit/test_pushes.py, test_push_delivery.py): the court's keys under
the test's folder, fast retries, published listings made as rows, agencies registered, and the
reference agency as a real process (tests/simulators/agency_fixture.py)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from tests.simulators.agency_fixture import RECORD, AgencyProcess
from tests.simulators.institution_fixture import write_trust
from zhixing.cases.models import Party
from zhixing.core.actors import CLI
from zhixing.core.models import RuleSetting
from zhixing.courts.models import Court
from zhixing.credit.actions import pushes
from zhixing.credit.models import Agency, Listing
from zhixing.inquiry import settings_keys, signing

ALL = [Agency.LIST, Agency.CHANGE, Agency.REMOVE]


@pytest.fixture(autouse=True)
def keys_folder(settings, tmp_path):
    """Court keys under this test's folder (signing.keys_dir), never the developer's var/."""
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def fast_retry(db):
    """Retries a test can wait for: 0.1 s, 0.2 s, … at most 0.4 s, 5 attempts."""
    RuleSetting.objects.create(
        key=settings_keys.RETRY,
        effective_from=dt.date(2000, 1, 2),
        value={"base_seconds": 0.1, "cap_seconds": 0.4, "max_attempts": 5, "poll_seconds": 0.05},
    )


@pytest.fixture
def make_listing(file_case, clock):
    """A published listing of a new case's debtor, made as a row (the listing actions are the lead's);
    `name` overrides the record's name."""

    def _make(name: str = "雄安某建设有限公司", **record) -> Listing:
        case = file_case()
        debtor = case.parties.get(role=Party.DEBTOR)
        return Listing.objects.create(
            case=case,
            party=debtor,
            ground=2,
            status=Listing.PUBLISHED,
            proposed_on=clock.today,
            decided_on=clock.today,
            published_on=clock.today,
            record={**RECORD, "name": name, "case_number": case.case_number, **record},
        )

    return _make


@pytest.fixture
def trust(courts, tmp_path):
    """The trust file of the courts' keys, as `zhixing simulators` writes it."""
    return write_trust(tmp_path / "trust.json", signing.trust_entries(Court.objects.all()))


@pytest.fixture
def reference_agency(trust, tmp_path, fast_retry):
    """The reference credit office as a process, registered as an Agency subscribing to everything.
    `world.process`, `world.agency`; `world.reregister()` after a restart (a new port)."""
    process = AgencyProcess("credit_office", "CREDIT-HE", "河北省社会信用信息中心")
    process.start(trust=trust, data_dir=tmp_path / "agency")

    def reregister() -> Agency:
        world.agency = pushes.register_agency(
            process.code, process.name, "credit_office", process.url, process.public_key, actor=CLI
        )
        return world.agency

    world = SimpleNamespace(process=process, agency=None, reregister=reregister)
    reregister()
    try:
        yield world
    finally:
        process.stop()
