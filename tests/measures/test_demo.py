"""`zhixing demo` shows measures at work (issue 13): the Xiong'an bureau's equipment register and duty
roster; two field operations finished today with check-ins, cash handed to finance, a seizure, a
summons and a detention, witnesses and real JPEG evidence stored through add_evidence (so `zhixing
check` proves the files); one operation planned for later today; measures and referrals at every stage."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests.conftest import on_today
from zhixing.measures import evidence_store, rules
from zhixing.measures.models import CoerciveMeasure, Duty, Equipment, Evidence, FieldCash, Operation, Referral
from zhixing.measures.queries import operation_report

MD5 = "django.contrib.auth.hashers.MD5PasswordHasher"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    data = tmp_path_factory.mktemp("measures-demo-data")
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[MD5], DATA_DIR=data), on_today():
        with transaction.atomic():
            call_command("demo", "--cases", "300", stdout=StringIO())
            yield data
            transaction.set_rollback(True)


def test_the_register_and_the_roster(demo):
    kinds = Counter(Equipment.objects.values_list("kind", flat=True))
    assert kinds[rules.VEHICLE] == 7 and kinds[rules.DRONE] >= 2 and kinds[rules.BODY_CAMERA] >= 6
    assert kinds[rules.PRINTER] >= 2 and kinds[rules.VEST] >= 6
    assert Equipment.objects.filter(state=Equipment.MAINTENANCE).exists()
    from zhixing.cases.actions.common import today

    assert Duty.objects.filter(on=today()).count() >= 4


def test_finished_operations_have_a_real_report(demo):
    closed = list(Operation.objects.filter(status=Operation.CLOSED).order_by("id"))
    assert len(closed) == 2
    concentrated = next(o for o in closed if o.kind == "concentrated")
    report = operation_report(concentrated)
    assert report.cases == 3 and report.witnesses_attended == 4
    assert {w.kind for w in report.witnesses} >= {"deputy", "cppcc", "procurator"}
    assert report.summoned == 1 and report.detained == 1
    assert report.field_cash > 0 and report.money_recovered >= report.field_cash
    assert report.evidence >= 5 and report.records >= 7
    assert concentrated.records.filter(kind=rules.SEIZURE, control__isnull=False).exists()
    assert not concentrated.bookings.filter(released=False).exists()
    planned = Operation.objects.get(status=Operation.PLANNED)
    assert planned.bookings.filter(released=False).exists()


def test_field_cash_reached_the_case_account(demo):
    cash = list(FieldCash.objects.all())
    assert len(cash) == 2
    for c in cash:
        assert c.receipt is not None and c.receipt.amount == c.amount and c.officers.count() == 2
        assert c.handed_over_at is not None and not c.late_reason


def test_evidence_files_are_real_jpegs_that_check_proves(demo):
    rows = list(Evidence.objects.order_by("pk"))
    assert len(rows) >= 8
    for e in rows:
        data = (demo / "evidence" / e.path).read_bytes()
        assert data[:3] == b"\xff\xd8\xff" and rules.fingerprint(data) == e.sha256 and len(data) == e.size
    assert (
        list(evidence_store.verify(iter(Evidence.objects.values_list("pk", "path", "sha256", "size")))) == []
    )
    assert len({e.sha256 for e in rows}) == len(rows)


def test_measures_at_every_stage(demo):
    statuses = set(CoerciveMeasure.objects.values_list("status", flat=True))
    assert statuses == {s for s, _label in CoerciveMeasure.STATUSES}
    kinds = set(CoerciveMeasure.objects.values_list("kind", flat=True))
    assert kinds == {k for k, _label in rules.MEASURE_KINDS}
    part = CoerciveMeasure.objects.get(kind=rules.FINE, status=CoerciveMeasure.IN_FORCE)
    assert 0 < part.paid_amount < part.amount
    paid = CoerciveMeasure.objects.get(kind=rules.FINE, status=CoerciveMeasure.ENDED)
    assert paid.paid_amount == paid.amount and paid.end_reason == rules.PAID
    reward = CoerciveMeasure.objects.get(kind=rules.REWARD)
    assert [i.seq for i in reward.informants.all()] == [1, 2]
    for m in CoerciveMeasure.objects.exclude(status__in=(CoerciveMeasure.PROPOSED, CoerciveMeasure.REFUSED,
                                                         CoerciveMeasure.CANCELLED)):  # fmt: skip
        assert m.document_id is not None


def test_referrals_at_every_stage(demo):
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses >= {
        Referral.DRAFTED,
        Referral.APPROVED,
        Referral.SENT,
        Referral.RECEIVED,
        Referral.PROSECUTED,
        Referral.ESCALATED,
    }
    for r in Referral.objects.filter(sent_on__isnull=False):
        assert r.letter_id and r.status_note_id and len(r.bundle_sha256) == 64
        assert r.private_route_on == rules.private_route_on(r.sent_on)
    received = Referral.objects.get(status=Referral.RECEIVED)
    assert received.decision_due_on and received.received_on > received.sent_on
