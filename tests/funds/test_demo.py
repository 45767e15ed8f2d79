"""`zhixing demo` also tells the case funds: every figure of the funds report is non-zero but small,
the ledger's invariants hold, and running the demo again changes nothing in the funds tables."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests.conftest import on_today
from zhixing.cases.actions.common import today
from zhixing.cases.models import Case
from zhixing.core import checks
from zhixing.core.models import AuditEntry
from zhixing.courts.models import Court
from zhixing.funds import queries
from zhixing.funds.models import DirectPayment, Entry, Hold, Leg, Payout, PooledAccount, Receipt

MD5 = "django.contrib.auth.hashers.MD5PasswordHasher"
FUNDS_TABLES = (PooledAccount, Receipt, Payout, DirectPayment, Hold, Entry, Leg)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[MD5]), on_today():
        with transaction.atomic():
            call_command("demo", "--cases", "200", stdout=StringIO())
            yield
            transaction.set_rollback(True)


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in FUNDS_TABLES}


@pytest.mark.django_db
def test_every_court_has_its_pooled_account(demo):
    assert PooledAccount.objects.count() == Court.objects.count()


@pytest.mark.django_db
def test_every_report_figure_is_non_zero_but_small(demo):
    rep = queries.report(today())
    assert rep.pooled_balance > 0 and rep.case_balance_total > 0
    assert rep.suspense_balance > 0 and rep.fees_balance > 0
    assert 3 <= rep.unidentified_count <= 40 and rep.unidentified_amount > 0
    assert 1 <= rep.overdue_count <= 25 and rep.overdue_amount > 0
    assert queries.overdue_claims(today()).exists()
    owed = (
        rep.case_balance_total
        + rep.suspense_balance
        + rep.fees_balance
        + rep.fines_balance
        + rep.relief_balance
    )
    assert rep.pooled_balance == owed


@pytest.mark.django_db
def test_every_kind_of_money_appears(demo):
    channels = set(Receipt.objects.values_list("channel", flat=True))
    assert {Receipt.TRANSFER, Receipt.ECNY} <= channels
    matched = set(Receipt.objects.values_list("matched_by", flat=True))
    assert {Receipt.BY_SUB_ACCOUNT, Receipt.BY_CASE_NUMBER, Receipt.BY_CLAIM, Receipt.UNMATCHED} <= matched
    assert Payout.objects.filter(status=Payout.CONFIRMED).exists()
    assert Payout.objects.filter(status=Payout.BOUNCED).count() == 1
    assert Payout.objects.filter(fee__gt=0).exists()
    assert not Payout.objects.exclude(status__in=[Payout.CONFIRMED, Payout.BOUNCED]).exists()
    assert DirectPayment.objects.exists()
    assert Hold.objects.filter(approved_by__isnull=False).exists()
    statuses = set(Receipt.objects.filter(case__isnull=False).values_list("case__status", flat=True))
    assert statuses == {Case.PENDING, Case.CLOSED}


@pytest.mark.django_db
def test_approvals_are_by_a_second_person(demo):
    claims = Receipt.objects.filter(matched_by=Receipt.BY_CLAIM)
    assert claims.exists()
    for r in claims:
        approver = (
            AuditEntry.objects.filter(action="funds.approve_claim", object_id=str(r.pk))
            .values_list("actor_id", flat=True)
            .get()
        )
        assert r.claim_requested_by_id is not None and approver != r.claim_requested_by_id
    for p in Payout.objects.prefetch_related("approvals"):
        assert all(a.approver_id != p.requested_by_id for a in p.approvals.all())
    for h in Hold.objects.all():
        assert h.approved_by_id != h.requested_by_id


@pytest.mark.django_db
def test_realized_amounts_follow_the_money(demo):
    paid = Case.objects.filter(realized_amount__gt=0)
    assert paid.exists()
    for case in paid[:20]:
        received = sum(r.amount for r in Receipt.objects.filter(case=case))
        direct = sum(d.amount for d in DirectPayment.objects.filter(case=case))
        assert case.realized_amount == received + direct


@pytest.mark.django_db
def test_the_checks_find_no_problem(demo):
    problems = {name: found for name, found in checks.run_all() if found}
    assert problems == {}


@pytest.mark.django_db
def test_running_again_changes_nothing_in_the_funds_tables(demo):
    before = _counts()
    call_command("demo", "--cases", "10", stdout=StringIO())
    assert _counts() == before
