"""The measures read API: GET /api/v1/measures/cases/<id>/ (obstructions, measures with informants,
referrals, evidence — the informant's phone and account masked, no identity code anywhere; 404 for a
case the caller cannot see, 403 for one they see without the role), GET /api/v1/measures/operations/
(a court's operations on a day) and GET /api/v1/measures/operations/<id>/report/; each read in a fixed
number of queries however many rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import APPLICANT_ID, moment
from tests.measures.conftest import DEBTOR_ID
from zhixing.measures import rules
from zhixing.measures.models import (
    CoerciveMeasure,
    Evidence,
    FieldCash,
    FieldRecord,
    Informant,
    Obstruction,
    Operation,
    OperationCase,
    Referral,
    Witness,
)

pytestmark = pytest.mark.django_db
PHONE = "13812345678"
ACCOUNT = "6222020200112233445"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def make_measure(case, party, officer, kind=rules.FINE, **kw) -> CoerciveMeasure:
    fields = dict(
        case=case,
        kind=kind,
        party=party,
        subject_name=party.name,
        subject_role=rules.PERSON,
        reason="拒不申报财产",
        proposed_by=officer,
        proposed_on=dt.date(2026, 11, 20),
        status=CoerciveMeasure.IN_FORCE,
        decided_on=dt.date(2026, 11, 21),
    )
    fields.update(kw)
    return CoerciveMeasure.objects.create(**fields)


def make_operation(court, cast, day: dt.date, **kw) -> Operation:
    fields = dict(
        court=court,
        name="雄安集中执行行动",
        kind="concentrated",
        starts_at=moment(day, 8),
        ends_at=moment(day, 17),
        leader=cast.officer,
        planned_by=cast.command,
    )
    fields.update(kw)
    op = Operation.objects.create(**fields)
    op.members.create(user=cast.officer, role=rules.LEADER_ROLE)
    op.members.create(user=cast.officer2, role=rules.OFFICER_ROLE)
    return op


@pytest.fixture
def world(person_case, debtor, cast):
    fine = make_measure(person_case, debtor, cast.officer, amount=Decimal("30000.00"))
    ob = Obstruction.objects.create(
        case=person_case,
        party=debtor,
        kind=rules.REFUSED_REPORT,
        occurred_on=dt.date(2026, 11, 1),
        description="逾期不报告财产",
        recorded_by=cast.officer,
        recorded_at=timezone.now(),
    )
    fine.obstructions.add(ob)
    reward = make_measure(person_case, debtor, cast.officer, kind=rules.REWARD, amount=Decimal("5000.00"))
    Informant.objects.create(
        measure=reward, seq=1, name="李举报", phone=PHONE, account=ACCOUNT, lead="车辆停放在某小区",
        registered_at=timezone.now(),
    )  # fmt: skip
    referral = Referral.objects.create(
        case=person_case,
        party=debtor,
        suspects="赵某某",
        crime=rules.REFUSAL,
        facts="有能力执行而拒不执行",
        status=Referral.SENT,
        drafted_by=cast.officer,
        drafted_on=dt.date(2026, 11, 22),
        police_unit="雄安新区公安局",
        sent_on=dt.date(2026, 11, 25),
        private_route_on=rules.private_route_on(dt.date(2026, 11, 25)),
        bundle=[{"title": "现场照片", "kind": "photo", "sha256": "a" * 64}],
        bundle_sha256="b" * 64,
    )
    referral.obstructions.add(ob)
    Evidence.objects.create(
        case=person_case, kind=rules.PHOTO, title="现场照片", original_name="p.jpg", path="aa/" + "a" * 64,
        sha256="a" * 64, size=10, content_type="image/jpeg", taken_at=timezone.now(),
        uploaded_by=cast.officer, uploaded_at=timezone.now(),
    )  # fmt: skip
    return person_case


def test_a_case_shows_its_measures_masked(world, cast):
    res = api(cast.officer).get(f"/api/v1/measures/cases/{world.pk}/")
    assert res.status_code == 200, res.content
    data = res.json()
    assert data["case_number"] == world.case_number
    kinds = {m["kind"]: m for m in data["measures"]}
    assert kinds["fine"]["amount"] == "30000.00" and kinds["fine"]["kind_label"] == "罚款"
    assert kinds["fine"]["obstructions"] == [data["obstructions"][0]["id"]]
    informant = kinds["reward"]["informants"][0]
    assert informant["phone_masked"] == "138****5678" and informant["account_masked"] == "****3445"
    assert data["referrals"][0]["private_route_on"] == "2027-01-25"
    assert data["referrals"][0]["bundle_items"] == 1
    assert data["evidence"][0]["sha256"] == "a" * 64
    body = res.content.decode()
    for secret in (PHONE, ACCOUNT, DEBTOR_ID, APPLICANT_ID):
        assert secret not in body


def test_a_case_is_404_to_another_court_and_403_without_the_role(world, cast):
    assert api(cast.outsider).get(f"/api/v1/measures/cases/{world.pk}/").status_code == 404
    assert api(cast.finance).get(f"/api/v1/measures/cases/{world.pk}/").status_code in (403, 404)
    assert APIClient().get(f"/api/v1/measures/cases/{world.pk}/").status_code == 401


def test_the_case_read_does_not_grow_with_rows(world, debtor, cast):
    client = api(cast.officer)
    client.get(f"/api/v1/measures/cases/{world.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/api/v1/measures/cases/{world.pk}/")
    for _i in range(4):
        m = make_measure(world, debtor, cast.officer, kind=rules.REWARD, amount=Decimal("100.00"))
        for seq in (1, 2):
            Informant.objects.create(
                measure=m, seq=seq, name="某", lead="线索", registered_at=timezone.now(), phone=PHONE
            )
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/api/v1/measures/cases/{world.pk}/").status_code == 200
    assert len(many) == len(few)


@pytest.fixture
def operation(courts, cast, person_case, unit_case, clock):
    op = make_operation(courts.xiongan, cast, clock.today, status=Operation.CLOSED)
    OperationCase.objects.create(operation=op, case=person_case, place="雄县某小区")
    OperationCase.objects.create(operation=op, case=unit_case, place="雄安某建设有限公司")
    Witness.objects.create(operation=op, name="张代表", kind="deputy", unit="雄安新区人大", attended=True)
    Witness.objects.create(operation=op, name="王委员", kind="cppcc", attended=False)
    cash = FieldCash.objects.create(
        operation=op, case=person_case, amount=Decimal("8000.00"), receipt_number="XC-001",
        payer_name="赵某某", taken_at=moment(clock.today, 10), taken_by=cast.officer,
        handover_due_on=clock.today,
    )  # fmt: skip
    cash.officers.set([cast.officer, cast.officer2])
    for case in (person_case, unit_case):
        FieldRecord.objects.create(
            operation=op, case=case, officer=cast.officer, kind=rules.CHECK_IN, at=moment(clock.today, 9)
        )
    return op


def test_operations_of_a_day(operation, cast, courts, clock):
    res = api(cast.command).get("/api/v1/measures/operations/", {"court": "冀96", "date": clock.today})
    assert res.status_code == 200, res.content
    data = res.json()
    assert data["court"] == "冀96" and data["date"] == clock.today.isoformat()
    (op,) = data["operations"]
    assert op["id"] == operation.pk and len(op["targets"]) == 2 and len(op["members"]) == 2
    assert {w["name"] for w in op["witnesses"]} == {"张代表", "王委员"}
    other = api(cast.command).get("/api/v1/measures/operations/", {"court": "冀96", "date": "2026-11-30"})
    assert other.json()["operations"] == []
    bad = api(cast.command).get("/api/v1/measures/operations/", {"date": "30/11"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["detail"]


def test_operations_refused_without_a_role(operation, cast):
    assert api(cast.clerk).get("/api/v1/measures/operations/").status_code == 403
    # The outsider sees their own court's (none), never 冀96's.
    res = api(cast.outsider).get("/api/v1/measures/operations/", {"court": "冀96"})
    assert res.status_code == 200 and res.json()["court"] == "冀01" and res.json()["operations"] == []


def test_operations_list_does_not_grow_with_rows(operation, cast, courts, clock, person_case):
    client = api(cast.command)
    url = "/api/v1/measures/operations/"
    client.get(url, {"court": "冀96", "date": clock.today})  # the first read fills per-user caches
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"court": "冀96", "date": clock.today})
    for n in range(3):
        op = make_operation(courts.xiongan, cast, clock.today, name=f"行动{n}")
        OperationCase.objects.create(operation=op, case=person_case, place="某地")
        Witness.objects.create(operation=op, name="某见证人", kind="procurator")
    with CaptureQueriesContext(connection) as many:
        res = client.get(url, {"court": "冀96", "date": clock.today})
    assert len(res.json()["operations"]) == 4
    assert len(many) == len(few)


def test_operation_report(operation, cast, person_case):
    res = api(cast.command).get(f"/api/v1/measures/operations/{operation.pk}/report/")
    assert res.status_code == 200, res.content
    data = res.json()
    assert data["cases"] == 2 and data["field_cash"] == "8000.00"
    assert data["money_recovered"] == "8000.00" and data["witnesses_attended"] == 1
    assert data["records"] == 2
    row = next(r for r in data["rows"] if r["case"] == person_case.pk)
    assert row["field_cash"] == "8000.00" and row["records"] == 1
    assert sum(Decimal(r["recovered"]) for r in data["rows"]) == Decimal(data["money_recovered"])


def test_operation_report_hidden_from_another_court(operation, cast):
    assert api(cast.outsider).get(f"/api/v1/measures/operations/{operation.pk}/report/").status_code == 404
    assert api(cast.officer).get("/api/v1/measures/operations/999999/report/").status_code == 404
