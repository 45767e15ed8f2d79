"""`zhixing demo` shows issue 14 at work, even on a small province (60 cases, built once for the module):
the 冀 2025 wage set, a running campaign over the province with cases enrolled by its rules, progress
against its targets and the field operations under it; settlements in every state (the resumed 执恢
case claims what the debtor had not paid); relief applications in every state, the paid ones through
the relief fund and the payout chain; and the ledger still balanced."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests.conftest import on_today
from zhixing.cases.actions.common import today
from zhixing.cases.models import Case
from zhixing.courts.models import Court
from zhixing.funds.checks import balances_match_legs, every_entry_balances
from zhixing.funds.models import Entry, LedgerAccount, Payout
from zhixing.measures.models import Operation
from zhixing.relief import rules
from zhixing.relief.actions import relief as relief_actions
from zhixing.relief.actions.settlements import states_of
from zhixing.relief.demo_setup import WAGE_MONTHLY, WAGE_YEAR
from zhixing.relief.models import Campaign, CampaignCase, ProvinceWage, ReliefApplication, Settlement
from zhixing.relief.queries.campaigns import figures

MD5 = "django.contrib.auth.hashers.MD5PasswordHasher"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    data = tmp_path_factory.mktemp("relief-demo-data")
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[MD5], DATA_DIR=data), on_today():
        with transaction.atomic():
            call_command("demo", cases=60, seed=7, stdout=StringIO())
            yield data
            transaction.set_rollback(True)


def test_the_province_wage_is_set_and_caps_relief(demo):
    wage = ProvinceWage.objects.get(province="冀", year=WAGE_YEAR)
    assert wage.monthly == WAGE_MONTHLY and "示意" in wage.source
    assert relief_actions.cap("冀", WAGE_YEAR, Decimal("10000000")) == WAGE_MONTHLY * 36


def test_a_running_campaign_over_the_province_with_progress(demo):
    campaign = Campaign.objects.get()
    assert campaign.starts_on <= today() <= campaign.ends_on
    assert set(campaign.kinds) == {"migrant_wage", "livelihood"}
    high = Court.objects.get(code="冀")
    assert set(campaign.courts.values_list("pk", flat=True)) == set(
        Court.objects.filter(path__startswith=high.path).values_list("pk", flat=True)
    )
    entries = CampaignCase.objects.filter(campaign=campaign)
    assert entries.filter(source=CampaignCase.RULE).exists()
    for entry in entries.filter(source=CampaignCase.RULE).select_related("case"):
        assert entry.kinds and (entry.case.is_migrant_wage or entry.case.is_livelihood)
    board = figures(campaign)
    assert board.total.cases == entries.count()
    assert board.total.settlements >= 1 and board.total.recovered > 0
    assert campaign.target_closed and campaign.target_amount
    assert board.total.amount_progress is not None and board.total.amount_progress > 0
    assert board.total.closed_progress is not None


def test_the_field_operations_run_under_the_campaign(demo):
    campaign = Campaign.objects.get()
    ops = Operation.objects.filter(campaign=campaign.code)
    assert ops.exists() and not Operation.objects.exclude(campaign=campaign.code).exists()
    targets = set(ops.values_list("targets__case_id", flat=True))
    assert targets <= set(campaign.entries.values_list("case_id", flat=True))
    assert len(figures(campaign).operations) == ops.count()


def test_settlements_in_every_state(demo):
    statuses = set(Settlement.objects.values_list("status", flat=True))
    assert statuses == {s for s, _label in Settlement.STATUSES}
    performing = Settlement.objects.get(status=Settlement.PERFORMING)
    states = [s.state for s in states_of(performing)]
    assert states[0] == rules.PAID and rules.MISSED not in states and performing.paid > 0
    breached = Settlement.objects.filter(status=Settlement.BREACHED).first()
    assert breached.breached_on and rules.MISSED in [s.state for s in states_of(breached)]
    sued = Settlement.objects.get(status=Settlement.SUED)
    assert sued.sued_on and sued.resumed_case_id is None
    performed = Settlement.objects.filter(status=Settlement.PERFORMED)
    assert all(s.paid == s.agreed_amount and s.performed_on for s in performed)
    closed = [s.case for s in performed if s.case.is_closed]
    assert closed and all(c.closure_method == "completed" for c in closed)


def test_the_resumed_case_claims_what_was_not_paid(demo):
    resumed = Settlement.objects.filter(status=Settlement.RESUMED)
    linked = resumed.get(resumed_case__isnull=False)
    old, new = linked.case, linked.resumed_case
    assert old.closure_method == "terminated" and new.type_code == "执恢" and new.resumed_from_id == old.pk
    assert linked.paid > 0
    assert new.applied_amount == old.applied_amount - old.realized_amount
    assert new.applied_amount == linked.outstanding - linked.paid
    same = resumed.get(resumed_case__isnull=True)
    assert not same.case.is_closed
    assert not same.case.excluded_periods.filter(kind="suspension", end_on__isnull=True).exists()


def test_relief_applications_in_every_state_paid_through_funds(demo):
    statuses = set(ReliefApplication.objects.values_list("status", flat=True))
    assert statuses == {s for s, _label in ReliefApplication.STATUSES}
    for a in ReliefApplication.objects.filter(status__in=ReliefApplication.GRANTED):
        assert a.wage_year == WAGE_YEAR and a.monthly_wage == WAGE_MONTHLY
        assert 0 < a.amount <= a.cap <= a.unexecuted
        assert "司救执" in a.case_number
    paid = list(ReliefApplication.objects.filter(status=ReliefApplication.PAID))
    assert paid
    for a in paid:
        assert Entry.objects.filter(kind=Entry.RELIEF_GRANT, memo__contains=a.case_number).exists()
        payout = Payout.objects.get(case=a.case, amount=a.amount)
        assert payout.status == Payout.CONFIRMED and payout.party_id == a.applicant_id
    funded = Entry.objects.filter(kind=Entry.RELIEF_FUNDING).count()
    assert funded >= 1
    granted = sum((a.amount for a in paid), Decimal(0))
    funds = sum(LedgerAccount.objects.filter(kind=LedgerAccount.RELIEF).values_list("balance", flat=True))
    assert funds == Decimal("300000.00") * funded - granted


def test_the_ledger_still_balances(demo):
    assert list(every_entry_balances()) == []
    assert list(balances_match_legs()) == []
    assert Case.objects.filter(type_code="执恢", resumed_from__settlements__isnull=False).exists()
