"""Disposal of seized property in the demo province (`zhixing demo`, issue 12): sealed flats and seized
vehicles on their way to money, one at every stage, so that the auction desk, the case's disposal tab
and the public notice page have something to show.

Connected to cases.demo.demo_built from DisposalConfig.ready() (cases may not import disposal), after
funds and inquiry (INSTALLED_APPS order): inquiry's demo has filled the asset register and sealed or
seized a few of its flats and vehicles. The demo takes those active seals first, then seals more of the
register's flats and vehicles (open cases with a handler, one asset a case, filed long enough ago for
the story), and tells one story per asset, ending on the demo's today (`end`):

1. **pricing** — a network inquiry (网络询价) asked of the three platforms two days ago: two reports in,
   one still due;
2. **plan** — the reference price set, the first auction's terms drafted by the handler and agreed by
   two of the three panel members (the third vote is the desk's work);
3. **listed** — the first auction decided and published, bidding a few days/weeks ahead;
4. **failed** — the first auction failed (流拍) and the re-auction (node `reauction`, 30 days) is due;
5. **sold** — failed once, sold at the second auction after a last-minute extension, deposit and
   balance booked into the case account through funds (channel 网络司法拍卖平台), the confirmation
   ruling made and served, the transfer notice to the registry due;
6. **distribution** — sold at the first auction, the proceeds short of what the costs, a mortgagee's
   priority claim and the case's own claim add up to: a plan in the order of rules §5.15 notified to
   the creditors and within its 15-day objection window.

The demo runs offline (no platform process), and the actions that move a disposal past its plan go
through the platform connector (the network inquiry asks every platform, a listing is posted, results
and payments arrive as the platform's signed messages) and date what they do today. So the plan
awaiting the panel is made by the actions themselves (propose_auction, vote_auction: their events and
audit entries), and the rest is demo history written as rows through the ORM, each term checked by the
pure rules (rules.plan_problems, min_start_price, deposit_range, network_price, bidding_end, winner,
distribute, objection_due), with the case events of every step and the disposal nodes on the case
timeline (cases.actions.open_node / record_node), dated by the story; the buyer's money is booked by
funds' own receive action. No confirmation-ruling PDF is issued (the ruling's number and dates are set).
The platforms are registered with reference addresses and fresh keys and never called; `zhixing
simulators` re-registers them with the running reference platforms' addresses and keys.

Every draw comes from the rng the demo hands over, over rows in id order: the same seed, the same
disposals.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhixing.cases import events as case_events
from zhixing.cases.actions import open_node, record_node
from zhixing.cases.models import Case, Party
from zhixing.core.calendar import Deadline
from zhixing.core.identity import mask_identity
from zhixing.inquiry.models import Measure

from . import events, rules, settings_keys
from .actors import PLATFORM
from .demo_setup import (
    BUYERS,
    CENT,
    FACTORS,
    FALLBACK_VALUE,
    HUNDRED,
    MORTGAGE_BASIS,
    MORTGAGEE,
    _at,
    _round_up,
    panel_of,
    pick_seals,
    register_platforms,
)
from .models import (
    Auction,
    Disposal,
    Distribution,
    DistributionLine,
    PanelVote,
    Platform,
    PriceProcedure,
    PriceReport,
)


class _Story:
    def __init__(self, org: Any, end: dt.date, rng: random.Random, stats: Counter, platforms: list[Platform]):
        self.org, self.end, self.rng, self.stats, self.platforms = org, end, rng, stats, platforms
        self.lots = 0

    def days(self, n: int) -> dt.date:
        return self.end + dt.timedelta(days=n)

    # --- the stories --------------------------------------------------------------------------

    def tell(self) -> list[Disposal]:
        made = []
        for stage, measure in pick_seals(self.end, self.rng):
            disposal = getattr(self, stage)(measure)
            self.stats[f"disposal:{stage}"] += 1
            made.append(disposal)
        return made

    def value(self, measure: Measure) -> Decimal:
        value = measure.asset.value
        if value is None or value <= 0:
            value = FALLBACK_VALUE.get(measure.asset.type, Decimal("100000.00"))
        return Decimal(value).quantize(CENT)

    def start(self, measure: Measure) -> Disposal:
        case = measure.case
        kind = rules.disposal_kind(measure.asset.type) or rules.MOVABLE
        due = rules.reference_due(measure.start)
        disposal = Disposal.objects.create(
            case=case,
            asset=measure.asset,
            measure=measure,
            kind=kind,
            description=(measure.asset.description or measure.asset.account or str(measure.asset))[:200],
            seized_on=measure.start,
            reference_due_on=due.on,
            officer=case.handler,
            created_at=timezone.now(),
        )
        open_node(case, "disposal_reference_price", due, actor=case.handler)
        self.emit(disposal, events.DISPOSAL_STARTED, reference_due_on=due.on.isoformat())
        return disposal

    def emit(self, disposal: Disposal, kind: str, actor: Any = None, **details: Any) -> None:
        case_events.emit(
            disposal.case, kind, actor or disposal.case.handler, asset=disposal.description, **details
        )

    def network(self, disposal: Disposal, asked_on: dt.date, answered: int = 3) -> PriceProcedure:
        """A network inquiry asked of every platform on `asked_on`; the first `answered` have reported."""
        procedure = PriceProcedure.objects.create(
            disposal=disposal,
            method=rules.NETWORK,
            started_on=asked_on,
            due_on=rules.report_due(asked_on).on,
        )
        record_node(disposal.case, "disposal_reference_price", asked_on, actor=disposal.case.handler)
        self.emit(disposal, events.PRICE_STARTED, method=rules.NETWORK)
        value = self.value(disposal.measure)
        for i, platform in enumerate(self.platforms):
            reported = i < answered
            PriceReport.objects.create(
                procedure=procedure,
                platform=platform,
                source=platform.name,
                price=(value * FACTORS[platform.code]).quantize(CENT) if reported else None,
                message_id=f"P-{platform.code}-DEMO-{procedure.pk}" if reported else "",
                asked_on=asked_on,
                due_on=rules.report_due(asked_on).on,
                reported_on=min(asked_on + dt.timedelta(days=1 + i % 2), self.end) if reported else None,
            )
        if answered == len(self.platforms):
            price = rules.network_price([r.price for r in procedure.reports.filter(valid=True)])
            reported_on = max(r.reported_on for r in procedure.reports.all())
            objection_days = int(settings_keys.DEFAULTS[settings_keys.PRICE_OBJECTION_DAYS])  # type: ignore[call-overload]
            procedure.status = PriceProcedure.DONE
            procedure.price = price
            procedure.reported_on = reported_on
            procedure.objection_due_on = reported_on + dt.timedelta(days=objection_days)
            procedure.ended_on = reported_on
            procedure.save()
            disposal.reference_price = price
            disposal.reference_method = rules.NETWORK
            disposal.reference_on = reported_on
            disposal.status = Disposal.AUCTION
            disposal.platform = self.platforms[self.rng.randrange(len(self.platforms))]
            disposal.platform_chosen_by = self.rng.choice(("applicant", "court"))
            disposal.save()
            self.emit(disposal, events.PRICE_SET, method=rules.NETWORK, price=str(price))
        return procedure

    def panel(self, case: Case) -> list[Any]:
        """Three members of the collegial panel of the case's court: its judges, then its leaders."""
        return panel_of(case.court)[:3]

    def propose(
        self,
        disposal: Disposal,
        round_no: int,
        notice_on: dt.date,
        *,
        previous: Auction | None = None,
        votes: int = 3,
        failed_on: dt.date | None = None,
        actions: bool = False,
    ) -> Auction:
        """A round's terms, drafted by the handler four days before the parties are notified, checked
        by rules.plan_problems, with `votes` of the panel's three agreements. With `actions`, through
        propose_auction and vote_auction (a round whose every date is still ahead); else demo history
        written as rows, dated by the story."""
        reference = disposal.reference_price
        assert reference is not None
        previous_start = previous.start_price if previous else None
        floor = rules.min_start_price(reference, round_no, previous_start)
        start = _round_up(floor) if round_no == 1 else floor  # round 2: the full 20% reduction
        low, high = rules.deposit_range(start)
        deposit = min(max(_round_up(start * Decimal("0.10")), low), high)
        increment = max(_round_up(start * Decimal("0.005")), HUNDRED)
        days = rules.notice_days(disposal.kind, round_no)
        starts = _at(notice_on + dt.timedelta(days=days))
        ends = starts + dt.timedelta(hours=24)
        parties_on = notice_on - dt.timedelta(days=rules.PARTIES_BEFORE_NOTICE_DAYS)
        plan = rules.Plan(
            kind=disposal.kind,
            round_no=round_no,
            reference=reference,
            start=start,
            increment=increment,
            deposit=deposit,
            notice_on=notice_on,
            bidding_starts=starts,
            bidding_ends=ends,
            parties_notified_on=parties_on,
            previous_start=previous_start,
            failed_on=failed_on,
        )
        problems = rules.plan_problems(plan)
        if problems:  # the story's own dates are wrong: fail loudly, not with a bad plan in the demo
            raise RuntimeError("演示数据：拍卖方案不符合规则：" + "；".join(problems))
        if actions:  # a round still ahead: the officer's and the panel's own actions, dated today
            from .actions import auctions as auction_actions

            auction = auction_actions.propose_auction(
                disposal,
                actor=disposal.case.handler,
                start=start,
                increment=increment,
                deposit=deposit,
                notice_on=notice_on,
                bidding_starts_at=starts,
                bidding_ends_at=ends,
                parties_notified_on=parties_on,
            )
            for member in self.panel(disposal.case)[:votes]:
                auction = auction_actions.vote_auction(auction, actor=member, opinion="同意")
            return auction
        proposed = parties_on - dt.timedelta(days=4)
        if failed_on is not None:  # a re-auction is drafted after the failure
            proposed = max(proposed, failed_on + dt.timedelta(days=1))
        auction = Auction.objects.create(
            disposal=disposal,
            round_no=round_no,
            platform=disposal.platform,
            reference_price=reference,
            start_price=start,
            increment=increment,
            deposit=deposit,
            notice_on=notice_on,
            bidding_starts_at=starts,
            bidding_ends_at=ends,
            parties_notified_on=parties_on,
            preemption=[{"name": "李共有", "rank": 1, "basis": "共有人"}]
            if round_no == 1 and self.rng.random() < 0.3
            else [],
            proposed_by=disposal.case.handler,
            proposed_at=_at(proposed, 9),
        )
        self.emit(disposal, events.AUCTION_PROPOSED, round=auction.label, start=str(start))
        for i, member in enumerate(self.panel(disposal.case)[:votes]):
            PanelVote.objects.create(auction=auction, member=member, at=_at(proposed, 14 + i), opinion="同意")
        if votes >= 3:
            auction.status = Auction.DECIDED
            auction.decided_at = _at(proposed, 16)
            auction.save()
            self.emit(disposal, events.AUCTION_DECIDED, round=auction.label, start=str(start))
        return auction

    def list(self, auction: Auction) -> Auction:
        """Published on the notice day (the parties were told three days before)."""
        self.lots += 1
        auction.status = Auction.LISTED
        auction.lot_id = f"{auction.platform.code}-DEMO-{self.end:%Y%m%d}-{self.lots:03d}"
        auction.listed_at = _at(auction.notice_on, 9)
        auction.save()
        disposal = auction.disposal
        record_node(disposal.case, "auction_notice", auction.notice_on, actor=disposal.case.handler)
        self.emit(
            disposal,
            events.AUCTION_LISTED,
            round=auction.label,
            starts=auction.bidding_starts_at.isoformat(),
        )
        return auction

    def fail(self, auction: Auction) -> dt.date:
        """Nobody bid: the round closes at its scheduled end (流拍)."""
        auction.status = Auction.FAILED
        auction.ended_at = auction.bidding_ends_at
        auction.save()
        self.emit(auction.disposal, events.AUCTION_FAILED, PLATFORM, round=auction.label)
        return auction.bidding_ends_at.date()

    def sell(self, auction: Auction) -> Auction:
        """Three bidders, the last bid two minutes before the close extending it (rules §8.8), the
        deposit and then the balance paid into the case account."""
        disposal = auction.disposal
        scheduled = auction.bidding_ends_at
        times = [
            scheduled - dt.timedelta(hours=3),
            scheduled - dt.timedelta(minutes=40),
            scheduled - dt.timedelta(minutes=2),
        ]
        prices = [auction.start_price + k * auction.increment for k in range(len(times))]
        closed = rules.bidding_end(scheduled, times)
        bids = [rules.Bid(f"B{i + 1}", p, t) for i, (p, t) in enumerate(zip(prices, times, strict=True))]
        win = rules.winner(bids, auction.start_price, {}, closed)
        assert win is not None
        buyer = self.rng.choice(BUYERS)
        buyer_id = f"130629{self.rng.randrange(1960, 2000)}0{self.rng.randrange(1, 10)}1{self.rng.randrange(10)}{self.rng.randrange(1000, 9999)}"
        sold_on = closed.date()
        balance_days = int(settings_keys.DEFAULTS[settings_keys.BALANCE_DAYS])  # type: ignore[call-overload]
        auction.status = Auction.SOLD
        auction.ended_at = closed
        auction.bids = len(bids)
        auction.price = win.price
        auction.buyer_name = buyer
        auction.buyer_id_masked = mask_identity(buyer_id)
        auction.losers_released_at = closed + dt.timedelta(hours=2)
        auction.balance_due_on = sold_on + dt.timedelta(days=balance_days)
        auction.deposit_received = auction.deposit
        auction.balance_received = win.price - auction.deposit
        auction.save()
        disposal.status = Disposal.SOLD
        disposal.price = win.price
        disposal.buyer_name = buyer
        disposal.buyer_id_masked = auction.buyer_id_masked
        disposal.save()
        self.emit(disposal, events.AUCTION_SOLD, PLATFORM, round=auction.label, price=str(win.price))
        self.pay(
            auction, "deposit", auction.deposit, sold_on + dt.timedelta(days=1), f"{auction.platform.name}"
        )
        self.pay(auction, "balance", win.price - auction.deposit, sold_on + dt.timedelta(days=9), buyer)
        return auction

    def pay(self, auction: Auction, what: str, amount: Decimal, on: dt.date, payer: str) -> None:
        """The money into the case account through funds (receive, channel 网络司法拍卖平台), matched by
        the case number in the remittance."""
        from zhixing.funds.actions.receipts import Incoming, receive
        from zhixing.funds.models import PooledAccount, Receipt

        case = auction.disposal.case
        pooled = PooledAccount.objects.filter(court=case.court).order_by("id").first()
        if pooled is not None and amount > 0:
            receive(
                Incoming(
                    pooled_account=pooled.account_number,
                    transaction_id=f"{auction.lot_id}-{what}",
                    channel=Receipt.AUCTION,
                    amount=amount,
                    booked_on=on,
                    payer_name=payer,
                    remittance=f"{case.case_number} 拍卖{'保证金' if what == 'deposit' else '余款'}",
                ),
                actor=PLATFORM,
            )
        self.emit(auction.disposal, events.PROCEEDS_RECEIVED, PLATFORM, what=what, amount=str(amount))

    def confirm(self, disposal: Disposal, on: dt.date, served_on: dt.date | None) -> None:
        """The confirmation ruling (成交确认裁定) made on `on` and served on the buyer `served_on`
        (ownership passes); the transfer-assistance notice then due within 5 days."""
        case = disposal.case
        disposal.ruling_number = f"{case.case_number}之二"
        disposal.ruling_on = on
        disposal.served_on = served_on
        disposal.ended_on = on
        disposal.save()
        record_node(case, "auction_confirmation", on, actor=case.handler)
        self.emit(disposal, events.CONFIRMED, price=str(disposal.price), document=disposal.ruling_number)
        if served_on is not None:
            self.emit(disposal, events.RULING_SERVED, served_on=served_on.isoformat())
            open_node(
                case,
                "transfer_assistance",
                Deadline(served_on + dt.timedelta(days=5), False),
                actor=case.handler,
            )

    # 1. pricing
    def pricing(self, measure: Measure) -> Disposal:
        disposal = self.start(measure)
        asked = max(measure.start, self.days(-2))
        self.network(disposal, asked, answered=2)
        return disposal

    # 2. a plan awaiting the panel's third vote
    def plan(self, measure: Measure) -> Disposal:
        disposal = self.start(measure)
        self.network(disposal, measure.start + dt.timedelta(days=8))
        self.propose(disposal, 1, self.days(6), votes=2, actions=True)
        return disposal

    # 3. the first auction listed
    def listed(self, measure: Measure) -> Disposal:
        disposal = self.start(measure)
        self.network(disposal, measure.start + dt.timedelta(days=10))
        days = rules.notice_days(disposal.kind, 1)
        notice_on = self.days(min(-3, 6 - days))  # bidding starts in a week or so
        self.list(self.propose(disposal, 1, notice_on))
        return disposal

    # 4. the first auction failed; the second is due
    def failed(self, measure: Measure) -> Disposal:
        disposal = self.start(measure)
        self.network(disposal, measure.start + dt.timedelta(days=9))
        days = rules.notice_days(disposal.kind, 1)
        first = self.list(self.propose(disposal, 1, self.days(-8 - days)))
        failed_on = self.fail(first)
        open_node(
            disposal.case,
            "reauction",
            Deadline(rules.reauction_by(failed_on), False),
            actor=disposal.case.handler,
        )
        return disposal

    # 5. failed once, sold at the second auction, confirmed and served
    def sold(self, measure: Measure) -> Disposal:
        disposal = self.start(measure)
        self.network(disposal, measure.start + dt.timedelta(days=10))
        days1 = rules.notice_days(disposal.kind, 1)
        days2 = rules.notice_days(disposal.kind, 2)
        second_starts = self.days(-25)
        failed_on = second_starts - dt.timedelta(days=25)
        first_notice = failed_on - dt.timedelta(days=days1 + 1)
        first = self.list(self.propose(disposal, 1, first_notice))
        failed_on = self.fail(first)
        open_node(
            disposal.case,
            "reauction",
            Deadline(rules.reauction_by(failed_on), False),
            actor=disposal.case.handler,
        )
        second = self.propose(
            disposal, 2, second_starts - dt.timedelta(days=days2), previous=first, failed_on=failed_on
        )
        self.list(second)
        record_node(disposal.case, "reauction", second.notice_on, actor=disposal.case.handler)
        self.sell(second)
        self.confirm(disposal, self.days(-6), self.days(-3))
        return disposal

    # 6. sold, the proceeds short: a distribution in its objection window
    def distribution(self, measure: Measure) -> Disposal:
        case = measure.case
        own = max(case.applied_amount - case.realized_amount, Decimal("1000.00"))  # before the sale
        disposal = self.start(measure)
        self.network(disposal, measure.start + dt.timedelta(days=10))
        days = rules.notice_days(disposal.kind, 1)
        auction = self.list(self.propose(disposal, 1, self.days(-60 - days)))
        self.sell(auction)
        self.confirm(disposal, self.days(-45), self.days(-42))
        record_node(disposal.case, "transfer_assistance", self.days(-40), actor=disposal.case.handler)
        disposal.transfer_notice_number = f"{disposal.case.case_number}之三"
        disposal.transfer_notice_on = self.days(-40)
        disposal.save()
        self.emit(disposal, events.TRANSFER_NOTICE, document=disposal.transfer_notice_number)
        self.distribute(disposal, own, self.days(-6))
        return disposal

    def distribute(self, disposal: Disposal, own: Decimal, notified_on: dt.date) -> Distribution:
        case = disposal.case
        proceeds = disposal.price or Decimal(0)
        costs = _round_up(proceeds * Decimal("0.01"))
        # The mortgagee's claim leaves the case's own claim half paid.
        priority = max(_round_up(proceeds - costs - own / 2), _round_up(proceeds * Decimal("0.4")))
        claims = [
            rules.Claim("costs", rules.COSTS, costs),
            rules.Claim("priority", rules.PRIORITY, priority, position=1),
            rules.Claim("own", rules.ORDINARY, own, seized_on=disposal.seized_on),
        ]
        shares = rules.distribute(proceeds, claims)
        applicant = case.parties.filter(role=Party.APPLICANT).order_by("id").first()
        distribution = Distribution.objects.create(
            disposal=disposal,
            case=case,
            proceeds=proceeds,
            status=Distribution.NOTIFIED,
            drawn_by=case.handler,
            drawn_on=notified_on - dt.timedelta(days=1),
            notified_on=notified_on,
            objection_due_on=rules.objection_due(notified_on).on,
        )
        lines = [
            (rules.COSTS, None, "执行费用", "拍卖、评估等处置费用", None, costs),
            (rules.PRIORITY, None, MORTGAGEE, MORTGAGE_BASIS[disposal.kind], None, priority),
            (
                rules.ORDINARY,
                case,
                applicant.name if applicant else case.case_number,
                f"{case.case_number}，{disposal.seized_on:%Y年%-m月%-d日}查封",
                disposal.seized_on,
                own,
            ),
        ]
        for order, (category, line_case, creditor, basis, seized_on, claim) in enumerate(lines, start=1):
            key = {rules.COSTS: "costs", rules.PRIORITY: "priority", rules.ORDINARY: "own"}[category]
            DistributionLine.objects.create(
                distribution=distribution,
                order=order,
                category=category,
                case=line_case,
                creditor=creditor,
                basis=basis,
                seized_on=seized_on,
                claim=claim,
                share=shares[key],
            )
        actor = case.handler
        case_events.emit(case, events.DISTRIBUTION_DRAWN, actor, amount=str(proceeds), creditors=len(lines))
        case_events.emit(
            case,
            events.DISTRIBUTION_NOTIFIED,
            actor,
            objection_due_on=distribution.objection_due_on.isoformat(),
        )
        return distribution


def on_demo_built(sender: Any, result: Any, rng: random.Random, **kwargs: Any) -> None:
    build(result.org, result.end, rng, result.stats)


def build(org: Any, end: dt.date, rng: random.Random, stats: Counter) -> list[Disposal]:
    if Disposal.objects.exists():  # a demo is built once, on an empty database
        return []
    with transaction.atomic():
        platforms = register_platforms()
        story = _Story(org, end, rng, stats, platforms)
        made = story.tell()
    stats["disposal:disposals"] = len(made)
    stats["disposal:auctions"] = Auction.objects.count()
    return made


def connect() -> None:
    """Called from DisposalConfig.ready(): build the demo's disposals once its cases are built."""
    from zhixing.cases.demo import demo_built

    demo_built.connect(on_demo_built, dispatch_uid="disposal.demo")


__all__ = ["build", "connect", "on_demo_built", "register_platforms"]
