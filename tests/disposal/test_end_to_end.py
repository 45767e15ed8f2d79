"""Issue 12, end to end over HTTP (Must show, item 2): a flat sealed through the network control
(the reference real-estate registry, a real process) in two cases against the same debtor gets a
network-inquiry reference price from the three reference auction platforms (real processes), fails at
the first auction, sells at the second after a last-minute bid extends the bidding (the platform's
clock driven by the test), the deposit and the balance land in the case account through funds, the
confirmation ruling is issued, the losers' deposits are released at the close, and the distribution
pays the two creditors in the legal order: costs, then the first seizure's case in full, then the
later one with what is left."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from tests.conftest import SHANGHAI
from tests.inquiry.conftest import drive, fast_retry  # noqa: F401 - fixtures used by name
from tests.simulators.auction_fixture import AuctionProcess
from tests.simulators.institution_fixture import InstitutionProcess
from zhixing.cases import actions as case_actions
from zhixing.cases.models import Node, Party
from zhixing.core.actors import CLI
from zhixing.core.identity import mask_identity
from zhixing.courts import actions as court_actions
from zhixing.courts import rules as court_rules
from zhixing.courts.models import Court
from zhixing.disposal import actions, rules
from zhixing.disposal.actions.distribution import Payee
from zhixing.disposal.models import Auction, Disposal, Distribution, Platform
from zhixing.documents.models import Document
from zhixing.funds.actions import open_pooled_account
from zhixing.funds.models import Payout, Receipt
from zhixing.inquiry import actions as inquiry_actions
from zhixing.inquiry import signing
from zhixing.inquiry.models import Asset, Measure
from zhixing.inquiry.reference import REFERENCE as INSTITUTIONS

from .conftest import resident_id

pytestmark = pytest.mark.django_db

DEBTOR = resident_id("13062919790303456")
COSTS = Decimal("12000.00")
FACTORS = {"TAOBAO": "0.97", "JD": "1.00", "RMFYSSZC": "1.03"}


@pytest.fixture
def world(courts, cast, clock, tmp_path, settings, fast_retry):  # noqa: F811
    """The Xiong'an registry (every debtor holds something there) and the three auction platforms,
    each its own process, registered with their keys; the court's pooled account."""
    settings.DATA_DIR = tmp_path / "data"
    trust = tmp_path / "trust.json"
    signing.write_trust_file(trust, Court.objects.all())
    ref = next(r for r in INSTITUTIONS if r.code == "XAREG")
    registry = InstitutionProcess(ref.kind, ref.code, ref.name, delay_ms=10, hit_rate=1.0)
    registry.start(trust=trust, data_dir=tmp_path / "xareg")
    platforms: dict[str, AuctionProcess] = {}
    try:
        inquiry_actions.register_institution(
            ref.code, ref.name, ref.kind, registry.url, registry.public_key, actor=CLI, link=ref.link,
            province=ref.province, supports={"deduct": ref.deduct},
        )  # fmt: skip
        for code, factor in FACTORS.items():
            p = AuctionProcess(code, code, price_factor=factor).start(trust=trust, data_dir=tmp_path / code)
            platforms[code] = p
            actions.register_platform(code, code, p.url, p.public_key, actor=CLI)
        open_pooled_account(courts.xiongan, actor=cast.finance)
        yield SimpleNamespace(platforms=platforms, registry=registry)
    finally:
        registry.stop()
        for p in platforms.values():
            p.stop()


def _file(courts, cast, clock, applicant: str, amount: Decimal):
    return case_actions.file_case(
        court=courts.xiongan,
        type_code="执",
        filed_on=clock.today - dt.timedelta(days=40),
        applied_amount=amount,
        parties=[
            case_actions.PartyInput(
                Party.APPLICANT, applicant, resident_id(f"1101051970010{len(applicant)}123")
            ),
            case_actions.PartyInput(Party.DEBTOR, "冯被执", DEBTOR),
        ],
        cause="民间借贷纠纷",
        handler=cast.officer,
        actor=cast.clerk,
    )


def _seal(case, cast) -> Measure:
    """The debtor's flat found by a network inquiry of the case and sealed over HTTP."""
    drive(inquiry_actions.start_case_inquiry(case, actor=cast.officer))
    flat = Asset.objects.filter(case=case, type="real_estate").order_by("id").first()
    assert flat is not None and flat.value and flat.value > 0
    measure = inquiry_actions.freeze(flat, actor=cast.officer)
    drive()
    measure.refresh_from_db()
    assert measure.status == Measure.ACTIVE and measure.start is not None
    return measure


def _sync(platforms) -> None:
    for p in platforms.values():
        p.sync_clock()


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


def _round(disposal, cast, panel, clock, platforms, round_no: int, start: Decimal, **over) -> Auction:
    """A round that keeps rules §8: parties told today, the notice in 3 days, bidding from the end of the
    notice period for 24 hours; decided by the panel of three and listed on the platform."""
    notice_on = clock.today + dt.timedelta(days=3)
    begins = _at(notice_on + dt.timedelta(days=rules.notice_days(disposal.kind, round_no)))
    low, _high = rules.deposit_range(start)
    _sync(platforms)
    auction = actions.propose_auction(
        disposal,
        actor=cast.officer,
        start=start,
        increment=Decimal("5000.00"),
        deposit=low.quantize(Decimal("1000"), rounding="ROUND_UP"),
        notice_on=notice_on,
        bidding_starts_at=begins,
        bidding_ends_at=begins + dt.timedelta(hours=24),
        parties_notified_on=clock.today,
        **over,
    )
    for member in panel:
        actions.vote_auction(auction, actor=member)
    auction.refresh_from_db()
    return actions.list_auction(auction, actor=cast.officer)


def test_a_sealed_flat_is_priced_auctioned_paid_and_distributed(world, courts, cast, clock):
    platforms = world.platforms
    judge2 = court_actions.create_user(
        "he", "何法官", "pw-he", courts.xiongan, [court_rules.JUDGE], actor=CLI
    )
    panel = [cast.judge, cast.president, judge2]

    # Two creditors of one debtor: case A seals the flat first, case B a day later (轮候).
    from simulators.institutions.holdings import generate

    value = Decimal(next(a for a in generate(DEBTOR, "XAREG", "real_estate", 1.0))["value"])
    first = _file(courts, cast, clock, "陈申请", (value * Decimal("0.30")).quantize(Decimal("0.01")))
    second = _file(courts, cast, clock, "褚申请", (value * Decimal("0.50")).quantize(Decimal("0.01")))
    seal_a = _seal(first, cast)
    clock.move_to(clock.today + dt.timedelta(days=1))
    world.registry.sync_clock()
    _seal(second, cast)

    # The reference price by network inquiry: every platform asked, the average of their reports.
    disposal = actions.start_disposal(seal_a, actor=cast.officer)
    _sync(platforms)
    procedure = actions.start_price(disposal, rules.NETWORK, actor=cast.officer)
    procedure = actions.collect_reports(procedure, actor=cast.officer)
    disposal.refresh_from_db()
    flat_value = Asset.objects.get(pk=disposal.asset_id).value
    expected = rules.network_price([flat_value * Decimal(f) for f in FACTORS.values()])
    assert disposal.reference_method == rules.NETWORK and disposal.reference_price == expected
    assert Node.objects.filter(
        case=first, kind__code="disposal_reference_price", done_on__isnull=False
    ).exists()

    # First auction on TAOBAO (the applicant's choice): nobody bids, it fails.
    start1 = rules.min_start_price(disposal.reference_price)
    taobao_row = Platform.objects.get(code="TAOBAO")
    first_round = _round(disposal, cast, panel, clock, platforms, 1, start1, platform=taobao_row)
    taobao = platforms[first_round.platform.code]
    assert taobao.lot(first_round.lot_id)["lot_id"] == first_round.lot_id
    clock.move_to(first_round.bidding_ends_at.astimezone(SHANGHAI).date() + dt.timedelta(days=1))
    _sync(platforms)
    accepted, refusals = actions.pull_messages(first_round.platform)
    assert refusals == []
    first_round.refresh_from_db()
    assert first_round.status == Auction.FAILED
    assert Node.objects.filter(case=first, kind__code="reauction", done_on__isnull=True).exists()

    # Second auction within 30 days, start at the floor (80% of the first start), notice 15 days.
    start2 = rules.min_start_price(disposal.reference_price, 2, start1)
    assert start2 == (start1 * Decimal("0.8")).quantize(Decimal("0.01"), rounding="ROUND_UP")
    second_round = _round(disposal, cast, panel, clock, platforms, 2, start2)
    assert second_round.platform_id == first_round.platform_id  # the same platform (rules §8.12)
    lot = second_round.lot_id
    taobao.set_clock(second_round.bidding_starts_at + dt.timedelta(hours=1))
    buyer_id = resident_id("11010519880303321")
    buyer = taobao.bidder(lot, "卫买受", buyer_id)
    rival = taobao.bidder(lot, "蒋竞买", resident_id("11010519900101123"))
    assert taobao.bid(lot, rival, str(start2))[0] == 200
    assert taobao.bid(lot, buyer, str(start2 + Decimal("5000.00")))[0] == 200
    taobao.set_clock(second_round.bidding_ends_at - dt.timedelta(minutes=1))
    assert taobao.bid(lot, rival, str(start2 + Decimal("10000.00")))[0] == 200  # the end moves to +4 min
    taobao.set_clock(second_round.bidding_ends_at + dt.timedelta(minutes=3))
    price = start2 + Decimal("15000.00")
    assert taobao.bid(lot, buyer, str(price))[0] == 200  # still open: the last-minute bid extended it
    taobao.set_clock(second_round.bidding_ends_at + dt.timedelta(minutes=30))

    clock.move_to(second_round.bidding_ends_at.astimezone(SHANGHAI).date() + dt.timedelta(days=1))
    _sync(platforms)
    accepted, refusals = actions.pull_messages(second_round.platform)
    assert refusals == []
    second_round.refresh_from_db()
    assert second_round.status == Auction.SOLD and second_round.price == price
    # The court keeps the buyer's code masked only (the ruling and the pages show no more).
    assert second_round.buyer_name == "卫买受" and second_round.buyer_id_masked == mask_identity(buyer_id)
    assert second_round.ended_at == second_round.bidding_ends_at + dt.timedelta(minutes=8)
    # The losers' deposits back at the close, within the 24 hours of rules §8.10.
    assert second_round.losers_released_at is not None
    assert second_round.losers_released_at - second_round.ended_at <= rules.RELEASE_WITHIN

    # The buyer pays the balance on the platform; deposit and balance land in case A's account.
    assert taobao.pay(lot, buyer, str(price - second_round.deposit))[0] == 200
    accepted, refusals = actions.pull_messages(second_round.platform)
    assert refusals == []
    receipts = Receipt.objects.filter(case=first, channel=Receipt.AUCTION)
    assert sum(r.amount for r in receipts) == price and receipts.count() == 2

    # The confirmation ruling, then service (ownership passes) and the registry's transfer notice.
    disposal = actions.confirm_sale(Disposal.objects.get(pk=disposal.pk), actor=cast.judge)
    assert Document.objects.filter(case=first, kind="auction_confirmation").exists()
    actions.serve_ruling(disposal, clock.today, actor=cast.officer)
    actions.send_transfer_notice(Disposal.objects.get(pk=disposal.pk), actor=cast.officer)

    # Distribution: the proceeds do not cover both claims; costs, then A (sealed first) in full, then B.
    plan = actions.draw_distribution(Disposal.objects.get(pk=disposal.pk), actor=cast.officer, costs=COSTS)
    lines = list(plan.lines.order_by("order"))
    assert [(ln.category, ln.case_id) for ln in lines] == [
        (rules.COSTS, None),
        (rules.ORDINARY, first.pk),
        (rules.ORDINARY, second.pk),
    ]
    assert lines[0].share == COSTS and lines[1].share == first.applied_amount
    assert lines[2].share == price - COSTS - first.applied_amount < second.applied_amount
    plan = actions.notify_distribution(plan, actor=cast.officer)
    clock.move_to(plan.objection_due_on + dt.timedelta(days=1))
    plan = actions.finalise_distribution(plan, actor=cast.judge)
    payees = {
        ln.pk: Payee(ln.creditor, f"62220200000000{ln.order:04d}", "中国工商银行", confirmed=True)
        for ln in lines
        if ln.category != rules.COSTS
    }
    plan = actions.pay_distribution(plan, actor=cast.officer, payees=payees)
    assert plan.status == Distribution.PAID
    paid = {p.case_id: p.amount for p in Payout.objects.filter(case__in=[first, second])}
    assert paid == {first.pk: lines[1].share, second.pk: lines[2].share}
