"""`zhixing demo` shows network inquiry and control at work: real batches over HTTP against the reference
institutions fill the asset register, and the measures are in every state (active, due for renewal,
renewed, released, deducted into the ledger, lapsed); the institutions are stopped and their folder
removed at the end."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests.conftest import on_today
from zhixing.cases.actions.common import today
from zhixing.cases.models import Case, CaseEvent, Node
from zhixing.funds.models import Receipt
from zhixing.inquiry import events
from zhixing.inquiry.models import (
    Asset,
    CaseInquiryOutcome,
    InquiryBatch,
    InquiryRequest,
    Measure,
    Renewal,
)

MD5 = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    data = tmp_path_factory.mktemp("demo-data")
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[MD5], DATA_DIR=data), on_today():
        with transaction.atomic():
            call_command("demo", "--cases", "60", stdout=StringIO())
            yield data
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_batches_over_http_fill_the_asset_register(demo):
    batches = InquiryBatch.objects.all()
    assert batches.filter(scope=InquiryBatch.OPEN).exists()
    assert not batches.filter(status=InquiryBatch.RUNNING).exists()
    assert not InquiryRequest.objects.exclude(status=InquiryRequest.ANSWERED).exists()
    assert Asset.objects.count() >= 20
    assert len(set(Asset.objects.values_list("type", flat=True))) >= 4
    # Sending the inquiry completed the open cases' first-network-inquiry node.
    assert Node.objects.filter(kind__code="first_network_inquiry", done_on=today()).exists()
    assert CaseInquiryOutcome.objects.count() >= Case.objects.filter(status=Case.PENDING).count()


@pytest.mark.django_db
def test_terminated_cases_were_reinquired_and_their_applicants_told(demo):
    assert InquiryBatch.objects.filter(scope=InquiryBatch.TERMINATED_DUE).exists()
    assert CaseEvent.objects.filter(kind=events.REINQUIRY_TOLD).exists()


@pytest.mark.django_db
def test_measures_in_every_state(demo):
    statuses = set(Measure.objects.values_list("status", flat=True))
    assert {Measure.ACTIVE, Measure.RELEASED, Measure.LAPSED} <= statuses
    assert Measure.objects.filter(release_reason="paid", status=Measure.RELEASED).exists()
    assert Renewal.objects.count() == 1
    soon = Measure.objects.get(status=Measure.ACTIVE, renewal_due_since__isnull=False)
    assert soon.expiry is not None and soon.expiry <= today() + dt.timedelta(days=30)
    lapsed = Measure.objects.get(status=Measure.LAPSED)
    assert lapsed.expiry is not None and lapsed.expiry < today() and lapsed.lapsed_on == today()
    assert Measure.objects.filter(kind__in=["seal", "seize"]).exists()  # a title sealed or a car seized


@pytest.mark.django_db
def test_a_deduction_is_in_the_case_ledger(demo):
    deducted = Measure.objects.exclude(transaction_id="").get()
    assert deducted.deducted_amount and deducted.deducted_amount > 0
    receipt = Receipt.objects.get(transaction_id=deducted.transaction_id)
    assert (receipt.case_id, receipt.amount) == (deducted.case_id, deducted.deducted_amount)


@pytest.mark.django_db
def test_the_institutions_are_gone(demo):
    assert not [p for p in (demo / "simulators").iterdir()]  # their temporary folder removed
