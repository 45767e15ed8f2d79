# ruff: noqa: F811  (the fixtures of tests/disposal/auction_world.py, imported by name)
"""How a disposal ends: the confirmation ruling (PDF, node), ownership on service, the transfer notice to
the registry; taking in payment; release as property that cannot be disposed of only after both
auctions and the sale failed and the applicant refused (addendum §2.2); the 终本 gate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.disposal.auction_world import (  # noqa: F401
    at,
    decide,
    fail,
    judge2,
    listed_round,
    panel,
    payment_body,
    pooled,
    priced,
    sell,
    send,
    stub_platform,
)
from zhixing.cases import rules as case_rules
from zhixing.cases.actions.closing import closing_blockers
from zhixing.cases.actions.common import ActionError
from zhixing.disposal import actions
from zhixing.disposal.models import Auction, Disposal
from zhixing.documents.models import Document
from zhixing.inquiry.models import Measure

pytestmark = pytest.mark.django_db


def ttr_blockers(case, clock):
    return [
        p
        for p in closing_blockers(case, case_rules.TERMINATED_THIS_ROUND, clock.today)
        if "财产尚在处置中" in p
    ]


@pytest.fixture
def sold(priced, platforms, platform_keys, cast, panel, clock, stub_platform, pooled):
    auction = sell(
        listed_round(priced, cast, panel, clock, platform=platforms[0]), platforms[0], platform_keys, clock
    )
    return Disposal.objects.get(pk=priced.pk), auction


def test_confirmation_ruling_once_the_whole_price_arrived(sold, platforms, platform_keys, cast, clock):
    disposal, auction = sold
    with pytest.raises(PermissionDenied):  # a ruling: a judge or leader signs it
        actions.confirm_sale(disposal, actor=cast.officer)
    send(platforms[0], platform_keys, payment_body(auction, "deposit", auction.deposit, "T-D"))
    with pytest.raises(ActionError) as err:
        actions.confirm_sale(disposal, actor=cast.judge)
    assert any("尚未全部到账" in m for m in err.value.messages)
    balance = auction.price - auction.deposit
    send(platforms[0], platform_keys, payment_body(auction, "balance", balance, "T-B"))
    disposal = actions.confirm_sale(disposal, actor=cast.judge)
    doc = Document.objects.get(case=disposal.case, kind="auction_confirmation")
    assert disposal.ruling_number == doc.number and doc.number.endswith("-拍确")
    assert disposal.ruling_on == clock.today and doc.pdf.read().startswith(b"%PDF")
    node = disposal.case.nodes.get(kind__code="auction_confirmation")
    assert node.done_on == clock.today
    period = disposal.case.excluded_periods.get(kind="auction")
    assert period.end_on == clock.today
    with pytest.raises(ActionError):
        actions.confirm_sale(disposal, actor=cast.judge)  # once
    # Ownership passes on service; the registry is told within 5 days.
    with pytest.raises(ActionError):
        actions.send_transfer_notice(disposal, actor=cast.officer)  # not served yet
    disposal = actions.serve_ruling(disposal, clock.today, actor=cast.officer)
    assert disposal.served_on == clock.today
    transfer = disposal.case.nodes.get(kind__code="transfer_assistance")
    assert transfer.done_on is None and transfer.due_on >= clock.today + dt.timedelta(days=5)
    disposal = actions.send_transfer_notice(disposal, actor=cast.officer)
    notice = Document.objects.get(case=disposal.case, kind="transfer_assistance")
    assert disposal.transfer_notice_number == notice.number and notice.number.endswith("-协过")
    transfer.refresh_from_db()
    assert transfer.done_on == clock.today
    assert disposal.case.events.filter(kind="auction_ruling_served").count() == 1
    # A sold disposal no longer holds 终本.
    assert ttr_blockers(disposal.case, clock) == []


def to_failed_sale(priced, platforms, platform_keys, cast, panel, clock):
    platform = platforms[0]
    fail(listed_round(priced, cast, panel, clock, platform=platform), platform, platform_keys, clock)
    fail(listed_round(priced, cast, panel, clock, 2), platform, platform_keys, clock)
    notice_on = clock.today + dt.timedelta(days=3)
    starts = at(notice_on + dt.timedelta(days=15))
    sale = actions.propose_auction(
        priced,
        actor=cast.officer,
        start=None,
        increment=Decimal("5000.00"),
        deposit=Decimal("56000.00"),
        notice_on=notice_on,
        bidding_starts_at=starts,
        bidding_ends_at=starts + dt.timedelta(days=30),
        parties_notified_on=clock.today,
    )
    decide(sale, panel)
    return fail(actions.list_auction(sale, actor=cast.officer), platform, platform_keys, clock)


def test_take_in_payment_at_the_last_price(
    priced, platforms, platform_keys, cast, panel, clock, stub_platform
):
    with pytest.raises(ActionError):
        actions.take_in_payment(priced, actor=cast.officer)  # nothing failed yet
    sale = to_failed_sale(priced, platforms, platform_keys, cast, panel, clock)
    disposal = actions.take_in_payment(priced, actor=cast.officer)
    assert disposal.status == Disposal.TAKEN and disposal.price == sale.start_price == Decimal("560000.00")
    assert disposal.buyer_name == "王申请"
    disposal.case.refresh_from_db()  # the claim (500,000.00) met by the price, no more than was owed
    assert disposal.case.realized_amount == disposal.case.applied_amount == Decimal("500000.00")
    assert disposal.case.excluded_periods.get(kind="auction").end_on == clock.today
    assert ttr_blockers(disposal.case, clock) == []


def test_release_only_after_both_auctions_and_the_sale_failed_and_the_applicant_refused(
    priced, platforms, platform_keys, cast, panel, clock, stub_platform
):
    case = priced.case
    assert ttr_blockers(case, clock)  # a disposal in pricing already holds 终本
    platform = platforms[0]
    first = fail(listed_round(priced, cast, panel, clock, platform=platform), platform, platform_keys, clock)
    assert first.status == Auction.FAILED
    with pytest.raises(ActionError) as err:
        actions.release_undisposable(priced, actor=cast.officer)
    assert any("两次拍卖" in m for m in err.value.messages)
    fail(listed_round(priced, cast, panel, clock, 2), platform, platform_keys, clock)
    with pytest.raises(ActionError) as err:
        actions.release_undisposable(priced, actor=cast.officer)
    assert any("变卖" in m for m in err.value.messages)
    with pytest.raises(ActionError):
        actions.refuse_taking(priced, actor=cast.officer)  # no failed sale yet
    assert "财产尚在处置中" in ttr_blockers(case, clock)[0]
    # The sale, then its failure.
    notice_on = clock.today + dt.timedelta(days=3)
    starts = at(notice_on + dt.timedelta(days=15))
    sale = actions.propose_auction(
        priced,
        actor=cast.officer,
        start=None,
        increment=Decimal("5000.00"),
        deposit=Decimal("56000.00"),
        notice_on=notice_on,
        bidding_starts_at=starts,
        bidding_ends_at=starts + dt.timedelta(days=30),
        parties_notified_on=clock.today,
    )
    decide(sale, panel)
    fail(actions.list_auction(sale, actor=cast.officer), platform, platform_keys, clock)
    with pytest.raises(ActionError) as err:
        actions.release_undisposable(priced, actor=cast.officer)
    assert any("拒绝以物抵债" in m for m in err.value.messages)
    assert ttr_blockers(case, clock)
    actions.refuse_taking(priced, actor=cast.officer)
    with pytest.raises(ActionError):
        actions.take_in_payment(priced, actor=cast.officer)  # refused already
    disposal = actions.release_undisposable(priced, actor=cast.officer)
    assert disposal.status == Disposal.RELEASED and disposal.ended_on == clock.today
    assert case.nodes.get(kind__code="property_undisposable").done_on == clock.today
    measure = Measure.objects.get(pk=priced.measure_id)
    assert measure.pending == "release" and measure.release_reason == "ruling"
    assert case.excluded_periods.get(kind="auction").end_on == clock.today
    assert case.events.filter(kind="disposal_released").count() == 1
    # The 终本 gate accepts a released disposal.
    assert ttr_blockers(case, clock) == []
    with pytest.raises(ActionError):
        actions.release_undisposable(priced, actor=cast.officer)
