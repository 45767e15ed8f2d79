# ruff: noqa: F811  (the fixtures of tests/disposal/auction_world.py, imported by name)
"""A buyer who reneges (悔拍, rules §8.11): barred from the property by a keyed hash of the identity
code, the deposit held, and applied by rules.forfeited_deposit once the re-auction's result is known:
the costs, then the shortfall of the re-auction price, then the debt; the rest back to the reneger."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils.crypto import salted_hmac

from tests.disposal.auction_world import (  # noqa: F401
    BUYER_ID,
    bid,
    close,
    judge2,
    listed_round,
    panel,
    payment_body,
    pooled,
    priced,
    renege_body,
    result_body,
    sell,
    send,
    stub_platform,
    winner,
)
from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import Case
from zhixing.core.models import AuditEntry
from zhixing.disposal import actions, rules
from zhixing.disposal.models import Auction, BarredBidder, Disposal

pytestmark = pytest.mark.django_db

OTHER_ID = "110105199001011237"


@pytest.fixture
def reneged(priced, platforms, platform_keys, cast, panel, clock, stub_platform, pooled):
    """Round 1 sold at 705,000.00; the deposit (70,000.00) transferred; the buyer reneges 16 days on."""
    platform = platforms[0]
    first = sell(listed_round(priced, cast, panel, clock, platform=platform), platform, platform_keys, clock)
    send(platform, platform_keys, payment_body(first, "deposit", first.deposit, "T-DEP-R1"))
    clock.move_to(clock.today + dt.timedelta(days=16))
    send(platform, platform_keys, renege_body(first))
    first.refresh_from_db()
    return first


def test_the_reneger_is_barred_and_the_deposit_held(reneged, clock):
    assert reneged.status == Auction.RENEGED
    disposal = Disposal.objects.get(pk=reneged.disposal_id)
    assert disposal.status == Disposal.AUCTION and disposal.price is None and disposal.buyer_name == ""
    barred = BarredBidder.objects.get(disposal=disposal)
    assert barred.id_hash == salted_hmac("disposal.bidder", BUYER_ID).hexdigest()
    assert barred.id_masked == "110105********3213" and barred.forfeited == Decimal("70000.00")
    assert barred.auction == reneged
    entries = json.dumps(list(AuditEntry.objects.values_list("detail", flat=True)), ensure_ascii=False)
    assert BUYER_ID not in entries
    # A re-auction node opens, due 30 days on.
    node = disposal.case.nodes.filter(kind__code="reauction", done_on__isnull=True).get()
    assert node.due_on == clock.today + dt.timedelta(days=30)
    with pytest.raises(ActionError):  # the re-auction has no result yet
        actions.apply_forfeit(reneged, actor=disposal.case.handler, costs=Decimal("5000.00"))


def reauction(reneged, platforms, platform_keys, cast, panel, clock, stub_platform, price="690000.00"):
    disposal = Disposal.objects.get(pk=reneged.disposal_id)
    second = listed_round(disposal, cast, panel, clock, 2)
    assert second.round_no == 2 and stub_platform[-1]["previous_lots"] == [reneged.lot_id]
    close(second, clock)
    early = second.bidding_starts_at + dt.timedelta(hours=1)
    # The reneger bids and wins on the platform's word: refused, the reneger is barred.
    body = result_body(second, [bid("B1", price, early)], winner("B1", price))
    with pytest.raises(actions.BadMessage) as err:
        send(platforms[0], platform_keys, body)
    assert "悔拍" in " ".join(err.value.messages)
    body = result_body(
        second, [bid("B7", price, early)], winner("B7", price, name="周买受", id_code=OTHER_ID)
    )
    send(platforms[0], platform_keys, body)
    second.refresh_from_db()
    assert second.status == Auction.SOLD
    return second


@pytest.mark.parametrize(
    "applied, expected",
    [
        # A large debt: 5,000 costs, the 15,000 shortfall, the remaining 50,000 against the debt.
        ("2000000.00", {"costs": "5000.00", "shortfall": "15000.00", "debt": "50000.00", "returned": "0.00"}),
        # A debt of 20,000 of which the shortfall covers 15,000: 5,000 against the debt, 45,000 back.
        (
            "20000.00",
            {"costs": "5000.00", "shortfall": "15000.00", "debt": "5000.00", "returned": "45000.00"},
        ),
    ],
)
def test_the_deposit_is_applied_costs_shortfall_then_debt(
    reneged, platforms, platform_keys, cast, panel, clock, stub_platform, applied, expected
):
    Case.objects.filter(pk=reneged.disposal.case_id).update(applied_amount=Decimal(applied))
    reauction(reneged, platforms, platform_keys, cast, panel, clock, stub_platform)
    parts = actions.apply_forfeit(reneged, actor=cast.officer, costs=Decimal("5000.00"))
    assert {k: str(v) for k, v in parts.items()} == expected
    # Nothing of the re-auction paid yet: the debt without this deposit is the whole applied amount,
    # less the shortfall part, which reaches the creditor as proceeds.
    owed = Decimal(applied) - Decimal("15000.00")
    assert parts == rules.forfeited_deposit(
        Decimal("70000.00"), Decimal("5000.00"), Decimal("15000.00"), owed
    )
    entry = AuditEntry.objects.get(action="disposal.forfeit")
    assert entry.detail["shortfall"] == "15000.00" and entry.object_id == str(reneged.pk)
    assert reneged.disposal.case.events.filter(kind="forfeit_applied").count() == 1
    with pytest.raises(ActionError):  # applied once
        actions.apply_forfeit(reneged, actor=cast.officer, costs=Decimal("5000.00"))


def test_a_renege_must_name_the_buyer(priced, platforms, platform_keys, cast, panel, clock, stub_platform):
    first = sell(
        listed_round(priced, cast, panel, clock, platform=platforms[0]), platforms[0], platform_keys, clock
    )
    with pytest.raises(actions.BadMessage):
        send(platforms[0], platform_keys, renege_body(first, id_code=OTHER_ID))
    first.refresh_from_db()
    assert first.status == Auction.SOLD and not BarredBidder.objects.exists()
