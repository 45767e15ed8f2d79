"""`zhixing demo` shows disposal at work (issue 12): sealed flats and seized vehicles at every stage —
a network inquiry with its reports, a plan awaiting the panel's third vote, a listed first auction, a
failed first auction due for a second, a lot sold at the second auction with its confirmation ruling and
the money in the case account, and a distribution in its 15-day objection window — every plan within
the rules, offline (no platform process)."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests.conftest import on_today
from zhixing.cases.models import CaseEvent, Node
from zhixing.disposal import rules
from zhixing.disposal.models import Auction, Disposal, Distribution, Platform, PriceProcedure
from zhixing.funds.models import Receipt

MD5 = "django.contrib.auth.hashers.MD5PasswordHasher"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    data = tmp_path_factory.mktemp("disposal-demo-data")
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=[MD5], DATA_DIR=data), on_today():
        with transaction.atomic():
            call_command("demo", "--cases", "120", stdout=StringIO())
            yield data
            transaction.set_rollback(True)


def today():
    from zhixing.cases.actions.common import today

    return today()


def test_every_stage_is_shown(demo):
    assert Disposal.objects.count() >= 6
    # pricing: a network inquiry of every platform, some reports in, one still due
    pricing = Disposal.objects.get(status=Disposal.PRICING)
    procedure = pricing.procedures.get()
    assert procedure.method == rules.NETWORK and procedure.status == PriceProcedure.OPEN
    reports = list(procedure.reports.all())
    assert len(reports) == Platform.objects.count() == 3
    assert any(r.price for r in reports) and any(r.reported_on is None for r in reports)
    # a plan with two of three votes
    draft = Auction.objects.get(status=Auction.DRAFT)
    assert draft.votes.count() == 2 and draft.round_no == 1
    # a listed first auction, bidding ahead
    listed = Auction.objects.get(status=Auction.LISTED)
    assert listed.round_no == 1 and listed.lot_id and listed.bidding_starts_at.date() > today()
    # a failed first auction whose re-auction is due
    failed_only = [
        d
        for d in Disposal.objects.filter(status=Disposal.AUCTION)
        if d.auctions.filter(status=Auction.FAILED).exists()
    ]
    assert len(failed_only) == 1
    node = Node.objects.get(case=failed_only[0].case, kind__code="reauction")
    assert node.done_on is None and node.due_on >= today()


def test_the_sold_lots_are_confirmed_and_paid(demo):
    sold = list(Disposal.objects.filter(status=Disposal.SOLD))
    assert len(sold) == 2
    assert {d.auctions.get(status=Auction.SOLD).round_no for d in sold} == {1, 2}
    for disposal in sold:
        auction = disposal.auctions.get(status=Auction.SOLD)
        assert disposal.price == auction.price >= auction.start_price
        assert auction.deposit_received + auction.balance_received == auction.price
        assert auction.ended_at > auction.bidding_ends_at  # the last-minute bid extended it
        assert disposal.ruling_number and disposal.served_on >= disposal.ruling_on
        assert "*" in disposal.buyer_id_masked
        received = Receipt.objects.filter(case=disposal.case, channel=Receipt.AUCTION)
        assert sum((r.amount for r in received), Decimal(0)) == auction.price


def test_every_plan_keeps_the_rules(demo):
    for auction in Auction.objects.select_related("disposal"):
        previous = (
            Auction.objects.filter(disposal=auction.disposal, round_no=1).first()
            if auction.round_no == 2
            else None
        )
        plan = rules.Plan(
            kind=auction.disposal.kind,
            round_no=auction.round_no,
            reference=auction.reference_price,
            start=auction.start_price,
            increment=auction.increment,
            deposit=auction.deposit,
            notice_on=auction.notice_on,
            bidding_starts=auction.bidding_starts_at,
            bidding_ends=auction.bidding_ends_at,
            parties_notified_on=auction.parties_notified_on,
            previous_start=previous.start_price if previous else None,
            failed_on=previous.ended_at.date() if previous else None,
        )
        assert rules.plan_problems(plan) == [], auction
    for disposal in Disposal.objects.exclude(reference_price=None):
        prices = [r.price for r in disposal.procedures.get().reports.all()]
        assert disposal.reference_price == rules.network_price(prices)


def test_a_distribution_in_its_objection_window(demo):
    distribution = Distribution.objects.get()
    assert distribution.status == Distribution.NOTIFIED
    assert distribution.objection_due_on == rules.objection_due(distribution.notified_on).on >= today()
    lines = list(distribution.lines.order_by("order"))
    assert [line.category for line in lines] == [rules.COSTS, rules.PRIORITY, rules.ORDINARY]
    assert sum(line.share for line in lines) == distribution.proceeds == distribution.disposal.price
    assert sum(line.claim for line in lines) > distribution.proceeds  # short: that is why it is drawn
    assert lines[0].share == lines[0].claim and lines[1].share == lines[1].claim
    assert 0 < lines[2].share < lines[2].claim


def test_offline_and_on_the_timeline(demo):
    for platform in Platform.objects.all():
        assert platform.url.startswith("http://127.0.0.1:9/")
    kinds = set(CaseEvent.objects.values_list("kind", flat=True))
    assert {
        "disposal_started",
        "price_set",
        "auction_listed",
        "auction_failed",
        "auction_sold",
        "auction_confirmed",
        "distribution_notified",
    } <= kinds
