"""The reference auction platform (simulators/auction) as the court sees it: a separate process whose
clock the test drives (rules §8.8–8.11, §8.16)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.simulators import auction_fixture, institution_fixture
from tests.simulators.auction_fixture import AuctionProcess, at
from tests.simulators.bank_fixture import NotifyReceiver
from tests.simulators.institution_fixture import CourtKey

court_key = institution_fixture.court_key  # pytest fixtures
trust_file = institution_fixture.trust_file
auction = auction_fixture.auction

OPENING = at("2026-12-10 10:00")
STARTS = at("2026-12-11 10:00")
ENDS = at("2026-12-12 10:00")
MINUTE = dt.timedelta(minutes=1)


def when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


@pytest.fixture
def lot(auction, court_key):
    """A listed lot (start 700000, increment 5000, deposit 70000), the clock an hour into its bidding."""
    auction.set_clock(OPENING)
    lot_id = auction.list_lot(court_key, starts_at=STARTS, ends_at=ENDS)
    auction.set_clock(STARTS + 60 * MINUTE)
    return lot_id


def test_bidding_shorter_than_24_hours_is_refused(auction, court_key):
    auction.set_clock(OPENING)
    short = auction.listing(court_key, starts_at=STARTS, ends_at=ENDS - dt.timedelta(seconds=1))
    status, _, raw = auction.court(court_key, "/lots", short)
    assert status == 400 and json.loads(raw)["error"] == "竞价时间不得少于二十四小时"
    listing = auction.listing(court_key, starts_at=STARTS, ends_at=ENDS)
    first = auction.court_ok(court_key, "/lots", listing)
    assert first["status"] == "listed" and first["lot_id"].startswith("TAOBAO-L")
    again = auction.court_ok(court_key, "/lots", listing)  # a new message id, the same listing
    assert again == first and len(auction.state()["lots"]) == 1
    assert auction.lot(first["lot_id"])["status"] == "announced"


def test_court_requests_must_be_signed_by_the_court_they_name(auction, court_key):
    auction.set_clock(OPENING)
    listing = auction.listing(court_key, starts_at=STARTS, ends_at=ENDS)
    status, _, raw = auction.court(court_key, "/lots", listing, headers={})
    assert status == 401 and "缺少签名" in json.loads(raw)["error"]
    status, _, raw = auction.court(court_key, "/lots", {**listing, "court_code": "J99"})
    assert status == 401 and "不一致" in json.loads(raw)["error"]
    status, _, _ = auction.court(CourtKey(court_key.code), "/lots", listing)  # right code, wrong key
    assert status == 401
    state = auction.state()
    assert state["lots"] == {} and state["refused_signatures"] == 3


def test_bids_open_at_the_start_and_the_last_five_minutes_extend(auction, court_key):
    auction.set_clock(OPENING)
    lot_id = auction.list_lot(court_key, starts_at=STARTS, ends_at=ENDS)
    buyer = auction.bidder(lot_id, "赵某", "110101199001011234")
    other = auction.bidder(lot_id, "钱某", "110101198502023456")
    status, out = auction.bid(lot_id, buyer, "700000.00")
    assert status == 409 and out["error"] == "竞价尚未开始"
    auction.set_clock(STARTS)
    status, out = auction.bid(lot_id, buyer, "700000.00")
    assert status == 200 and when(out["ends_at"]) == ENDS  # not in the last five minutes
    auction.set_clock(ENDS - 5 * MINUTE)  # exactly five minutes before: no extension
    status, out = auction.bid(lot_id, other, "705000.00")
    assert status == 200 and when(out["ends_at"]) == ENDS
    auction.set_clock(ENDS - 2 * MINUTE)
    status, out = auction.bid(lot_id, buyer, "710000.00")
    assert status == 200 and when(out["ends_at"]) == when(out["at"]) + 5 * MINUTE > ENDS
    extended = when(out["ends_at"])
    auction.set_clock(ENDS + MINUTE)  # past the scheduled end, within the extension: still open
    assert auction.lot(lot_id)["status"] == "bidding"
    status, out = auction.bid(lot_id, other, "715000.00")
    assert status == 200 and when(out["ends_at"]) == when(out["at"]) + 5 * MINUTE
    extended = when(out["ends_at"])
    auction.set_clock(extended + dt.timedelta(seconds=1))
    status, out = auction.bid(lot_id, buyer, "720000.00")
    assert status == 409 and out["error"] == "竞价已结束"
    [result, payment] = auction.bodies()
    assert result["kind"] == "result" and result["outcome"] == "sold"
    assert when(result["scheduled_end"]) == ENDS and when(result["closed_at"]) == extended
    assert result["winner"]["bidder"] == other and result["winner"]["price"] == "715000.00"
    assert [b["price"] for b in result["bids"]] == ["700000.00", "705000.00", "710000.00", "715000.00"]
    assert payment["what"] == "deposit" and payment["payer_name"] == "钱某"


def test_start_price_deposit_and_increment_are_checked(auction, court_key, lot):
    unpaid = auction._ok("POST", f"/lots/{lot}/register", {"name": "孙某", "id_code": "110101199203034567"})
    status, out = auction.bid(lot, unpaid["bidder_id"], "700000.00")
    assert status == 403 and out["error"] == "未交纳保证金，不得出价"
    first = auction.bidder(lot, "赵某", "110101199001011234")
    second = auction.bidder(lot, "钱某", "110101198502023456")
    status, out = auction.bid(lot, first, "699999.99")
    assert status == 400 and "起拍价" in out["error"]
    assert auction.bid(lot, first, "700000.00")[0] == 200
    status, out = auction.bid(lot, second, "704999.99")
    assert status == 400 and "加价幅度" in out["error"]
    status, out = auction.bid(lot, second, "700000.00")  # an equal bid without a pre-emption right
    assert status == 400
    assert auction.bid(lot, second, "705000.00")[0] == 200
    assert auction.bid(lot, first, "abc")[0] == 400
    assert auction.lot(lot)["highest"] == "705000.00" and auction.lot(lot)["leader"] == second


def test_pre_emption_holders_win_ties_by_rank_then_time(auction, court_key):
    auction.set_clock(OPENING)
    holders = [{"name": "甲公司", "rank": 1}, {"name": "乙某", "rank": 2}, {"name": "戊某", "rank": 2}]
    lot_id = auction.list_lot(court_key, starts_at=STARTS, ends_at=ENDS, preemption=holders)
    auction.set_clock(STARTS + MINUTE)
    plain = auction.bidder(lot_id, "丙某", "110101199001011234")
    second = auction.bidder(lot_id, "乙某", "110101198502023456")
    late = auction.bidder(lot_id, "戊某", "110101197707077777")
    first = auction.bidder(lot_id, "甲公司", "91130600MA0000000X")
    assert auction.lot(lot_id)["bidders"][first]["preemption_rank"] == 1
    assert auction.bid(lot_id, plain, "800000.00")[0] == 200
    assert auction.bid(lot_id, second, "800000.00")[0] == 200  # same price: the holder takes it
    assert auction.lot(lot_id)["leader"] == second
    assert auction.bid(lot_id, late, "800000.00")[0] == 400  # same rank, later: it would not win
    assert auction.bid(lot_id, plain, "800000.00")[0] == 400
    auction.advance(10)
    assert auction.bid(lot_id, first, "800000.00")[0] == 200  # a better rank takes it again
    assert auction.bid(lot_id, second, "800000.00")[0] == 400
    assert auction.lot(lot_id)["leader"] == first
    auction.set_clock(ENDS + MINUTE)
    [result, payment] = auction.bodies()
    assert result["winner"]["bidder"] == first and result["winner"]["name"] == "甲公司"
    assert [(b["bidder"], b["preemption_rank"]) for b in result["bids"]] == [
        (plain, None),
        (second, 2),
        (first, 1),
    ]
    assert payment["payer_name"] == "甲公司"
    # a plain bidder outbidding by the increment beats every holder's equal price
    auction.set_clock(OPENING)
    other = auction.list_lot(court_key, starts_at=STARTS, ends_at=ENDS, preemption=holders)
    auction.set_clock(STARTS + MINUTE)
    a, b = auction.bidder(other, "甲公司", "91130600MA0000000X"), auction.bidder(other, "丙某", "1101")
    auction.bid(other, a, "700000.00")
    assert auction.bid(other, b, "705000.00")[0] == 200
    assert auction.lot(other)["leader"] == b


def test_nobody_from_the_court_or_the_platform_may_bid(auction, court_key, lot):
    status, out = auction.register(lot, "周某", "110101199001011234", affiliation=court_key.code)
    assert status == 403 and out["error"] == "法院、拍卖平台及其工作人员不得竞买"
    status, out = auction.register(lot, "吴某", "110101199001015678", affiliation="TAOBAO")
    assert status == 403 and out["error"] == "法院、拍卖平台及其工作人员不得竞买"
    status, out = auction.register(lot, "郑某", "110101199001019999", affiliation="某科技有限公司")
    assert status == 200 and out["bidder_id"] == "B1"
    assert auction.register(lot, "郑某", "110101199001019999")[1]["bidder_id"] == "B1"  # same person
    assert list(auction.lot(lot)["bidders"]) == ["B1"]


def test_a_reneger_may_not_bid_again_on_that_property(auction, court_key, lot):
    buyer = auction.bidder(lot, "赵某", "110101199001011234")
    auction.bid(lot, buyer, "700000.00")
    auction.set_clock(ENDS + MINUTE)
    status, out = auction.renege(lot)
    assert status == 200 and out["forfeited"] == "70000.00"
    [_, _, reneged] = auction.bodies()
    assert reneged["kind"] == "reneged" and reneged["lot_id"] == lot and reneged["bidder"] == buyer
    assert (reneged["name"], reneged["id_code"], reneged["forfeited"]) == (
        "赵某",
        "110101199001011234",
        "70000.00",
    )
    assert auction.renege(lot)[0] == 409 and auction.pay(lot, buyer, "630000.00")[0] == 409
    assert auction.lot(lot)["status"] == "reneged"
    again = auction.list_lot(
        court_key, round=2, start_price="560000.00", deposit="56000.00",
        starts_at=at("2026-12-20 10:00"), ends_at=at("2026-12-21 10:00"), previous_lots=[lot],
    )  # fmt: skip
    status, out = auction.register(again, "赵某", "110101199001011234")
    assert status == 403 and out["error"] == "悔拍的买受人不得参加该财产的再次拍卖"
    assert auction.register(again, "钱某", "110101198502023456")[0] == 200
    elsewhere = auction.list_lot(court_key, starts_at=at("2026-12-20 10:00"), ends_at=at("2026-12-21 10:00"))
    assert auction.register(elsewhere, "赵某", "110101199001011234")[0] == 200  # another property
    status, _, raw = auction.court(court_key, "/lots", auction.listing(court_key, previous_lots=["NOPE"],
                                   starts_at=STARTS, ends_at=ENDS))  # fmt: skip
    assert status == 404


def test_deposits_released_at_close_and_the_messages_signed_and_in_order(auction, court_key, lot):
    bidders = [
        auction.bidder(lot, name, code)
        for name, code in (("赵某", "1101A"), ("钱某", "1101B"), ("孙某", "1101C"))
    ]
    auction.bid(lot, bidders[0], "700000.00")
    auction.bid(lot, bidders[1], "705000.00")
    assert auction.bodies() == []
    auction.set_clock(ENDS + dt.timedelta(hours=3))  # noticed late: the close is still the end
    deposits = {k: v["deposit"] for k, v in auction.lot(lot)["bidders"].items()}
    assert deposits == {bidders[0]: "released", bidders[1]: "transferred", bidders[2]: "released"}
    status, out = auction.pay(lot, bidders[1], "635000.01")
    assert status == 400 and "余款" in out["error"]
    assert auction.pay(lot, bidders[0], "1.00")[0] == 409  # not the buyer
    assert auction.pay(lot, bidders[1], "600000.00")[1]["outstanding"] == "35000.00"
    assert auction.pay(lot, bidders[1], "35000.00")[1]["outstanding"] == "0.00"
    assert auction.renege(lot)[0] == 409  # paid in full
    listed = auction.messages()
    assert [seq for seq, _, _ in listed] == [1, 2, 3, 4]
    result, deposit, first, second = auction.bodies()
    assert [m["kind"] for m in (result, deposit, first, second)] == [
        "result",
        "payment",
        "payment",
        "payment",
    ]
    assert len({m["message_id"] for m in (result, deposit, first, second)}) == 4
    assert result["message_id"] == "P-TAOBAO-000001"
    assert list(result)[:4] == ["message_id", "kind", "lot_id", "sent_at"]
    assert when(result["closed_at"]) == ENDS and when(result["losers_released_at"]) == ENDS
    assert when(result["sent_at"]) >= ENDS + dt.timedelta(hours=3)
    assert result["deposit"] == "70000.00" and result["start_price"] == "700000.00"
    assert result["winner"] == {
        "bidder": bidders[1], "name": "钱某", "id_code": "1101B", "affiliation": "", "price": "705000.00",
    }  # fmt: skip
    assert (deposit["what"], deposit["amount"], when(deposit["paid_at"])) == ("deposit", "70000.00", ENDS)
    assert [(m["what"], m["amount"]) for m in (first, second)] == [
        ("balance", "600000.00"),
        ("balance", "35000.00"),
    ]
    assert len({deposit["transaction_id"], first["transaction_id"], second["transaction_id"]}) == 3
    seq, raw, headers = listed[0]
    assert auction.verify(raw, headers) and headers["X-Zx-Key"] == "TAOBAO"
    assert not auction.verify(raw.replace(b"705000.00", b"805000.00"), headers)
    assert auction.messages(after=3)[0][0] == 4 and auction.messages(after=4) == []


def test_a_lot_without_a_valid_bid_fails_and_releases_every_deposit(auction, court_key, lot):
    bidder = auction.bidder(lot, "赵某", "1101A")
    auction.set_clock(ENDS + dt.timedelta(seconds=1))
    [result] = auction.bodies()
    assert result["outcome"] == "failed" and result["winner"] is None and result["bids"] == []
    assert auction.lot(lot)["bidders"][bidder]["deposit"] == "released"
    assert auction.lot(lot)["status"] == "failed"


def test_a_repeated_court_message_changes_nothing(auction, court_key, lot):
    listing = auction.listing(court_key, message_id="m-list", starts_at=STARTS, ends_at=ENDS)
    first = auction.court(court_key, "/lots", listing)
    second = auction.court(court_key, "/lots", listing)
    assert first[0] == second[0] == 200 and first[2] == second[2]
    status, _, _ = auction.court(court_key, "/lots", {**listing, "title": "另一套房"})
    assert status == 409
    body = {"message_id": "m-suspend", "lot_id": lot}
    assert auction.court_ok(court_key, f"/lots/{lot}/suspend", body)["status"] == "suspended"
    status, out = auction.bid(lot, auction.bidder(lot, "赵某", "1101A"), "700000.00")
    assert status == 409 and out["error"] == "拍卖已中止"
    auction.advance(3600)
    resumed = auction.court_ok(court_key, f"/lots/{lot}/resume", {"message_id": "m-resume", "lot_id": lot})
    assert resumed["status"] == "bidding" and when(resumed["ends_at"]) > ENDS  # the paused hour given back
    auction.advance(60)
    again = auction.court_ok(court_key, f"/lots/{lot}/suspend", body)  # the old suspension, repeated
    assert again["status"] == "suspended"  # the stored answer, byte for byte ...
    assert auction.lot(lot)["status"] == "bidding"  # ... and nothing applied
    state = auction.state()
    assert (state["applied"], state["duplicates"]) == (4, 2)  # lot + listing + suspend + resume


def test_price_reports_are_the_value_hint_times_the_factor(tmp_path, trust_file, court_key):
    platform = AuctionProcess("JD", "京东拍卖", price_factor="0.98", report_delay=3600)
    platform.start(trust=trust_file, data_dir=tmp_path / "jd")
    try:
        platform.set_clock(OPENING)
        assert platform.inquire(court_key, "Q-1", "1000000.00") == {"inquiry_id": "Q-1", "status": "accepted"}
        platform.inquire(court_key, "Q-2", "123.45")
        platform.inquire(court_key, "Q-3", 0)
        status, out, _ = platform.report("Q-1")
        assert status == 404 and out["error"] == "询价报告尚未出具"
        platform.set_clock(OPENING + dt.timedelta(hours=1))
        status, report, signed = platform.report("Q-1")
        assert status == 200 and signed
        assert list(report) == ["message_id", "kind", "inquiry_id", "price", "valid", "reason", "reported_at"]
        assert (report["kind"], report["price"], report["valid"], report["reason"]) == (
            "price_report",
            "980000.00",
            True,
            "",
        )
        assert when(report["reported_at"]) == OPENING + dt.timedelta(hours=1)
        assert platform.report("Q-2")[1]["price"] == "120.98"  # 123.45 × 0.98 = 120.981, to the fen
        assert platform.report("Q-3")[1] == {**platform.report("Q-3")[1], "price": None, "valid": False,
                                             "reason": "无可比交易数据"}  # fmt: skip
        assert platform.report("Q-1")[1] == report  # the same report every time
        assert [m["inquiry_id"] for m in platform.bodies(kind="price_report")] == ["Q-1", "Q-2", "Q-3"]
    finally:
        platform.stop()


def test_the_callback_is_retried_until_the_court_answers_2xx(tmp_path, trust_file, court_key):
    receiver = NotifyReceiver().start()
    receiver.status = 503
    platform = AuctionProcess(callback=receiver.url + "auction")
    platform.start(trust=trust_file, data_dir=tmp_path / "cb")
    try:
        platform.set_clock(OPENING)
        lot_id = platform.list_lot(court_key, starts_at=STARTS, ends_at=ENDS)
        platform.set_clock(STARTS)
        buyer = platform.bidder(lot_id, "赵某", "1101A")
        platform.bid(lot_id, buyer, "700000.00")
        platform.set_clock(ENDS + MINUTE)
        refused = receiver.wait("auction", 3)
        assert {json.loads(r["body"])["kind"] for r in refused} == {"result"}  # in order: the first again
        receiver.status = 200
        got = receiver.wait("auction", len(refused) + 2, timeout=20)
        while json.loads(got[-1]["body"])["kind"] != "payment":
            got = receiver.wait("auction", len(got) + 1, timeout=20)
        kinds = [json.loads(r["body"])["kind"] for r in got]
        assert kinds[-2:] == ["result", "payment"] and set(kinds[:-2]) == {"result"}  # in order, once each
        for request in got:
            assert platform.verify(request["body"], request["headers"])
        assert got[-1]["body"] == platform.messages()[1][1]  # the same bytes the feed holds
        messages = platform.state()["messages"]
        for _ in range(100):  # the platform marks a delivery once the answer is in
            if messages[1]["delivered"]:
                break
            messages = platform.state()["messages"]
        assert messages[0]["delivered"] and messages[0]["attempts"] == len(got) - 1
        assert messages[1]["delivered"] and messages[1]["attempts"] == 1
    finally:
        platform.stop()
        receiver.stop()
