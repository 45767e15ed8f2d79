"""What the platform sees by itself starts a removal deadline of 3 working days (rules §7.1.10): a
debtor paying in full (funds), and a 终结执行 or 不予执行 closing (cases); the command centre then
watches the deadline. Listings with a term are not triggered: their term ends them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhixing.cases import actions as case_actions
from zhixing.credit import rules
from zhixing.credit.actions import listings, triggers
from zhixing.credit.actors import CREDIT_SCAN
from zhixing.credit.models import Listing
from zhixing.funds import actions as funds_actions

pytestmark = pytest.mark.django_db


def _listed(case, debtor, cast, ground=1):
    return listings.decide_listing(
        listings.propose_listing(case, debtor, ground, actor=cast.officer), actor=cast.president
    )


def test_payment_in_full_starts_the_removal_deadline(
    person_case, debtor, cast, clock, django_capture_on_commit_callbacks
):
    listing = _listed(person_case, debtor, cast)
    with django_capture_on_commit_callbacks(execute=True):
        funds_actions.record_direct_payment(
            person_case, Decimal("30000.00"), clock.today, "赵某某", "王申请", "收条", actor=cast.officer
        )
    listing.refresh_from_db()
    assert listing.removal_due_on is None  # part paid: nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        funds_actions.record_direct_payment(
            person_case, Decimal("20000.00"), clock.today, "赵某某", "王申请", "转账凭证", actor=cast.officer
        )
    listing.refresh_from_db()
    assert listing.removal_trigger == "performed"
    assert listing.removal_due_on == rules.removal_due_on(clock.today).on
    assert listing.status == Listing.PUBLISHED  # staff remove it; the deadline is watched


def test_a_termination_closing_triggers_on_its_closing_date(
    person_case, debtor, cast, clock, django_capture_on_commit_callbacks
):
    listing = _listed(person_case, debtor, cast)
    clock.move_to(clock.today + dt.timedelta(days=5))
    closed_on = clock.today - dt.timedelta(days=1)
    case_actions.request_closure(
        person_case, "terminated", closed_on, reason="申请执行人撤回申请", actor=cast.officer
    )
    with django_capture_on_commit_callbacks(execute=True):
        case_actions.approve_closure(person_case, actor=cast.judge)
    listing.refresh_from_db()
    assert listing.removal_trigger == "terminated"
    assert listing.removal_trigger_on == closed_on
    assert listing.removal_due_on == rules.removal_due_on(closed_on).on


def test_a_termed_listing_is_not_triggered_and_the_scan_changes_nothing_twice(
    person_case, debtor, cast, clock
):
    termed = _listed(person_case, debtor, cast, ground=4)
    funds_actions.record_direct_payment(
        person_case, Decimal("50000.00"), clock.today, "赵某某", "王申请", "收条", actor=cast.officer
    )
    assert triggers.scan(actor=CREDIT_SCAN) == 0
    termed.refresh_from_db()
    assert termed.removal_due_on is None


def test_the_daily_scan_catches_what_no_signal_announced(person_case, debtor, cast, clock):
    listing = _listed(person_case, debtor, cast)
    # A bulk statement import books receipts without a signal per receipt: the realised amount moves.
    type(person_case).objects.filter(pk=person_case.pk).update(realized_amount=Decimal("50000.00"))
    assert triggers.scan(actor=CREDIT_SCAN) == 1
    assert triggers.scan(actor=CREDIT_SCAN) == 0
    listing.refresh_from_db()
    assert listing.removal_trigger == "performed" and listing.removal_due_on is not None
