# ruff: noqa: F811  (the fixtures of tests/disposal/auction_world.py, imported by name)
"""Proposing, deciding and listing a round (rules §8.3–§8.14 through the actions): the panel of three
distinct judges or leaders, every problem of rules.plan_problems refused, the second round's floor
and 30-day limit, the sale after two failures on the same platform."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.disposal.auction_world import (  # noqa: F401
    REFERENCE,
    START1,
    at,
    decide,
    fail,
    judge2,
    listed_round,
    panel,
    priced,
    propose,
    stub_platform,
    terms,
)
from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import Node
from zhixing.core.models import AuditEntry
from zhixing.disposal import actions, rules
from zhixing.disposal.models import Auction, Disposal

pytestmark = pytest.mark.django_db


def test_a_round_is_decided_by_three_distinct_judges_or_leaders(priced, platforms, cast, panel, clock):
    auction = propose(priced, cast.officer, clock.today, platform=platforms[0])
    assert auction.status == Auction.DRAFT and auction.round_no == 1
    priced.refresh_from_db()
    assert priced.platform == platforms[0] and priced.platform_chosen_by == "applicant"
    assert priced.status == Disposal.AUCTION
    with pytest.raises(PermissionDenied):
        actions.vote_auction(auction, actor=cast.officer)  # the handler is no panel member
    with pytest.raises(PermissionDenied):
        actions.vote_auction(auction, actor=cast.outsider)  # a judge of another court
    actions.vote_auction(auction, actor=cast.judge)
    with pytest.raises(ActionError):
        actions.vote_auction(auction, actor=cast.judge)  # once each
    actions.vote_auction(auction, actor=cast.president)
    auction.refresh_from_db()
    assert auction.status == Auction.DRAFT  # two are not a panel
    with pytest.raises(ActionError):
        actions.list_auction(auction, actor=cast.officer)
    actions.vote_auction(auction, actor=panel[2])
    auction.refresh_from_db()
    assert auction.status == Auction.DECIDED and auction.decided_at is not None
    assert auction.votes.count() == 3
    with pytest.raises(ActionError):
        actions.vote_auction(auction, actor=cast.judge)
    assert AuditEntry.objects.filter(action="disposal.vote").count() == 3


def test_listing_publishes_the_lot_records_the_notice_node_and_excludes_the_period(
    priced, platforms, cast, panel, clock, stub_platform
):
    auction = listed_round(priced, cast, panel, clock, platform=platforms[0])
    assert auction.status == Auction.LISTED and auction.lot_id == f"TAOBAO-A{auction.pk}"
    body = stub_platform[0]
    assert body["start_price"] == "700000.00" and body["round"] == 1 and body["court_code"] == "HE96"
    assert body["previous_lots"] == []
    case = priced.case
    assert case.nodes.filter(kind__code="auction_notice", done_on=clock.today).exists()
    assert case.excluded_periods.filter(kind="auction", end_on__isnull=True).count() == 1
    with pytest.raises(ActionError):
        actions.list_auction(auction, actor=cast.officer)  # listed already
    with pytest.raises(ActionError):
        propose(priced, cast.officer, clock.today)  # one open round at a time


@pytest.mark.parametrize(
    "over, words",
    [
        ({"start": Decimal("699999.99")}, "起拍价"),  # below 70% of the reference (§8.3)
        ({"increment": Decimal("0")}, "加价幅度"),
        ({"deposit": Decimal("34999.99")}, "保证金"),  # below 5% (§8.7)
        ({"deposit": Decimal("140000.01")}, "保证金"),  # above 20% (§8.7)
        ({"notice_on": "late"}, "拍卖公告"),  # real estate: 30 days' notice (§8.5)
        ({"bidding_ends_at": "short"}, "二十四小时"),  # at least 24 hours (§8.8)
        ({"parties_notified_on": None}, "尚未通知"),  # §8.6
        ({"parties_notified_on": "late"}, "三日前"),  # 3 days before the notice (§8.6)
    ],
)
def test_every_plan_problem_is_refused_through_the_action(priced, platforms, cast, clock, over, words):
    args = terms(clock.today)
    for key, value in over.items():
        if value == "late" and key == "notice_on":
            value = args["bidding_starts_at"].date() - dt.timedelta(days=29)
        elif value == "late":
            value = args["notice_on"] - dt.timedelta(days=2)
        elif value == "short":
            value = args["bidding_starts_at"] + dt.timedelta(hours=23, minutes=59)
        args[key] = value
    with pytest.raises(ActionError) as err:
        actions.propose_auction(priced, actor=cast.officer, platform=platforms[0], **args)
    assert any(words in m for m in err.value.messages)
    assert not Auction.objects.exists()


def test_a_movable_needs_fifteen_days_notice(priced, platforms, cast, clock):
    Disposal.objects.filter(pk=priced.pk).update(kind=rules.MOVABLE)
    priced.refresh_from_db()
    args = terms(clock.today, kind=rules.MOVABLE)
    assert args["bidding_starts_at"].date() - args["notice_on"] == dt.timedelta(days=15)
    assert actions.propose_auction(priced, actor=cast.officer, platform=platforms[0], **args).round_no == 1


def test_without_a_reference_price_or_a_platform_nothing_is_proposed(priced, platforms, cast, clock):
    with pytest.raises(ActionError):
        propose(priced, cast.officer, clock.today)  # no platform chosen
    Disposal.objects.filter(pk=priced.pk).update(reference_price=None)
    priced.refresh_from_db()
    with pytest.raises(ActionError):
        propose(priced, cast.officer, clock.today, platform=platforms[0])
    with pytest.raises(PermissionDenied):
        propose(priced, cast.outsider, clock.today, platform=platforms[0])


def test_second_round_floor_thirty_days_and_same_platform(
    priced, platforms, platform_keys, cast, panel, clock, stub_platform
):
    first = listed_round(priced, cast, panel, clock, platform=platforms[0])
    first = fail(first, platforms[0], platform_keys, clock)
    failed_on = clock.today - dt.timedelta(days=1)
    assert first.status == Auction.FAILED
    node = priced.case.nodes.get(kind__code="reauction")
    assert node.due_on == rules.reauction_by(failed_on) and node.done_on is None
    # The floor: 80% of the first start (a reduction of at most 20%, §8.12).
    with pytest.raises(ActionError) as err:
        propose(priced, cast.officer, clock.today, 2, start=Decimal("559999.99"))
    assert any("80%" in m for m in err.value.messages)
    # Another platform is refused: the re-auction is on the same one.
    with pytest.raises(ActionError):
        propose(priced, cast.officer, clock.today, 2, platform=platforms[1])
    # Bidding must begin within 30 days of the failure.
    late = at(rules.reauction_by(failed_on) + dt.timedelta(days=1))
    with pytest.raises(ActionError) as err:
        propose(
            priced,
            cast.officer,
            clock.today,
            2,
            bidding_starts_at=late,
            bidding_ends_at=late + dt.timedelta(days=1),
        )
    assert any("三十日" in m for m in err.value.messages)
    # Real estate's second notice is 15 days (§8.12).
    second = propose(priced, cast.officer, clock.today, 2)
    assert second.round_no == 2 and second.start_price == Decimal("560000.00")
    decide(second, panel)
    second = actions.list_auction(second, actor=cast.officer)
    assert stub_platform[-1]["previous_lots"] == [first.lot_id]
    node.refresh_from_db()
    assert node.done_on == clock.today  # the re-auction node is done when the second round is listed


def test_sale_after_two_failures_then_nothing_more(
    priced, platforms, platform_keys, cast, panel, clock, stub_platform
):
    first = fail(
        listed_round(priced, cast, panel, clock, platform=platforms[0]), platforms[0], platform_keys, clock
    )
    second = fail(listed_round(priced, cast, panel, clock, 2), platforms[0], platform_keys, clock)
    assert (first.status, second.status) == (Auction.FAILED, Auction.FAILED)
    notice_on = clock.today + dt.timedelta(days=3)
    starts = at(notice_on + dt.timedelta(days=15))  # setting disposal.sale: 15 days' notice
    sale_args = dict(
        start=None,
        increment=Decimal("5000.00"),
        deposit=Decimal("56000.00"),
        notice_on=notice_on,
        bidding_starts_at=starts,
        bidding_ends_at=starts + dt.timedelta(days=60),
        parties_notified_on=clock.today,
    )
    with pytest.raises(ActionError):  # a sale period beyond the setting's 60 days
        actions.propose_auction(
            priced, actor=cast.officer, **{**sale_args, "bidding_ends_at": starts + dt.timedelta(days=61)}
        )
    with pytest.raises(ActionError):  # below the sale price (100% of the second start)
        actions.propose_auction(priced, actor=cast.officer, **{**sale_args, "start": Decimal("559999.00")})
    sale = actions.propose_auction(priced, actor=cast.officer, **sale_args)
    assert (sale.round_no, sale.stage, sale.start_price) == (3, Auction.SALE, second.start_price)
    assert sale.platform == platforms[0]
    priced.refresh_from_db()
    assert priced.status == Disposal.SALE
    decide(sale, panel)
    sale = actions.list_auction(sale, actor=cast.officer)
    assert stub_platform[-1]["stage"] == "sale"
    assert fail(sale, platforms[0], platform_keys, clock).status == Auction.FAILED
    with pytest.raises(ActionError) as err:
        actions.propose_auction(priced, actor=cast.officer, **sale_args)
    assert any("以物抵债" in m for m in err.value.messages)
    assert Node.objects.filter(case=priced.case, kind__code="reauction").count() == 1
    assert START1 and REFERENCE
