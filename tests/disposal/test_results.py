# ruff: noqa: F811  (the fixtures of tests/disposal/auction_world.py, imported by name)
"""Platform messages (issue 12 item 3: the court never trusts a result it cannot verify): a result
signed with the platform's registered Ed25519 key is applied once; a forged signature, a tampered body,
a winner who is not the highest bidder, a bid after the close counted, a winner from the court are
refused and audited; a repeated message changes nothing; the buyer's money lands in the case account
once per transaction."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.disposal.auction_world import (  # noqa: F401
    bid,
    close,
    judge2,
    listed_round,
    panel,
    payment_body,
    pooled,
    priced,
    result_body,
    send,
    signed,
    stub_platform,
    winner,
)
from zhixing.core.models import AuditEntry
from zhixing.disposal import actions
from zhixing.disposal.models import Auction, Disposal, PlatformMessage
from zhixing.funds.models import Receipt
from zhixing.funds.queries import case_balance

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(priced, platforms, cast, panel, clock, stub_platform):
    auction = listed_round(priced, cast, panel, clock, platform=platforms[0])
    close(auction, clock)
    return auction


def sold_body(auction, **over):
    early = auction.bidding_starts_at + dt.timedelta(hours=1)
    late = auction.bidding_ends_at - dt.timedelta(minutes=2)  # within the last 5 minutes: extends
    bids = [bid("B2", "700000.00", early), bid("B1", "705000.00", late)]
    return result_body(auction, bids, winner("B1", "705000.00"), **over)


def refused(platform, keys, raw_or_body, headers=None):
    before = AuditEntry.objects.filter(action="disposal.refuse_message").count()
    if headers is None:
        raw, headers = signed(keys[platform.code], platform.code, raw_or_body)
    else:
        raw = raw_or_body
    with pytest.raises(actions.BadMessage) as err:
        actions.accept_message(platform, raw, headers)
    assert AuditEntry.objects.filter(action="disposal.refuse_message").count() == before + 1
    assert not PlatformMessage.objects.filter(kind="result").exists()
    return " ".join(err.value.messages)


def test_a_verified_result_is_applied_once(listed, platforms, platform_keys, clock):
    body = sold_body(listed)
    raw, headers = signed(platform_keys["TAOBAO"], "TAOBAO", body)
    message = actions.accept_message(platforms[0], raw, headers)
    listed.refresh_from_db()
    assert listed.status == Auction.SOLD and listed.price == Decimal("705000.00")
    assert listed.ended_at == listed.bidding_ends_at + dt.timedelta(minutes=3)  # extended by the late bid
    assert listed.buyer_name == "孙买受" and listed.buyer_id_masked == "110105********3213"
    assert listed.balance_due_on == clock.today - dt.timedelta(days=1) + dt.timedelta(days=15)
    disposal = Disposal.objects.get(pk=listed.disposal_id)
    assert disposal.status == Disposal.SOLD and disposal.price == Decimal("705000.00")
    # The same message again (the webhook and the pull both deliver it): nothing changes.
    again = actions.accept_message(platforms[0], raw, headers)
    assert again.pk == message.pk
    assert PlatformMessage.objects.count() == 1
    assert AuditEntry.objects.filter(action="disposal.result").count() == 1
    assert listed.disposal.case.events.filter(kind="auction_sold").count() == 1
    # No full identity code anywhere the court keeps for everyone to read.
    assert "110105198803033213" not in json.dumps(list(AuditEntry.objects.values_list("detail", flat=True)))


def test_a_forged_signature_is_refused(listed, platforms, platform_keys):
    body = sold_body(listed)
    raw, headers = signed(Ed25519PrivateKey.generate(), "TAOBAO", body)
    assert "签名" in refused(platforms[0], platform_keys, raw, headers)
    # Signed by another platform's key under its own code: not this platform's message.
    raw, headers = signed(platform_keys["JD"], "JD", body)
    refused(platforms[0], platform_keys, raw, headers)
    listed.refresh_from_db()
    assert listed.status == Auction.LISTED


def test_a_tampered_body_is_refused(listed, platforms, platform_keys):
    raw, headers = signed(platform_keys["TAOBAO"], "TAOBAO", sold_body(listed))
    tampered = raw.replace(b"705000.00", b"700500.00")
    assert tampered != raw
    refused(platforms[0], platform_keys, tampered, headers)
    entry = AuditEntry.objects.filter(action="disposal.refuse_message").last()
    assert entry.detail["platform"] == "TAOBAO"


def test_a_winner_who_is_not_the_highest_bidder_is_refused(listed, platforms, platform_keys):
    body = sold_body(listed, winner=winner("B2", "700000.00"))
    assert "买受人" in refused(platforms[0], platform_keys, body)


def test_a_bid_after_the_close_is_not_counted(listed, platforms, platform_keys):
    early = listed.bidding_starts_at + dt.timedelta(hours=1)
    after = listed.bidding_ends_at + dt.timedelta(minutes=6)  # no bid in the last 5 minutes: closed
    bids = [bid("B2", "700000.00", early), bid("B1", "705000.00", after)]
    body = result_body(listed, bids, winner("B1", "705000.00"), closed_at=after.isoformat())
    refused(platforms[0], platform_keys, body)
    # The close as the rules compute it but the late bid still named the winner: refused too.
    body = result_body(listed, bids, winner("B1", "705000.00"))
    assert "买受人" in refused(platforms[0], platform_keys, body)


def test_a_close_that_ignores_the_extension_is_refused(listed, platforms, platform_keys):
    body = sold_body(listed, closed_at=listed.bidding_ends_at.isoformat())
    assert "结束时间" in refused(platforms[0], platform_keys, body)


def test_a_winner_from_the_court_or_the_platform_is_refused(listed, platforms, platform_keys):
    for affiliation in ("HE96", "冀96", "TAOBAO"):
        body = sold_body(listed)
        body["winner"] = winner("B1", "705000.00", affiliation=affiliation)
        assert "不得竞买" in refused(platforms[0], platform_keys, body)


def test_a_failed_round_with_a_valid_bid_is_refused(listed, platforms, platform_keys):
    body = sold_body(listed, outcome="failed", winner=None)
    refused(platforms[0], platform_keys, body)


def test_a_result_for_a_lot_the_court_did_not_list_is_refused(listed, platforms, platform_keys):
    refused(platforms[0], platform_keys, sold_body(listed, lot_id="TAOBAO-A999"))
    # The lot of this platform reported by another platform.
    raw, headers = signed(platform_keys["JD"], "JD", sold_body(listed))
    with pytest.raises(actions.BadMessage):
        actions.accept_message(platforms[1], raw, headers)


def test_payments_land_in_the_case_account_once(listed, platforms, platform_keys, pooled):
    platform = platforms[0]
    send(platform, platform_keys, sold_body(listed))
    listed.refresh_from_db()
    case = listed.disposal.case
    deposit = payment_body(listed, "deposit", listed.deposit, "T-DEP-1")
    send(platform, platform_keys, deposit)
    send(platform, platform_keys, deposit)  # the same message again
    # The same transaction under another message id (a resend): booked once.
    send(platform, platform_keys, {**deposit, "message_id": deposit["message_id"] + "-resend"})
    balance = payment_body(listed, "balance", Decimal("635000.00"), "T-BAL-1")
    send(platform, platform_keys, balance)
    receipts = Receipt.objects.filter(case=case, channel=Receipt.AUCTION).order_by("id")
    assert [r.amount for r in receipts] == [Decimal("70000.00"), Decimal("635000.00")]
    assert {r.transaction_id for r in receipts} == {"TAOBAO-T-DEP-1", "TAOBAO-T-BAL-1"}
    listed.refresh_from_db()
    assert (listed.deposit_received, listed.balance_received) == (Decimal("70000.00"), Decimal("635000.00"))
    assert case_balance(case)[0] == Decimal("705000.00")
    case.refresh_from_db()
    assert case.realized_amount == Decimal("705000.00")
    # More than is owed is refused.
    with pytest.raises(actions.BadMessage):
        send(platform, platform_keys, payment_body(listed, "balance", Decimal("0.01"), "T-BAL-2"))


def test_a_failed_result_opens_the_reauction_node(listed, platforms, platform_keys, clock):
    send(platforms[0], platform_keys, result_body(listed, []))
    listed.refresh_from_db()
    assert listed.status == Auction.FAILED and listed.bids == 0
    node = listed.disposal.case.nodes.get(kind__code="reauction")
    assert node.due_on == listed.ended_at.date() + dt.timedelta(days=30)


def test_pull_messages_accepts_each_once(listed, platforms, platform_keys, monkeypatch):
    bodies = [sold_body(listed)]
    raw, headers = signed(platform_keys["TAOBAO"], "TAOBAO", bodies[0])
    forged_raw, forged_headers = signed(
        Ed25519PrivateKey.generate(), "TAOBAO", {**bodies[0], "message_id": "X"}
    )
    items = [(1, raw, headers), (2, forged_raw, forged_headers)]
    monkeypatch.setattr("zhixing.disposal.connector.messages", lambda platform, court, after=0: items)
    accepted, refusals = actions.pull_messages(platforms[0])
    assert len(accepted) == 1 and len(refusals) == 1
    accepted2, _r = actions.pull_messages(platforms[0])
    assert accepted2[0].pk == accepted[0].pk
    assert PlatformMessage.objects.count() == 1


def test_a_round_on_the_reference_platform_is_verified_and_applied(
    priced, platforms, cast, panel, clock, pooled, courts, tmp_path
):
    """Over HTTP with the reference platform (simulators/auction, its clock driven here): the lot listed
    through the connector, a last-minute bid extending the bidding, the signed result and the deposit
    transfer pulled, re-verified and applied; the losers' deposits released at the close."""
    from tests.simulators.auction_fixture import AuctionProcess
    from zhixing.disposal.models import Platform
    from zhixing.inquiry import signing

    trust = tmp_path / "trust.json"
    signing.write_trust_file(trust, [courts.xiongan])
    process = AuctionProcess().start(trust=trust, data_dir=tmp_path / "taobao")
    try:
        Platform.objects.filter(pk=platforms[0].pk).update(url=process.url, public_key=process.public_key)
        platform = Platform.objects.get(pk=platforms[0].pk)
        auction = listed_round(priced, cast, panel, clock, platform=platform)
        assert process.lot(auction.lot_id)["lot_id"] == auction.lot_id
        process.set_clock(auction.bidding_starts_at + dt.timedelta(hours=1))
        b1 = process.bidder(auction.lot_id, "孙买受", "110105198803033213")
        b2 = process.bidder(auction.lot_id, "周竞买", "110105199001011237")
        assert (
            process.register(auction.lot_id, "吴书记员", "110105199202021230", affiliation="HE96")[0] == 403
        )
        assert process.bid(auction.lot_id, b2, "700000.00")[0] == 200
        process.set_clock(auction.bidding_ends_at - dt.timedelta(minutes=2))
        assert process.bid(auction.lot_id, b1, "705000.00")[0] == 200  # extends the end by 5 minutes
        process.set_clock(auction.bidding_ends_at + dt.timedelta(minutes=2))
        assert process.bid(auction.lot_id, b2, "710000.00")[0] == 200  # still open, extends again
        process.set_clock(auction.bidding_ends_at + dt.timedelta(minutes=10))
        close(auction, clock)
        accepted, refusals = actions.pull_messages(platform)
        assert refusals == []
        assert [m.kind for m in accepted] == ["result", "payment"]
        auction.refresh_from_db()
        assert auction.status == Auction.SOLD and auction.price == Decimal("710000.00")
        assert auction.buyer_name == "周竞买" and auction.bids == 3
        assert auction.ended_at == auction.bidding_ends_at + dt.timedelta(minutes=7)
        assert auction.losers_released_at == auction.ended_at
        assert auction.deposit_received == auction.deposit
        assert Receipt.objects.filter(case=auction.disposal.case, channel=Receipt.AUCTION).count() == 1
        again, _refused = actions.pull_messages(platform)  # read again: nothing changes
        assert {m.pk for m in again} == {m.pk for m in accepted}
        assert Receipt.objects.filter(channel=Receipt.AUCTION).count() == 1
    finally:
        process.stop()


def test_a_preemption_holder_takes_it_at_equal_price(
    priced, platforms, platform_keys, cast, panel, clock, stub_platform
):
    holders = [{"name": "钱共有", "rank": 1, "basis": "按份共有人"}]
    auction = listed_round(priced, cast, panel, clock, platform=platforms[0], preemption=holders)
    assert stub_platform[-1]["preemption"] == [{"name": "钱共有", "rank": 1}]
    close(auction, clock)
    t1 = auction.bidding_starts_at + dt.timedelta(hours=1)
    t2 = auction.bidding_starts_at + dt.timedelta(hours=2)
    bids = [bid("B2", "705000.00", t1), bid("B3", "705000.00", t2, rank=1)]
    # The earlier bidder at the same price is not the buyer: the holder is (rules §8.9).
    assert "买受人" in refused(
        platforms[0], platform_keys, result_body(auction, bids, winner("B2", "705000.00"))
    )
    # A rank the panel never named is refused.
    odd = [bid("B2", "705000.00", t1), bid("B3", "705000.00", t2, rank=2)]
    refused(platforms[0], platform_keys, result_body(auction, odd, winner("B3", "705000.00", name="钱共有")))
    send(platforms[0], platform_keys, result_body(auction, bids, winner("B3", "705000.00", name="钱共有")))
    auction.refresh_from_db()
    assert auction.status == Auction.SOLD and auction.buyer_name == "钱共有"


def test_a_late_release_of_the_losers_deposits_is_flagged(listed):
    """rules §8.10 (art 23): the losers' deposits go back within 24 hours of the close."""
    listed.ended_at = listed.bidding_ends_at
    listed.losers_released_at = listed.ended_at + dt.timedelta(hours=24)
    assert not listed.losers_released_late
    listed.losers_released_at += dt.timedelta(minutes=1)
    assert listed.losers_released_late
