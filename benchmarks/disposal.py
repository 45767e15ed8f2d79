"""Benchmark (issue 12): what an enforcement bureau's disposal work costs at scale.

    .venv/bin/python benchmarks/disposal.py                                     # SQLite
    DATABASE_URL=postgres://zhixing:zhixing@127.0.0.1:5432/zhixing \\
        .venv/bin/python benchmarks/disposal.py                                 # PostgreSQL
    options: --messages 2000 --rounds 500 --rows 10000 --cases 100 --desk-runs 100 --seed 12

PostgreSQL works in a database of its own, `zhixing_bench_disposal`, dropped and made again on every run
(never `zhixing`, `test_*` or the other benchmarks' databases); SQLite in a fresh temporary data folder.

(a) Platform messages. `--rounds` listed rounds of a court (冀96, pooled account open) on one platform
whose Ed25519 public key is registered, each with its disposal, sealed flat and case (the cases filed
through `cases.actions.file_case`; assets, seals, disposals and listed rounds written by bulk_create,
bidding closed yesterday). `--messages` messages are built as tests/disposal/auction_world.py builds them
(result_body / payment_body, signed with the platform's key): one result a round (one round in five
failed: no valid bid, a first round, so a re-auction node opens), then for the sold rounds the buyer's
deposit and the balance in instalments until the count is reached. Each goes through
`disposal.actions.accept_message` as the webhook calls it; timed one by one. Then the very same bytes
and headers are delivered again (the repeat path: signature checked, found by message id, nothing
changed; the script asserts the messages, receipts, audit entries and case events did not change).

(b) The auction desk (/disposal/desk/) of 冀96 (and 冀9601 below it) with `--rows` disposals over all
stages (pricing, plans awaiting the panel with 0–2 votes, decided, listed, suspended, sold recently and
long ago, first rounds failed awaiting the second, second rounds listed, sales, taken, released, plans
of distribution in their objection window), written by bulk_create. Timed: `views.desk.desk_context`
(every `disposal.queries` list the page reads, with the vote predicate) and the whole page GET
/disposal/desk/ through Django's test client, logged in as the judge; with the statement count of each,
at a tenth of the rows and at all of them (it must not grow).

(c) `disposal.rules.distribute` over 1,000 and 10,000 claims (costs, 20 priority claims, the rest
ordinary in seizure order, proceeds covering about half).

Prints p50/p99 in ms and a RESULT line.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from decimal import Decimal
from pathlib import Path

import harness

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "zhixing_bench_disposal"
CODE = "TAOBAO"
CHUNK = 2_000


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def summary(ms: list[float]) -> dict[str, float]:
    return {
        "p50": round(pct(ms, 50), 3),
        "p99": round(pct(ms, 99), 3),
        "max": round(max(ms), 3),
        "per_s": round(len(ms) / (sum(ms) / 1000), 1),
    }


def _django() -> None:
    warnings.filterwarnings("ignore", message="No directory at")  # no collected static files here
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhixing.settings")
    os.environ.setdefault("ZHIXING_DEBUG", "0")
    import django

    django.setup()


# --- the world ------------------------------------------------------------------------------------


class World:
    """Courts, people, the pooled account, the platform with its key, the registry, and filed cases."""

    def __init__(self, n_cases: int):
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
        from django.utils import timezone

        from zhixing.cases import actions as case_actions
        from zhixing.cases.models import Party
        from zhixing.core.actors import CLI
        from zhixing.courts import actions as ca
        from zhixing.courts import rules as r
        from zhixing.disposal.models import Platform
        from zhixing.funds.actions import open_pooled_account
        from zhixing.inquiry import rules as inquiry_rules
        from zhixing.inquiry.models import Institution

        high = ca.create_court("冀", "河北省高级人民法院", actor=CLI)
        self.court = ca.create_court("冀96", "河北雄安新区中级人民法院", parent=high, actor=CLI)
        self.lower = ca.create_court("冀9601", "雄县人民法院", parent=self.court, actor=CLI)

        def user(login, name, court, role):
            return ca.create_user(login, name, None, court, [role], actor=CLI)

        self.officer = user("zhang", "张执行", self.court, r.OFFICER)
        self.officer_low = user("zhao2", "赵执行", self.lower, r.OFFICER)
        self.clerk = user("sun", "孙立案", self.court, r.CLERK)
        self.clerk_low = user("sun2", "孙书记", self.lower, r.CLERK)
        self.judge = user("li", "李法官", self.court, r.JUDGE)
        self.judge2 = user("he", "何法官", self.court, r.JUDGE)
        self.president = user("liu", "刘院长", self.court, r.LEADER)
        finance = user("qian", "钱财务", self.court, r.FINANCE)
        open_pooled_account(self.court, actor=finance)
        open_pooled_account(self.lower, actor=user("qian2", "钱会计", self.lower, r.FINANCE))
        self.key = Ed25519PrivateKey.generate()
        public = base64.b64encode(self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()
        now = timezone.now()
        self.platform = Platform.objects.create(
            code=CODE,
            name="淘宝网司法拍卖",
            url="http://127.0.0.1:9/taobao",
            public_key=public,
            registered_at=now,
        )
        self.registry = Institution.objects.create(
            code="XAREG", name="雄安新区不动产登记中心", kind=inquiry_rules.REAL_ESTATE,
            link=Institution.PROVINCIAL, province="冀", url="http://127.0.0.1:9/", public_key="A" * 43 + "=",
        )  # fmt: skip
        t = time.perf_counter()
        self.cases = []
        for i in range(n_cases):
            low = i % 4 == 3  # a quarter of the cases in the court below
            self.cases.append(
                case_actions.file_case(
                    court=self.lower if low else self.court,
                    type_code="执",
                    filed_on=None,
                    applied_amount=Decimal("900000.00"),
                    parties=[
                        case_actions.PartyInput(Party.APPLICANT, "王申请", "11010519491231002X"),
                        case_actions.PartyInput(Party.DEBTOR, f"债务人{i}", "91330109699830509X"),
                    ],
                    cause="民间借贷纠纷",
                    handler=self.officer_low if low else self.officer,
                    actor=self.clerk_low if low else self.clerk,
                )
            )
        print(f"  {n_cases} cases filed through the action in {time.perf_counter() - t:.1f} s", flush=True)
        self.debtors = {p.case_id: p for p in Party.objects.filter(case__in=self.cases, role=Party.DEBTOR)}
        self.serial = itertools.count(1)

    def disposals(self, n: int, status_of, case_of=None) -> list:
        """`n` sealed flats with a disposal each (bulk_create), the reference price set; status_of(i) the
        disposal's status, case_of(i) its case (default: round robin over the filed cases)."""
        from django.utils import timezone

        from zhixing.disposal import rules
        from zhixing.disposal.models import Disposal
        from zhixing.inquiry import rules as inquiry_rules
        from zhixing.inquiry.models import Asset, Measure

        now = timezone.now()
        today = timezone.localdate()
        out = []
        for start in range(0, n, CHUNK):
            ids = [next(self.serial) for _ in range(min(CHUNK, n - start))]
            cases = [case_of(k) if case_of else self.cases[k % len(self.cases)] for k in ids]
            assets = Asset.objects.bulk_create(
                Asset(
                    case=c, party=self.debtors[c.pk], institution=self.registry, type=inquiry_rules.REAL_ESTATE,
                    asset_id=f"XA-RE-{k:07d}", description=f"雄安新区容城县某小区{k}号楼501室",
                    account=f"冀(2024)雄安新区不动产权第{k:07d}号", value=Decimal("1200000.00"),
                    found_at=now, last_seen=now,
                )
                for k, c in zip(ids, cases, strict=True)
            )  # fmt: skip
            seals = Measure.objects.bulk_create(
                Measure(
                    case=a.case, asset=a, kind=inquiry_rules.SEAL, days=3 * 365, start=today - dt.timedelta(90),
                    expiry=today + dt.timedelta(3 * 365 - 91), position=1, status=Measure.ACTIVE,
                    measure_id=f"XAREG-M-{k:07d}", document_number=f"{a.case.case_number}之{k}",
                    document_sha256="0" * 64, officer=self.officer, created_at=now,
                )
                for k, a in zip(ids, assets, strict=True)
            )  # fmt: skip
            out += Disposal.objects.bulk_create(
                Disposal(
                    case=m.case, asset=m.asset, measure=m, kind=rules.REAL_ESTATE, description=m.asset.description,
                    seized_on=m.start, reference_due_on=rules.reference_due(m.start).on,
                    status=status_of(start + j), reference_price=Decimal("1000000.00"),
                    reference_method=rules.NETWORK, reference_on=m.start + dt.timedelta(20),
                    platform=self.platform, platform_chosen_by="court", officer=self.officer, created_at=now,
                )
                for j, m in enumerate(seals)
            )  # fmt: skip
        return out

    def auction(self, d, round_no: int, status: str, ends: dt.datetime, **over):
        """An Auction row (not saved) of disposal `d`: the first round at 700,000.00, the second at 80%."""
        from zhixing.disposal.models import Auction

        start = Decimal("700000.00") if round_no == 1 else Decimal("560000.00")
        if round_no == 3:
            start = Decimal("448000.00")
        listed = status not in (Auction.DRAFT, Auction.DECIDED)
        fields = dict(
            disposal=d, round_no=round_no, stage=Auction.SALE if round_no == 3 else Auction.AUCTION,
            platform=self.platform, reference_price=d.reference_price, start_price=start,
            increment=Decimal("5000.00"), deposit=(start / 10).quantize(Decimal("0.01")),
            notice_on=(ends - dt.timedelta(days=31)).date(), bidding_starts_at=ends - dt.timedelta(hours=24),
            bidding_ends_at=ends, parties_notified_on=(ends - dt.timedelta(days=34)).date(), status=status,
            proposed_by=self.officer, proposed_at=ends - dt.timedelta(days=40),
            decided_at=None if status == Auction.DRAFT else ends - dt.timedelta(days=38),
            lot_id=f"{CODE}-L{d.pk}-{round_no}" if listed else "",
            listed_at=ends - dt.timedelta(days=31) if listed else None,
        )  # fmt: skip
        fields.update(over)
        return Auction(**fields)


# --- (a) platform messages ------------------------------------------------------------------------

_ids = itertools.count(1)


def signed(world: World, body: dict) -> tuple[bytes, dict]:
    """The body as the platform sends it: exact JSON bytes and its signature headers
    (tests/disposal/conftest.platform_headers)."""
    from zhixing.inquiry import signing

    raw = json.dumps(body, ensure_ascii=False).encode()
    ts = str(int(time.time()))
    sig = world.key.sign(ts.encode() + b"." + raw)
    return raw, {signing.TIMESTAMP: ts, signing.KEY: CODE, signing.SIGNATURE: base64.b64encode(sig).decode()}


def bid(bidder: str, price, when: dt.datetime) -> dict:
    return {"bidder": bidder, "price": str(price), "at": when.isoformat(), "preemption_rank": None}


def result_body(auction, bids: list[dict], win: dict | None) -> dict:
    """tests/disposal/auction_world.result_body: the close computed by the rules from the bids."""
    from zhixing.disposal import rules

    end = rules.bidding_end(auction.bidding_ends_at, [dt.datetime.fromisoformat(b["at"]) for b in bids])
    return {
        "message_id": f"P-{CODE}-R{next(_ids)}", "kind": "result", "lot_id": auction.lot_id,
        "sent_at": end.isoformat(), "outcome": "sold" if win else "failed", "listing_id": f"A{auction.pk}",
        "start_price": str(auction.start_price), "increment": str(auction.increment),
        "scheduled_end": auction.bidding_ends_at.isoformat(), "closed_at": end.isoformat(), "bids": bids,
        "winner": win, "deposit": str(auction.deposit), "losers_released_at": end.isoformat(),
    }  # fmt: skip


def payment_body(auction, what: str, amount, txn: str) -> dict:
    from django.utils import timezone

    return {
        "message_id": f"P-{CODE}-PAY{next(_ids)}", "kind": "payment", "lot_id": auction.lot_id,
        "sent_at": timezone.now().isoformat(), "what": what, "amount": str(amount), "transaction_id": txn,
        "paid_at": timezone.now().isoformat(), "payer_name": "孙买受",
    }  # fmt: skip


def build_messages(world: World, n_messages: int, n_rounds: int, seed: int) -> list[tuple[bytes, dict]]:
    from django.utils import timezone

    from zhixing.disposal.models import Auction, Disposal

    rnd = random.Random(seed)
    ends = timezone.now() - dt.timedelta(days=1)
    disposals = world.disposals(n_rounds, lambda i: Disposal.AUCTION)
    auctions = Auction.objects.bulk_create(world.auction(d, 1, Auction.LISTED, ends) for d in disposals)
    sold = [i % 5 != 4 for i in range(n_rounds)]
    n_sold = sum(sold)
    payments = max(0, n_messages - n_rounds)  # deposit + balance instalments, spread over the sold rounds
    per = [payments // n_sold + (1 if k < payments % n_sold else 0) for k in range(n_sold)] if n_sold else []
    per_round = iter(per)
    out: list[tuple[bytes, dict]] = []
    for a, is_sold in zip(auctions, sold, strict=True):
        if not is_sold:
            out.append(signed(world, result_body(a, [], None)))
            continue
        price = a.start_price + a.increment * rnd.randrange(1, 40)
        early = a.bidding_starts_at + dt.timedelta(hours=1)
        late = a.bidding_ends_at - dt.timedelta(minutes=rnd.choice([2, 60]))  # a late bid extends the close
        bids = [bid("B2", a.start_price, early), bid("B1", price, late)]
        win = {
            "bidder": "B1",
            "name": "孙买受",
            "id_code": "110105198803033213",
            "affiliation": "",
            "price": str(price),
        }
        out.append(signed(world, result_body(a, bids, win)))
        k = next(per_round)
        if k >= 1:
            out.append(signed(world, payment_body(a, "deposit", a.deposit, f"T{a.pk}-D")))
        balance, parts = price - a.deposit, k - 1
        for j in range(parts):
            amount = (
                (balance / parts).quantize(Decimal("0.01"))
                if j < parts - 1
                else balance - (balance / parts).quantize(Decimal("0.01")) * (parts - 1)
            )
            out.append(signed(world, payment_body(a, "balance", amount, f"T{a.pk}-B{j}")))
    return out[:n_messages]


def counts() -> dict[str, int]:
    from zhixing.cases.models import CaseEvent
    from zhixing.core.models import AuditEntry
    from zhixing.disposal.models import Auction, PlatformMessage
    from zhixing.funds.models import Receipt

    return {
        "messages": PlatformMessage.objects.count(),
        "receipts": Receipt.objects.count(),
        "audit": AuditEntry.objects.count(),
        "events": CaseEvent.objects.count(),
        "sold": Auction.objects.filter(status=Auction.SOLD).count(),
        "failed": Auction.objects.filter(status=Auction.FAILED).count(),
    }


def measure_messages(world: World, messages: list[tuple[bytes, dict]]) -> dict:
    from zhixing.disposal.actions import accept_message

    platform = world.platform

    def deliver() -> list[float]:
        ms = []
        for raw, headers in messages:
            t = time.perf_counter()
            accept_message(platform, raw, headers)
            ms.append((time.perf_counter() - t) * 1000)
        return ms

    before = counts()
    first = deliver()
    after = counts()
    assert after["messages"] - before["messages"] == len(messages), (before, after)
    repeat = deliver()
    again = counts()
    assert again == after, f"the repeat changed something: {after} → {again}"
    out = {
        "messages": len(messages),
        "rounds_sold": after["sold"],
        "rounds_failed": after["failed"],
        "receipts": after["receipts"] - before["receipts"],
        "first": summary(first),
        "repeat": summary(repeat),
    }
    out["ratio_p50"] = round(out["first"]["p50"] / out["repeat"]["p50"], 1)
    out["ratio_total"] = round(sum(first) / sum(repeat), 1)
    for label in ("first", "repeat"):
        f = out[label]
        print(f"  {label:6} {f['per_s']:8.1f} messages/s   p50 {f['p50']:7.2f}  p99 {f['p99']:7.2f}  "
              f"max {f['max']:7.2f} ms", flush=True)  # fmt: skip
    print(f"  first / repeat: {out['ratio_total']}× in total time, {out['ratio_p50']}× at p50; "
          f"{out['rounds_sold']} sold, {out['rounds_failed']} failed, {out['receipts']} receipts booked",
          flush=True)  # fmt: skip
    return out


# --- (b) the auction desk -------------------------------------------------------------------------

# (share, disposal status, rounds: [(round_no, auction status, days from now the bidding ends)], votes,
#  distribution status)
STAGES = [
    (20, "pricing", [], 0, None),
    (10, "auction", [(1, "draft", 40)], None, None),  # None: 0–2 votes
    (5, "auction", [(1, "decided", 35)], 0, None),
    (12, "auction", [(1, "listed", 10)], 0, None),
    (2, "auction", [(1, "suspended", 10)], 0, None),
    (8, "auction", [(1, "failed", -5)], 0, None),  # awaiting the second round
    (6, "auction", [(1, "failed", -60), (2, "listed", 5)], 0, None),
    (4, "sale", [(1, "failed", -120), (2, "failed", -70), (3, "listed", 3)], 0, None),
    (6, "sold", [(1, "sold", -10)], 0, None),
    (12, "sold", [(1, "sold", -200)], 0, None),
    (3, "auction", [(1, "reneged", -20)], 0, None),
    (5, "sold", [(1, "sold", -40)], 0, "notified"),
    (3, "taken", [(1, "failed", -300), (2, "failed", -250), (3, "failed", -200)], 0, None),
    (4, "released", [(1, "failed", -400), (2, "failed", -350), (3, "failed", -300)], 0, None),
]


def build_desk(world: World, rows: int, seed: int) -> None:
    from django.utils import timezone

    from zhixing.disposal.models import Auction, Distribution, PanelVote

    rnd = random.Random(seed)
    weights = [s[0] for s in STAGES]
    plan = rnd.choices(range(len(STAGES)), weights, k=rows)
    now = timezone.now()
    for start in range(0, rows, CHUNK):
        part = plan[start : start + CHUNK]
        disposals = world.disposals(len(part), lambda i, part=part: STAGES[part[i]][1])
        rounds, votes, dists = [], [], []
        for d, s in zip(disposals, part, strict=True):
            for round_no, status, days in STAGES[s][2]:
                ends = now + dt.timedelta(days=days, hours=rnd.randrange(0, 24))
                over = {}
                if status in ("sold", "failed", "reneged"):
                    over = {"ended_at": ends, "bids": 2 if status != "failed" else 0}
                    if status != "failed":
                        over |= {"price": Decimal("705000.00"), "buyer_name": "孙买受",
                                 "buyer_id_masked": "110105********3213"}  # fmt: skip
                if status == "suspended":
                    over["suspended_on"] = now.date()
                rounds.append(world.auction(d, round_no, status, ends, **over))
        rounds = Auction.objects.bulk_create(rounds)
        members = [world.judge, world.judge2, world.president]
        for a in rounds:
            if a.status == Auction.DRAFT:
                for m in members[: rnd.randrange(0, 3)]:
                    votes.append(PanelVote(auction=a, member=m, at=now))
        PanelVote.objects.bulk_create(votes)
        for d, s in zip(disposals, part, strict=True):
            if STAGES[s][4]:
                notified = now.date() - dt.timedelta(days=rnd.randrange(0, 14))
                dists.append(
                    Distribution(
                        disposal=d, case=d.case, proceeds=Decimal("705000.00"), status=STAGES[s][4],
                        drawn_by=world.officer, drawn_on=notified, notified_on=notified,
                        objection_due_on=notified + dt.timedelta(days=15),
                    )
                )  # fmt: skip
        Distribution.objects.bulk_create(dists)


def measure_desk(world: World, runs: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from zhixing.disposal.views.desk import desk_context

    client = Client()
    client.force_login(world.judge)
    context_ms, page_ms = [], []
    for i in range(runs + 10):  # 10 warm-up
        t = time.perf_counter()
        desk_context(world.judge, world.court)
        a = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        response = client.get("/disposal/desk/")
        b = (time.perf_counter() - t) * 1000
        assert response.status_code == 200, response.status_code
        if i >= 10:
            context_ms.append(a)
            page_ms.append(b)
    with CaptureQueriesContext(connection) as q:
        ctx = desk_context(world.judge, world.court)
    context_q = len(q.captured_queries)
    with CaptureQueriesContext(connection) as q:
        client.get("/disposal/desk/")
    page_q = len(q.captured_queries)
    shown = {k: len(v) for k, v in ctx.items() if isinstance(v, list)}
    return {
        "context": summary(context_ms) | {"queries": context_q},
        "page": summary(page_ms) | {"queries": page_q},
        "shown": shown,
    }


def print_desk(label: str, out: dict) -> None:
    for k in ("context", "page"):
        f = out[k]
        print(f"  {label} {k:7} p50 {f['p50']:7.2f}  p99 {f['p99']:7.2f}  max {f['max']:7.2f} ms, "
              f"{f['queries']} statements", flush=True)  # fmt: skip
    print(f"  {label} rows shown: {out['shown']}", flush=True)


# --- (c) distribution -----------------------------------------------------------------------------


def measure_distribute(n: int, seed: int, runs: int = 20) -> dict:
    from zhixing.disposal import rules

    rnd = random.Random(seed + n)
    claims = [rules.Claim("costs", rules.COSTS, Decimal("12345.67"))]
    claims += [
        rules.Claim(f"p{i}", rules.PRIORITY, Decimal(rnd.randrange(10_000, 5_000_000)) / 100, position=i)
        for i in range(20)
    ]
    base = dt.date(2024, 1, 1)
    claims += [
        rules.Claim(
            f"c{i}", rules.ORDINARY, Decimal(rnd.randrange(10_000, 50_000_000)) / 100,
            seized_on=base + dt.timedelta(days=rnd.randrange(0, 900)), position=rnd.randrange(1, 5),
        )
        for i in range(n - len(claims))
    ]  # fmt: skip
    rnd.shuffle(claims)
    proceeds = (sum(c.amount for c in claims) / 2).quantize(Decimal("0.01"))
    ms = []
    for _ in range(runs):
        t = time.perf_counter()
        shares = rules.distribute(proceeds, claims)
        ms.append((time.perf_counter() - t) * 1000)
    assert sum(shares.values()) == proceeds and len(shares) == n
    out = {"claims": n, "median_ms": round(statistics.median(ms), 2), "max_ms": round(max(ms), 2)}
    print(f"  distribute over {n:>6,} claims: median {out['median_ms']:.2f} ms (max {out['max_ms']:.2f})")
    return out


# --- main ---------------------------------------------------------------------------------------


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--messages", type=int, default=2000)
    p.add_argument("--rounds", type=int, default=500)
    p.add_argument("--rows", type=int, default=10_000, help="disposals on the desk")
    p.add_argument("--cases", type=int, default=100, help="cases filed through the action")
    p.add_argument("--desk-runs", type=int, default=100)
    p.add_argument("--seed", type=int, default=12)
    args = p.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    tmp = tempfile.mkdtemp(prefix="zhixing-bench-disposal-")
    os.environ["ZHIXING_DATA_DIR"] = tmp
    if url:
        harness.pg_admin(url, DB, f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", f"CREATE DATABASE {DB}")
        os.environ["DATABASE_URL"] = harness.pg_url(url, DB)
    _django()
    from django.core.management import call_command
    from django.db import connection

    t = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"{connection.vendor}: migrated in {time.perf_counter() - t:.0f} s", flush=True)
    world = World(args.cases)

    print(f"(a) {args.messages:,} signed platform messages over {args.rounds} listed rounds", flush=True)
    t = time.perf_counter()
    messages = build_messages(world, args.messages, args.rounds, args.seed)
    print(f"  built and signed in {time.perf_counter() - t:.1f} s", flush=True)
    msg = measure_messages(world, messages)

    print(f"(b) the auction desk of {world.court.code}, {args.rows:,} disposals", flush=True)
    tenth = args.rows // 10
    build_desk(world, tenth, args.seed)
    small = measure_desk(world, max(10, args.desk_runs // 4))
    print_desk(f"{tenth + args.rounds:>6,}", small)
    t = time.perf_counter()
    build_desk(world, args.rows - tenth, args.seed + 1)
    print(f"  built in {time.perf_counter() - t:.1f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    desk = measure_desk(world, args.desk_runs)
    print_desk(f"{args.rows + args.rounds:>6,}", desk)

    print("(c) rules.distribute", flush=True)
    dist = [measure_distribute(n, args.seed) for n in (1_000, 10_000)]
    print(harness.machine(url or None, DB))
    print(
        "RESULT "
        + json.dumps(
            {
                "vendor": connection.vendor,
                "messages": msg,
                "desk_rows": args.rows + args.rounds,
                "desk": desk,
                "desk_small": {"rows": tenth + args.rounds, **small},
                "distribute": dist,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
