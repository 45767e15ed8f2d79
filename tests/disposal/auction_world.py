"""Helpers of the auction, result, renege and outcome tests (helper B): a disposal whose reference price
is set, a round planned by the rules, the panel of three, a listing on a stub platform, and platform
messages built and signed in the test as the platform would sign them."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import SHANGHAI
from tests.disposal.conftest import platform_headers
from zhixing.core.actors import CLI
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as r
from zhixing.disposal import actions, rules
from zhixing.disposal.models import Auction, Disposal
from zhixing.funds.actions import open_pooled_account

REFERENCE = Decimal("1000000.00")
START1 = Decimal("700000.00")
BUYER_ID = "110105198803033213"


@pytest.fixture
def priced(seal, cast, clock):
    """A disposal of the sealed flat whose reference price (1,000,000.00, network inquiry) is set."""
    return Disposal.objects.create(
        case=seal.case,
        asset=seal.asset,
        measure=seal,
        kind=rules.REAL_ESTATE,
        description=seal.asset.description,
        seized_on=clock.today,
        reference_due_on=rules.reference_due(clock.today).on,
        reference_price=REFERENCE,
        reference_method=rules.NETWORK,
        reference_on=clock.today,
        officer=cast.officer,
        created_at=timezone.now(),
    )


@pytest.fixture
def judge2(courts):
    return court_actions.create_user("he", "何法官", "pw-he", courts.xiongan, [r.JUDGE], actor=CLI)


@pytest.fixture
def panel(cast, judge2):
    return [cast.judge, cast.president, judge2]


@pytest.fixture
def pooled(courts, cast):
    return open_pooled_account(courts.xiongan, actor=cast.finance)


@pytest.fixture
def stub_platform(monkeypatch):
    """connector.list_lot answered as the platform would (the lot id named after the listing id)."""
    listed: list[dict] = []

    def list_lot(platform, court, body):
        listed.append(body)
        return {"lot_id": f"{platform.code}-{body['listing_id']}", "status": "listed"}

    monkeypatch.setattr("zhixing.disposal.connector.list_lot", list_lot)
    return listed


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


def terms(today: dt.date, round_no: int = 1, kind: str = rules.REAL_ESTATE, **over: Any) -> dict[str, Any]:
    """A plan that meets every rule: parties notified today, the notice 3 days later, bidding from the
    notice period's end for 24 hours."""
    notice_on = today + dt.timedelta(days=3)
    starts = at(notice_on + dt.timedelta(days=rules.notice_days(kind, round_no)))
    args: dict[str, Any] = {
        "start": START1 if round_no == 1 else (START1 * Decimal("0.8")).quantize(rules.CENT),
        "increment": Decimal("5000.00"),
        "deposit": Decimal("70000.00") if round_no == 1 else Decimal("56000.00"),
        "notice_on": notice_on,
        "bidding_starts_at": starts,
        "bidding_ends_at": starts + dt.timedelta(hours=24),
        "parties_notified_on": today,
    }
    args.update(over)
    return args


def propose(disposal, actor, today: dt.date, round_no: int = 1, platform=None, **over) -> Auction:
    return actions.propose_auction(disposal, actor=actor, platform=platform, **terms(today, round_no, **over))


def decide(auction: Auction, panel) -> Auction:
    for member in panel:
        auction = actions.vote_auction(auction, actor=member)
    return auction


def listed_round(disposal, cast, panel, clock, round_no: int = 1, platform=None, **over) -> Auction:
    auction = propose(disposal, cast.officer, clock.today, round_no, platform=platform, **over)
    decide(auction, panel)
    return actions.list_auction(auction, actor=cast.officer)


_ids = itertools.count(1)


def signed(key, code: str, body: dict[str, Any]) -> tuple[bytes, dict]:
    raw = json.dumps(body, ensure_ascii=False).encode()
    return raw, platform_headers(key, code, raw)


def bid(bidder: str, price: Any, when: dt.datetime, rank: int | None = None) -> dict[str, Any]:
    return {"bidder": bidder, "price": str(price), "at": when.isoformat(), "preemption_rank": rank}


def result_body(auction: Auction, bids: list[dict], win: dict | None = None, **over: Any) -> dict[str, Any]:
    """A result as the platform reports it, the close computed by the rules from the bids."""
    end = rules.bidding_end(auction.bidding_ends_at, [dt.datetime.fromisoformat(b["at"]) for b in bids])
    body = {
        "message_id": f"P-{auction.platform.code}-R{next(_ids)}",
        "kind": "result",
        "lot_id": auction.lot_id,
        "sent_at": end.isoformat(),
        "outcome": "sold" if win else "failed",
        "listing_id": f"A{auction.pk}",
        "start_price": str(auction.start_price),
        "increment": str(auction.increment),
        "scheduled_end": auction.bidding_ends_at.isoformat(),
        "closed_at": end.isoformat(),
        "bids": bids,
        "winner": win,
        "deposit": str(auction.deposit),
        "losers_released_at": end.isoformat(),
    }
    body.update(over)
    return body


def winner(
    bidder: str, price: Any, name: str = "孙买受", id_code: str = BUYER_ID, affiliation: str = ""
) -> dict:
    return {
        "bidder": bidder,
        "name": name,
        "id_code": id_code,
        "affiliation": affiliation,
        "price": str(price),
    }


def payment_body(auction: Auction, what: str, amount: Any, txn: str) -> dict[str, Any]:
    return {
        "message_id": f"P-{auction.platform.code}-PAY{next(_ids)}",
        "kind": "payment",
        "lot_id": auction.lot_id,
        "sent_at": timezone.now().isoformat(),
        "what": what,
        "amount": str(amount),
        "transaction_id": txn,
        "paid_at": timezone.now().isoformat(),
        "payer_name": "孙买受",
    }


def renege_body(auction: Auction, name: str = "孙买受", id_code: str = BUYER_ID) -> dict[str, Any]:
    return {
        "message_id": f"P-{auction.platform.code}-RN{next(_ids)}",
        "kind": "reneged",
        "lot_id": auction.lot_id,
        "sent_at": timezone.now().isoformat(),
        "bidder": "B1",
        "name": name,
        "id_code": id_code,
        "forfeited": str(auction.deposit),
    }


def send(platform, keys, body: dict[str, Any]):
    raw, headers = signed(keys[platform.code], platform.code, body)
    return actions.accept_message(platform, raw, headers)


def close(auction: Auction, clock) -> None:
    """The clock moved past the bidding's end (the next day)."""
    clock.move_to(timezone.localtime(auction.bidding_ends_at).date() + dt.timedelta(days=1))


def fail(auction: Auction, platform, keys, clock) -> Auction:
    close(auction, clock)
    send(platform, keys, result_body(auction, []))
    auction.refresh_from_db()
    return auction


def sell(auction: Auction, platform, keys, clock, price: Any = None, id_code: str = BUYER_ID) -> Auction:
    """Two bidders; B1 wins at `price` (default start + increment) with a bid an hour before the end."""
    close(auction, clock)
    price = Decimal(price) if price is not None else auction.start_price + auction.increment
    early = auction.bidding_starts_at + dt.timedelta(hours=1)
    late = auction.bidding_ends_at - dt.timedelta(hours=1)
    bids = [bid("B2", auction.start_price, early), bid("B1", price, late)]
    send(platform, keys, result_body(auction, bids, winner("B1", price, id_code=id_code)))
    auction.refresh_from_db()
    return auction
